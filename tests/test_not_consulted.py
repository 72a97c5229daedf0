"""`--not-consulted` on a move, as a parent recording what the school did uses it: never the
default, flagged by show, history, reviews and prep, warned about by validate (exit 0)."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.test_prep import ok

REFUSAL = (
    "the parents were not consulted on this escalate: no consultation with a parent since 3 Feb 2026 on or "
    "before 15 Sep 2026 that an earlier move has not relied on"
)


@pytest.fixture
def oliver(run, cases_dir):
    """Oliver Carter (2001 Code) at School Action from 3 Feb 2026; a psychologist asked on 1 Sep 2026."""
    ok(run, "new-child", "--name", "Oliver Carter", "--dob", "2018-05-04", "--setting", "primary",
       "--school", "Hillside Primary School", "--parent", "Helen Carter", "--opened", "2026-01-05")  # fmt: skip
    ok(run, "consult", "oliver-carter", "--date", "2026-02-01", "--with", "Helen Carter", "--method", "meeting",
       "--summary", "Agreed School Action")  # fmt: skip
    ok(run, "escalate", "oliver-carter", "--to", "action", "--date", "2026-02-03", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    ok(run, "professional", "add", "oliver-carter", "--role", "educational-psychologist", "--name", "Dr A. Shah",
       "--requested", "2026-09-01")  # fmt: skip
    return cases_dir / "oliver-carter.toml"


MOVE = ("escalate", "oliver-carter", "--to", "action-plus", "--date", "2026-09-15", "--reason", "Little progress",
        "--evidence", "No progress in a term")  # fmt: skip


def test_without_the_flag_the_move_is_refused_as_before(run, oliver):
    before = oliver.read_bytes()
    result = run(*MOVE)
    assert result.exit_code == 3
    assert REFUSAL in result.stderr
    assert "--not-consulted" not in result.stderr
    assert oliver.read_bytes() == before


def test_the_flag_records_the_move_marked_as_made_without_consulting(run, oliver):
    result = run(*MOVE, "--not-consulted")
    assert result.exit_code == 0, result
    assert "School Action → School Action Plus (parents not consulted) (15 Sep 2026)" in result.stdout + result.stderr
    entry = tomllib.loads(oliver.read_text(encoding="utf-8"))["history"][-1]
    assert entry["to"] == "action-plus"
    assert entry["not_consulted"] is True
    assert "consultation" not in entry
    earlier = tomllib.loads(oliver.read_text(encoding="utf-8"))["history"][0]
    assert "not_consulted" not in earlier  # never the default


def test_the_flag_with_a_consultation_is_refused(run, oliver):
    ok(run, "consult", "oliver-carter", "--date", "2026-09-10", "--with", "Helen Carter", "--method", "meeting",
       "--summary", "Talked about Action Plus")  # fmt: skip
    before = oliver.read_bytes()
    result = run(*MOVE, "--not-consulted", "--consultation", "2")
    assert result.exit_code == 2
    assert "--not-consulted" in result.stderr and "consultation 2" in result.stderr
    assert oliver.read_bytes() == before


def test_a_parents_own_request_cannot_be_not_consulted(run, oliver):
    before = oliver.read_bytes()
    result = run("escalate", "oliver-carter", "--to", "statutory-assessment", "--date", "2026-10-01",
                 "--requested-by", "parent", "--not-consulted")  # fmt: skip
    assert result.exit_code == 2
    assert "a parent's own request" in result.stderr
    assert oliver.read_bytes() == before


def test_show_history_reviews_validate_and_prep_flag_it(run, oliver):
    ok(run, *MOVE, "--not-consulted")
    show = ok(run, "show", "oliver-carter")
    assert "not consulted" in show
    assert "(parents not consulted)" in ok(run, "history", "oliver-carter")
    table = ok(run, "reviews", "--all")
    assert "New IEP needed (parents not consulted)" in table
    items = json.loads(ok(run, "reviews", "--all", "--json"))
    assert items and all(i["not_consulted"] == "2026-09-15" for i in items)
    result = run("validate")
    assert result.exit_code == 0
    assert (
        "warning: oliver-carter.toml: history[1] (escalate on 2026-09-15): recorded as made without consulting "
        "the parents"
    ) in result.stdout
    assert "all valid (1 warning)." in result.stdout
    report = json.loads(ok(run, "validate", "--json"))
    assert report["ok"] is True and len(report["files"][0]["warnings"]) == 1
    sheet = " ".join(ok(run, "prep", "oliver-carter").split())
    assert "You were not consulted before Oliver was moved to School Action Plus on 15 September 2026." in sheet


def test_reviews_json_without_it_is_null(run, oliver):
    items = json.loads(ok(run, "reviews", "--all", "--json"))
    assert items and all(i["not_consulted"] is None for i in items)
    assert "warning" not in ok(run, "validate")


def test_a_hand_edited_move_with_both_is_invalid(run, oliver):
    ok(run, *MOVE, "--not-consulted")
    text = oliver.read_text(encoding="utf-8").replace("not_consulted = true", "not_consulted = true\nconsultation = 1")
    oliver.write_text(text, encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 4
    assert "cannot also rely on consultation 1" in result.stdout


@pytest.fixture
def niamh(run, cases_dir):
    """Niamh Ní Bhriain (Northern Ireland, 1998 Code), entered at Stage 1 (since 1 Sep 2025)."""
    ok(run, "new-child", "--name", "Niamh Ní Bhriain", "--dob", "2016-03-14", "--setting", "primary",
       "--school", "St Brigid's Primary School", "--parent", "Órla Ní Bhriain", "--opened", "2026-09-01",
       "--framework", "northern-ireland-1998", "--stage", "stage-1", "--since", "2025-09-01")  # fmt: skip
    return cases_dir / "niamh-ni-bhriain.toml"


def test_ni_moves_up_and_down_without_consulting(run, niamh):
    up = ("escalate", "niamh-ni-bhriain", "--to", "stage-2", "--date", "2026-10-05", "--reason", "Slow progress",
          "--evidence", "Action plan targets not met")  # fmt: skip
    before = niamh.read_bytes()
    result = run(*up)
    assert result.exit_code == 3 and "the parents were not consulted" in result.stderr
    assert niamh.read_bytes() == before
    ok(run, *up, "--not-consulted")
    ok(run, "step-down", "niamh-ni-bhriain", "--to", "stage-1", "--date", "2026-11-16", "--reason", "Targets met",
       "--not-consulted")  # fmt: skip
    history = tomllib.loads(niamh.read_text(encoding="utf-8"))["history"]
    assert [(h["to"], h.get("not_consulted")) for h in history] == [("stage-2", True), ("stage-1", True)]
    sheet = " ".join(ok(run, "prep", "niamh-ni-bhriain").split())
    assert "You were not consulted before Niamh was moved to Stage 2 on 5 October 2026." in sheet
    assert "You were not consulted before Niamh was moved to Stage 1 on 16 November 2026." in sheet
    result = run("validate")
    assert result.exit_code == 0 and result.stdout.count("warning: niamh-ni-bhriain.toml") == 2
    assert "New action plan needed (parents not consulted)" in ok(run, "reviews", "--all")
