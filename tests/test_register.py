"""A register that finds itself (senpath init, discovery upwards) and never a false all-clear.

Discovery tests unset SENPATH_CASES_DIR (conftest sets it for every test) and chdir: HOME is
tmp_path/home, so the walk upwards never leaves tmp_path.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from senpath.matching import matches, name_tokens, suggest

AISHA = [
    "new-child", "--id", "aisha-rahman", "--name", "Aisha Rahman", "--dob", "2018-03-02",
    "--setting", "primary", "--school", "St Aidan's C of E Primary", "--senco", "Mrs S. Ahmed",
    "--parent", "Farida Rahman", "--opened", "2026-09-01",
]  # fmt: skip
ZOE = [
    "new-child", "--id", "zoe-oneill", "--name", "Zoë O'Neill", "--dob", "2019-01-20",
    "--setting", "primary", "--school", "Ysgol Gymraeg Bro Dawiśka", "--senco", "Ms Ní Bhriain",
    "--parent", "Siobhán O'Neill", "--opened", "2026-09-01",
]  # fmt: skip


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under root with its mode and (for files) its bytes: to prove nothing was written."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = path.lstat()
            out[str(path.relative_to(root))] = (st.st_mode, path.read_bytes() if stat.S_ISREG(st.st_mode) else None)
    return out


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def discover(monkeypatch: pytest.MonkeyPatch) -> None:
    """No override: commands must find the register from the current folder."""
    monkeypatch.delenv("SENPATH_CASES_DIR")


@pytest.fixture
def school(run, tmp_path: Path, discover: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register made by senpath init in tmp_path/school, the current folder."""
    folder = tmp_path / "school"
    result = run("init", str(folder), "--name", "St Aidan's C of E Primary School")
    assert result.exit_code == 0, result
    monkeypatch.chdir(folder)
    return folder


# ---------------------------------------------------------------------------
# senpath init


def test_init_makes_settings_and_a_private_cases_folder(run, tmp_path, discover):
    folder = tmp_path / "registers" / "st-aidans"  # the folders above are made too, all private
    result = run("init", str(folder), "--name", "St Aidan's C of E Primary School")
    assert result.exit_code == 0, result
    assert "Made a register for St Aidan's C of E Primary School" in result.stderr and result.stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == ["cases", "senpath.toml"]
    assert mode(folder / "cases") == 0o700 and mode(folder) == 0o700 and mode(folder.parent) == 0o700
    assert mode(folder / "senpath.toml") == 0o600
    from senpath.settings import load_settings

    settings = load_settings(folder / "senpath.toml")
    assert (settings.schema_version, settings.name) == (1, "St Aidan's C of E Primary School")
    assert list((folder / "cases").iterdir()) == []


def test_init_defaults_to_the_current_folder(run, tmp_path, discover, monkeypatch):
    (tmp_path / "la").mkdir()
    monkeypatch.chdir(tmp_path / "la")
    assert run("init", "--name", "Northshire County Council").exit_code == 0
    assert (tmp_path / "la" / "senpath.toml").is_file() and (tmp_path / "la" / "cases").is_dir()


def test_init_refuses_a_second_register_and_writes_nothing(run, school, tmp_path):
    before = tree(tmp_path)
    for args in (("init", "--name", "Another"), ("init", str(school), "--name", "Another")):
        result = run(*args)
        assert result.exit_code == 1, result
        assert "a register is already in" in result.stderr and "Nothing was written" in result.stderr
    assert tree(tmp_path) == before


def test_init_refuses_inside_a_cases_folder_and_in_a_folder_of_case_files(run, school, tmp_path):
    assert run(*AISHA).exit_code == 0
    before = tree(tmp_path)
    inside = run("init", str(school / "cases"), "--name", "Oops")
    assert inside.exit_code == 1 and "inside the cases folder of the register" in inside.stderr, inside
    deeper = run("init", str(school / "cases" / "sub"), "--name", "Oops")
    assert deeper.exit_code == 1, deeper
    flat = tmp_path / "old-cases"
    flat.mkdir()
    (flat / "amira-khan.toml").write_text("schema_version = 1\n")
    before = tree(tmp_path)
    result = run("init", str(flat), "--name", "Oops")
    assert result.exit_code == 1 and "holds case files itself (amira-khan.toml)" in result.stderr, result
    assert tree(tmp_path) == before


def test_init_keeps_an_existing_cases_folder_and_makes_it_private(run, tmp_path, discover, monkeypatch):
    folder = tmp_path / "hill"
    (folder / "cases").mkdir(parents=True)
    (folder / "cases").chmod(0o755)
    monkeypatch.setenv("SENPATH_CASES_DIR", str(folder / "cases"))
    assert run(*AISHA).exit_code == 0
    monkeypatch.delenv("SENPATH_CASES_DIR")
    result = run("init", str(folder), "--name", "Hill Primary School")
    assert result.exit_code == 0, result
    assert "keeps the 1 case file(s)" in result.stderr
    assert mode(folder / "cases") == 0o700
    monkeypatch.chdir(folder / "cases")
    assert [r["id"] for r in json.loads(run("list", "--json").stdout)] == ["aisha-rahman"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "missing option --name"),
        (("--name", "   "), "--name: "),
        (("--name", "Hill\nPrimary"), "--name: "),
        (("--name", "Hill\u202ePrimary"), "--name: "),
    ],
)
def test_init_refuses_a_missing_or_bad_name(run, tmp_path, discover, args, message):
    result = run("init", str(tmp_path / "reg"), *args)
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert not (tmp_path / "reg").exists()


def test_init_refuses_a_file_as_the_folder(run, tmp_path, discover):
    (tmp_path / "notes").write_text("not a folder")
    result = run("init", str(tmp_path / "notes"), "--name", "Hill Primary School")
    assert result.exit_code == 2 and "is not a folder" in result.stderr, result
    assert (tmp_path / "notes").read_text() == "not a folder"


# ---------------------------------------------------------------------------
# Finding the register


def test_commands_find_the_register_from_any_folder_below_it(run, school, monkeypatch):
    assert run(*AISHA).exit_code == 0  # from the register's own folder
    assert (school / "cases" / "aisha-rahman.toml").is_file()
    (school / "letters" / "2026").mkdir(parents=True)
    for folder in (school, school / "cases", school / "letters" / "2026"):
        monkeypatch.chdir(folder)
        result = run("list", "--json")
        assert result.exit_code == 0, result
        assert [r["id"] for r in json.loads(result.stdout)] == ["aisha-rahman"]
        assert run("show", "aisha-rahman").exit_code == 0


def test_the_nearest_register_wins(run, school, monkeypatch):
    assert run(*AISHA).exit_code == 0
    assert run("init", str(school / "scratch"), "--name", "Scratch").exit_code == 0
    monkeypatch.chdir(school / "scratch")
    assert run("list", "--json").stdout.strip() == "[]"


ALL_COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("reviews", "--due"),
    ("reviews", "--json"),
    ("validate",),
    ("show", "aisha-rahman"),
    ("history", "aisha-rahman"),
    ("prep", "aisha-rahman"),
    ("iep", "show", "aisha-rahman"),
    tuple(AISHA),
    ("consult", "aisha-rahman", "--date", "2026-09-08", "--with", "Farida Rahman", "--method", "meeting",
     "--summary", "Agreed support"),
    ("update", "aisha-rahman", "--senco", "Mrs S. Ahmed"),
    ("leave", "aisha-rahman", "--date", "2026-11-01", "--reason", "Moved"),
]  # fmt: skip


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_without_a_register_every_command_says_senpath_init_and_writes_nothing(run, tmp_path, discover, command):
    (tmp_path / "work").mkdir()
    os.chdir(tmp_path / "work")
    before = tree(tmp_path)
    result = run(*command)
    assert result.exit_code == 1, result
    assert "no senpath register in" in result.stderr and "senpath init" in result.stderr
    assert "--cases-dir" in result.stderr
    assert result.stdout == ""
    assert tree(tmp_path) == before  # no ./cases, no .senpath: nothing created implicitly


def test_the_walk_stops_below_the_folder_of_home_folders(run, tmp_path, discover, monkeypatch):
    # A senpath.toml in /home (another user's, or nobody's) is never taken for this user's register.
    users = tmp_path / "users"
    assert run("init", str(users), "--name", "Not mine").exit_code == 0
    monkeypatch.setenv("HOME", str(users / "alice"))
    (users / "alice" / "work").mkdir(parents=True)
    monkeypatch.chdir(users / "alice" / "work")
    result = run("list")
    assert result.exit_code == 1 and "senpath init" in result.stderr, result
    # ... but a register in the home folder itself is found.
    assert run("init", str(users / "alice"), "--name", "Alice's register").exit_code == 0
    assert run("list").exit_code == 0


def test_a_register_without_its_cases_folder_is_an_error(run, school, tmp_path):
    (school / "cases").rmdir()
    before = tree(tmp_path)
    for command in (("list",), ("reviews", "--due"), tuple(AISHA)):
        result = run(*command)
        assert result.exit_code == 1, result
        assert "has no cases folder" in result.stderr and "mkdir -m 700" in result.stderr
    assert tree(tmp_path) == before


def test_the_overrides_win_over_the_register_found(run, school, tmp_path, monkeypatch):
    assert run(*AISHA).exit_code == 0
    other = tmp_path / "elsewhere" / "deep" / "cases"
    result = run("--cases-dir", str(other), *ZOE)  # an explicit folder may be made, every level private
    assert result.exit_code == 0, result
    assert mode(other) == 0o700 and mode(other.parent) == 0o700 and mode(other.parent.parent) == 0o700
    assert [r["id"] for r in json.loads(run("--cases-dir", str(other), "list", "--json").stdout)] == ["zoe-oneill"]
    monkeypatch.setenv("SENPATH_CASES_DIR", str(other))
    assert [r["id"] for r in json.loads(run("list", "--json").stdout)] == ["zoe-oneill"]
    ids = [r["id"] for r in json.loads(run("--cases-dir", str(school / "cases"), "list", "--json").stdout)]
    assert ids == ["aisha-rahman"]  # --cases-dir beats SENPATH_CASES_DIR


@pytest.mark.parametrize("where", ["option", "env"])
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_override_is_a_usage_error(run, school, tmp_path, monkeypatch, where, value):
    before = tree(tmp_path)
    if where == "option":
        result = run("--cases-dir", value, *AISHA)
    else:
        monkeypatch.setenv("SENPATH_CASES_DIR", value)
        result = run(*AISHA)
    assert result.exit_code == 2, result
    name = "--cases-dir" if where == "option" else "SENPATH_CASES_DIR"
    assert f"{name} is empty" in result.stderr
    assert tree(tmp_path) == before


def test_help_works_anywhere(run, tmp_path, discover):
    assert run("reviews", "--help").exit_code == 0
    assert run("init", "--help").exit_code == 0


# ---------------------------------------------------------------------------
# senpath.toml is read strictly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('schema_version = 1\nname = "Hill"\ncolour = "blue"\n', "colour: unknown key"),
        ("schema_version = 1\nname = 5\n", "name: Input should be a valid string"),
        ("schema_version = 1\n", "name: missing"),
        ('name = "Hill"\n', "schema_version: None is not a version"),
        ('schema_version = 2\nname = "Hill"\n', "schema_version: 2 is not a version"),
        ('schema_version = 1\nname = "Hill', "not valid TOML"),
        ('schema_version = "1"\nname = "Hill"\n', "schema_version: '1' is not a version"),
    ],
)
def test_a_bad_settings_file_is_exit_4_with_the_field(run, school, tmp_path, text, expected):
    (school / "senpath.toml").write_text(text)
    before = tree(tmp_path)
    for command in (("validate",), tuple(AISHA), ("show", "aisha-rahman")):
        result = run(*command)
        assert result.exit_code == 4, (command, result)
        assert "senpath.toml" in result.stderr and expected in result.stderr, result
    assert tree(tmp_path) == before


def test_a_settings_file_that_is_a_link_is_refused(run, school, tmp_path):
    real = tmp_path / "real.toml"
    real.write_text('schema_version = 1\nname = "Hill"\n')
    (school / "senpath.toml").unlink()
    (school / "senpath.toml").symlink_to(real)
    result = run("validate")
    assert result.exit_code == 4 and "symbolic link" in result.stderr, result


def test_the_sample_register_settings_are_valid():
    from senpath.settings import load_settings

    root = Path(__file__).resolve().parent.parent
    assert load_settings(root / "senpath.toml").name
    assert (root / "cases").is_dir()


# ---------------------------------------------------------------------------
# Never "nothing due" when senpath could not see the register


LISTINGS = [("list",), ("list", "--json"), ("reviews",), ("reviews", "--due", "--json"), ("validate",)]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_a_folder_with_no_case_file_is_not_an_empty_register(run, tmp_path, cases_dir, command):
    cases_dir.mkdir(mode=0o700)  # a typo, an unmounted share: made by hand, not by senpath init
    (cases_dir / "README.txt").write_text("Register moved to the new server\n")
    before = tree(tmp_path)
    result = run(*command)
    assert result.exit_code == 1, result
    assert f"no case files in {cases_dir}" in result.stderr and "senpath init" in result.stderr
    assert result.stdout == ""
    assert tree(tmp_path) == before  # no .senpath index folder either
    assert not (cases_dir / ".senpath").exists()


def test_the_error_names_case_files_one_level_down(run, tmp_path, monkeypatch):
    parent = tmp_path / "sen"
    assert run("--cases-dir", str(parent / "2026" / "cases"), *AISHA).exit_code == 0
    assert run("--cases-dir", str(parent / "cases"), *ZOE).exit_code == 0
    (parent / "cases" / "Zoe notes.TOML").write_text("")  # not a case file: not counted
    result = run("--cases-dir", str(parent), "reviews", "--due")
    assert result.exit_code == 1, result
    assert f"no case files in {parent}; one level down:" in result.stderr
    assert f"{parent / '2026'} (1 case file)" not in result.stderr  # two levels down: not searched
    assert f"{parent / 'cases'} (1 case file)" in result.stderr
    before = tree(tmp_path)
    # The register's own folder given as the cases folder: its cases/ folder is named.
    monkeypatch.delenv("SENPATH_CASES_DIR")
    assert run("init", str(tmp_path / "reg"), "--name", "Hill Primary School").exit_code == 0
    result = run("--cases-dir", str(tmp_path / "reg"), "list")
    assert result.exit_code == 1 and f"{tmp_path / 'reg' / 'cases'} (0 case files)" in result.stderr, result
    # The folder above a register: the register is named.
    result = run("--cases-dir", str(tmp_path), "list")
    assert result.exit_code == 1 and f"{tmp_path / 'reg'} (a register" in result.stderr, result
    assert before.items() <= tree(tmp_path).items()


def test_an_empty_register_made_by_init_says_so(run, school, tmp_path):
    listed = run("list")
    assert listed.exit_code == 0 and "No children on the register here yet" in listed.stderr, listed
    assert run("list", "--json").stdout == "[]\n"
    due = run("reviews", "--due")
    assert due.exit_code == 0 and "No children on the register here yet" in due.stderr, due
    assert due.stdout.startswith("Nothing overdue or due by")
    assert json.loads(run("reviews", "--json").stdout) == []
    assert run("validate").exit_code == 0
    unmatched = run("reviews", "--senco", "Mrs Ahmed")
    assert unmatched.exit_code == 2 and "no children on the register yet" in unmatched.stderr, unmatched


def test_an_empty_register_given_by_cases_dir_is_still_a_register(run, school, monkeypatch):
    monkeypatch.chdir(school.parent)
    monkeypatch.setenv("SENPATH_CASES_DIR", str(school / "cases"))
    result = run("reviews", "--due")
    assert result.exit_code == 0 and "No children on the register here yet" in result.stderr, result


# ---------------------------------------------------------------------------
# A filter that matches nobody is an error, never "nothing due"


@pytest.fixture
def two_schools(run, school):
    assert run(*AISHA).exit_code == 0
    assert run(*ZOE).exit_code == 0
    for child, parent in (("aisha-rahman", "Farida Rahman"), ("zoe-oneill", "Siobhán O'Neill")):
        assert run("consult", child, "--date", "2026-09-08", "--with", parent, "--method", "meeting",
                   "--summary", "Agreed support").exit_code == 0  # fmt: skip
        assert run("escalate", child, "--to", "action", "--date", "2026-09-10", "--reason", "Behind peers",
                   "--evidence", "Reading test").exit_code == 0  # fmt: skip
    return school


def due_ids(run, *args):
    result = run("reviews", "--json", *args)
    assert result.exit_code == 0, result
    return sorted({d["id"] for d in json.loads(result.stdout)})


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--senco", "Mrs Ahmed"), ["aisha-rahman"]),
        (("--senco", "ahmed"), ["aisha-rahman"]),
        (("--senco", "Dr S Ahmed"), ["aisha-rahman"]),
        (("--senco", "MRS. S. AHMED"), ["aisha-rahman"]),
        (("--school", "st aidans"), ["aisha-rahman"]),
        (("--school", "St. Aidan’s"), ["aisha-rahman"]),
        (("--school", "dawiska"), ["zoe-oneill"]),
        (("--senco", "ni bhriain"), ["zoe-oneill"]),
        (("--senco", "Miss Bhriain", "--school", "Bro"), ["zoe-oneill"]),
    ],
)
def test_filters_ignore_case_titles_initials_punctuation_and_accents(run, two_schools, args, ids):
    assert due_ids(run, *args) == ids


def test_a_filter_matching_nobody_is_exit_2_naming_what_there_is(run, two_schools, tmp_path):
    result = run("reviews", "--due", "--senco", "Mrs Ahmad", "--ics", str(tmp_path / "due.ics"))
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert '--senco "Mrs Ahmad" matches no child on the register' in result.stderr
    assert "did you mean Mrs S. Ahmed?" in result.stderr
    assert "SENCOs on the register: Mrs S. Ahmed, Ms Ní Bhriain" in result.stderr
    assert not (tmp_path / "due.ics").exists()
    result = run("reviews", "--json", "--school", "St Aidens")
    assert result.exit_code == 2 and result.stdout == "", result
    assert "did you mean St Aidan's C of E Primary?" in result.stderr
    assert "schools on the register: St Aidan's C of E Primary, Ysgol Gymraeg Bro Dawiśka" in result.stderr


def test_filters_that_match_different_children_are_exit_2(run, two_schools):
    result = run("reviews", "--senco", "Ahmed", "--school", "Dawiśka")
    assert result.exit_code == 2, result
    assert "match no child on the register" in result.stderr
    assert """schools of --senco "Ahmed": St Aidan's C of E Primary""" in result.stderr


def test_a_filter_matching_a_child_with_nothing_due_is_nothing_due(run, two_schools):
    result = run("reviews", "--overdue", "--senco", "Mrs Ahmed", "--kind", "annual-review")
    assert result.exit_code == 0, result
    assert result.stdout.startswith('Nothing overdue for SENCO "Mrs Ahmed", kind "annual-review"'), result
    assert run("leave", "aisha-rahman", "--date", "2026-11-01", "--reason", "Moved away").exit_code == 0
    left = run("reviews", "--senco", "Mrs Ahmed")  # on the register still, with nothing open
    assert left.exit_code == 0 and left.stdout.startswith("No open reviews or deadlines"), left


@pytest.mark.parametrize("value", ["Mrs", "S.", "Dr J.", " - "])
def test_a_filter_of_only_titles_or_initials_is_a_usage_error(run, two_schools, value):
    result = run("reviews", "--senco", value)
    assert result.exit_code == 2 and "give part of a name" in result.stderr, result


def test_a_filter_matching_nobody_names_unreadable_files(run, two_schools):
    (two_schools / "cases" / "ruby-smith.toml").write_text("not toml")
    result = run("reviews", "--senco", "Grant")
    assert result.exit_code == 2, result
    assert "1 case file(s) could not be read" in result.stderr


def test_matching_rules():
    assert name_tokens("Mrs S. Ahmed") == ["ahmed"]
    assert name_tokens("St Aidan's C. of E.") == ["st", "aidans", "of"]
    assert name_tokens("Zoë Dawiśka-Łukasz") == ["zoe", "dawiska", "lukasz"]
    assert matches("Mrs S. Ahmed", "Mrs Ahmed") and matches("St Aidan's", "st aidans")
    assert matches("Ms R. Evans", "evan")  # part of a name, as before
    assert not matches("Ms R. Evans", "Ahmed") and not matches(None, "Ahmed")
    assert not matches("Ms R. Evans", "Mrs")  # a title alone matches nothing
    assert suggest("St Aidens", ["Hill Primary", "St Aidan's C of E Primary"]) == ["St Aidan's C of E Primary"]
    assert suggest("Zebra", ["Hill Primary"]) == []
