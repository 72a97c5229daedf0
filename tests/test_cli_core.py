"""CLI tests of every core command: success and refusal, exit codes, messages, the file on disk,
and that a refusal leaves the file byte-for-byte unchanged."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .conftest import AMIRA

CHILD = "amira-khan"


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def ok(run: Any, *args: str, input: str | None = None) -> Any:
    result = run(*args, input=input)
    assert result.exit_code == 0, result
    return result


def refused(run: Any, path: Path, code: int, args: tuple[str, ...], *fragments: str, input: str | None = None) -> Any:
    """Run a command that must fail with ``code``, say each fragment on stderr, and write nothing."""
    before = path.read_bytes() if path.exists() else None
    listing = sorted(p.name for p in path.parent.iterdir()) if path.parent.exists() else []
    result = run(*args, input=input)
    assert result.exit_code == code, result
    for fragment in fragments:
        assert fragment in result.stderr, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("senpath: ")
    if code == 3:
        assert result.stderr.startswith("senpath: refused: ")
    after = path.read_bytes() if path.exists() else None
    assert after == before
    if listing:
        assert sorted(p.name for p in path.parent.iterdir()) == listing
    return result


def consult(run: Any, on: str, who: str = "Sara Khan") -> None:
    ok(run, "consult", CHILD, "--date", on, "--with", who, "--method", "meeting", "--summary", "Talked it through")


def to_action_plus(run: Any) -> None:
    """From Amira at action (10 Sep 2026) to action-plus on 20 Nov 2026."""
    ok(run, "professional", "add", CHILD, "--role", "speech-and-language-therapist", "--name", "Ms T. Okafor",
       "--requested", "2026-11-01")  # fmt: skip
    consult(run, "2026-11-18")
    ok(run, "escalate", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "Little progress",
       "--evidence", "IEP review: 1 of 4 targets met")  # fmt: skip


def to_assessment(run: Any) -> None:
    """Amira at action requested for assessment by her mother on 1 Oct 2026."""
    ok(run, "escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2026-10-01")


def to_statement(run: Any) -> None:
    to_assessment(run)
    for milestone, outcome, on in [
        ("assessment-decision", "assess", "2026-10-05"),
        ("assessment", None, "2026-10-20"),
        ("proposed-statement", "statement", "2026-11-01"),
        ("final-statement", None, "2026-11-10"),
    ]:
        args = ["assessment", CHILD, "--milestone", milestone, "--date", on]
        if outcome:
            args += ["--outcome", outcome]
        ok(run, *args)


def history(path: Path) -> list[dict[str, Any]]:
    return load(path).get("history", [])


class _TTYStdin:
    def __init__(self, real: Any) -> None:
        self._real = real

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _TTYSys:
    """sys, as the CLI modules see it, with stdin (the runner's) claiming to be a terminal."""

    @property
    def stdin(self) -> Any:
        return _TTYStdin(sys.stdin)

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    import senpath.cli.cases
    import senpath.cli.common

    monkeypatch.setattr(senpath.cli.common, "sys", _TTYSys())
    monkeypatch.setattr(senpath.cli.cases, "sys", _TTYSys())


# new-child ----------------------------------------------------------------------------------


def test_new_child_writes_the_whole_record(run, amira):
    data = load(amira)
    assert data["schema_version"] == 2
    assert data["framework"] == "england-2001"
    assert data["id"] == CHILD
    assert data["name"] == "Amira Khan"
    assert str(data["dob"]) == "2021-05-14"
    assert str(data["opened"]) == "2026-09-01"
    assert data["head_teacher"] == "Mrs J. Patel"
    assert data["senco"] == "Ms R. Evans"
    assert data["parents"] == [{"name": "Sara Khan"}]
    assert data["concerns"] == ["slow progress in speech", "finds it hard to join in play"]
    assert data["diagnoses"] == ["Developmental language disorder"]
    assert [(str(s["date"]), s["setting"], s["school"]) for s in data["settings"]] == [
        ("2026-09-01", "early-years", "Little Acorns Nursery")
    ]
    assert amira.stat().st_mode & 0o777 == 0o600
    assert amira.parent.stat().st_mode & 0o777 == 0o700


def test_new_child_derives_the_id_from_the_name_and_opens_today(run, cases_dir):
    result = ok(run, "new-child", "--name", "Zoë O'Neill", "--dob", "2019-02-03", "--setting", "primary",
                "--school", "Hill Primary")  # fmt: skip
    assert f"Opened a case for Zoë O'Neill as zoe-oneill ({cases_dir / 'zoe-oneill.toml'})." in result.stderr
    data = load(cases_dir / "zoe-oneill.toml")
    assert data["id"] == "zoe-oneill"
    assert str(data["opened"]) == "2026-11-22"
    assert str(data["settings"][0]["date"]) == "2026-11-22"


def test_new_child_with_an_id(run, cases_dir):
    ok(run, "new-child", "--id", "child-7", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "secondary",
       "--school", "Valley High")  # fmt: skip
    assert load(cases_dir / "child-7.toml")["name"] == "Bea Jones"


def test_new_child_refuses_an_existing_id_with_a_hint(run, amira):
    refused(run, amira, 1, tuple(AMIRA), "a case 'amira-khan' already exists", "choose another id with --id",
            "--id amira-khan-2")  # fmt: skip
    # the same name, so the same derived id
    args = ("new-child", "--name", "Amira Khan", "--dob", "2020-01-01", "--setting", "primary", "--school", "X")
    refused(run, amira, 1, args, "already exists")


@pytest.mark.parametrize(
    ("child_id", "message"),
    [
        ("../x", "child id '../x' must be a lower-case slug"),
        ("/etc/passwd", "child id '/etc/passwd' must be a lower-case slug"),
        ("Amira", "must be a lower-case slug"),
        ("amira khan", "must be a lower-case slug"),
        ("a" * 65, "at most 64 characters"),
        ("con", "'con' is a reserved file name on Windows"),
        ("", "must be a lower-case slug"),
    ],
)
def test_new_child_refuses_a_bad_id(run, cases_dir, child_id, message):
    args = ("new-child", "--id", child_id, "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "primary",
            "--school", "Hill Primary")  # fmt: skip
    refused(run, cases_dir / "x.toml", 2, args, message)
    assert not cases_dir.exists() or [p.name for p in cases_dir.glob("*.toml")] == []
    assert not (cases_dir.parent / "x.toml").exists()


def test_new_child_refuses_a_name_that_gives_a_reserved_id(run, cases_dir):
    args = ("new-child", "--name", "Con", "--dob", "2019-02-03", "--setting", "primary", "--school", "Hill Primary")
    refused(run, cases_dir / "con.toml", 2, args, "--id:", "reserved file name on Windows")


def test_new_child_asks_for_an_id_when_the_name_gives_none(run, cases_dir):
    args = ("new-child", "--name", "李小龍", "--dob", "2019-02-03", "--setting", "primary", "--school", "Hill Primary")
    refused(run, cases_dir / "x.toml", 2, args, "cannot make an id from the name", "give one with --id")


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("2026-11-23", "--dob: 2026-11-23 is after today (2026-11-22); check the date of birth"),
        ("2001-11-21", "--dob: 2001-11-21 makes the child over 25"),
        ("14/05/21", "--dob: '14/05/21' is not a date; use YYYY-MM-DD"),  # a two-digit year: ambiguous
        ("05/14/2021", "--dob: '05/14/2021' is not a date; use YYYY-MM-DD or DD/MM/YYYY (day first)"),
        ("30/02/2021", "--dob: '30/02/2021' is not a date"),
        ("2021-02-30", "--dob: '2021-02-30' is not a date"),
    ],
)
def test_new_child_refuses_a_bad_date_of_birth(run, cases_dir, dob, message):
    args = ("new-child", "--name", "Bea Jones", "--dob", dob, "--setting", "primary", "--school", "Hill Primary")
    refused(run, cases_dir / "bea-jones.toml", 2, args, message)


def test_new_child_accepts_a_child_of_exactly_25(run, cases_dir):
    ok(run, "new-child", "--name", "Bea Jones", "--dob", "2001-11-22", "--setting", "secondary", "--school", "College")


def test_new_child_refuses_an_opening_date_in_the_future(run, cases_dir):
    args = ("new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "primary", "--school", "X",
            "--opened", "2026-12-01")  # fmt: skip
    refused(run, cases_dir / "bea-jones.toml", 2, args, "--opened: 2026-12-01 is in the future (today is 2026-11-22)")


def test_new_child_refuses_an_opening_date_before_birth(run, cases_dir):
    args = ("new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "primary", "--school", "X",
            "--opened", "2019-01-01")  # fmt: skip
    refused(run, cases_dir / "bea-jones.toml", 3, args, "opened: 1 Jan 2019 is before the date of birth")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("--name", "missing option --name"),
        ("--dob", "missing option --dob"),
        ("--setting", "missing option --setting"),
        ("--school", "missing option --school"),
    ],
)
def test_new_child_without_a_required_option_and_no_terminal_is_a_usage_error(run, cases_dir, missing, message):
    values = {"--name": "Bea Jones", "--dob": "2019-02-03", "--setting": "primary", "--school": "Hill Primary"}
    args = ["new-child"]
    for option, value in values.items():
        if option != missing:
            args += [option, value]
    result = refused(run, cases_dir / "bea-jones.toml", 2, tuple(args), message, "see --help")
    assert result.stdout == ""


def test_new_child_refuses_an_unknown_setting(run, cases_dir):
    args = ("new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "college", "--school", "X")
    result = run(*args)
    assert result.exit_code == 2
    assert "--setting" in result.stderr
    assert not (cases_dir / "bea-jones.toml").exists()


@pytest.mark.parametrize("blank", ["", "   "])
def test_new_child_refuses_a_blank_name(run, cases_dir, blank):
    args = ("new-child", "--id", "bea-jones", "--name", blank, "--dob", "2019-02-03", "--setting", "primary",
            "--school", "X")  # fmt: skip
    refused(run, cases_dir / "bea-jones.toml", 2, args, "--name: Value error, must not be blank")


def test_new_child_refuses_control_characters(run, cases_dir):
    args = ("new-child", "--id", "bea-jones", "--name", "Bea\x1b[2JJones", "--dob", "2019-02-03", "--setting",
            "primary", "--school", "X")  # fmt: skip
    refused(run, cases_dir / "bea-jones.toml", 2, args, "--name:", "control or unassigned character (U+001B)")


# Prompts on a terminal ---------------------------------------------------------------------------


def test_a_missing_option_is_prompted_for_on_a_terminal(run, cases_dir, tty):
    result = run("new-child", "--name", "Bea Jones", "--dob", "2019-02-03", input="primary\nHill Primary\n")
    assert result.exit_code == 0, result
    assert "Setting (early-years, primary, secondary)" in result.stdout
    assert "Nursery or school" in result.stdout
    data = load(cases_dir / "bea-jones.toml")
    assert data["settings"][0]["setting"] == "primary"
    assert data["settings"][0]["school"] == "Hill Primary"


def test_a_prompted_choice_must_be_one_of_the_choices(run, cases_dir, tty):
    result = run("new-child", "--name", "Bea Jones", "--dob", "2019-02-03", input="college\nHill Primary\n")
    assert result.exit_code == 2
    assert "--setting: 'college' is not one of early-years, primary, secondary" in result.stderr
    assert not (cases_dir / "bea-jones.toml").exists()


def test_escalate_prompts_for_reason_and_evidence_on_a_terminal(run, amira, tty):
    consult(run, "2026-09-08")
    result = run("escalate", CHILD, "--to", "action", "--date", "2026-09-10",
                 input="Speech well behind peers\nChecklist: 12 of 40\n")  # fmt: skip
    assert result.exit_code == 0, result
    (ev,) = history(amira)
    assert ev["reason"] == "Speech well behind peers"
    assert ev["evidence"] == ["Checklist: 12 of 40"]


# consult --------------------------------------------------------------------------------------


def test_consult_records_a_consultation(run, amira):
    result = ok(run, "consult", CHILD, "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
                "--summary", "Agreed extra small-group support", "--parent-views", "Happy to try it",
                "--child-views", "Likes puppets")  # fmt: skip
    assert result.stderr == "amira-khan: consultation 1 with Sara Khan recorded (8 Sep 2026).\n"
    (c,) = load(amira)["consultations"]
    assert str(c["date"]) == "2026-09-08"
    assert c["with"] == ["Sara Khan"]
    assert c["method"] == "meeting"
    assert c["summary"] == "Agreed extra small-group support"
    assert c["parent_views"] == "Happy to try it"
    assert c["child_views"] == "Likes puppets"


def test_consult_refuses_someone_who_is_not_a_parent(run, amira):
    args = ("consult", CHILD, "--date", "2026-09-08", "--with", "Mr P. Grant", "--method", "meeting", "--summary", "s")
    refused(run, amira, 3, args, "--with must name a parent or carer on the case (on the case: Sara Khan)",
            'senpath update amira-khan --add-parent "NAME"')  # fmt: skip


def test_consult_refuses_a_date_before_the_case_opened(run, amira):
    args = ("consult", CHILD, "--date", "2026-08-31", "--with", "Sara Khan", "--method", "meeting", "--summary", "s")
    refused(run, amira, 3, args, "dated 31 Aug 2026, before the case was opened (1 Sep 2026)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2026-11-23", "--with", "Sara Khan", "--method", "meeting", "--summary", "s"), "is in the future"),
        (("--date", "2026-9-8", "--with", "Sara Khan", "--method", "meeting", "--summary", "s"), "is not a date"),
        (("--with", "Sara Khan", "--method", "meeting", "--summary", "s"), "missing option --date"),
        (("--date", "2026-09-08", "--method", "meeting", "--summary", "s"), "missing option --with"),
        (("--date", "2026-09-08", "--with", "Sara Khan", "--summary", "s"), "missing option --method"),
        (("--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting"), "missing option --summary"),
        (("--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting", "--summary", " "), "--summary:"),
        (
            ("--date", "2026-09-08", "--with", "Sara Khan", "--with", " ", "--method", "meeting", "--summary", "s"),
            "--with: Value error, must not be blank",
        ),
    ],
)
def test_consult_usage_errors(run, amira, args, message):
    refused(run, amira, 2, ("consult", CHILD, *args), message)


def test_consult_refuses_an_unknown_method(run, amira):
    before = amira.read_bytes()
    result = run("consult", CHILD, "--date", "2026-09-08", "--with", "Sara Khan", "--method", "pigeon",
                 "--summary", "s")  # fmt: skip
    assert result.exit_code == 2
    assert "--method" in result.stderr
    assert amira.read_bytes() == before


def test_consult_of_an_unknown_child(run, amira, cases_dir):
    args = ("consult", "bea-jones", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
            "--summary", "s")  # fmt: skip
    refused(run, cases_dir / "bea-jones.toml", 1, args, "no child 'bea-jones' in", "run senpath list")


# escalate ---------------------------------------------------------------------------------------


def test_escalate_to_action(run, amira_action):
    (ev,) = history(amira_action)
    assert ev == {
        "date": ev["date"],
        "event": "escalate",
        "from": "none",
        "to": "action",
        "reason": "Speech well behind peers",
        "evidence": ["Checklist: 12 of 40 sounds"],
        "consultation": 1,
    }
    assert str(ev["date"]) == "2026-09-10"


def test_escalate_prints_the_move_in_the_settings_words(run, amira):
    consult(run, "2026-09-08")
    result = ok(run, "escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e")
    assert result.stderr == "amira-khan: No SEN provision → Early Years Action (10 Sep 2026)\n"


def test_escalate_without_a_consultation_is_refused(run, amira):
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e")
    refused(run, amira, 3, args, "the parents were not consulted on this escalate",
            'senpath consult amira-khan --date 2026-09-10 --with "Sara Khan" --method meeting')  # fmt: skip


@pytest.mark.parametrize("missing", ["--reason", "--evidence"])
@pytest.mark.parametrize("to", ["action", "action-plus"])
def test_escalate_needs_reason_and_evidence(run, request, missing, to):
    # One rule path (issue 11): what a move needs is the framework's rule, refused by the engine (exit 3).
    path = request.getfixturevalue("amira" if to == "action" else "amira_action")
    consult(run, "2026-11-18")
    args = ["escalate", CHILD, "--to", to, "--date", "2026-11-20", "--professional", "paediatrician:Dr L. Moss"]
    for option in ("--reason", "--evidence"):
        if option != missing:
            args += [option, "x"]
    refused(run, path, 3, tuple(args), f"a move to {to} needs", f"({missing})")


def test_escalate_skipping_a_step_is_refused(run, amira):
    consult(run, "2026-09-08")
    args = ("escalate", CHILD, "--to", "action-plus", "--date", "2026-09-10", "--reason", "r", "--evidence", "e",
            "--professional", "paediatrician:Dr L. Moss")  # fmt: skip
    refused(run, amira, 3, args,
            "cannot move Amira Khan from none to action-plus; from none the moves are: action, statutory-assessment")  # fmt: skip


def test_escalate_to_the_same_stage_is_refused(run, amira_action):
    consult(run, "2026-11-18")
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-11-20", "--reason", "r", "--evidence", "e")
    refused(run, amira_action, 3, args, "Amira Khan is already at action")


def test_escalate_cannot_move_a_child_down(run, amira_action):
    to_action_plus(run)
    consult(run, "2026-11-21")
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-11-21", "--reason", "r", "--evidence", "e")
    refused(run, amira_action, 3, args, "use: senpath step-down amira-khan --to action")


def test_escalate_to_a_statement_is_not_a_choice(run, amira_action):
    # One rule path (issue 11): the stage machine's own message, exit 3.
    args = ("escalate", CHILD, "--to", "statement", "--date", "2026-11-20")
    refused(run, amira_action, 3, args, "only the LA makes a statement", "--to statutory-assessment")


def test_escalate_to_a_stage_the_framework_lacks_lists_its_stages(run, amira_action):
    args = ("escalate", CHILD, "--to", "stage-3", "--date", "2026-11-20")
    refused(run, amira_action, 2, args, "--to: 'stage-3' is not a stage of england-2001",
            "none, action, action-plus, statutory-assessment, statement")  # fmt: skip


def test_escalate_to_action_plus_with_a_recorded_professional(run, amira_action):
    to_action_plus(run)
    ev = history(amira_action)[-1]
    assert (ev["event"], ev["from"], ev["to"], ev["consultation"]) == ("escalate", "action", "action-plus", 2)
    assert ev["evidence"] == ["IEP review: 1 of 4 targets met"]


def test_escalate_to_action_plus_with_an_inline_professional(run, amira_action):
    consult(run, "2026-11-18")
    result = ok(run, "escalate", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r",
                "--evidence", "e", "--professional", "educational-psychologist:Dr A. Shah")  # fmt: skip
    assert result.stderr == "amira-khan: Early Years Action → Early Years Action Plus (20 Nov 2026)\n"
    (pro,) = load(amira_action)["professionals"]
    assert (pro["role"], pro["name"], str(pro["requested"])) == ("educational-psychologist", "Dr A. Shah", "2026-11-20")


def test_escalate_to_action_plus_without_a_professional_is_refused(run, amira_action):
    consult(run, "2026-11-18")
    args = ("escalate", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r", "--evidence", "e")
    refused(run, amira_action, 3, args, "needs at least one outside professional involved by then",
            "senpath professional add amira-khan", "--professional ROLE:NAME")  # fmt: skip


def test_escalate_with_a_professional_requested_later_is_refused(run, amira_action):
    ok(
        run,
        "professional",
        "add",
        CHILD,
        "--role",
        "paediatrician",
        "--name",
        "Dr L. Moss",
        "--requested",
        "2026-11-21",
    )
    consult(run, "2026-11-18")
    args = ("escalate", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r", "--evidence", "e")
    refused(run, amira_action, 3, args, "needs at least one outside professional")


@pytest.mark.parametrize("spec", ["Dr A. Shah", "wizard:Dr A. Shah", "paediatrician:"])
def test_escalate_with_a_bad_inline_professional(run, amira_action, spec):
    consult(run, "2026-11-18")
    args = ("escalate", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r", "--evidence", "e",
            "--professional", spec)  # fmt: skip
    refused(run, amira_action, 2, args, "use ROLE:NAME, with ROLE one of educational-psychologist")


def test_escalate_request_by_a_parent_records_their_consultation(run, amira_action):
    result = ok(run, "escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date",
                "2026-10-01")  # fmt: skip
    assert result.stderr == "amira-khan: Early Years Action → Statutory assessment (1 Oct 2026)\n"
    data = load(amira_action)
    c = data["consultations"][-1]
    assert (str(c["date"]), c["with"], c["method"]) == ("2026-10-01", ["Sara Khan"], "letter")
    ev = data["history"][-1]
    assert (ev["event"], ev["requested_by"], ev["consultation"]) == ("request-assessment", "parent", 2)
    assert "reason" not in ev


@pytest.mark.parametrize("by", ["school", "professional"])
def test_escalate_request_by_the_school_or_a_professional(run, amira_action, by):
    args = ("escalate", CHILD, "--to", "statutory-assessment", "--requested-by", by, "--date", "2026-10-01")
    refused(run, amira_action, 3, args, "the parents were not consulted on this request-assessment")
    consult(run, "2026-09-30")
    ok(run, *args)
    ev = history(amira_action)[-1]
    assert (ev["requested_by"], ev["consultation"]) == (by, 2)


def test_escalate_request_from_none_for_significant_needs(run, amira):
    ok(run, "escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2026-09-05")
    assert history(amira)[-1]["from"] == "none"


def test_escalate_request_needs_a_requester(run, amira_action):
    args = ("escalate", CHILD, "--to", "statutory-assessment", "--date", "2026-10-01")
    refused(run, amira_action, 3, args, "a request for statutory assessment must say who made it (--requested-by)")


def test_escalate_request_within_six_months_of_an_assessment(run, amira_action):
    to_assessment(run)
    ok(run, "assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-10-05")
    ok(run, "assessment", CHILD, "--milestone", "assessment", "--date", "2026-10-20")
    ok(run, "assessment", CHILD, "--milestone", "proposed-statement", "--outcome", "note-in-lieu", "--date",
       "2026-11-01")  # fmt: skip
    args = ("escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2026-11-20")
    refused(run, amira_action, 3, args,
            "an assessment was completed on 20 Oct 2026; a new request can be made from 20 Apr 2027 (2027-04-20)")  # fmt: skip


def test_escalate_dated_before_the_previous_move(run, amira_action):
    consult(run, "2026-09-10")
    args = ("escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2026-09-09")
    refused(run, amira_action, 3, args, "dated 9 Sep 2026, before the previous step (10 Sep 2026)")


def test_escalate_in_the_future(run, amira):
    consult(run, "2026-09-08")
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-11-23", "--reason", "r", "--evidence", "e")
    refused(run, amira, 2, args, "--date: 2026-11-23 is in the future (today is 2026-11-22)")


def test_escalate_with_a_chosen_consultation(run, amira):
    consult(run, "2026-09-05")
    consult(run, "2026-09-08")
    ok(run, "escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e",
       "--consultation", "2")  # fmt: skip
    assert history(amira)[-1]["consultation"] == 2


@pytest.mark.parametrize(("number", "code", "message"), [("0", 2, "--consultation:"), ("5", 3, "the case has 1")])
def test_escalate_with_a_bad_consultation_number(run, amira, number, code, message):
    consult(run, "2026-09-08")
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e",
            "--consultation", number)  # fmt: skip
    refused(run, amira, code, args, message)


# step-down ------------------------------------------------------------------------------------------


def test_step_down_to_none(run, amira_action):
    consult(run, "2026-11-01")
    result = ok(run, "step-down", CHILD, "--to", "none", "--date", "2026-11-02", "--reason", "Targets met")
    assert result.stderr == "amira-khan: Early Years Action → No SEN provision (2 Nov 2026)\n"
    ev = history(amira_action)[-1]
    assert (ev["event"], ev["from"], ev["to"], ev["reason"], ev["consultation"]) == (
        "step-down",
        "action",
        "none",
        "Targets met",
        2,
    )


@pytest.mark.parametrize("to", ["action", "none"])
def test_step_down_from_action_plus(run, amira_action, to):
    to_action_plus(run)
    consult(run, "2026-11-21")
    ok(run, "step-down", CHILD, "--to", to, "--date", "2026-11-21", "--reason", "Good progress")
    assert history(amira_action)[-1]["to"] == to


def test_step_down_without_a_consultation(run, amira_action):
    args = ("step-down", CHILD, "--to", "none", "--date", "2026-11-02", "--reason", "r")
    refused(run, amira_action, 3, args, "the parents were not consulted on this step-down", "since 10 Sep 2026")


def test_step_down_from_none(run, amira):
    consult(run, "2026-09-08")
    refused(run, amira, 3, ("step-down", CHILD, "--to", "none", "--date", "2026-09-10", "--reason", "r"),
            "Amira Khan is already at none")  # fmt: skip
    refused(run, amira, 3, ("step-down", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r"),
            "senpath step-down cannot move Amira Khan from none to action; use: senpath escalate amira-khan --to action")  # fmt: skip


def test_step_down_cannot_move_a_child_up(run, amira_action):
    consult(run, "2026-11-18")
    args = ("step-down", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r")
    refused(run, amira_action, 3, args, "use: senpath escalate amira-khan --to action-plus")


def test_step_down_from_a_statement_points_to_cease(run, amira_action):
    to_statement(run)
    consult(run, "2026-11-15")
    args = ("step-down", CHILD, "--to", "action-plus", "--date", "2026-11-20", "--reason", "r")
    refused(run, amira_action, 3, args, "senpath step-down cannot move Amira Khan from statement to action-plus; "
            "use: senpath cease amira-khan --to action-plus")  # fmt: skip


def test_step_down_needs_a_reason(run, amira_action):
    consult(run, "2026-11-01")
    refused(
        run, amira_action, 3, ("step-down", CHILD, "--to", "none", "--date", "2026-11-02"), "needs a reason (--reason)"
    )


# cease ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "name"), [("action-plus", "Early Years Action Plus"), ("action", "Early Years Action"), ("none", "No SEN")]
)
def test_cease_a_statement(run, amira_action, to, name):
    to_statement(run)
    consult(run, "2026-11-15")
    result = ok(run, "cease", CHILD, "--to", to, "--date", "2026-11-20", "--reason", "Needs now met")
    assert result.stderr.startswith(f"amira-khan: Statement of SEN → {name}")
    ev = history(amira_action)[-1]
    assert (ev["event"], ev["from"], ev["to"], ev["reason"]) == ("cease", "statement", to, "Needs now met")


def test_cease_without_a_statement(run, amira_action):
    consult(run, "2026-11-15")
    args = ("cease", CHILD, "--to", "none", "--date", "2026-11-20", "--reason", "r")
    refused(run, amira_action, 3, args, "senpath cease cannot move Amira Khan from action to none",
            "use: senpath step-down amira-khan --to none")  # fmt: skip


def test_cease_without_a_consultation(run, amira_action):
    to_statement(run)
    args = ("cease", CHILD, "--to", "none", "--date", "2026-11-20", "--reason", "r")
    refused(run, amira_action, 3, args, "the parents were not consulted on this cease")


def test_cease_to_statutory_assessment_is_not_a_choice(run, amira_action):
    to_statement(run)
    before = amira_action.read_bytes()
    result = run("cease", CHILD, "--to", "statutory-assessment", "--date", "2026-11-20", "--reason", "r")
    assert result.exit_code == 3  # the engine's refusal (issue 11: one rule path)
    assert "cannot move Amira Khan from statement to statutory-assessment" in result.stderr
    assert amira_action.read_bytes() == before


# assessment ---------------------------------------------------------------------------------------


def test_assessment_milestones_to_a_statement(run, amira_action):
    to_assessment(run)
    result = ok(run, "assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date",
                "2026-10-05")  # fmt: skip
    assert result.stderr == "amira-khan: assessment-decision (assess) recorded (5 Oct 2026)\n"
    result = ok(run, "assessment", CHILD, "--milestone", "assessment", "--date", "2026-10-20")
    assert result.stderr == "amira-khan: assessment (done) recorded (20 Oct 2026)\n"
    ok(run, "assessment", CHILD, "--milestone", "proposed-statement", "--outcome", "statement", "--date", "2026-11-01")
    result = ok(run, "assessment", CHILD, "--milestone", "final-statement", "--date", "2026-11-10")
    assert result.stderr == "amira-khan: Statutory assessment → Statement of SEN (final-statement) (10 Nov 2026)\n"
    events = [(e["event"], e.get("outcome"), e["to"]) for e in history(amira_action)[-4:]]
    assert events == [
        ("assessment-decision", "assess", "statutory-assessment"),
        ("assessment", "done", "statutory-assessment"),
        ("proposed-statement", "statement", "statutory-assessment"),
        ("final-statement", "done", "statement"),
    ]
    assert all("consultation" not in e for e in history(amira_action)[-4:])


def test_assessment_decline_returns_to_the_stage_before(run, amira_action):
    to_assessment(run)
    result = ok(run, "assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "decline", "--date",
                "2026-10-05")  # fmt: skip
    assert (
        result.stderr
        == "amira-khan: Statutory assessment → Early Years Action (assessment-decision: decline) (5 Oct 2026)\n"
    )
    assert history(amira_action)[-1]["to"] == "action"


def test_assessment_note_in_lieu_returns_to_the_stage_before(run, amira_action):
    to_assessment(run)
    ok(run, "assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-10-05")
    ok(run, "assessment", CHILD, "--milestone", "assessment", "--date", "2026-10-20")
    ok(run, "assessment", CHILD, "--milestone", "proposed-statement", "--outcome", "note-in-lieu", "--date",
       "2026-11-01")  # fmt: skip
    assert history(amira_action)[-1]["to"] == "action"
    assert json.loads(run("show", CHILD, "--json").stdout)["history"][-1]["outcome"] == "note-in-lieu"


@pytest.mark.parametrize(
    ("milestone", "outcome", "expected"),
    [
        ("assessment", None, "the next milestone of this assessment is assessment-decision"),
        ("proposed-statement", "statement", "the next milestone of this assessment is assessment-decision"),
        ("final-statement", None, "the next milestone of this assessment is assessment-decision"),
    ],
)
def test_assessment_out_of_order(run, amira_action, milestone, outcome, expected):
    to_assessment(run)
    args = ["assessment", CHILD, "--milestone", milestone, "--date", "2026-10-05"]
    if outcome:
        args += ["--outcome", outcome]
    refused(run, amira_action, 3, tuple(args), f"{milestone} is out of order", expected)


def test_assessment_without_a_request(run, amira_action):
    args = ("assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-10-05")
    refused(run, amira_action, 3, args, "no statutory assessment is open; request one first")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--outcome", "assess", "--date", "2026-10-05"), "missing option --milestone"),
        (("--milestone", "assessment-decision", "--outcome", "assess"), "missing option --date"),
        (("--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-11-30"), "is in the future"),
    ],
)  # fmt: skip
def test_assessment_usage_errors(run, amira_action, args, message):
    to_assessment(run)
    refused(run, amira_action, 2, ("assessment", CHILD, *args), message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--milestone", "assessment-decision", "--date", "2026-10-05"),
         "assessment-decision needs --outcome, one of: assess, decline"),
        (("--milestone", "assessment-decision", "--outcome", "statement", "--date", "2026-10-05"),
         "assessment-decision needs --outcome, one of: assess, decline"),
        (("--milestone", "assessment", "--outcome", "assess", "--date", "2026-10-05"),
         "assessment is out of order: the next milestone of this assessment is assessment-decision"),
    ],
)  # fmt: skip
def test_assessment_outcomes_are_the_engines_rule(run, amira_action, args, message):
    # One rule path (issue 11): the outcomes of a milestone are the framework's, refused by the engine.
    to_assessment(run)
    refused(run, amira_action, 3, ("assessment", CHILD, *args), message)


def test_assessment_before_the_request(run, amira_action):
    to_assessment(run)
    args = ("assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-09-30")
    refused(run, amira_action, 3, args, "dated 30 Sep 2026, before the previous step (1 Oct 2026)")


# professional add / seen -------------------------------------------------------------------------


def test_professional_add_with_a_visit(run, amira):
    result = ok(run, "professional", "add", CHILD, "--role", "speech-and-language-therapist", "--name",
                "Ms T. Okafor", "--requested", "2026-11-01", "--seen", "2026-11-15", "--advice",
                "Daily modelling of 2-3 word phrases")  # fmt: skip
    assert result.stderr == "amira-khan: Ms T. Okafor (speech-and-language-therapist) added.\n"
    (pro,) = load(amira)["professionals"]
    assert pro["role"] == "speech-and-language-therapist"
    assert str(pro["requested"]) == "2026-11-01"
    assert [(str(v["date"]), v["advice"]) for v in pro["visits"]] == [
        ("2026-11-15", "Daily modelling of 2-3 word phrases")
    ]


def test_professional_add_other_role(run, amira):
    ok(run, "professional", "add", CHILD, "--role", "other", "--role-name", "Play therapist", "--name",
       "Mr K. Adeyemi", "--requested", "2026-11-01")  # fmt: skip
    (pro,) = load(amira)["professionals"]
    assert (pro["role"], pro["role_name"], pro["visits"]) == ("other", "Play therapist", [])


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (("--role", "other", "--name", "Mr K. Adeyemi", "--requested", "2026-11-01"), 2, "--role other needs --role-name"),
        (("--role", "paediatrician", "--name", "Dr L. Moss", "--requested", "2026-11-10", "--seen", "2026-11-01"), 3,
         "--seen 1 Nov 2026 is before --requested 10 Nov 2026"),
        (("--role", "paediatrician", "--name", "Dr L. Moss", "--requested", "2026-11-10", "--advice", "Rest"), 2,
         "--advice goes with --seen"),
        (("--role", "paediatrician", "--name", "Dr L. Moss", "--requested", "2026-11-23"), 2, "is in the future"),
        (("--role", "paediatrician", "--name", "Dr L. Moss", "--requested", "2026-11-10", "--seen", "2026-11-23"), 2,
         "--seen: 2026-11-23 is in the future"),
        (("--role", "paediatrician", "--requested", "2026-11-10"), 2, "missing option --name"),
        (("--name", "Dr L. Moss", "--requested", "2026-11-10"), 2, "missing option --role"),
        (("--role", "paediatrician", "--name", "Dr L. Moss"), 2, "missing option --requested"),
    ],
)  # fmt: skip
def test_professional_add_refusals(run, amira, extra, code, message):
    refused(run, amira, code, ("professional", "add", CHILD, *extra), message)


def test_professional_add_twice_is_refused(run, amira):
    args = (
        "professional",
        "add",
        CHILD,
        "--role",
        "paediatrician",
        "--name",
        "Dr L. Moss",
        "--requested",
        "2026-11-10",
    )
    ok(run, *args)
    # The same professional again, every field equal, is a re-run (issue 12): nothing changes, exit 0.
    assert ok(run, *args).stderr == "already recorded: nothing changed\n"
    again = (*args[:-1], "2026-11-12")  # the same name with another request date: refused as before
    refused(run, amira, 3, again, "Dr L. Moss is already on the case",
            'senpath professional seen amira-khan "Dr L. Moss" --date DATE')  # fmt: skip


def test_professional_add_unknown_role(run, amira):
    before = amira.read_bytes()
    result = run("professional", "add", CHILD, "--role", "wizard", "--name", "X", "--requested", "2026-11-10")
    assert result.exit_code == 2
    assert "--role" in result.stderr
    assert amira.read_bytes() == before


def test_professional_seen(run, amira):
    ok(
        run,
        "professional",
        "add",
        CHILD,
        "--role",
        "paediatrician",
        "--name",
        "Dr L. Moss",
        "--requested",
        "2026-11-01",
    )
    result = ok(run, "professional", "seen", CHILD, "dr l. moss", "--date", "2026-11-12", "--advice", "Hearing test")
    assert result.stderr == "amira-khan: visit by dr l. moss recorded.\n"
    ok(run, "professional", "seen", CHILD, "Dr L. Moss", "--date", "2026-11-20")
    (pro,) = load(amira)["professionals"]
    assert [(str(v["date"]), v.get("advice")) for v in pro["visits"]] == [
        ("2026-11-12", "Hearing test"),
        ("2026-11-20", None),
    ]


def test_professional_seen_refusals(run, amira):
    ok(
        run,
        "professional",
        "add",
        CHILD,
        "--role",
        "paediatrician",
        "--name",
        "Dr L. Moss",
        "--requested",
        "2026-11-10",
    )
    refused(run, amira, 1, ("professional", "seen", CHILD, "Dr Nobody", "--date", "2026-11-12"),
            "no professional 'Dr Nobody' on amira-khan (on the case: Dr L. Moss)")  # fmt: skip
    refused(run, amira, 3, ("professional", "seen", CHILD, "Dr L. Moss", "--date", "2026-11-09"),
            "9 Nov 2026 is before Dr L. Moss was requested (10 Nov 2026)")  # fmt: skip
    refused(run, amira, 2, ("professional", "seen", CHILD, "Dr L. Moss", "--date", "2026-11-23"), "is in the future")
    refused(run, amira, 2, ("professional", "seen", CHILD, "Dr L. Moss"), "missing option --date")


# update ---------------------------------------------------------------------------------------------


def test_update_details(run, amira):
    result = ok(run, "update", CHILD, "--senco", "Mr B. Lewis", "--head-teacher", "Mr D. Lowe", "--known-as", "Mira",
                "--add-parent", "Omar Khan", "--add-concern", "toileting", "--remove-concern",
                "finds it hard to join in play", "--add-diagnosis", "Glue ear", "--remove-diagnosis",
                "developmental language disorder")  # fmt: skip
    assert result.stderr == "amira-khan: details updated.\n"
    data = load(amira)
    assert (data["senco"], data["head_teacher"], data["known_as"]) == ("Mr B. Lewis", "Mr D. Lowe", "Mira")
    assert data["parents"] == [{"name": "Sara Khan"}, {"name": "Omar Khan"}]
    assert data["concerns"] == ["slow progress in speech", "toileting"]
    assert data["diagnoses"] == ["Glue ear"]
    assert len(data["settings"]) == 1


def test_update_setting_is_dated_and_the_stage_keeps_the_name_of_its_time(run, amira_action, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    to_action_plus(run)
    ok(run, "update", CHILD, "--setting", "primary", "--school", "Hill Primary", "--head-teacher", "Mr D. Lowe",
       "--date", "2026-11-21")  # fmt: skip
    data = load(amira_action)
    assert [(str(s["date"]), s["setting"], s["school"]) for s in data["settings"]] == [
        ("2026-09-01", "early-years", "Little Acorns Nursery"),
        ("2026-11-21", "primary", "Hill Primary"),
    ]
    assert len(data["history"]) == 2  # a change of setting is not a stage move
    (row,) = json.loads(ok(run, "list", "--json").stdout)
    assert (row["stage"], row["stage_name"], row["setting"], row["since"]) == (
        "action-plus",
        "School Action Plus",
        "primary",
        "2026-11-20",
    )
    shown = ok(run, "show", CHILD).stdout
    assert "School Action Plus since 20 Nov 2026" in shown
    # The move itself happened in the nursery, and is shown in the nursery's words.
    (move,) = [line for line in shown.splitlines() if "20 Nov 2026" in line and "escalate" in line]
    assert "Early Years Action → Early Years Action Plus" in move
    (spell,) = [line for line in shown.splitlines() if "21 Nov 2026" in line]
    assert "primary" in spell and "Hill Primary" in spell


def test_update_setting_in_show_timeline_rows(run, amira_action, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    ok(run, "update", CHILD, "--setting", "primary", "--school", "Hill Primary", "--date", "2026-10-01")
    consult(run, "2026-11-01")
    ok(run, "step-down", CHILD, "--to", "none", "--date", "2026-11-02", "--reason", "Targets met")
    shown = ok(run, "show", CHILD).stdout
    rows = [line for line in shown.splitlines() if "Sep 2026" in line or "Nov 2026" in line]
    escalate_row = next(line for line in rows if "10 Sep 2026" in line)
    step_down_row = next(line for line in rows if "2 Nov 2026" in line and "step-down" in line)
    assert "No SEN provision → Early Years Action" in escalate_row
    assert "School Action → No SEN provision" in step_down_row


def test_update_setting_without_a_date_starts_today(run, amira):
    ok(run, "update", CHILD, "--school", "Oak Tree Nursery")
    spell = load(amira)["settings"][-1]
    assert (str(spell["date"]), spell["setting"], spell["school"]) == ("2026-11-22", "early-years", "Oak Tree Nursery")


def test_update_with_nothing_new_writes_nothing(run, amira):
    before = amira.read_bytes()
    result = ok(run, "update", CHILD, "--senco", "Ms R. Evans")
    assert result.stderr == "amira-khan: nothing changed.\n"
    assert amira.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--setting", "primary", "--date", "2026-08-01"), 3, "--date 1 Aug 2026 is before the current setting began"),
        (("--setting", "primary", "--date", "2026-11-23"), 2, "--date: 2026-11-23 is in the future"),
        (("--add-parent", "sara khan"), 3, "sara khan is already a parent or carer on the case"),
        (("--remove-concern", "biting"), 1, "no concern 'biting' on the case"),
        (("--remove-diagnosis", "autism"), 1, "no diagnosis 'autism' on the case"),
        (("--name", " "), 2, "--name: Value error, must not be blank"),
        (("--senco", "Ms\x07Evans"), 2, "--senco:"),
    ],
)
def test_update_refusals(run, amira, args, code, message):
    refused(run, amira, code, ("update", CHILD, *args), message)


def test_update_of_an_unknown_setting_is_a_usage_error(run, amira):
    before = amira.read_bytes()
    assert run("update", CHILD, "--setting", "college").exit_code == 2
    assert amira.read_bytes() == before


# leave ----------------------------------------------------------------------------------------------


def test_leave_keeps_the_record_and_drops_it_from_list(run, amira_action, cases_dir):
    ok(run, "new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "primary", "--school", "Hill")
    result = ok(run, "leave", CHILD, "--date", "2026-11-01", "--reason", "Moved out of the area")
    assert result.stderr == "amira-khan: marked as left; the record is kept.\n"
    left = load(amira_action)["left"]
    assert (str(left["date"]), left["reason"]) == ("2026-11-01", "Moved out of the area")
    assert [r["id"] for r in json.loads(ok(run, "list", "--json").stdout)] == ["bea-jones"]
    rows = json.loads(ok(run, "list", "--json", "--all").stdout)
    assert [(r["id"], r["left"]) for r in rows] == [(CHILD, "2026-11-01"), ("bea-jones", None)]
    assert "Amira Khan" not in ok(run, "list").stdout
    table = ok(run, "list", "--all").stdout
    assert "Amira Khan" in table and "(left)" in table
    assert "Left" in ok(run, "show", CHILD).stdout


def test_a_child_who_left_cannot_be_changed(run, amira_action):
    ok(run, "leave", CHILD, "--date", "2026-11-01", "--reason", "Moved out of the area")
    closed = "Amira Khan left on 1 Nov 2026; the record is closed and kept as it is"
    for args in [
        ("consult", CHILD, "--date", "2026-11-02", "--with", "Sara Khan", "--method", "phone", "--summary", "s"),
        ("step-down", CHILD, "--to", "none", "--date", "2026-11-02", "--reason", "r"),
        ("update", CHILD, "--senco", "Mr B. Lewis"),
        ("professional", "add", CHILD, "--role", "paediatrician", "--name", "Dr L. Moss", "--requested", "2026-11-02"),
        ("leave", CHILD, "--date", "2026-11-03", "--reason", "Again"),
    ]:
        refused(run, amira_action, 3, args, closed)


def test_leave_refusals(run, amira_action):
    refused(run, amira_action, 3, ("leave", CHILD, "--date", "2026-09-09", "--reason", "r"),
            "--date 9 Sep 2026 is before the last entry on the record "
            "(the escalate entry in the history, 10 Sep 2026)")  # fmt: skip
    refused(run, amira_action, 2, ("leave", CHILD, "--date", "2026-11-01"), "missing option --reason")
    refused(run, amira_action, 2, ("leave", CHILD, "--date", "2026-11-30", "--reason", "r"), "is in the future")


@pytest.mark.parametrize(
    ("setup", "named"),
    [
        (("iep", "new", CHILD, "--start", "2026-09-10", "--target", "T", "--review-on", "2026-11-20"), None),
        (("professional", "add", CHILD, "--role", "speech-and-language-therapist", "--name", "Ms P. Rao",
          "--requested", "2026-10-05"), "the request for Ms P. Rao, 5 Oct 2026"),
        (("consult", CHILD, "--date", "2026-10-06", "--with", "Sara Khan", "--method", "phone", "--summary", "s"),
         "consultation 2, 6 Oct 2026"),
        (("update", CHILD, "--setting", "primary", "--school", "Hill Primary School", "--date", "2026-10-07"),
         "the move to Hill Primary School, 7 Oct 2026"),
        (("letter", CHILD, "--record", "--date", "2026-10-08"), "the meeting request letter, 8 Oct 2026"),
    ],
)  # fmt: skip
def test_leave_refuses_a_date_before_any_entry_on_the_record(run, amira_action, setup, named):
    ok(run, *setup)
    if named is None:  # an IEP reviewed on 3 Oct 2026
        ok(run, "iep", "review", CHILD, "--date", "2026-10-03", "--attended", "parent", "--outcome", "continue")
        named = "a review of IEP 1, 3 Oct 2026"
    refused(run, amira_action, 3, ("leave", CHILD, "--date", "2026-10-01", "--reason", "r"),
            f"--date 1 Oct 2026 is before the last entry on the record ({named})")  # fmt: skip
    ok(run, "leave", CHILD, "--date", "2026-11-01", "--reason", "Moved away")


def test_a_hand_edited_leaving_date_before_an_entry_is_reported(run, amira_action):
    ok(run, "iep", "new", CHILD, "--start", "2026-09-10", "--target", "T", "--review-on", "2026-11-20")
    ok(run, "leave", CHILD, "--date", "2026-11-01", "--reason", "Moved away")
    amira_action.write_text(amira_action.read_text().replace("date = 2026-11-01", "date = 2026-09-09"))
    result = run("show", CHILD)
    assert result.exit_code == 4, result
    assert "ieps[0].start: the start of IEP 1 (10 Sep 2026) is after the child left (9 Sep 2026)" in result.stderr
    assert "Traceback" not in result.stderr


# list / show ------------------------------------------------------------------------------------------


def test_list_of_an_empty_register(run, cases_dir):
    ok(run, "init", str(cases_dir.parent), "--name", "Hill Primary School")  # makes cases_dir (0700)
    result = ok(run, "list")
    assert "No children on the register here yet" in result.stderr
    assert json.loads(ok(run, "list", "--json").stdout) == []


@pytest.mark.parametrize("command", [("list",), ("list", "--no-index"), ("reviews", "--due"), ("validate",)])
def test_a_missing_cases_folder_is_an_error_not_an_empty_register(run, cases_dir, command):
    # An unmounted share or a typo in --cases-dir must never read as "nothing due".
    result = run(*command)
    assert result.exit_code == 1, result
    assert "does not exist" in result.stderr and "SENPATH_CASES_DIR" in result.stderr
    assert result.stdout == ""
    assert not cases_dir.exists()


def test_a_cases_folder_that_is_a_file_is_a_usage_error(run, cases_dir):
    cases_dir.write_text("not a folder")
    result = run("reviews", "--due")
    assert result.exit_code == 2, result
    assert "is not a folder" in result.stderr


def test_a_failed_change_creates_nothing(run, tmp_path):
    target = tmp_path / "typo" / "deep" / "cases"
    result = run("--cases-dir", str(target), "consult", "amira-khan", "--date", "2026-11-20",
                 "--with", "Sara Khan", "--method", "phone", "--summary", "x")  # fmt: skip
    assert result.exit_code == 1
    assert not (tmp_path / "typo").exists()


def test_list_table(run, amira_action):
    out = ok(run, "list").stdout
    for text in ["amira-khan", "Amira Khan", "early-years", "Early Years Action", "Ms R. Evans", "10 Sep 2026"]:
        assert text in out


def test_list_json_keys(run, amira_action):
    (row,) = json.loads(ok(run, "list", "--json").stdout)
    assert row == {
        "id": CHILD,
        "name": "Amira Khan",
        "setting": "early-years",
        "school": "Little Acorns Nursery",
        "framework": "england-2001",
        "stage": "action",
        "stage_name": "Early Years Action",
        "census": "A",
        "senco": "Ms R. Evans",
        "since": "2026-09-10",
        "left": None,
        "known_as": None,
        "dob": "2021-05-14",
        "year_group": "Year 1",  # aged 5 on 31 August 2026
        "year_group_override": None,
        "primary_need": None,
        "secondary_needs": [],
        "upn": None,
        "looked_after": False,
        "parents": ["Sara Khan"],
    }


def test_list_shows_the_good_cases_and_names_the_bad_file(run, amira, cases_dir):
    (cases_dir / "bea-jones.toml").write_text('schema_version = 1\nid = "bea-jones"\nname = "Bea Jones"\n')
    result = run("list", "--json")
    assert result.exit_code == 4
    assert [r["id"] for r in json.loads(result.stdout)] == [CHILD]
    assert "bea-jones.toml: dob: missing: this key is required" in result.stderr
    assert "1 case file(s) could not be read; the others are shown" in result.stderr


def test_list_uses_the_cases_dir_option(run, amira, tmp_path):
    other = tmp_path / "other"
    ok(run, "--cases-dir", str(other), "new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting",
       "primary", "--school", "Hill")  # fmt: skip
    assert (other / "bea-jones.toml").exists()
    assert [r["id"] for r in json.loads(ok(run, "--cases-dir", str(other), "list", "--json").stdout)] == ["bea-jones"]
    assert [r["id"] for r in json.loads(ok(run, "list", "--json").stdout)] == [CHILD]


def test_show_the_whole_record(run, amira_action):
    ok(run, "professional", "add", CHILD, "--role", "paediatrician", "--name", "Dr L. Moss", "--requested",
       "2026-11-01", "--seen", "2026-11-05", "--advice", "Hearing test")  # fmt: skip
    out = ok(run, "show", CHILD).stdout
    for text in [
        "Amira Khan (amira-khan)",
        "14 May 2021",
        "Little Acorns Nursery",
        "Early Years Action since 10 Sep 2026",
        "Mrs J. Patel",
        "Ms R. Evans",
        "Sara Khan",
        "slow progress in speech",
        "Developmental language disorder",
        "Stage timeline",
        "Speech well behind peers",
        "Consultations with parents",
        "Agreed extra small-group support",
        "Professionals",
        "Dr L. Moss",
        "Hearing test",
    ]:
        assert text in out, text


def test_show_json_is_the_whole_record(run, amira_action):
    shown = json.loads(ok(run, "show", CHILD, "--json").stdout)
    on_disk = json.loads(json.dumps(load(amira_action), default=str))
    assert shown == on_disk
    assert shown["history"][0]["from"] == "none"
    assert shown["dob"] == "2021-05-14"


@pytest.mark.parametrize(("child", "code", "message"), [
    ("bea-jones", 1, "no child 'bea-jones'"),
    ("../amira-khan", 2, "child id '../amira-khan' must be a lower-case slug"),
    ("Amira-Khan", 2, "must be a lower-case slug"),
])  # fmt: skip
def test_show_refusals(run, amira, child, code, message):
    result = run("show", child)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_show_an_invalid_file_names_the_field(run, amira):
    amira.write_text(amira.read_text().replace('setting = "early-years"', 'setting = "college"'))
    result = run("show", CHILD)
    assert result.exit_code == 4
    assert "amira-khan.toml: settings[0].setting: Input should be" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_refuses_a_symlink(run, amira, tmp_path):
    target = tmp_path / "elsewhere.toml"
    amira.rename(target)
    amira.symlink_to(target)
    result = run("show", CHILD)
    assert result.exit_code == 4
    assert "amira-khan.toml: is a symbolic link" in result.stderr


def test_a_change_to_a_symlinked_file_is_refused(run, amira, tmp_path):
    target = tmp_path / "elsewhere.toml"
    amira.rename(target)
    amira.symlink_to(target)
    before = target.read_bytes()
    result = run("update", CHILD, "--senco", "Mr B. Lewis")
    assert result.exit_code == 4
    assert target.read_bytes() == before
    assert amira.is_symlink()


# SENPATH_TODAY ------------------------------------------------------------------------------------


def test_senpath_today_is_honoured(run, amira, monkeypatch):
    monkeypatch.setenv("SENPATH_TODAY", "2026-09-09")
    consult(run, "2026-09-08")
    args = ("escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e")
    refused(run, amira, 2, args, "--date: 2026-09-10 is in the future (today is 2026-09-09)")
    ok(run, "new-child", "--name", "Bea Jones", "--dob", "2019-02-03", "--setting", "primary", "--school", "Hill")
    assert str(load(amira.parent / "bea-jones.toml")["opened"]) == "2026-09-09"


def test_an_earlier_senpath_today_does_not_make_records_invalid(run, amira_action, monkeypatch):
    monkeypatch.setenv("SENPATH_TODAY", "2026-01-01")
    assert ok(run, "show", CHILD).stdout
    assert json.loads(ok(run, "list", "--json").stdout)[0]["stage"] == "action"


def test_a_bad_senpath_today_is_a_usage_error(run, amira, monkeypatch):
    monkeypatch.setenv("SENPATH_TODAY", "next tuesday")
    args = ("consult", CHILD, "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting", "--summary", "s")
    refused(run, amira, 2, args, "SENPATH_TODAY='next tuesday' is not a date")


# The whole journey ------------------------------------------------------------------------------------


def test_a_full_journey_to_a_statement(run, amira):
    steps = [
        ("consult", CHILD, "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting", "--summary",
         "Agreed extra small-group support", "--parent-views", "Happy to try it"),
        ("escalate", CHILD, "--to", "action", "--date", "2026-09-10", "--reason", "Speech well behind peers",
         "--evidence", "Speech checklist: 12 of 40 sounds at 3y4m"),
        ("professional", "add", CHILD, "--role", "speech-and-language-therapist", "--name", "Ms T. Okafor",
         "--requested", "2026-09-20", "--seen", "2026-09-25", "--advice", "Daily modelling of 2-3 word phrases"),
        ("consult", CHILD, "--date", "2026-09-28", "--with", "Sara Khan", "--method", "phone", "--summary",
         "Outside advice"),
        ("escalate", CHILD, "--to", "action-plus", "--date", "2026-09-30", "--reason", "Little progress at Action",
         "--evidence", "IEP review: 1 of 4 targets met"),
        ("consult", CHILD, "--date", "2026-10-05", "--with", "Sara Khan", "--method", "meeting", "--summary",
         "Speech improving"),
        ("step-down", CHILD, "--to", "action", "--date", "2026-10-06", "--reason", "Speech targets met"),
        ("escalate", CHILD, "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2026-10-10"),
        ("assessment", CHILD, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-10-20"),
        ("assessment", CHILD, "--milestone", "assessment", "--date", "2026-10-30"),
        ("assessment", CHILD, "--milestone", "proposed-statement", "--outcome", "statement", "--date", "2026-11-05"),
        ("assessment", CHILD, "--milestone", "final-statement", "--date", "2026-11-15"),
    ]  # fmt: skip
    for step in steps:
        ok(run, *step)
    data = load(amira)
    assert [(e["event"], e["to"]) for e in data["history"]] == [
        ("escalate", "action"),
        ("escalate", "action-plus"),
        ("step-down", "action"),
        ("request-assessment", "statutory-assessment"),
        ("assessment-decision", "statutory-assessment"),
        ("assessment", "statutory-assessment"),
        ("proposed-statement", "statutory-assessment"),
        ("final-statement", "statement"),
    ]
    assert [e.get("consultation") for e in data["history"]] == [1, 2, 3, 4, None, None, None, None]
    assert len(data["consultations"]) == 4
    (row,) = json.loads(ok(run, "list", "--json").stdout)
    assert (row["stage"], row["stage_name"], row["since"]) == ("statement", "Statement of SEN", "2026-11-15")
    assert "Statement of SEN since 15 Nov 2026" in ok(run, "show", CHILD).stdout
