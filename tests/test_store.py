"""The case store: atomic private writes, symlinks refused, ids kept inside the folder,
bad files reported by name and field path, and a stable, round-tripping format."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from senpath.changes import add_consultation, add_professional, new_case, record_visit, update_details
from senpath.checked import Store, parse_case
from senpath.errors import ExistsError, InvalidCaseError, LockError, NotFoundError, RefusedError, UsageError
from senpath.models import Case
from senpath.stages import advance, record_milestone
from senpath.store import dump_case

D = date


def amira(child_id: str = "amira-khan", name: str = "Amira Khan") -> Case:
    return new_case(
        child_id=child_id,
        name=name,
        dob=D(2021, 5, 14),
        setting="early-years",
        school="Little Acorns Nursery",
        opened=D(2026, 1, 5),
        head_teacher="Mrs J. Patel",
        senco="Ms R. Evans",
        parents=["Sara Khan"],
        concerns=["slow progress in speech"],
        diagnoses=["Developmental language disorder"],
    )


def full_record() -> Case:
    """A record with something in every part the core writes."""
    case = amira()
    case = add_consultation(
        case,
        on=D(2026, 2, 2),
        with_=["Sara Khan"],
        method="meeting",
        summary="Agreed extra small-group support\nand a home diary",
        parent_views="Happy to try it",
        child_views="Likes the puppets",
    )
    case = advance(
        case, to="action", on=D(2026, 2, 3), reason="Speech well behind peers", evidence=["Checklist", "Notes"]
    )
    case = add_professional(
        case, role="other", role_name="Play therapist", name="Mr K. Adeyemi", requested=D(2026, 2, 20)
    )
    case = add_professional(
        case,
        role="speech-and-language-therapist",
        name="Ms T. Okafor",
        requested=D(2026, 3, 1),
        seen=D(2026, 3, 2),
        advice="Daily modelling of 2-3 word phrases",
    )
    case = record_visit(case, name="Ms T. Okafor", on=D(2026, 4, 2))
    case = add_consultation(case, on=D(2026, 3, 2), with_=["Sara Khan"], method="phone", summary="Outside advice")
    case = advance(case, to="action-plus", on=D(2026, 3, 3), reason="Little progress", evidence=["IEP review"])
    case = advance(case, to="statutory-assessment", on=D(2026, 4, 1), requested_by="parent")
    case = record_milestone(case, milestone="assessment-decision", on=D(2026, 5, 1), outcome="assess")
    case = update_details(case, on=D(2026, 9, 1), setting="primary", school="Hill Primary", known_as="Mira")
    return case


@pytest.fixture
def store(cases_dir: Path) -> Store:
    return Store(cases_dir)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# Writing ---------------------------------------------------------------------


def test_save_creates_a_private_folder_and_a_private_file(store, cases_dir):
    path = store.create(amira())
    assert path == cases_dir / "amira-khan.toml"
    assert stat.S_IMODE(cases_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((cases_dir / ".senpath").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_files_are_private_even_with_a_permissive_umask(store, cases_dir):
    old = os.umask(0)
    try:
        path = store.create(amira())
    finally:
        os.umask(old)
    assert stat.S_IMODE(cases_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_atomic_write_leaves_no_temp_file(store, cases_dir):
    store.create(amira())
    store.change("amira-khan", lambda c: update_details(c, on=D(2026, 2, 1), senco="Mr B. Lewis"))
    assert files_in(cases_dir) == [".senpath", "amira-khan.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(store, cases_dir, monkeypatch):
    path = store.create(amira())
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        store.change("amira-khan", lambda c: update_details(c, on=D(2026, 2, 1), senco="Mr B. Lewis"))
    assert path.read_bytes() == before
    assert files_in(cases_dir) == [".senpath", "amira-khan.toml"]


def test_create_refuses_to_overwrite_and_says_how_to_choose_another_id(store):
    path = store.create(amira())
    before = path.read_bytes()
    with pytest.raises(ExistsError) as info:
        store.create(amira(name="Amira Khan-Ali"))
    assert "a case 'amira-khan' already exists" in str(info.value)
    assert "choose another id with --id (e.g. --id amira-khan-2)" in str(info.value)
    assert path.read_bytes() == before


def test_save_refuses_a_record_that_would_not_load(store, cases_dir):
    bad = amira().model_copy(update={"opened": D(2020, 1, 1)})  # before the date of birth
    with pytest.raises(RefusedError) as info:
        store.save(bad)
    assert str(info.value).startswith("refused, nothing written: amira-khan.toml: opened: 1 Jan 2020 is before")
    assert not (cases_dir / "amira-khan.toml").exists()


def test_change_without_a_difference_does_not_write(store):
    path = store.create(amira())
    os.utime(path, (1_000_000_000, 1_000_000_000))
    old, new, written = store.change("amira-khan", lambda c: c.model_copy(deep=True))
    assert written is False
    assert old == new
    assert path.stat().st_mtime == 1_000_000_000


def test_change_of_a_missing_child_is_not_found(store):
    with pytest.raises(NotFoundError, match="no child 'bea-jones'"):
        store.change("bea-jones", lambda c: c)


def test_a_held_lock_refuses_a_second_writer(store, monkeypatch):
    path = store.create(amira())
    before = path.read_bytes()
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", "0.05")
    with store.locked("amira-khan"), pytest.raises(LockError, match="being changed by another senpath process"):
        store.change("amira-khan", lambda c: update_details(c, on=D(2026, 2, 1), senco="Mr B. Lewis"))
    assert path.read_bytes() == before


# Ids and paths --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "", "Amira", "amira khan", "a" * 65, "con", "..", "."])
def test_an_id_never_leaves_the_folder(store, bad):
    with pytest.raises(UsageError) as info:
        store.path(bad)
    assert str(info.value).startswith(f"child id {bad!r} ")


def test_a_good_id_is_a_file_directly_in_the_folder(store, cases_dir):
    assert store.path("amira-khan") == cases_dir / "amira-khan.toml"
    assert store.path("amira-khan").parent == cases_dir


def test_ids_lists_only_case_files(store, cases_dir):
    store.create(amira())
    store.create(amira("bea-jones", "Bea Jones"))
    (cases_dir / ".amira-khan.toml.abc.tmp").write_text("half")
    (cases_dir / "Notes.toml").write_text("x")
    (cases_dir / "readme.txt").write_text("x")
    assert store.ids() == ["amira-khan", "bea-jones"]


def test_ids_of_a_missing_folder_is_an_error_not_an_empty_register(tmp_path):
    with pytest.raises(NotFoundError, match="does not exist"):
        Store(tmp_path / "nowhere").ids()
    assert not (tmp_path / "nowhere").exists()


def test_toml_files_that_are_not_case_ids_are_reported(tmp_path):
    root = tmp_path / "cases"
    root.mkdir()
    for name in ("Amira-Khan.toml", "con.toml", "amira_khan.toml", "ok-child.toml", ".hidden.toml", "notes.txt"):
        (root / name).write_text("x")
    store = Store(root)
    assert store.ids() == ["ok-child"]
    named = sorted(store.stray_names())
    assert named == ["Amira-Khan.toml", "amira_khan.toml", "con.toml"]


# Symbolic links ----------------------------------------------------------------------


def test_a_symlinked_case_file_is_refused(store, cases_dir, tmp_path):
    store.ensure_root()
    outside = tmp_path / "outside.toml"
    outside.write_bytes(dump_case(amira()))
    (cases_dir / "amira-khan.toml").symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    assert info.value.exit_code == 4
    assert str(info.value) == "amira-khan.toml: is a symbolic link; senpath reads only real files in the cases folder"
    with pytest.raises(InvalidCaseError):
        store.change("amira-khan", lambda c: update_details(c, on=D(2026, 2, 1), senco="Mr B. Lewis"))
    assert outside.read_bytes() == before
    assert (cases_dir / "amira-khan.toml").is_symlink()


def test_create_does_not_write_through_a_dangling_symlink(store, cases_dir, tmp_path):
    store.ensure_root()
    target = tmp_path / "target.toml"
    (cases_dir / "amira-khan.toml").symlink_to(target)
    with pytest.raises(ExistsError):
        store.create(amira())
    assert not target.exists()


# Reading bad files --------------------------------------------------------------------


def write_case(cases_dir: Path, name: str, text: str | bytes) -> None:
    cases_dir.mkdir(mode=0o700, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (cases_dir / name).write_bytes(data)


def test_load_all_reports_a_bad_file_and_keeps_the_good_ones(store, cases_dir):
    store.create(amira())
    store.create(amira("zara-ali", "Zara Ali"))
    write_case(cases_dir, "bea-jones.toml", 'schema_version = 1\nid = "bea-jones"\n')
    results = dict(store.load_all())
    assert list(results) == ["amira-khan", "bea-jones", "zara-ali"]
    assert isinstance(results["amira-khan"], Case)
    assert isinstance(results["zara-ali"], Case)
    err = results["bea-jones"]
    assert isinstance(err, InvalidCaseError)
    assert "bea-jones.toml: name: missing: this key is required" in err.problems
    assert "bea-jones.toml: settings: missing: this key is required" in err.problems


def test_a_parse_error_names_the_file_and_the_field_path(store, cases_dir):
    text = dump_case(full_record()).decode().replace('method = "phone"', 'method = "carrier-pigeon"', 1)
    text = text.replace('event = "assessment-decision"', 'event = "decision"', 1)
    write_case(cases_dir, "amira-khan.toml", text)
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("amira-khan.toml: consultations[1].method: Input should be 'meeting'")
    assert problems[1].startswith("amira-khan.toml: history[3].event: Input should be 'escalate'")


def test_an_unknown_key_is_named_with_its_path(store, cases_dir):
    text = dump_case(amira()).decode().replace('{ name = "Sara Khan" }', '{ name = "Sara Khan", fax = "0" }')
    write_case(cases_dir, "amira-khan.toml", text)
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    assert info.value.problems == [
        "amira-khan.toml: parents[0].fax: unknown key (not part of the case format; see docs/case-format.md)"
    ]


def test_a_toml_syntax_error_gives_line_and_column(store, cases_dir):
    write_case(cases_dir, "amira-khan.toml", 'schema_version = 1\nid = "amira-khan"\nname = "Amira\n')
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    msg = str(info.value)
    assert msg.startswith("amira-khan.toml: not valid TOML: ")
    assert "line 3, column" in msg


def test_a_file_that_is_not_utf8_is_refused(store, cases_dir):
    write_case(cases_dir, "amira-khan.toml", b'schema_version = 1\nname = "Am\xffira"\n')
    with pytest.raises(InvalidCaseError, match=r"amira-khan.toml: not UTF-8 text \(byte 29\)"):
        store.load("amira-khan")


def test_merge_conflict_markers_are_named(store, cases_dir):
    text = dump_case(amira()).decode()
    write_case(cases_dir, "amira-khan.toml", "<<<<<<< HEAD\n" + text + "=======\n>>>>>>> other\n")
    with pytest.raises(InvalidCaseError, match="contains git merge conflict markers"):
        store.load("amira-khan")


@pytest.mark.parametrize(
    ("line", "hint"),
    [("", "add schema_version = 2"), ("schema_version = 3\n", "upgrade senpath")],
)
def test_schema_version_is_checked_first(store, cases_dir, line, hint):
    text = dump_case(amira()).decode().replace("schema_version = 2\n", line)
    write_case(cases_dir, "amira-khan.toml", text)
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    assert str(info.value).startswith("amira-khan.toml: schema_version: ")
    assert str(info.value).endswith(hint)


def test_an_id_that_does_not_match_the_file_name_is_refused(store, cases_dir):
    write_case(cases_dir, "bea-jones.toml", dump_case(amira()))
    with pytest.raises(InvalidCaseError) as info:
        store.load("bea-jones")
    assert str(info.value) == (
        "bea-jones.toml: id: 'amira-khan' does not match the file name; rename the file or fix the id"
    )


def test_a_broken_history_is_named_by_entry(store, cases_dir):
    text = dump_case(full_record()).decode().replace("consultation = 2\n", "consultation = 1\n", 1)
    write_case(cases_dir, "amira-khan.toml", text)
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    assert str(info.value) == (
        "amira-khan.toml: history[1] (escalate on 2026-03-03): relies on consultation 1, "
        "which an earlier move already relied on"
    )


def test_a_hand_edited_file_with_a_cross_entry_problem_is_named(store, cases_dir):
    text = dump_case(amira()).decode().replace("opened = 2026-01-05", "opened = 2026-01-06")
    write_case(cases_dir, "amira-khan.toml", text)
    with pytest.raises(InvalidCaseError) as info:
        store.load("amira-khan")
    assert "amira-khan.toml: settings[0].date: the first setting starts 5 Jan 2026" in str(info.value)


# The format ------------------------------------------------------------------------------


def test_a_full_record_round_trips_byte_for_byte():
    case = full_record()
    first = dump_case(case)
    again = parse_case(first, "amira-khan.toml", "amira-khan")
    assert again == case
    assert dump_case(again) == first


def test_the_file_uses_real_toml_dates_and_aliases(store, cases_dir):
    store.save(full_record())
    text = (cases_dir / "amira-khan.toml").read_text()
    assert "dob = 2021-05-14\n" in text
    assert 'from = "none"\n' in text
    assert "with = [" in text
    assert "from_" not in text
    assert "with_" not in text
    assert "null" not in text and "None" not in text  # empty optionals are left out


def test_key_order_is_stable():
    text = dump_case(full_record()).decode()
    top = [line.split(" = ")[0] for line in text.splitlines() if line and line[0].isalpha() and " = " in line]
    assert top[:12] == [
        "schema_version",
        "id",
        "name",
        "known_as",
        "dob",
        "opened",
        "head_teacher",
        "senco",
        "concerns",
        "diagnoses",
        "parents",
        "settings",
    ]
    history = text.split("[[history]]\n")[1]
    keys = [line.split(" = ")[0] for line in history.splitlines() if " = " in line]
    assert keys == ["date", "event", "from", "to", "reason", "evidence", "consultation"]
    # The same record built in a different order of calls dumps to the same bytes.
    assert dump_case(Case.model_validate(full_record().to_toml_dict())) == dump_case(full_record())
