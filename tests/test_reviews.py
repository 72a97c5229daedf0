"""What is due (senpath.reviews): every rule at its edges, without the CLI. Fictional names only."""

from __future__ import annotations

from datetime import date, timedelta

from senpath.changes import add_consultation, leave, new_case
from senpath.ieps import new_iep, record_annual_review, review_iep
from senpath.models import Case
from senpath.reviews import Duty, duties, select, to_ics, to_json
from senpath.stages import advance, record_milestone
from senpath.vocab import Setting

MOVE = date(2026, 9, 10)
DAY = timedelta(days=1)


def make(
    setting: Setting = "early-years",
    opened: date = date(2026, 9, 1),
    dob: date = date(2021, 5, 14),
    child_id: str = "amira-khan",
) -> Case:
    return new_case(
        child_id=child_id,
        name=" ".join(w.capitalize() for w in child_id.split("-")),
        dob=dob,
        setting=setting,
        school="Little Acorns Nursery" if setting == "early-years" else "Hill Primary School",
        opened=opened,
        senco="Ms R. Evans",
        parents=["Sara Khan"],
    )


def consult(case: Case, on: date) -> Case:
    return add_consultation(case, on=on, with_=["Sara Khan"], method="meeting", summary="Agreed")


def at_action(on: date = MOVE, **kw: object) -> Case:
    return advance(consult(make(**kw), on - 2 * DAY), to="action", on=on, reason="r", evidence=["e"])  # type: ignore[arg-type]


def kinds(case: Case) -> list[tuple[str, date]]:
    return [(d.kind, d.due) for d in duties(case)]


# --- new IEP needed, IEP reviews ---------------------------------------------


def test_a_move_into_action_needs_a_new_iep_due_on_the_move_date():
    case = at_action()
    (duty,) = duties(case)
    assert (duty.kind, duty.due, duty.ref) == ("new-iep", MOVE, "history-1")
    assert duty.stage_name == "Early Years Action"
    assert duty.what == "New IEP needed"


def test_an_iep_started_on_the_move_date_closes_it_and_its_review_is_due():
    case = new_iep(at_action(), start=MOVE, targets=["T"], review_on=date(2026, 12, 3))
    assert kinds(case) == [("iep-review", date(2026, 12, 3))]
    assert duties(case)[0].ref == "iep-1"


def test_after_a_review_the_next_review_date_is_due():
    case = new_iep(at_action(), start=MOVE, targets=["T"])
    case = review_iep(case, on=date(2026, 12, 3), attended=["senco"], outcome="continue", next_review=date(2027, 3, 1))
    (duty,) = duties(case)
    assert (duty.kind, duty.due, duty.ref) == ("iep-review", date(2027, 3, 1), "iep-1")
    assert "parent not at last review" in duty.notes


def test_move_to_action_plus_needs_a_new_iep_and_the_old_one_stays_current():
    case = new_iep(at_action(), start=MOVE, targets=["T"], review_on=date(2026, 12, 3))
    case = case.model_copy(deep=True)
    from senpath.models import Professional

    case.professionals.append(Professional(role="educational-psychologist", name="Dr A. Shah", requested=MOVE))
    case = advance(consult(case, date(2026, 11, 1)), to="action-plus", on=date(2026, 11, 2), reason="r", evidence=["e"])
    assert kinds(case) == [("new-iep", date(2026, 11, 2)), ("iep-review", date(2026, 12, 3))]
    new_one = duties(case)[0]
    assert new_one.ref == "history-2"
    assert "IEP 1 stays current until the new one starts" in new_one.notes
    # An IEP that starts before the move does not count; one on or after it supersedes.
    assert ("new-iep", date(2026, 11, 2)) in kinds(new_iep(case, start=date(2026, 11, 1), targets=["T"]))
    superseded = new_iep(case, start=date(2026, 11, 2), targets=["T2"])
    assert kinds(superseded) == [("iep-review", date(2026, 11, 2) + timedelta(weeks=12))]
    assert duties(superseded)[0].ref == "iep-2"


def test_a_step_down_into_action_needs_a_new_iep_too():
    case = action_plus_case()
    case = advance(consult(case, date(2026, 11, 20)), to="action", on=date(2026, 11, 21), reason="Progress")
    assert ("new-iep", date(2026, 11, 21)) in kinds(case)


def action_plus_case() -> Case:
    from senpath.models import Professional

    case = new_iep(at_action(), start=MOVE, targets=["T"])
    case = case.model_copy(deep=True)
    case.professionals.append(Professional(role="educational-psychologist", name="Dr A. Shah", requested=MOVE))
    case = advance(consult(case, date(2026, 11, 1)), to="action-plus", on=date(2026, 11, 2), reason="r", evidence=["e"])
    return new_iep(case, start=date(2026, 11, 2), targets=["T2"])


def test_step_down_to_none_ends_the_iep_reviews():
    case = new_iep(at_action(), start=MOVE, targets=["T"])
    case = advance(consult(case, date(2026, 11, 1)), to="none", on=date(2026, 11, 2), reason="Targets met")
    assert duties(case) == []
    # Back at action later: a new IEP is needed; the lapsed one is not due for review.
    case = advance(consult(case, date(2027, 1, 4)), to="action", on=date(2027, 1, 5), reason="r", evidence=["e"])
    assert kinds(case) == [("new-iep", date(2027, 1, 5))]


def test_a_child_who_has_left_has_nothing_due():
    case = new_iep(at_action(), start=MOVE, targets=["T"])
    assert duties(case)
    assert duties(leave(case, on=date(2026, 11, 1), reason="Moved away")) == []


# --- statutory assessment ----------------------------------------------------


REQUEST = date(2026, 10, 11)


def requested(request: date = REQUEST) -> Case:
    return advance(
        make("primary", opened=date(2026, 9, 1)), to="statutory-assessment", on=request, requested_by="parent"
    )


def test_the_6_week_mark_for_the_decision_and_only_the_next_milestone_shows():
    case = requested()
    (duty,) = duties(case)
    assert (duty.kind, duty.due, duty.ref) == ("assessment-decision", date(2026, 11, 22), "assessment-2026-10-11")
    assert duty.due == REQUEST + timedelta(weeks=6)
    assert duty.days(date(2026, 11, 22)) == 0
    assert "requested 11 Oct 2026 by parent" in duty.notes
    assert "final statement by 11 Apr 2027 (26 weeks)" in duty.notes


def test_each_recorded_milestone_closes_it_and_opens_the_next():
    case = record_milestone(requested(), milestone="assessment-decision", on=date(2026, 11, 20), outcome="assess")
    assert kinds(case) == [("assessment", REQUEST + timedelta(weeks=16))]
    case = record_milestone(case, milestone="assessment", on=date(2027, 1, 20))
    assert kinds(case) == [("proposed-statement", REQUEST + timedelta(weeks=18))]
    case = record_milestone(case, milestone="proposed-statement", on=date(2027, 2, 10), outcome="statement")
    assert kinds(case) == [("final-statement", date(2027, 4, 11))]  # the 26-week mark
    assert duties(case)[0].due == REQUEST + timedelta(weeks=26)
    assert all(d.ref == "assessment-2026-10-11" for d in duties(case))
    case = record_milestone(case, milestone="final-statement", on=date(2027, 4, 1))
    assert kinds(case) == [("annual-review", date(2028, 4, 1))]


def test_a_declined_assessment_closes_the_deadlines():
    case = record_milestone(requested(), milestone="assessment-decision", on=date(2026, 11, 20), outcome="decline")
    assert duties(case) == []


def test_a_decline_back_to_action_needs_a_new_iep():
    case = new_iep(at_action(), start=MOVE, targets=["T"], review_on=date(2026, 12, 3))
    case = advance(case, to="statutory-assessment", on=REQUEST, requested_by="parent")
    assert kinds(case) == [("assessment-decision", date(2026, 11, 22)), ("iep-review", date(2026, 12, 3))]
    case = record_milestone(case, milestone="assessment-decision", on=date(2026, 11, 20), outcome="decline")
    assert kinds(case) == [("new-iep", date(2026, 11, 20)), ("iep-review", date(2026, 12, 3))]


# --- annual and transition reviews --------------------------------------------


def statement(final: date, dob: date = date(2015, 5, 14), child_id: str = "tom-gallagher") -> Case:
    request = final - timedelta(weeks=26)
    case = make("secondary", opened=request - 10 * DAY, dob=dob, child_id=child_id)
    case = advance(case, to="statutory-assessment", on=request, requested_by="parent")
    case = record_milestone(case, milestone="assessment-decision", on=request + timedelta(weeks=6), outcome="assess")
    case = record_milestone(case, milestone="assessment", on=request + timedelta(weeks=16))
    case = record_milestone(case, milestone="proposed-statement", on=request + timedelta(weeks=18), outcome="statement")
    return record_milestone(case, milestone="final-statement", on=final)


def test_annual_review_12_months_after_the_statement_then_after_the_last_review():
    case = statement(date(2026, 3, 1))
    (duty,) = duties(case)
    assert (duty.kind, duty.due, duty.ref) == ("annual-review", date(2027, 3, 1), "statement-2026-03-01")
    case = record_annual_review(case, on=date(2027, 2, 20), attended=["senco"])
    (duty,) = duties(case)
    assert (duty.kind, duty.due, duty.ref) == ("annual-review", date(2028, 2, 20), "statement-2026-03-01")
    assert "parent not at last annual review" in duty.notes


def test_annual_review_of_a_statement_made_on_29_february():
    case = statement(date(2028, 2, 29), dob=date(2019, 5, 14))
    assert kinds(case) == [("annual-review", date(2029, 2, 28))]


def test_transition_review_leap_day_birthday():
    # Born 29 Feb 2012: Year 9 starts 1 Sep 2025.
    leap = date(2012, 2, 29)
    on_the_day = statement(date(2024, 9, 1), dob=leap)
    assert kinds(on_the_day) == [("transition-review", date(2025, 9, 1))]
    (duty,) = duties(on_the_day)
    assert duty.what == "Transition review (Year 9)"
    assert any("Connexions" in n for n in duty.notes)
    day_before = statement(date(2024, 8, 31), dob=leap)
    assert kinds(day_before) == [("annual-review", date(2025, 8, 31))]
    # Held on 31 Aug 2025 (still Year 8): the next one is the transition review.
    held = record_annual_review(day_before, on=date(2025, 8, 31), attended=["parent"])
    assert kinds(held) == [("transition-review", date(2026, 8, 31))]
    # Once a review is held in Year 9, later ones are ordinary annual reviews.
    after = record_annual_review(held, on=date(2026, 7, 1), attended=["parent"])
    assert kinds(after) == [("annual-review", date(2027, 7, 1))]


def test_transition_review_autumn_birthday_is_a_year_later():
    # Born 2 Oct 2012 (Year 9 from 1 Sep 2026): a review due 1 Mar 2026 is not yet Year 9.
    case = statement(date(2025, 3, 1), dob=date(2012, 10, 2))
    assert kinds(case) == [("annual-review", date(2026, 3, 1))]
    case = record_annual_review(case, on=date(2026, 3, 1), attended=["parent"])
    assert kinds(case) == [("transition-review", date(2027, 3, 1))]


# --- select -----------------------------------------------------------------------


def duty(child_id: str, due: date, kind: str = "iep-review", senco: str | None = "Ms R. Evans") -> Duty:
    return Duty(
        id=child_id,
        name=child_id.title(),
        setting="primary",
        stage="action",
        stage_name="School Action",
        senco=senco,
        school="Hill Primary School",
        kind=kind,
        due=due,
        what="IEP 1 review",
        ref="iep-1",
        notes=(),
    )


TODAY = date(2026, 11, 22)


def test_select_due_today_tomorrow_yesterday():
    items = [duty("b", TODAY + DAY), duty("a", TODAY), duty("c", TODAY - DAY), duty("d", TODAY + 15 * DAY)]
    assert [d.id for d in select(items, TODAY)] == ["c", "a", "b", "d"]
    assert [d.id for d in select(items, TODAY, within=14)] == ["c", "a", "b"]
    assert [d.id for d in select(items, TODAY, within=1)] == ["c", "a", "b"]
    assert [d.id for d in select(items, TODAY, within=0)] == ["c", "a"]
    assert [d.id for d in select(items, TODAY, overdue_only=True)] == ["c"]
    assert [d.days(TODAY) for d in select(items, TODAY)] == [-1, 0, 1, 15]


def test_select_overdue_first_then_due_date_then_child():
    items = [duty("z", TODAY + DAY), duty("b", TODAY - 5 * DAY), duty("a", TODAY - 5 * DAY), duty("m", TODAY)]
    assert [d.id for d in select(items, TODAY)] == ["a", "b", "m", "z"]


def test_select_filters_by_senco_school_and_kind():
    items = [
        duty("a", TODAY, senco="Ms R. Evans"),
        duty("b", TODAY, senco="Mrs A. Grant", kind="new-iep"),
        duty("c", TODAY, senco=None),
    ]
    assert [d.id for d in select(items, TODAY, senco="evans")] == ["a"]
    assert [d.id for d in select(items, TODAY, senco="MRS  a. grant")] == ["b"]
    assert [d.id for d in select(items, TODAY, school="hill primary")] == ["a", "b", "c"]
    assert [d.id for d in select(items, TODAY, school="Riverside")] == []
    assert [d.id for d in select(items, TODAY, kind="new-iep")] == ["b"]


def test_to_json_keys_and_negative_days_when_overdue():
    data = to_json(duty("a", TODAY - 3 * DAY), TODAY)
    assert data["due"] == "2026-11-19"
    assert data["days"] == -3
    assert data["overdue"] is True
    assert {"id", "name", "stage", "kind", "due", "days", "senco"} <= set(data)


def test_ics_one_all_day_event_per_duty_with_a_uid_that_ignores_the_date():
    from icalendar import Calendar

    first = to_ics([duty("a", TODAY), duty("b", TODAY + DAY, kind="new-iep")])
    moved = to_ics([duty("a", TODAY + 30 * DAY)])
    events = Calendar.from_ical(first).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["a.iep-review.iep-1@senpath", "b.new-iep.iep-1@senpath"]
    assert [e.decoded("DTSTART") for e in events] == [TODAY, TODAY + DAY]
    assert [e.decoded("DTEND") for e in events] == [TODAY + DAY, TODAY + 2 * DAY]
    (again,) = Calendar.from_ical(moved).walk("VEVENT")
    assert str(again["UID"]) == str(events[0]["UID"])
    assert again.decoded("DTSTART") == TODAY + 30 * DAY


def test_an_annual_review_due_just_before_year_9_warns_it_may_be_the_transition_review():
    # Born 2 Oct 2012 (Year 9 from 1 Sep 2026): due 1 Mar 2026, still pending on 22 Nov 2026.
    case = statement(date(2025, 3, 1), dob=date(2012, 10, 2))
    (duty,) = duties(case)
    assert (duty.kind, duty.due) == ("annual-review", date(2026, 3, 1))
    assert duty.notes[0] == (
        "if held on or after 1 Sep 2026 (start of Year 9) this is the transition review: "
        "draw up the transition plan and invite the careers service (Connexions)"
    )
    # Due the day before Year 9 starts: still warned.
    assert "transition review" in duties(statement(date(2025, 8, 31), dob=date(2012, 10, 2)))[0].notes[0]
    # Due more than 12 months before Year 9: no warning.
    early = duties(statement(date(2024, 8, 31), dob=date(2012, 10, 2)))[0]
    assert early.kind == "annual-review" and not any("transition" in n for n in early.notes)
    # Once a review has been held in Year 9 there is nothing to warn about.
    held = record_annual_review(case, on=date(2026, 9, 10), attended=["parent"])
    assert not any("transition" in n for n in duties(held)[0].notes)


def test_the_transition_warning_shows_in_senpath_reviews(run, cases_dir):
    from senpath.checked import Store

    Store(cases_dir).create(statement(date(2025, 3, 1), dob=date(2012, 10, 2)))
    result = run("reviews", "--overdue")
    assert result.exit_code == 0, result
    assert "Annual review of the statement" in result.stdout
    assert "this is the transition review" in " ".join(result.stdout.split())
