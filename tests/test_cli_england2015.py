"""England's SEND Code (2015) through the CLI (issue 13, "Done means"): a child's whole journey
with the right names, census codes and due dates (each worked out by hand in a comment), a
refusal with its appeal deadline, an exception shown instead of OVERDUE, and a converted 2001
case in the same register and due list."""

from __future__ import annotations

import json

import pytest

ZOE = [
    "new-child", "--name", "Zoë O'Neill", "--dob", "2015-10-20", "--setting", "primary",
    "--school", "Marsh Lane Primary School", "--parent", "Siobhán O'Neill", "--head-teacher", "Mrs Ruth Kowalczyk",
    "--framework", "england-2015", "--opened", "2025-09-03",
]  # fmt: skip


@pytest.fixture
def day(monkeypatch):
    """Move senpath's "today" on, as the journey's time passes."""

    def _set(iso: str) -> None:
        monkeypatch.setenv("SENPATH_TODAY", iso)

    return _set


def ok(run, *args):
    result = run(*args)
    assert result.exit_code == 0, (args, result)
    return result


def due(run, child: str) -> dict[str, str]:
    """{kind: due date} of the child's open duties, as `senpath reviews --json` lists them."""
    found = json.loads(ok(run, "reviews", "--json").stdout)
    return {d["kind"]: d["due"] for d in found if d["id"] == child}


def listed(run, child: str) -> dict[str, str]:
    (row,) = [r for r in json.loads(ok(run, "list", "--json").stdout) if r["id"] == child]
    return row


def test_a_childs_whole_2015_journey(run, day):
    day("2025-09-03")
    ok(run, *ZOE)
    assert (listed(run, "zoe-oneill")["census"], listed(run, "zoe-oneill")["stage_name"]) == ("N", "No SEN")
    day("2025-09-15")
    ok(run, "consult", "zoe-oneill", "--date", "2025-09-10", "--with", "Siobhán O'Neill", "--method", "meeting",
       "--summary", "Agreed SEN Support for reading")  # fmt: skip
    moved = ok(run, "escalate", "zoe-oneill", "--to", "sen-support", "--date", "2025-09-15",
               "--reason", "Reading age 3 years behind", "--evidence", "Phonics screening: 12 of 40")  # fmt: skip
    assert "No SEN → SEN Support" in moved.stderr + moved.stdout
    assert listed(run, "zoe-oneill")["census"] == "K"
    day("2025-09-22")
    ok(run, "iep", "new", "zoe-oneill", "--start", "2025-09-22", "--target", "Read 20 high-frequency words")
    assert due(run, "zoe-oneill") == {"sen-support-plan-review": "2025-12-15"}  # 22 Sep + 12 weeks
    day("2025-12-10")
    ok(run, "iep", "review", "zoe-oneill", "--date", "2025-12-10", "--attended", "parent", "--target-outcome", "1=partly",
       "--outcome", "continue", "--next-review", "2026-03-10")  # fmt: skip

    day("2026-01-12")
    ok(
        run,
        "escalate",
        "zoe-oneill",
        "--to",
        "ehc-needs-assessment",
        "--requested-by",
        "parent",
        "--date",
        "2026-01-12",
    )
    row = listed(run, "zoe-oneill")
    assert (row["stage_name"], row["census"]) == ("EHC needs assessment", "K")  # the code before the request
    # reg 5(1): 12 Jan 2026 + 6 weeks = 23 Feb 2026
    assert due(run, "zoe-oneill")["assessment-decision"] == "2026-02-23"

    day("2026-02-20")
    ok(
        run,
        "assessment",
        "zoe-oneill",
        "--milestone",
        "assessment-decision",
        "--outcome",
        "assess",
        "--date",
        "2026-02-20",
    )
    found = due(run, "zoe-oneill")
    assert found["no-plan"] == "2026-05-04"  # reg 10(1): 12 Jan + 16 weeks (112 days)
    assert found["final-plan"] == "2026-06-01"  # reg 13(2): 12 Jan + 20 weeks (140 days)

    day("2026-05-11")
    ok(run, "assessment", "zoe-oneill", "--milestone", "draft-plan", "--date", "2026-05-11")
    found = due(run, "zoe-oneill")
    assert found["draft-plan-comments"] == "2026-05-25"  # reg 13(1): 15 days beginning with 11 May
    assert found["final-plan"] == "2026-06-01" and "no-plan" not in found

    day("2026-06-01")
    ok(run, "assessment", "zoe-oneill", "--milestone", "final-plan", "--date", "2026-06-01")
    row = listed(run, "zoe-oneill")
    assert (row["stage_name"], row["census"], row["framework"]) == ("EHC plan", "E", "england-2015")
    found = due(run, "zoe-oneill")
    assert found["annual-review"] == "2027-05-31"  # s.44(1): 12 months starting with 1 Jun 2026
    assert found["appeal"] == "2026-09-01"  # 1 Jun + 2 months = 1 Aug, in August -> Tue 1 Sep 2026
    assert found["phase-transfer"] == "2027-02-14"  # reg 18: Year 6 -> 7 in Sep 2027, before 15 Feb 2027
    shown = ok(run, "show", "zoe-oneill").stdout
    assert "EHC plan" in shown and "Census code" in shown

    day("2027-01-13")
    ok(
        run,
        "annual-review",
        "zoe-oneill",
        "--date",
        "2027-01-13",
        "--attended",
        "parent",
        "--notes",
        "Name a secondary",
    )
    found = due(run, "zoe-oneill")
    assert found["review-decision"] == "2027-02-10"  # 4 weeks after the meeting of 13 Jan 2027
    assert found["annual-review"] == "2028-01-12"  # 12 months starting with 13 Jan 2027
    day("2027-02-03")
    ok(run, "review-decision", "zoe-oneill", "--decision", "amend", "--date", "2027-02-03")
    # reg 22: 3 Feb + 8 weeks = 31 Mar 2027; 13 Jan + 12 weeks = 7 Apr 2027: the earlier
    assert due(run, "zoe-oneill")["amended-plan"] == "2027-03-31"
    day("2027-02-12")
    ok(run, "transfer", "zoe-oneill", "--transfer", "primary-to-secondary", "--year", "2027",
       "--school", "Castlebrook High School", "--done", "2027-02-12")  # fmt: skip
    assert due(run, "zoe-oneill")["phase-transfer"] == "2032-03-30"  # Year 11 -> post-16: before 31 Mar 2032
    day("2027-03-03")
    ok(run, "amended-plan", "zoe-oneill", "--date", "2027-03-03")
    found = due(run, "zoe-oneill")
    assert "amended-plan" not in found and found["appeal"] == "2027-05-03"  # 3 Mar + 2 months
    day("2027-04-20")
    ok(run, "mediation", "zoe-oneill", "--date", "2027-04-20")
    assert due(run, "zoe-oneill")["appeal"] == "2027-05-20"  # 1 month from the certificate, later

    history = ok(run, "history", "zoe-oneill").stdout
    for text in ("SEN Support → EHC needs assessment", "EHC needs assessment → EHC plan", "amended EHC plan issued"):
        assert text in history


RAVI = [
    "new-child", "--name", "Ravi Ní Bhriain", "--dob", "2016-04-02", "--setting", "primary",
    "--school", "Marsh Lane Primary School", "--parent", "Órla Ní Bhriain", "--framework", "england-2015",
    "--opened", "2026-05-01",
]  # fmt: skip


def test_a_refusal_gives_an_appeal_deadline_and_an_exception_replaces_overdue(run, day):
    day("2026-06-01")
    ok(run, *RAVI)
    ok(run, "escalate", "ravi-ni-bhriain", "--to", "ehc-needs-assessment", "--requested-by", "parent",
       "--date", "2026-06-01")  # fmt: skip
    day("2026-07-15")
    ok(run, "assessment", "ravi-ni-bhriain", "--milestone", "assessment-decision", "--outcome", "assess",
       "--date", "2026-07-10")  # fmt: skip
    ok(run, "exception", "ravi-ni-bhriain", "--milestone", "final-plan", "--date", "2026-07-15",
       "--reason", "reg 10(4)(a): school closed over the summer")  # fmt: skip
    bad = run("exception", "ravi-ni-bhriain", "--milestone", "draft-plan", "--date", "2026-07-15", "--reason", "x")
    assert bad.exit_code == 2 and "--milestone: 'draft-plan' has no exception" in bad.stderr
    day("2026-11-22")
    table = ok(run, "reviews").stdout
    # final plan: 1 Jun 2026 + 20 weeks = 19 Oct 2026, past on 22 Nov 2026 but excepted
    assert "exception recorded: reg 10(4)(a): school closed over the summer" in table
    # the no-plan notice (1 Jun + 16 weeks = 21 Sep 2026) has no exception: OVERDUE
    assert "OVERDUE" in table
    found = {d["kind"]: d for d in json.loads(ok(run, "reviews", "--json").stdout)}
    assert found["final-plan"]["due"] == "2026-10-19" and found["final-plan"]["overdue"] is False
    assert found["no-plan"]["due"] == "2026-09-21" and found["no-plan"]["overdue"] is True

    ok(run, *[a if a != "Ravi Ní Bhriain" else "Dawid Dawiśka" for a in RAVI])
    ok(run, "escalate", "dawid-dawiska", "--to", "ehc-needs-assessment", "--requested-by", "parent",
       "--date", "2026-10-05")  # fmt: skip
    ok(run, "assessment", "dawid-dawiska", "--milestone", "assessment-decision", "--outcome", "decline",
       "--date", "2026-10-30")  # fmt: skip
    row = listed(run, "dawid-dawiska")
    assert (row["stage_name"], row["census"]) == ("No SEN", "N")  # back to the stage before the request
    # 30 Oct 2026 + 2 months = 30 Dec 2026, in 25 Dec - 1 Jan: next working day in January, Mon 4 Jan 2027
    assert due(run, "dawid-dawiska") == {"appeal": "2027-01-04"}


def test_a_converted_2001_case_and_a_new_2015_case_in_one_register_and_due_list(run, day, amira_action):
    day("2026-11-22")
    bad = run("convert", "amira-khan", "--framework", "northern-ireland-1998", "--date", "2026-11-02")
    assert bad.exit_code == 3 and "says nothing about records under england-2001" in bad.stderr
    result = ok(run, "convert", "amira-khan", "--framework", "england-2015", "--date", "2026-11-02")
    assert "converted to england-2015 on 2 Nov 2026: Early Years Action → SEN Support" in result.stderr + result.stdout
    row = listed(run, "amira-khan")
    assert (row["framework"], row["stage_name"], row["census"]) == ("england-2015", "SEN Support", "K")
    ok(run, *RAVI)
    ok(run, "escalate", "ravi-ni-bhriain", "--to", "ehc-needs-assessment", "--requested-by", "parent",
       "--date", "2026-11-09")  # fmt: skip
    every = [(d["id"], d["kind"], d["due"]) for d in json.loads(ok(run, "reviews", "--json").stdout)]
    assert ("amira-khan", "new-sen-support-plan", "2026-11-02") in every  # from the day of the conversion
    assert ("ravi-ni-bhriain", "assessment-decision", "2026-12-21") in every  # 9 Nov + 6 weeks
    history = ok(run, "history", "amira-khan").stdout
    assert "converted to england-2015: Early Years Action → SEN Support" in history
    assert "No SEN provision → Early Years Action" in history  # the earlier record, in 2001's words
    record = json.loads(ok(run, "show", "amira-khan", "--json").stdout)
    assert record["converted"][0]["history"][0]["to"] == "action"
    again = run("convert", "amira-khan", "--framework", "england-2015", "--date", "2026-11-03")
    assert again.exit_code == 3 and "already follows england-2015" in again.stderr


def test_show_lists_a_converted_records_earlier_steps_and_the_conversion(run, day, amira_action, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")  # one line per row
    day("2026-11-22")
    ok(run, "convert", "amira-khan", "--framework", "england-2015", "--date", "2026-11-02")
    shown = " ".join(ok(run, "show", "amira-khan").stdout.split())
    assert "converted from england-2001 (action) on 2 Nov 2026" in shown
    assert "No SEN provision → Early Years Action" in shown
    assert "converted to england-2015: Early Years Action → SEN Support" in shown
    ok(run, "iep", "new", "amira-khan", "--start", "2026-11-20", "--target", "Uses 3-word phrases")
    assert json.loads(ok(run, "reviews", "--json").stdout)[0]["kind"] == "sen-support-plan-review"


def test_frameworks_show_prints_the_2015_clocks_transfers_and_appeals(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    shown = ok(run, "frameworks", "show", "england-2015").stdout
    for text in ("SEN Support", "K", "no time limit of its own", "16 weeks from the request (only if it comes to that)",
                 "from Year 9 every review: consider preparing for adulthood", "After an annual review",
                 "8 weeks from the notice, 12 weeks from the meeting at most", "Phase transfers",
                 "set on the case", "Appeals to the SEND Tribunal", "next working day in January"):  # fmt: skip
        assert text in shown, text
    northern = ok(run, "frameworks", "show", "northern-ireland-1998").stdout
    assert "Appeals to" not in northern and "Phase transfers" not in northern
