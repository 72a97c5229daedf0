"""The register a SENCO runs every day, as a user sees it: register fields in list/show/reviews/JSON,
re-runs that change nothing, undo, corrections, return, rename, find, did-you-mean, CSV out and in."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

import senpath.cli.records
from tests.conftest import AMIRA
from tests.test_cli_core import _TTYSys, ok, refused

CHILD = "amira-khan"
ZOE = ["new-child", "--name", "Zoë O'Neill", "--dob", "14/03/2019", "--setting", "primary",
       "--school", "St Aidan's C of E Primary", "--parent", "Siobhán Ní Bhriain", "--opened", "01/09/2026",
       "--need", "semh", "--secondary-need", "SLCN", "--upn", "B801200005001", "--looked-after"]  # fmt: skip
CONSULT = ["consult", "zoe-oneill", "--date", "08/09/2026", "--with", "Siobhán Ní Bhriain", "--method", "meeting",
           "--summary", "Agreed a reading plan"]  # fmt: skip


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


@pytest.fixture
def zoe(run: Any, cases_dir: Path) -> Path:
    ok(run, *ZOE)
    return cases_dir / "zoe-oneill.toml"


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(senpath.cli.records, "sys", _TTYSys())


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Mrs S. Ahmed")
    git(tmp_path, "config", "user.email", "ahmed@school.example")
    return tmp_path


# 1. What a register records ----------------------------------------------------------------


def test_register_fields_are_written_and_shown_everywhere(run, zoe):
    data = load(zoe)
    assert (data["dob"].isoformat(), data["primary_need"], data["secondary_needs"], data["upn"], data["looked_after"]) == (
        "2019-03-14", "SEMH", ["SLCN"], "B801200005001", True
    )  # fmt: skip
    assert "year_group" not in data  # derived, not stored, unless set for the child
    shown = ok(run, "show", "zoe-oneill").stdout
    for text in ["Year 3", "Social, emotional and mental health (SEMH)", "(SLCN)", "B801200005001",
                 "looked-after child"]:  # fmt: skip
        assert text in shown
    (row,) = json.loads(ok(run, "list", "--json").stdout)
    assert (row["year_group"], row["primary_need"], row["looked_after"]) == ("Year 3", "SEMH", True)
    assert "Year 3" in ok(run, "list").stdout
    ok(run, *CONSULT)
    ok(run, "escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    duties = json.loads(ok(run, "reviews", "--json").stdout)
    assert duties and all(d["year_group"] == "Year 3" for d in duties)
    assert "Year 3" in ok(run, "reviews").stdout


def test_a_year_group_set_for_the_child_wins_and_auto_clears_it(run, zoe):
    ok(run, "update", "zoe-oneill", "--year-group", "Year 2")
    assert load(zoe)["year_group"] == "2"
    assert "Year 2 (set for this child)" in ok(run, "show", "zoe-oneill").stdout
    ok(run, "update", "zoe-oneill", "--year-group", "auto")
    assert "year_group" not in load(zoe)
    refused(
        run, zoe, 2, ("update", "zoe-oneill", "--year-group", "Year 15"), "--year-group: 'Year 15' is not a year group"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--upn", "A801200005001"),
            "--upn: 'A801200005001': the check letter does not match the rest (it would be B)",
        ),
        (("--upn", "B80120000500"), "a UPN has 13 characters"),
        (("--need", "ADHD"), "--need: 'ADHD' is not a type of need; use a census code"),
        (("--secondary-need", "dyslexia"), "--secondary-need: 'dyslexia' is not a type of need"),
    ],
)
def test_bad_register_values_are_refused_and_nothing_written(run, zoe, args, message):
    refused(run, zoe, 2, ("update", "zoe-oneill", *args), message)


def test_besd_is_read_and_shown_by_name(run, zoe):
    ok(run, "update", "zoe-oneill", "--need", "besd", "--secondary-need", "none")
    data = load(zoe)
    assert data["primary_need"] == "BESD" and "secondary_needs" not in data
    assert "Behaviour, emotional and social difficulties" in ok(run, "show", "zoe-oneill").stdout


def test_parents_details_and_a_rename_that_consultations_follow(run, zoe):
    ok(run, *CONSULT)
    ok(run, "parent", "zoe-oneill", "siobhan ni bhriain", "--relationship", "mother", "--phone", "07700 900123",
       "--email", "siobhan@example.org", "--address", "3 Mill Lane, Leeds LS6 2AB")  # fmt: skip
    ok(run, "parent", "zoe-oneill", "Siobhán Ní Bhriain", "--rename", "Siobhán Ní Bhriain-Walsh")
    data = load(zoe)
    assert data["parents"] == [{"name": "Siobhán Ní Bhriain-Walsh", "relationship": "mother",
                                "address": "3 Mill Lane, Leeds LS6 2AB", "phone": "07700 900123",
                                "email": "siobhan@example.org"}]  # fmt: skip
    assert data["consultations"][0]["with"] == ["Siobhán Ní Bhriain-Walsh"]
    assert "Siobhán Ní Bhriain-Walsh (mother), 07700 900123" in ok(run, "show", "zoe-oneill").stdout
    refused(run, zoe, 1, ("parent", "zoe-oneill", "Darragh ONeil", "--phone", "1"), "no parent or carer", "use --add")
    refused(
        run, zoe, 2, ("parent", "zoe-oneill", "Siobhán Ní Bhriain-Walsh", "--email", "nope"), "not an email address"
    )
    ok(run, "parent", "zoe-oneill", "Darragh O'Neill", "--add", "--relationship", "foster carer")
    assert load(zoe)["parents"][1] == {"name": "Darragh O'Neill", "relationship": "foster carer"}


def test_school_address(run, zoe):
    ok(run, "update", "zoe-oneill", "--school-address", "1 Church Lane, Leeds LS6 1AA")
    assert load(zoe)["settings"][0]["address"] == "1 Church Lane, Leeds LS6 1AA"
    assert "1 Church Lane, Leeds LS6 1AA" in ok(run, "show", "zoe-oneill").stdout


# 2. Duplicates never ---------------------------------------------------------------------


def test_a_rerun_script_changes_nothing_and_makes_no_commit(run, repo, zoe):
    ok(run, *CONSULT)
    ok(run, "professional", "add", "zoe-oneill", "--role", "educational-psychologist", "--name", "Dr A. Shah",
       "--requested", "09/09/2026", "--seen", "20/09/2026", "--advice", "Short daily practice")  # fmt: skip
    escalate = ("escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026", "--reason", "Reading",
                "--evidence", "Reading age 5.2")  # fmt: skip
    ok(run, *escalate)
    before, commits = zoe.read_bytes(), git(repo, "log", "--format=%s")
    professional = ("professional", "add", "zoe-oneill", "--role", "educational-psychologist", "--name", "Dr A. Shah",
                    "--requested", "09/09/2026", "--seen", "20/09/2026", "--advice", "Short daily practice")  # fmt: skip
    for args in (CONSULT, escalate, professional, ("professional", "seen", "zoe-oneill", "Dr A. Shah", "--date", "20/09/2026",
                                     "--advice", "Short daily practice")):  # fmt: skip
        result = ok(run, *args)
        assert result.stderr == "already recorded: nothing changed\n"
    assert zoe.read_bytes() == before
    assert git(repo, "log", "--format=%s") == commits
    # A different entry on the same day is recorded.
    ok(run, *CONSULT[:-1], "A second talk, by phone")
    assert len(load(zoe)["consultations"]) == 2


# 3. UK dates ---------------------------------------------------------------------------------


def test_uk_dates_everywhere_and_ambiguous_ones_refused(run, zoe):
    assert load(zoe)["opened"].isoformat() == "2026-09-01"
    refused(run, zoe, 2, (*CONSULT[:3], "09/08/26", *CONSULT[4:]), "--date: '09/08/26' is not a date")
    refused(run, zoe, 2, (*CONSULT[:3], "31/09/2026", *CONSULT[4:]), "--date: '31/09/2026' is not a date")


# 4. Corrections --------------------------------------------------------------------------


def test_undo_shows_asks_and_reverses_with_one_more_commit(run, repo, zoe, tty):
    ok(run, *CONSULT)
    with_consultation = zoe.read_bytes()
    result = run("undo", "zoe-oneill", input="n\n")
    assert result.exit_code == 2 and "removes consultations: 2026-09-08, Agreed a reading plan" in result.stderr
    assert zoe.read_bytes() == with_consultation
    result = ok(run, "undo", "zoe-oneill", input="y\n")
    assert "Undo this change to zoe-oneill?" in result.stderr
    assert "consultations" not in load(zoe) or load(zoe)["consultations"] == []
    assert git(repo, "log", "--format=%s").splitlines()[0].startswith("zoe-oneill: undo (removes consultations")
    ok(run, "undo", "zoe-oneill", "--yes")  # undo the undo: the consultation is back
    assert zoe.read_bytes() == with_consultation


def test_undo_in_a_script_needs_yes(run, zoe):
    ok(run, *CONSULT)
    before = zoe.read_bytes()
    result = run("undo", "zoe-oneill")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Undo on zoe-oneill:",
        "  removes consultations: 2026-09-08, Agreed a reading plan",
        "senpath: nothing changed: the undo needs confirming; run it at a terminal, or add --yes in a script",
    ]
    assert zoe.read_bytes() == before


def test_undo_refuses_a_record_that_would_break_a_rule(run, zoe):
    ok(run, *CONSULT)
    ok(run, "escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    # Correct the consultation's date to after the move: refused by the rules, nothing written.
    refused(run, zoe, 3, ("correct", "zoe-oneill", "consultation", "1", "--set", "date=11/09/2026"), "refused")


def test_undo_after_a_hand_edit_refuses(run, zoe):
    ok(run, *CONSULT)
    zoe.write_bytes(zoe.read_bytes().replace(b"Agreed a reading plan", b"Agreed a reading plan!"))
    refused(run, zoe, 3, ("undo", "zoe-oneill", "--yes"), "changed since senpath's last change")


def test_correct_and_remove_by_number(run, zoe):
    ok(run, *CONSULT)
    ok(run, *CONSULT[:-1], "Phoned about the plan")
    ok(run, "correct", "zoe-oneill", "consultation", "2", "--set", "method=phone", "--set", "date=09/09/2026")
    second = load(zoe)["consultations"][1]
    assert (second["method"], second["date"].isoformat()) == ("phone", "2026-09-09")
    refused(run, zoe, 1, ("correct", "zoe-oneill", "consultation", "3", "--set", "method=phone"),
            "zoe-oneill has no consultation 3 (it has 1 to 2)")  # fmt: skip
    refused(run, zoe, 2, ("correct", "zoe-oneill", "consultation", "1", "--set", "method=fax"), "method")
    refused(run, zoe, 2, ("remove", "zoe-oneill", "consultation", "1"), "add --yes")
    ok(run, "remove", "zoe-oneill", "consultation", "1", "--yes")
    assert [c["summary"] for c in load(zoe)["consultations"]] == ["Phoned about the plan"]


def test_correct_date_of_birth_and_opening_date(run, zoe):
    ok(run, "update", "zoe-oneill", "--dob", "15/03/2019", "--opened", "02/09/2026")
    data = load(zoe)
    assert (data["dob"].isoformat(), data["opened"].isoformat(), data["settings"][0]["date"].isoformat()) == (
        "2019-03-15",
        "2026-09-02",
        "2026-09-02",
    )


def test_return_and_rename(run, repo, zoe, cases_dir):
    ok(run, "leave", "zoe-oneill", "--date", "01/10/2026", "--reason", "Moved to Leeds")
    ok(run, "return", "zoe-oneill", "--date", "02/11/2026")
    data = load(zoe)
    assert "left" not in data
    assert data["past_leavings"][0]["reason"] == "Moved to Leeds"
    assert "Zoë O'Neill" in ok(run, "list").stdout
    ok(run, "rename", "zoe-oneill", "zoe-o-neill")
    assert not zoe.exists() and load(cases_dir / "zoe-o-neill.toml")["id"] == "zoe-o-neill"
    assert git(repo, "log", "-1", "--format=%s") == "zoe-o-neill: renamed from zoe-oneill\n"
    assert git(repo, "status", "--porcelain").strip() == ""
    ok(run, *AMIRA)
    refused(run, cases_dir / "amira-khan.toml", 1, ("rename", "zoe-o-neill", "amira-khan"), "already exists")


# 5. Finding -------------------------------------------------------------------------------


def test_find_ignores_case_and_accents_and_searches_parents(run, zoe, amira):
    for text in ("zoe oneill", "ZOË", "o'neill", "bhriain", "zoe-oneill"):
        rows = json.loads(ok(run, "find", text, "--json").stdout)
        assert [r["id"] for r in rows] == ["zoe-oneill"], text
    result = run("find", "Nobody Here")
    assert result.exit_code == 1 and "no child matches 'Nobody Here'" in result.stderr


def test_an_unknown_id_suggests_the_closest_on_every_command(run, zoe):
    for args in (("show", "zoe-onell"), ("consult", "zoe-onell", *CONSULT[2:]), ("undo", "zoe-onell", "--yes")):
        result = run(*args)
        assert result.exit_code == 1, result
        assert "did you mean zoe-oneill?" in result.stderr


# 6. Spreadsheet out --------------------------------------------------------------------------


def test_list_csv_has_a_bom_stable_columns_and_no_formulas(run, cases_dir):
    ok(run, "new-child", "--name", "=HYPERLINK(\"http://x\")", "--id", "evil", "--dob", "2019-03-14", "--setting",
       "primary", "--school", "@Hill", "--parent", "-Jo Stone")  # fmt: skip
    out = run("list", "--csv")
    assert out.exit_code == 0
    raw = out.stdout.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(out.stdout.removeprefix("\ufeff"))))
    from senpath.spreadsheet import LIST_COLUMNS

    assert rows[0] == list(LIST_COLUMNS)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["school"] == "'@Hill"
    assert row["parents and carers"] == "'-Jo Stone"
    assert row["year group"] == "Year 3"


def test_reviews_csv(run, zoe):
    ok(run, *CONSULT)
    ok(run, "escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    out = ok(run, "reviews", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows and rows[0]["name"] == "Zoë O'Neill" and rows[0]["year group"] == "Year 3"
    assert {r["overdue"] for r in rows} <= {"yes", "no"}


# 7. Spreadsheet in ---------------------------------------------------------------------------

SHEET = """\ufeffPupil Name,DOB,School,Year,SEN Stage,Stage Since,Primary Need,UPN,Parent 1,Parent 1 Relationship,LAC
Zoë O'Neill,14/03/2019,St Aidan's C of E Primary,Year 3,School Action Plus,03/03/2026,SEMH,B801200005001,Siobhán Ní Bhriain,mother,yes
Dawid Dawiśka,02/10/2016,St Aidan's C of E Primary,Year 5,action,2025-11-10,SPLD,,Ewa Dawiśka,mother,no
Aoife Ní Bhriain,20/06/2020,St Aidan's C of E Primary,Year 1,none,,,,,,
"""


def write_sheet(tmp_path: Path, text: str = SHEET) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_enters_each_child_at_their_stage_and_a_reimport_changes_nothing(run, tmp_path, cases_dir):
    sheet = write_sheet(tmp_path)
    dry = ok(run, "import", str(sheet), "--dry-run")
    assert "would create zoe-oneill" in dry.stderr and not cases_dir.exists()
    result = ok(run, "import", str(sheet))
    assert "Imported 3 children" in result.stderr
    zoe = load(cases_dir / "zoe-oneill.toml")
    assert zoe["entered"] == {"stage": "action-plus", "since": zoe["entered"]["since"], "milestones": []}
    assert zoe["entered"]["since"].isoformat() == "2026-03-03"
    assert "consultations" not in zoe or zoe["consultations"] == []  # nothing invented
    assert (zoe["primary_need"], zoe["upn"], zoe["looked_after"]) == ("SEMH", "B801200005001", True)
    assert zoe["parents"] == [{"name": "Siobhán Ní Bhriain", "relationship": "mother"}]
    assert load(cases_dir / "dawid-dawiska.toml")["entered"]["stage"] == "action"
    assert "entered" not in load(cases_dir / "aoife-ni-bhriain.toml")
    before = {p.name: p.read_bytes() for p in cases_dir.glob("*.toml")}
    again = ok(run, "import", str(sheet))
    assert "already recorded: nothing changed" in again.stderr
    assert {p.name: p.read_bytes() for p in cases_dir.glob("*.toml")} == before


def test_import_is_all_or_nothing_with_every_problem_by_row_and_column(run, tmp_path, cases_dir):
    bad = (
        SHEET.replace("14/03/2019", "31/02/2019")
        .replace("Year 5,action", "Year 5,Action Plus Plus")
        .replace("B801200005001", "A801200005001")
    )
    result = run("import", str(write_sheet(tmp_path, bad)))
    assert result.exit_code == 2
    assert "row 2, column B (DOB): '31/02/2019' is not a date" in result.stderr
    assert "row 2, column H (UPN): 'A801200005001': the check letter does not match" in result.stderr
    assert "row 3, column E (SEN Stage): 'Action Plus Plus' is not a stage of england-2001" in result.stderr
    assert "3 problem(s) in register.csv; nothing was imported" in result.stderr
    assert not cases_dir.exists() or not list(cases_dir.glob("*.toml"))


def test_import_keeps_a_disagreeing_year_group_as_the_childs_own_with_a_warning(run, tmp_path, cases_dir):
    result = ok(run, "import", str(write_sheet(tmp_path, SHEET.replace("Year 3,School", "Year 2,School"))))
    assert "row 2: Zoë O'Neill's year group Year 2 is not the one the date of birth gives (Year 3)" in result.stderr
    assert load(cases_dir / "zoe-oneill.toml")["year_group"] == "2"


def test_import_refuses_an_id_that_is_a_different_child(run, tmp_path, cases_dir, amira):
    sheet = "Name,Date of birth,School\nAmira Khan,01/01/2020,Hill Primary\n"
    result = run("import", str(write_sheet(tmp_path, sheet)))
    assert result.exit_code == 2
    assert "row 2: the id amira-khan is already Amira Khan (born 2021-05-14)" in result.stderr


# 8. Prompts ------------------------------------------------------------------------------------


@pytest.fixture
def cli_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    import senpath.cli.cases
    import senpath.cli.common

    monkeypatch.setattr(senpath.cli.common, "sys", _TTYSys())
    monkeypatch.setattr(senpath.cli.cases, "sys", _TTYSys())


def test_a_bad_answer_is_asked_again_with_the_reason(run, cases_dir, cli_tty):
    result = run("new-child", "--name", "Bea Jones", input="14/05/21\n14/05/2021\ncollege\nprimary\nHill Primary\n")
    assert result.exit_code == 0, result
    assert "--dob: '14/05/21' is not a date; use YYYY-MM-DD or DD/MM/YYYY (day first)" in result.stderr
    assert "--setting: 'college' is not one of early-years, primary, secondary; try again" in result.stderr
    data = load(cases_dir / "bea-jones.toml")
    assert (data["dob"].isoformat(), data["settings"][0]["setting"]) == ("2021-05-14", "primary")


def test_the_setting_prompt_offers_the_frameworks_settings(run, cases_dir, cli_tty):
    # further-education is a setting of the 2015 Code, not of the 2001 Code (asked again there).
    result = run("new-child", "--name", "Niamh Ní Bhriain", "--framework", "england-2015", "--dob", "01/03/2009",
                 input="further-education\nNorthshire College\n")  # fmt: skip
    assert result.exit_code == 0, result
    assert "Setting (early-years, primary, secondary, further-education)" in result.stdout
    assert load(cases_dir / "niamh-ni-bhriain.toml")["settings"][0]["setting"] == "further-education"
    result = run("new-child", "--name", "Bea Jones", "--dob", "14/05/2021", input="further-education\nprimary\nHill\n")
    assert result.exit_code == 0, result
    assert "--setting: 'further-education' is not one of early-years, primary, secondary; try again" in result.stderr


def test_a_prompt_for_several_values_takes_several(run, zoe, cli_tty):
    ok(run, "parent", "zoe-oneill", "Darragh O'Neill", "--add")
    result = run("consult", "zoe-oneill", "--date", "08/09/2026", "--method", "meeting", "--summary", "Agreed",
                 input="Siobhán Ní Bhriain, Darragh O'Neill\n\n")  # fmt: skip
    assert result.exit_code == 0, result
    assert load(zoe)["consultations"][0]["with"] == ["Siobhán Ní Bhriain", "Darragh O'Neill"]
    result = run("escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026",
                 input="Reading well behind\nReading age 5.2\nSpelling age 5.0\n\n")  # fmt: skip
    assert result.exit_code == 0, result
    assert load(zoe)["history"][0]["evidence"] == ["Reading age 5.2", "Spelling age 5.0"]


# 8. A printable IEP ----------------------------------------------------------------------------


def test_iep_show_writes_a_printable_iep(run, zoe, tmp_path):
    ok(run, *CONSULT)
    ok(run, "escalate", "zoe-oneill", "--to", "action", "--date", "10/09/2026", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    ok(run, "iep", "new", "zoe-oneill", "--start", "15/09/2026", "--target", "Read 20 tricky words",
       "--target", "Write a sentence with a capital letter", "--provision", "Phonics group; Mrs Patel; 3 x 20 min a week",
       "--home", "Share a book for 10 minutes a day")  # fmt: skip
    out = tmp_path / "iep.md"
    ok(run, "iep", "show", "zoe-oneill", "--format", "markdown", "--output", str(out))
    text = out.read_text()
    for line in ["# Individual Education Plan for Zoë O'Neill", "- Read 20 tricky words",
                 "Phonics group: Mrs Patel, 3 x 20 min a week", "- Share a book for 10 minutes a day",
                 "To be reviewed by:", "Parent or carer: ........................................   Date: ............"]:  # fmt: skip
        assert line in text, line
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    refused(run, out, 1, ("iep", "show", "zoe-oneill", "--output", str(out)), "already exists")
    assert ok(run, "iep", "show", "zoe-oneill", "--format", "text").stdout.startswith("Individual Education Plan")
    refused(run, out, 2, ("iep", "show", "zoe-oneill", "--format", "odt"), "--format: 'odt' is not one of")


def test_shell_completion_offers_child_ids(run, zoe, amira, monkeypatch):
    from typer.testing import CliRunner

    from senpath.cli import app

    for words, cword, expected in (("senpath show zo", "2", "zoe-oneill"), ("senpath undo am", "2", "amira-khan")):
        env = {"_SENPATH_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        result = CliRunner().invoke(app, [], env=env, prog_name="senpath")
        assert result.output.split() == [expected], result.output
    assert "--install-completion" in run("--help").stdout
