"""IEP and annual-review rules (senpath.ieps), without the CLI. Every name is fictional."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from senpath.changes import add_consultation, leave, new_case
from senpath.checked import parse_case
from senpath.checks import problems
from senpath.errors import InvalidCaseError, RefusedError, UsageError
from senpath.ieps import (
    describe_review,
    new_iep,
    parse_provision,
    parse_target_outcome,
    record_annual_review,
    review_evidence,
    review_iep,
    stage_on,
    year9_start,
)
from senpath.models import Case
from senpath.stages import advance, record_milestone
from senpath.store import dump_case
from senpath.vocab import Setting

MOVE = date(2026, 9, 10)


def make(setting: Setting = "early-years", opened: date = date(2026, 9, 1)) -> Case:
    return new_case(
        child_id="amira-khan",
        name="Amira Khan",
        dob=date(2021, 5, 14),
        setting=setting,
        school="Little Acorns Nursery" if setting == "early-years" else "Hill Primary School",
        opened=opened,
        senco="Ms R. Evans",
        parents=["Sara Khan"],
    )


def at_action(setting: Setting = "early-years", on: date = MOVE) -> Case:
    case = add_consultation(
        make(setting), on=on - timedelta(days=2), with_=["Sara Khan"], method="meeting", summary="s"
    )
    return advance(case, to="action", on=on, reason="Speech behind peers", evidence=["Checklist"])


def with_iep(setting: Setting = "early-years", start: date = MOVE, **kw: object) -> Case:
    return new_iep(at_action(setting), start=start, targets=["Target one", "Target two", "Target three"], **kw)  # type: ignore[arg-type]


# --- new_iep ---------------------------------------------------------------


def test_new_iep_defaults_to_a_review_one_term_on():
    case = with_iep()
    assert len(case.ieps) == 1
    assert case.current_iep is not None
    assert case.current_iep.review_on == MOVE + timedelta(weeks=12)


def test_new_iep_returns_a_new_case_and_leaves_the_old_one_alone():
    case = at_action()
    new = new_iep(case, start=MOVE, targets=["T"])
    assert case.ieps == [] and len(new.ieps) == 1


def test_only_a_child_at_action_or_above_has_an_iep():
    with pytest.raises(RefusedError, match="only a child at Action"):
        new_iep(make(), start=MOVE, targets=["T"])


def test_an_iep_cannot_start_before_the_move_to_action():
    with pytest.raises(RefusedError, match="No SEN provision"):
        new_iep(at_action(), start=MOVE - timedelta(days=1), targets=["T"])


def test_an_iep_needs_a_target():
    with pytest.raises(UsageError, match="at least one target"):
        new_iep(at_action(), start=MOVE, targets=[])


@pytest.mark.parametrize(
    ("setting", "months_ok", "first_refused"),
    [("early-years", date(2027, 1, 10), date(2027, 1, 11)), ("primary", date(2027, 3, 10), date(2027, 3, 11))],
)
def test_review_date_at_most_4_months_early_years_6_months_school(setting, months_ok, first_refused):
    case = at_action(setting)
    assert new_iep(case, start=MOVE, targets=["T"], review_on=months_ok).ieps[0].review_on == months_ok
    with pytest.raises(RefusedError, match="review by"):
        new_iep(case, start=MOVE, targets=["T"], review_on=first_refused)


def test_review_date_must_be_after_the_start():
    with pytest.raises(RefusedError, match="not after"):
        new_iep(at_action(), start=MOVE, targets=["T"], review_on=MOVE)


def test_a_new_iep_supersedes_the_current_one_which_is_kept():
    first = with_iep()
    second = new_iep(first, start=date(2026, 11, 2), targets=["New target"])
    assert len(second.ieps) == 2
    assert second.current_iep is not None and second.current_iep.targets == ["New target"]
    assert second.ieps[0] == first.ieps[0]


def test_a_new_iep_cannot_start_before_the_current_one_or_its_last_review():
    case = with_iep(start=date(2026, 9, 20))
    with pytest.raises(RefusedError, match="before IEP 1 started"):
        new_iep(case, start=date(2026, 9, 15), targets=["T"])
    reviewed = review_iep(case, on=date(2026, 11, 1), attended=["parent"], outcome="new-iep")
    with pytest.raises(RefusedError, match="last review of IEP 1"):
        new_iep(reviewed, start=date(2026, 10, 30), targets=["T"])
    assert len(new_iep(reviewed, start=date(2026, 11, 1), targets=["T"]).ieps) == 2


def test_no_iep_for_a_child_who_has_left():
    case = leave(at_action(), on=date(2026, 10, 1), reason="Moved away")
    with pytest.raises(RefusedError, match="left on"):
        new_iep(case, start=date(2026, 10, 1), targets=["T"])


# --- review_iep ------------------------------------------------------------


def test_review_records_outcomes_in_target_order_and_the_next_review():
    case = review_iep(
        with_iep(),
        on=date(2026, 12, 3),
        attended=["parent", "child", "senco", "parent"],
        outcome="continue",
        target_outcomes={1: "met", 3: "not-met"},
        parent_views="Pleased",
    )
    review = case.ieps[0].reviews[0]
    assert review.target_outcomes == ["met", "not-recorded", "not-met"]
    assert review.attended == ["parent", "child", "senco"]
    assert review.next_review == date(2026, 12, 3) + timedelta(weeks=12)


def test_review_refuses_a_target_the_iep_does_not_have():
    with pytest.raises(RefusedError, match="has 3 target"):
        review_iep(
            with_iep(), on=date(2026, 12, 3), attended=["parent"], outcome="continue", target_outcomes={4: "met"}
        )


def test_review_next_date_limit_from_the_review():
    case = with_iep()
    ok = review_iep(case, on=date(2026, 12, 3), attended=["parent"], outcome="continue", next_review=date(2027, 4, 3))
    assert ok.ieps[0].reviews[0].next_review == date(2027, 4, 3)
    with pytest.raises(RefusedError, match="more than 4 months"):
        review_iep(case, on=date(2026, 12, 3), attended=["parent"], outcome="continue", next_review=date(2027, 4, 4))


def test_a_late_review_is_recorded_as_it_happened():
    # The interval rule is about planned dates: a review held late is still recorded.
    case = review_iep(with_iep(), on=date(2027, 3, 1), attended=["parent"], outcome="continue")
    assert case.ieps[0].reviews[0].date == date(2027, 3, 1)


def test_review_without_an_iep_or_out_of_order_is_refused():
    with pytest.raises(RefusedError, match="no IEP to review"):
        review_iep(at_action(), on=date(2026, 12, 3), attended=["parent"], outcome="continue")
    with pytest.raises(RefusedError, match="before IEP 1 started"):
        review_iep(with_iep(), on=MOVE - timedelta(days=1), attended=["parent"], outcome="continue")
    once = review_iep(with_iep(), on=date(2026, 12, 3), attended=["parent"], outcome="continue")
    with pytest.raises(RefusedError, match="before the last review"):
        review_iep(once, on=date(2026, 12, 2), attended=["parent"], outcome="continue")


def test_review_after_leaving_sen_provision_is_refused():
    case = review_iep(with_iep(), on=date(2026, 12, 3), attended=["parent"], outcome="step-down")
    case = add_consultation(case, on=date(2026, 12, 3), with_=["Sara Khan"], method="meeting", summary="s")
    case = advance(case, to="none", on=date(2026, 12, 3), reason="Targets met")
    with pytest.raises(RefusedError, match="left SEN provision"):
        review_iep(case, on=date(2026, 12, 4), attended=["parent"], outcome="continue")


# --- evidence from a review -------------------------------------------------


def test_review_evidence_cites_the_latest_review():
    case = review_iep(
        with_iep(),
        on=date(2026, 12, 3),
        attended=["senco"],
        outcome="escalate",
        target_outcomes={1: "met", 2: "partly"},
        notes="Little progress",
    )
    text = review_evidence(case, on=date(2026, 12, 10), move="escalate")
    assert text == (
        "IEP 1 review, 3 Dec 2026: target 1 met, target 2 partly met, target 3 not recorded; "
        "agreed: escalate; parent not present; notes: Little progress"
    )
    with pytest.raises(RefusedError, match="agreed to escalate, not to step-down"):
        review_evidence(case, on=date(2026, 12, 10), move="step-down")
    with pytest.raises(RefusedError, match="no IEP review on or before"):
        review_evidence(case, on=date(2026, 12, 2), move="escalate")


def test_describe_review_without_outcomes():
    case = review_iep(with_iep(), on=date(2026, 12, 3), attended=["parent"], outcome="continue")
    assert "target 1 not recorded" in describe_review(1, case.ieps[0].reviews[0])


# --- annual reviews ---------------------------------------------------------


def test_annual_review_needs_a_statement():
    with pytest.raises(RefusedError, match="an annual review is of a statement"):
        record_annual_review(at_action(), on=date(2026, 10, 1), attended=["parent"])


def statement_case(final: date = date(2026, 7, 1)) -> Case:
    request = final - timedelta(weeks=26)
    case = make("primary", opened=request - timedelta(days=10))
    case = advance(case, to="statutory-assessment", on=request, requested_by="parent")
    case = record_milestone(case, milestone="assessment-decision", on=request + timedelta(weeks=6), outcome="assess")
    case = record_milestone(case, milestone="assessment", on=request + timedelta(weeks=16))
    case = record_milestone(case, milestone="proposed-statement", on=request + timedelta(weeks=18), outcome="statement")
    return record_milestone(case, milestone="final-statement", on=final)


def test_annual_reviews_are_recorded_in_order_once_each():
    case = record_annual_review(statement_case(), on=date(2027, 6, 20), attended=["parent"], notes="Fine")
    assert case.annual_reviews[0].date == date(2027, 6, 20)
    with pytest.raises(RefusedError, match="not after the last annual review"):
        record_annual_review(case, on=date(2027, 6, 20))
    with pytest.raises(RefusedError, match="an annual review is of a statement"):
        record_annual_review(statement_case(), on=date(2026, 6, 30))


# --- whole-record checks (hand-edited files) --------------------------------


def _hand_edit(case: Case, **changes: object) -> bytes:
    data = dump_case(case).decode()
    for old, new in changes.items():
        assert old in data
        data = data.replace(str(old), str(new))
    return data.encode()


def test_problems_report_a_review_date_beyond_the_code():
    case = with_iep()
    assert problems(case) == []
    bad = case.model_copy(deep=True)
    bad.ieps[0].review_on = date(2027, 2, 1)
    assert any(p.startswith("ieps[0].review_on: ") and "more than 4 months" in p for p in problems(bad))


def test_problems_report_an_iep_at_stage_none_and_iep_order():
    case = with_iep()
    bad = case.model_copy(deep=True)
    bad.ieps[0].start = date(2026, 9, 5)
    bad.ieps[0].review_on = date(2026, 11, 5)
    assert any(p.startswith("ieps[0].start: ") and "only a child at Action" in p for p in problems(bad))
    two = new_iep(case, start=date(2026, 10, 1), targets=["T"])
    swapped = two.model_copy(deep=True)
    swapped.ieps.reverse()
    assert any("ieps[1].start: before the start of the IEP above it" in p for p in problems(swapped))


def test_problems_report_reviews_out_of_order_and_after_supersession():
    case = review_iep(with_iep(), on=date(2026, 10, 1), attended=["parent"], outcome="new-iep")
    case = new_iep(case, start=date(2026, 10, 2), targets=["T"])
    bad = case.model_copy(deep=True)
    bad.ieps[0].reviews[0].date = date(2026, 10, 5)
    assert any("ieps[0].reviews[0].date: after IEP 2 superseded" in p for p in problems(bad))
    bad.ieps[0].reviews[0].date = date(2026, 9, 1)
    assert any("ieps[0].reviews[0].date:" in p and "before the IEP's start" in p for p in problems(bad))


def test_problems_report_an_annual_review_without_a_statement():
    bad = at_action().model_copy(deep=True)
    from senpath.models import AnnualReview

    bad.annual_reviews.append(AnnualReview(date=date(2026, 10, 1)))
    assert any(p.startswith("annual_reviews[0].date: ") for p in problems(bad))


def test_a_hand_edited_file_that_breaks_the_review_interval_is_refused_on_load():
    case = with_iep()
    data = _hand_edit(case, **{"review_on = 2026-12-03": "review_on = 2027-03-01"})
    with pytest.raises(InvalidCaseError) as info:
        parse_case(data, "amira-khan.toml", "amira-khan")
    assert "amira-khan.toml: ieps[0].review_on: " in str(info.value)


# --- parsing and dates -------------------------------------------------------


def test_parse_provision():
    p = parse_provision("Small-group language; session; Mrs Hale (TA); 3 x 20 min a week")
    assert (p.what, p.who, p.how_often) == ("Small-group language; session", "Mrs Hale (TA)", "3 x 20 min a week")
    for bad in ("Just what", "What; who", "; who; often", "What; ; often"):
        with pytest.raises(UsageError, match="WHAT; WHO; HOW OFTEN"):
            parse_provision(bad)


def test_parse_target_outcome():
    assert parse_target_outcome("1=met") == (1, "met")
    assert parse_target_outcome("2=Partly") == (2, "partly")
    assert parse_target_outcome("3=not met") == (3, "not-met")
    assert parse_target_outcome("3=not_met") == (3, "not-met")
    for bad in ("1", "x=met", "0=met", "1=done", "1=not-recorded"):
        with pytest.raises(UsageError, match="NUMBER=OUTCOME"):
            parse_target_outcome(bad)


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        (date(2013, 3, 14), date(2026, 9, 1)),
        (date(2013, 8, 31), date(2026, 9, 1)),
        (date(2012, 9, 1), date(2026, 9, 1)),
        (date(2012, 12, 31), date(2026, 9, 1)),
        (date(2012, 2, 29), date(2025, 9, 1)),  # a leap-day birthday is in the spring
        (date(2012, 8, 31), date(2025, 9, 1)),
    ],
)
def test_year9_start(dob, start):
    assert year9_start(dob) == start


def test_stage_on_a_day():
    case = at_action()
    assert stage_on(case, MOVE - timedelta(days=1)) == "none"
    assert stage_on(case, MOVE) == "action"
