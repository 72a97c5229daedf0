"""The IEP commands, annual-review and `senpath reviews` through the CLI. Fictional names only.

Today is 22 Nov 2026 (conftest); Amira is at Early Years Action from 10 Sep 2026.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

IEP = [
    "iep", "new", "amira-khan", "--start", "2026-09-10",
    "--target", "Uses 3-word phrases at snack time", "--target", "Takes turns in a 2-child game",
    "--strategy", "Visual timetable", "--provision", "Small-group language session; Mrs Hale (TA); 3 x 20 min a week",
    "--home", "Name 5 objects at bath time", "--monitoring", "Weekly TA notes; checked by SENCO each half term",
]  # fmt: skip


def ok(result):
    assert result.exit_code == 0, result
    return result


def refused(result, code=3):
    assert result.exit_code == code, result
    assert result.stderr.startswith("senpath: ") or "Error: Invalid value" in result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def amira_iep(run, amira_action: Path) -> Path:
    ok(run(*IEP, "--review-on", "2026-11-25"))
    return amira_action


def other_child(
    run, child_id="oliver-bennett", name="Oliver Bennett", senco="Mrs A. Grant", school="Hill Primary School"
):
    ok(run("new-child", "--id", child_id, "--name", name, "--dob", "2018-02-03", "--setting", "primary",
           "--school", school, "--senco", senco, "--parent", "Claire Bennett", "--opened", "2026-09-07"))  # fmt: skip
    ok(run("consult", child_id, "--date", "2026-09-14", "--with", "Claire Bennett", "--method", "meeting",
           "--summary", "Agreed daily reading support"))  # fmt: skip
    ok(run("escalate", child_id, "--to", "action", "--date", "2026-09-21", "--reason", "Reading behind",
           "--evidence", "Reading test"))  # fmt: skip


# --- iep new / review / show ------------------------------------------------------


def test_iep_new_and_show(run, amira_action):
    result = ok(run(*IEP, "--review-on", "2026-12-03"))
    assert "IEP 1 from 10 Sep 2026 recorded; review by 3 Dec 2026" in result.stderr
    text = amira_action.read_text()
    assert "[[ieps]]" in text and 'how_often = "3 x 20 min a week"' in text
    shown = ok(run("iep", "show", "amira-khan"))
    for words in ("IEP 1", "(current)", "Uses 3-word phrases at snack time", "Mrs Hale (TA)", "3 Dec 2026",
                  "due in 11 days", "Weekly TA notes", "Name 5 objects at bath time", "No reviews yet"):  # fmt: skip
        assert words in shown.stdout, words
    assert "\x1b[" not in shown.stdout


def test_iep_new_default_review_is_12_weeks_on(run, amira_action):
    ok(run(*IEP))
    data = json.loads(ok(run("iep", "show", "amira-khan", "--json")).stdout)
    assert data["ieps"][0]["review_on"] == "2026-12-03"
    assert data["ieps"][0]["status"] == "current"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--review-on", "2027-01-11"], "more than 4 months"),
        (["--review-on", "2026-09-10"], "not after"),
    ],
)
def test_iep_new_refuses_a_review_date_the_code_does_not_allow(run, amira_action, args, message):
    before = amira_action.read_bytes()
    result = refused(run(*IEP, *args))
    assert message in result.stderr and "refused" in result.stderr
    assert amira_action.read_bytes() == before


def test_iep_new_refused_at_stage_none(run, amira):
    before = amira.read_bytes()
    result = refused(run("iep", "new", "amira-khan", "--start", "2026-09-10", "--target", "T"))
    assert "only a child at Action, Action Plus or above" in result.stderr
    assert amira.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--provision", "no semicolons"], "WHAT; WHO; HOW OFTEN"),
        (["--start", "2026-12-01"], "in the future"),
        (["--review-on", "soon"], "not a date"),
    ],
)
def test_iep_new_bad_input_exit_2(run, amira_action, args, message):
    before = amira_action.read_bytes()
    result = refused(run(*IEP, *args), code=2)
    assert message in result.stderr
    assert amira_action.read_bytes() == before


def test_iep_review_records_outcomes_and_flags_a_missing_parent(run, amira_iep):
    result = ok(run("iep", "review", "amira-khan", "--date", "2026-11-20", "--attended", "child",
                    "--attended", "senco", "--target-outcome", "1=met", "--target-outcome", "2=partly",
                    "--child-views", "Likes the games", "--outcome", "continue", "--next-review", "2027-02-10",
                    "--notes", "Good progress"))  # fmt: skip
    assert "next review 10 Feb 2027" in result.stderr
    assert "no parent attended" in result.stderr
    shown = ok(run("iep", "show", "amira-khan"))
    assert "PARENT NOT PRESENT" in shown.stdout
    assert "partly met" in shown.stdout and "child: Likes the" in shown.stdout
    rows = json.loads(ok(run("reviews", "--json")).stdout)
    assert [(r["kind"], r["due"]) for r in rows] == [("iep-review", "2027-02-10")]
    assert "parent not at last review" in rows[0]["notes"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--next-review", "2027-03-21"], 3, "more than 4 months"),
        (["--target-outcome", "3=met"], 3, "has 2 target(s)"),
        (["--date", "2026-09-01"], 3, "before IEP 1 started"),
        (["--target-outcome", "1=great"], 2, "NUMBER=OUTCOME"),
        (["--target-outcome", "1=met", "--target-outcome", "1=partly"], 2, "given twice"),
        (["--attended", "grandma"], 2, "--attended 'grandma'"),
        (["--outcome", "maybe"], 2, "maybe"),
    ],
)
def test_iep_review_refusals_write_nothing(run, amira_iep, args, code, message):
    base = {"--date": "2026-11-20", "--attended": "parent", "--outcome": "continue"}
    given = {a for a in args if a.startswith("--")}
    argv = ["iep", "review", "amira-khan", *args]
    for option, value in base.items():
        if option not in given:
            argv += [option, value]
    before = amira_iep.read_bytes()
    result = refused(run(*argv), code=code)
    assert message in result.stderr
    assert amira_iep.read_bytes() == before


def test_iep_review_without_an_iep(run, amira_action):
    before = amira_action.read_bytes()
    result = refused(run("iep", "review", "amira-khan", "--date", "2026-11-20", "--attended", "parent",
                         "--outcome", "continue"))  # fmt: skip
    assert "no IEP to review" in result.stderr and "senpath iep new amira-khan" in result.stderr
    assert amira_action.read_bytes() == before


def test_a_new_iep_supersedes_the_old_one_which_show_all_keeps(run, amira_iep):
    ok(run("iep", "new", "amira-khan", "--start", "2026-11-20", "--target", "Names 10 objects"))
    shown = ok(run("iep", "show", "amira-khan")).stdout
    assert "IEP 2" in shown and "Names 10 objects" in shown and "1 superseded IEP(s)" in shown
    assert "Uses 3-word phrases" not in shown
    everything = ok(run("iep", "show", "amira-khan", "--all")).stdout
    assert "superseded by IEP 2 on 20 Nov 2026" in everything and "Uses 3-word phrases" in everything
    rows = json.loads(ok(run("reviews", "--json")).stdout)
    assert [(r["kind"], r["ref"]) for r in rows] == [("iep-review", "iep-2")]


# --- escalate / step-down --evidence-from-review -------------------------------------


def test_escalate_cites_the_latest_review(run, amira_iep):
    ok(run("iep", "review", "amira-khan", "--date", "2026-11-20", "--attended", "parent",
           "--target-outcome", "1=not-met", "--outcome", "escalate"))  # fmt: skip
    ok(run("professional", "add", "amira-khan", "--role", "speech-and-language-therapist", "--name",
           "Ms T. Okafor", "--requested", "2026-11-01"))  # fmt: skip
    ok(run("consult", "amira-khan", "--date", "2026-11-21", "--with", "Sara Khan", "--method", "phone",
           "--summary", "Agreed Action Plus"))  # fmt: skip
    ok(run("escalate", "amira-khan", "--to", "action-plus", "--date", "2026-11-21", "--reason", "Little progress",
           "--evidence-from-review"))  # fmt: skip
    record = json.loads(ok(run("show", "amira-khan", "--json")).stdout)
    assert record["history"][-1]["evidence"] == [
        "IEP 1 review, 20 Nov 2026: target 1 not met, target 2 not recorded; agreed: escalate"
    ]
    # The move needs a new IEP; the old one stays current meanwhile.
    rows = json.loads(ok(run("reviews", "--json")).stdout)
    assert [(r["kind"], r["due"], r["days"]) for r in rows] == [
        ("new-iep", "2026-11-21", -1),
        ("iep-review", "2027-02-12", 82),
    ]


def test_step_down_refuses_a_review_that_agreed_to_escalate(run, amira_iep):
    ok(run("iep", "review", "amira-khan", "--date", "2026-11-20", "--attended", "parent", "--outcome", "escalate"))
    ok(run("consult", "amira-khan", "--date", "2026-11-21", "--with", "Sara Khan", "--method", "phone",
           "--summary", "Talked"))  # fmt: skip
    before = amira_iep.read_bytes()
    result = refused(run("step-down", "amira-khan", "--to", "none", "--date", "2026-11-21", "--reason", "r",
                         "--evidence-from-review"))  # fmt: skip
    assert "agreed to escalate, not to step-down" in result.stderr
    assert amira_iep.read_bytes() == before


def test_evidence_from_review_with_no_review(run, amira_action):
    before = amira_action.read_bytes()
    result = refused(run("step-down", "amira-khan", "--to", "none", "--date", "2026-11-21", "--reason", "r",
                         "--evidence-from-review"))  # fmt: skip
    assert "no IEP review" in result.stderr
    assert amira_action.read_bytes() == before


# --- annual-review ---------------------------------------------------------------------


def test_annual_review_refused_without_a_statement(run, amira_action):
    before = amira_action.read_bytes()
    result = refused(run("annual-review", "amira-khan", "--date", "2026-11-20", "--attended", "parent",
                         "--notes", "n"))  # fmt: skip
    assert "an annual review is of a statement" in result.stderr
    assert amira_action.read_bytes() == before


def make_statement(run, monkeypatch):
    """Zainab: statement made final 1 Jul 2025; born 22 Oct 2012, so Year 9 starts 1 Sep 2026."""
    monkeypatch.setenv("SENPATH_TODAY", "2025-07-01")
    ok(run("new-child", "--id", "zainab-okoro", "--name", "Zainab Okoro", "--dob", "2012-10-22",
           "--setting", "secondary", "--school", "Riverside Academy", "--senco", "Mr S. Hughes",
           "--parent", "Grace Okoro", "--opened", "2024-12-02"))  # fmt: skip
    ok(run("escalate", "zainab-okoro", "--to", "statutory-assessment", "--date", "2024-12-30",
           "--requested-by", "parent"))  # fmt: skip
    for milestone, outcome, day in [("assessment-decision", "assess", "2025-02-10"), ("assessment", None, "2025-04-14"),
                                    ("proposed-statement", "statement", "2025-04-28"),
                                    ("final-statement", None, "2025-07-01")]:  # fmt: skip
        ok(run("assessment", "zainab-okoro", "--milestone", milestone, "--date", day,
               *(["--outcome", outcome] if outcome else [])))  # fmt: skip
    monkeypatch.setenv("SENPATH_TODAY", "2026-11-22")


def test_annual_then_transition_review(run, monkeypatch, cases_dir):
    make_statement(run, monkeypatch)
    rows = json.loads(ok(run("reviews", "--json")).stdout)
    assert [(r["kind"], r["due"], r["days"]) for r in rows] == [("annual-review", "2026-07-01", -144)]
    table = ok(run("reviews", "--overdue")).stdout
    assert "OVERDUE" in table and "OVERDUE by 144 days" in table and "Annual review" in table
    result = ok(run("annual-review", "zainab-okoro", "--date", "2026-06-25", "--attended", "parent",
                    "--attended", "senco", "--notes", "Statement still right"))  # fmt: skip
    assert "annual review recorded (25 Jun 2026)" in result.stderr
    rows = json.loads(ok(run("reviews", "--json")).stdout)
    assert [(r["kind"], r["due"], r["ref"]) for r in rows] == [
        ("transition-review", "2027-06-25", "statement-2025-07-01")
    ]
    assert "Year 9" in ok(run("reviews", "--kind", "transition-review")).stdout
    assert "Annual reviews of the statement" in ok(run("iep", "show", "zainab-okoro")).stdout


def test_show_and_iep_show_flag_an_annual_review_without_a_parent(run, monkeypatch, cases_dir):
    make_statement(run, monkeypatch)
    ok(run("annual-review", "zainab-okoro", "--date", "2026-06-25", "--attended", "senco",
           "--notes", "Parent could not come"))  # fmt: skip
    for command in (("show", "zainab-okoro"), ("iep", "show", "zainab-okoro")):
        out = ok(run(*command)).stdout
        assert "Annual reviews of the statement" in out and "PARENT NOT PRESENT" in out


# --- senpath reviews ----------------------------------------------------------------------


def test_reviews_table_marks_overdue_in_words(run, amira_iep):
    other_child(run)  # Oliver: new IEP needed since 21 Sep 2026
    result = ok(run("reviews", "--due"))
    out = result.stdout
    assert "\x1b[" not in out
    assert "Overdue or due by 6 Dec 2026 (today 22 Nov 2026)" in out
    assert out.index("Oliver Bennett") < out.index("Amira Khan")  # overdue first
    for words in ("OVERDUE by 62 days", "New IEP needed", "IEP 1 review", "25 Nov 2026", "due in 3 days",
                  "Mrs A. Grant", "Ms R. Evans", "Early Years Action", "School Action", "Hill Primary",
                  "2 items, 1 overdue"):  # fmt: skip
        assert words in out, words


def test_reviews_without_due_lists_everything_and_within_implies_due(run, amira_action, monkeypatch):
    ok(run(*IEP, "--review-on", "2026-12-03"))
    assert "IEP 1 review" in ok(run("reviews")).stdout
    assert "Nothing overdue or due by 29 Nov 2026" in ok(run("reviews", "--within", "7")).stdout
    assert "IEP 1 review" in ok(run("reviews", "--within", "11")).stdout
    assert "Nothing overdue or due by 6 Dec 2026" not in ok(run("reviews", "--due")).stdout
    assert "Nothing overdue (today 22 Nov 2026)." in ok(run("reviews", "--overdue")).stdout


@pytest.mark.parametrize(
    ("review_on", "days", "when"),
    [("2026-11-22", 0, "due today"), ("2026-11-23", 1, "due in 1 day")],
)
def test_reviews_due_today_and_tomorrow(run, amira_action, review_on, days, when):
    ok(run(*IEP, "--review-on", review_on))
    (row,) = json.loads(ok(run("reviews", "--due", "--json")).stdout)
    assert row["days"] == days and row["overdue"] is False
    assert when in ok(run("reviews", "--due")).stdout
    assert "Nothing overdue" in ok(run("reviews", "--overdue")).stdout


def test_reviews_due_yesterday_is_overdue(run, amira_action, monkeypatch):
    ok(run(*IEP, "--review-on", "2026-11-21"))
    (row,) = json.loads(ok(run("reviews", "--overdue", "--json")).stdout)
    assert row["days"] == -1 and row["overdue"] is True
    assert "OVERDUE by 1 day" in ok(run("reviews", "--overdue")).stdout


def test_reviews_json_keys(run, amira_action):
    (row,) = json.loads(ok(run("reviews", "--due", "--json")).stdout)
    assert row["id"] == "amira-khan"
    assert row["name"] == "Amira Khan"
    assert row["stage"] == "action"
    assert row["stage_name"] == "Early Years Action"
    assert row["kind"] == "new-iep"
    assert row["due"] == "2026-09-10"
    assert row["days"] == -73
    assert row["senco"] == "Ms R. Evans"
    assert row["uid"] == "amira-khan.new-iep.history-1@senpath"


def test_reviews_filters(run, amira_iep):
    other_child(run)
    ids = lambda *a: [r["id"] for r in json.loads(ok(run("reviews", "--json", *a)).stdout)]  # noqa: E731
    assert ids("--senco", "grant") == ["oliver-bennett"]
    assert ids("--school", "little acorns") == ["amira-khan"]
    assert ids("--kind", "iep-review") == ["amira-khan"]
    assert ids("--kind", "annual-review") == []
    # A SENCO with children but nothing due is "nothing due"; a name that matches no child is an error.
    assert (
        'Nothing overdue or due by 6 Dec 2026 for SENCO "Mrs Evans"'
        in ok(run("reviews", "--due", "--senco", "Mrs Evans", "--kind", "annual-review")).stdout
    )
    nobody = refused(run("reviews", "--due", "--senco", "Nobody"), code=2)
    assert nobody.stdout == "" and "SENCOs on the register: Mrs A. Grant, Ms R. Evans" in nobody.stderr
    refused(run("reviews", "--kind", "lunch"), code=2)
    refused(run("reviews", "--within", "-1"), code=2)


def test_reviews_with_no_cases_says_so(run, cases_dir):
    # An empty register made by senpath init (a missing or unmade folder is an error: test_register)
    ok(run("init", str(cases_dir.parent), "--name", "Little Acorns Nursery"))
    result = ok(run("reviews", "--due"))
    assert result.stdout == "Nothing overdue or due by 6 Dec 2026 (today 22 Nov 2026).\n"
    assert ok(run("reviews", "--json")).stdout.strip() == "[]"


def test_a_child_who_has_left_shows_nothing(run, amira_iep):
    ok(run("leave", "amira-khan", "--date", "2026-11-21", "--reason", "Moved out of the area"))
    assert "No open reviews or deadlines" in ok(run("reviews")).stdout


def test_statutory_deadline_at_the_6_week_mark(run, amira):
    ok(
        run(
            "escalate", "amira-khan", "--to", "statutory-assessment", "--date", "2026-10-11", "--requested-by", "parent"
        )
    )
    (row,) = json.loads(ok(run("reviews", "--due", "--json")).stdout)
    assert (row["kind"], row["due"], row["days"]) == ("assessment-decision", "2026-11-22", 0)
    assert row["stage_name"] == "Statutory assessment"
    ok(run("assessment", "amira-khan", "--milestone", "assessment-decision", "--outcome", "assess",
           "--date", "2026-11-22"))  # fmt: skip
    (row,) = json.loads(ok(run("reviews", "--json")).stdout)
    assert (row["kind"], row["due"]) == ("assessment", "2027-01-31")


# --- iCalendar -------------------------------------------------------------------------------


def test_reviews_ics_is_parsed_back(run, amira_iep, tmp_path):
    from icalendar import Calendar

    other_child(run)
    target = tmp_path / "due.ics"
    result = ok(run("reviews", "--due", "--ics", str(target)))
    assert "Wrote 2 event(s)" in result.stderr
    assert "OVERDUE" in result.stdout
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    got = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events}
    from datetime import date

    assert got == {
        "oliver-bennett.new-iep.history-1@senpath": (date(2026, 9, 21), "Oliver Bennett: New IEP needed"),
        "amira-khan.iep-review.iep-1@senpath": (date(2026, 11, 25), "Amira Khan: IEP 1 review"),
    }
    # A review moves the date; the event keeps its UID, so a re-import updates it.
    ok(run("iep", "review", "amira-khan", "--date", "2026-11-22", "--attended", "parent", "--outcome", "continue"))
    ok(run("reviews", "--ics", str(target), "--kind", "iep-review"))
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == "amira-khan.iep-review.iep-1@senpath"
    assert event.decoded("DTSTART") == date(2027, 2, 14)


@pytest.mark.parametrize("name", ["due.txt", "cases/amira-khan.toml", "missing-folder/due.ics"])
def test_reviews_ics_refuses_other_paths(run, amira_action, name):
    before = amira_action.read_bytes()
    result = refused(run("reviews", "--ics", name), code=2)
    assert "--ics" in result.stderr
    assert amira_action.read_bytes() == before
    assert not Path(name).exists() or name.endswith(".toml")


# --- bad files ----------------------------------------------------------------------------------


def test_one_corrupt_file_among_good_ones(run, amira_iep, cases_dir):
    other_child(run)
    (cases_dir / "broken-child.toml").write_text("schema_version = 1\nid = [\n")
    result = run("reviews", "--due")
    assert result.exit_code == 4, result
    assert "Amira Khan" in result.stdout and "Oliver Bennett" in result.stdout
    assert "broken-child.toml" in result.stderr and "not valid TOML" in result.stderr
    result = run("reviews", "--json")
    assert result.exit_code == 4
    assert {r["id"] for r in json.loads(result.stdout)} == {"amira-khan", "oliver-bennett"}


def test_a_hand_edited_iep_that_breaks_the_interval_is_reported(run, amira_iep):
    amira_iep.write_text(amira_iep.read_text().replace("review_on = 2026-11-25", "review_on = 2027-06-01"))
    result = run("reviews")
    assert result.exit_code == 4
    assert "amira-khan.toml: ieps[0].review_on: " in result.stderr and "more than 4 months" in result.stderr
    assert run("iep", "show", "amira-khan").exit_code == 4


def test_a_date_out_of_range_in_one_file_is_reported_and_the_others_shown(run, amira_iep, cases_dir):
    other_child(run)
    path = cases_dir / "oliver-bennett.toml"
    ok(run("iep", "new", "oliver-bennett", "--start", "2026-09-21", "--target", "Reads 20 words"))
    path.write_text(path.read_text().replace("start = 2026-09-21", "start = 9999-10-31"))
    for args in (("list",), ("reviews",), ("reviews", "--due")):
        result = run(*args)
        assert result.exit_code == 4, result
        assert "Amira Khan" in result.stdout and "Oliver Bennett" not in result.stdout
        assert "oliver-bennett.toml" in result.stderr and "between 1900-01-01 and 2199-12-31" in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    result = run("show", "oliver-bennett")
    assert result.exit_code == 4 and "between 1900-01-01 and 2199-12-31" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("days", ["-1", "3651", "99999999999"])
def test_reviews_within_is_bounded(run, amira_iep, days):
    result = run("reviews", "--within", days)
    assert result.exit_code == 2, result
    assert "--within" in result.stderr and "Traceback" not in result.stderr


def test_reviews_within_ten_years_is_allowed(run, amira_iep):
    ok(run("reviews", "--within", "3650"))


@pytest.mark.parametrize("spec", ["²=met", "١=met", "1²=met"])
def test_iep_review_target_number_must_be_ascii_digits(run, amira_iep, spec):
    before = amira_iep.read_bytes()
    result = run("iep", "review", "amira-khan", "--date", "2026-11-20", "--attended", "parent",
                 "--outcome", "continue", "--target-outcome", spec)  # fmt: skip
    refused(result, code=2)
    assert "--target-outcome" in result.stderr
    assert amira_iep.read_bytes() == before


@pytest.mark.parametrize("day", ["9999-10-31", "1899-12-31", "2200-01-01"])
def test_input_dates_out_of_range_are_usage_errors(run, amira_action, day):
    before = amira_action.read_bytes()
    result = refused(run("iep", "new", "amira-khan", "--start", day, "--target", "T"), code=2)
    assert f"--start: {day} is out of range" in result.stderr and "between 1900-01-01 and 2199-12-31" in result.stderr
    assert amira_action.read_bytes() == before


# --- entries on the day of a move -----------------------------------------------------------


def test_step_down_on_the_day_an_iep_starts(run, amira_action):
    ok(run("consult", "amira-khan", "--date", "2026-11-01", "--with", "Sara Khan", "--method", "phone",
           "--summary", "Agreed to stop the extra help"))  # fmt: skip
    ok(run("iep", "new", "amira-khan", "--start", "2026-11-02", "--target", "T"))
    ok(run("step-down", "amira-khan", "--to", "none", "--date", "2026-11-02", "--reason", "Caught up"))
    assert ok(run("show", "amira-khan")).exit_code == 0
    assert json.loads(ok(run("reviews", "--json")).stdout) == []


def test_cease_on_the_day_of_the_last_annual_review(run, cases_dir):
    from datetime import date, timedelta

    from senpath.changes import add_consultation, new_case
    from senpath.checked import Store
    from senpath.ieps import record_annual_review
    from senpath.stages import advance, record_milestone

    request = date(2025, 6, 2)
    c = new_case(child_id="tom-gallagher", name="Tom Gallagher", dob=date(2015, 5, 14), setting="primary",
                 school="Hill Primary School", opened=date(2025, 5, 1), parents=["Ann Gallagher"])  # fmt: skip
    c = advance(c, to="statutory-assessment", on=request, requested_by="parent")
    for milestone, weeks, outcome in (("assessment-decision", 6, "assess"), ("assessment", 16, None),
                                      ("proposed-statement", 18, "statement"), ("final-statement", 26, None)):  # fmt: skip
        c = record_milestone(c, milestone=milestone, on=request + timedelta(weeks=weeks), outcome=outcome)  # type: ignore[arg-type]
    c = add_consultation(c, on=date(2026, 11, 10), with_=["Ann Gallagher"], method="meeting", summary="Agreed")
    c = record_annual_review(c, on=date(2026, 11, 12), attended=["parent"])
    path = Store(cases_dir).create(c)
    ok(run("cease", "tom-gallagher", "--to", "action-plus", "--date", "2026-11-12", "--reason", "Needs met in school"))
    assert ok(run("show", "tom-gallagher")).exit_code == 0
    assert 'to = "action-plus"' in path.read_text()
