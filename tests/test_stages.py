"""The stage machine without the CLI: every allowed move, every refused one and its message,
the parents-consulted rule, and replay() of hand-edited histories."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from senpath.changes import add_consultation, add_professional, leave, new_case, parse_professional
from senpath.errors import RefusedError, UsageError
from senpath.framework import get as get_framework
from senpath.models import Case, Consultation
from senpath.stages import advance, open_assessment_request, record_milestone, replay

ENGLAND = get_framework("england-2001")
TRANSITIONS = {(frm, m.to) for m in ENGLAND.moves for frm in m.from_}
stage_name = ENGLAND.stage_name

D = date
OPENED = D(2026, 1, 5)
# The dates of the standard journey (see at()).
ACTION_ON = D(2026, 2, 3)
PLUS_ON = D(2026, 3, 3)
REQUEST_ON = D(2026, 4, 1)
DECISION_ON = D(2026, 5, 1)
ASSESSED_ON = D(2026, 6, 1)
PROPOSED_ON = D(2026, 6, 15)
FINAL_ON = D(2026, 7, 1)


def base(parents: tuple[str, ...] = ("Sara Khan",)) -> Case:
    return new_case(
        child_id="amira-khan",
        name="Amira Khan",
        dob=D(2021, 5, 14),
        setting="early-years",
        school="Little Acorns Nursery",
        opened=OPENED,
        parents=list(parents),
    )


def consult(case: Case, on: date, who: str = "Sara Khan") -> Case:
    return add_consultation(case, on=on, with_=[who], method="meeting", summary="Talked it through")


def professional(case: Case, requested: date, name: str = "Ms T. Okafor") -> Case:
    return add_professional(case, role="speech-and-language-therapist", name=name, requested=requested)


def up(case: Case, to: Any, on: date, **kw: Any) -> Case:
    """Consult a parent the day before, then escalate."""
    case = consult(case, D.fromordinal(on.toordinal() - 1))
    kw.setdefault("reason", "Little progress")
    kw.setdefault("evidence", ["Checklist: 12 of 40 sounds"])
    return advance(case, to=to, on=on, **kw)


def at(stage: str) -> Case:
    """Amira at ``stage``, by the standard journey (dates above)."""
    case = base()
    if stage == "none":
        return case
    case = up(case, "action", ACTION_ON)
    if stage == "action":
        return case
    case = professional(case, D(2026, 3, 1))
    case = up(case, "action-plus", PLUS_ON)
    if stage == "action-plus":
        return case
    case = advance(case, to="statutory-assessment", on=REQUEST_ON, requested_by="parent")
    if stage == "statutory-assessment":
        return case
    case = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="assess")
    case = record_milestone(case, milestone="assessment", on=ASSESSED_ON)
    case = record_milestone(case, milestone="proposed-statement", on=PROPOSED_ON, outcome="statement")
    case = record_milestone(case, milestone="final-statement", on=FINAL_ON)
    assert stage == "statement"
    return case


def refused(fn: Any, *args: Any, **kw: Any) -> str:
    with pytest.raises(RefusedError) as info:
        fn(*args, **kw)
    return str(info.value)


# Names -------------------------------------------------------------------


def test_stage_names_follow_the_setting():
    assert stage_name("action", "early-years") == "Early Years Action"
    assert stage_name("action-plus", "early-years") == "Early Years Action Plus"
    assert stage_name("action", "primary") == "School Action"
    assert stage_name("action-plus", "secondary") == "School Action Plus"
    assert stage_name("statutory-assessment", "primary") == "Statutory assessment"
    assert stage_name("statement", "early-years") == "Statement of SEN"
    assert stage_name("none", "secondary") == "No SEN provision"


# Allowed moves ----------------------------------------------------------------

ALLOWED = {
    ("none", "action"),
    ("action", "action-plus"),
    ("none", "statutory-assessment"),
    ("action", "statutory-assessment"),
    ("action-plus", "statutory-assessment"),
    ("action", "none"),
    ("action-plus", "action"),
    ("action-plus", "none"),
    ("statement", "action-plus"),
    ("statement", "action"),
    ("statement", "none"),
}


def test_the_table_holds_exactly_the_moves_of_the_graduated_approach():
    assert set(TRANSITIONS) == ALLOWED


def test_none_to_action_records_the_move_and_its_consultation():
    case = consult(base(), D(2026, 2, 2))
    new = advance(case, to="action", on=ACTION_ON, reason="Speech well behind peers", evidence=["Checklist"])
    assert new.stage == "action"
    assert new.since == ACTION_ON
    ev = new.history[-1]
    assert (ev.event, ev.from_, ev.to, ev.consultation) == ("escalate", "none", "action", 1)
    assert ev.reason == "Speech well behind peers"
    assert ev.evidence == ["Checklist"]
    assert case.history == []  # the input case is never changed


def test_action_to_action_plus():
    case = professional(at("action"), D(2026, 3, 1))
    new = up(case, "action-plus", PLUS_ON)
    assert new.stage == "action-plus"
    assert new.history[-1].event == "escalate"
    assert new.history[-1].consultation == 2


@pytest.mark.parametrize("start", ["none", "action", "action-plus"])
@pytest.mark.parametrize("by", ["school", "professional"])
def test_a_request_for_assessment_from_any_support_stage(start, by):
    case = consult(at(start), D(2026, 3, 30))
    new = advance(case, to="statutory-assessment", on=REQUEST_ON, requested_by=by)
    ev = new.history[-1]
    assert (ev.event, ev.from_, ev.to, ev.requested_by) == ("request-assessment", start, "statutory-assessment", by)
    assert ev.consultation == len(case.consultations)
    assert open_assessment_request(new) == REQUEST_ON


@pytest.mark.parametrize(
    ("start", "to"),
    [("action", "none"), ("action-plus", "action"), ("action-plus", "none")],
)
def test_step_downs(start, to):
    case = consult(at(start), D(2026, 3, 20))
    new = advance(case, to=to, on=D(2026, 3, 21), reason="Targets met", kind="step-down")
    ev = new.history[-1]
    assert (ev.event, ev.from_, ev.to, ev.reason) == ("step-down", start, to, "Targets met")
    assert new.stage == to


@pytest.mark.parametrize("to", ["action-plus", "action", "none"])
def test_a_statement_ceases(to):
    case = consult(at("statement"), D(2026, 9, 1))
    new = advance(case, to=to, on=D(2026, 9, 2), reason="Needs now met in school", kind="cease")
    ev = new.history[-1]
    assert (ev.event, ev.from_, ev.to) == ("cease", "statement", to)


def test_the_whole_assessment_runs_in_order_to_a_statement():
    case = at("statutory-assessment")
    assert case.history[-1].from_ == "action-plus"
    case = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="assess")
    assert case.stage == "statutory-assessment"
    case = record_milestone(case, milestone="assessment", on=ASSESSED_ON)
    assert case.history[-1].outcome == "done"
    case = record_milestone(case, milestone="proposed-statement", on=PROPOSED_ON, outcome="statement")
    assert case.stage == "statutory-assessment"
    case = record_milestone(case, milestone="final-statement", on=FINAL_ON)
    assert case.stage == "statement"
    assert case.since == FINAL_ON
    assert [e.event for e in case.history[-4:]] == [
        "assessment-decision",
        "assessment",
        "proposed-statement",
        "final-statement",
    ]
    assert open_assessment_request(case) is None


@pytest.mark.parametrize("start", ["none", "action", "action-plus"])
def test_a_decline_returns_the_child_to_the_stage_before_the_request(start):
    case = advance(at(start), to="statutory-assessment", on=REQUEST_ON, requested_by="parent")
    new = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="decline")
    assert new.stage == start
    assert new.history[-1].to == start
    assert open_assessment_request(new) is None


@pytest.mark.parametrize("start", ["none", "action-plus"])
def test_a_note_in_lieu_returns_the_child_to_the_stage_before_the_request(start):
    case = advance(at(start), to="statutory-assessment", on=REQUEST_ON, requested_by="parent")
    case = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="assess")
    case = record_milestone(case, milestone="assessment", on=ASSESSED_ON)
    new = record_milestone(case, milestone="proposed-statement", on=PROPOSED_ON, outcome="note-in-lieu")
    assert new.stage == start


def test_la_milestones_need_no_consultation():
    case = at("statutory-assessment")
    before = len(case.consultations)
    new = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="assess")
    assert len(new.consultations) == before
    assert new.history[-1].consultation is None


# Refused moves -----------------------------------------------------------------


def test_skipping_a_step_is_refused():
    case = consult(professional(base(), D(2026, 2, 1)), D(2026, 2, 2))
    msg = refused(advance, case, to="action-plus", on=ACTION_ON, reason="r", evidence=["e"])
    assert (
        msg == "cannot move Amira Khan from none to action-plus; from none the moves are: action, statutory-assessment"
    )


def test_moving_to_the_same_stage_is_refused():
    case = consult(at("action"), D(2026, 3, 1))
    assert refused(advance, case, to="action", on=D(2026, 3, 2), reason="r", evidence=["e"]) == (
        "Amira Khan is already at action"
    )


def test_a_step_down_from_none_is_refused():
    case = consult(base(), D(2026, 2, 2))
    assert refused(advance, case, to="none", on=ACTION_ON, reason="r", kind="step-down") == (
        "Amira Khan is already at none"
    )


def test_a_step_down_command_cannot_move_a_child_up():
    case = consult(base(), D(2026, 2, 2))
    msg = refused(advance, case, to="action", on=ACTION_ON, reason="r", evidence=["e"], kind="step-down")
    assert (
        msg
        == "senpath step-down cannot move Amira Khan from none to action; use: senpath escalate amira-khan --to action"
    )


def test_an_escalate_command_cannot_move_a_child_down():
    case = consult(at("action-plus"), D(2026, 3, 20))
    msg = refused(advance, case, to="action", on=D(2026, 3, 21), reason="r", kind="escalate")
    assert msg == (
        "senpath escalate cannot move Amira Khan from action-plus to action; "
        "use: senpath step-down amira-khan --to action"
    )


def test_a_step_down_command_cannot_cease_a_statement():
    case = consult(at("statement"), D(2026, 9, 1))
    msg = refused(advance, case, to="action", on=D(2026, 9, 2), reason="r", kind="step-down")
    assert "use: senpath cease amira-khan --to action" in msg


@pytest.mark.parametrize("start", ["action-plus", "statutory-assessment"])
def test_a_statement_only_comes_from_the_la(start):
    case = consult(at(start), D(2026, 4, 20))
    msg = refused(advance, case, to="statement", on=D(2026, 4, 21), reason="r")
    assert msg.startswith("only the LA makes a statement, after deciding to assess")
    assert "senpath assessment amira-khan --milestone" in msg


def test_a_statement_cannot_be_stepped_up_or_requested_again():
    case = consult(at("statement"), D(2026, 9, 1))
    msg = refused(advance, case, to="statutory-assessment", on=D(2026, 9, 2), requested_by="school")
    assert msg == (
        "cannot move Amira Khan from statement to statutory-assessment; "
        "from statement the moves are: action-plus, action, none"
    )


def test_during_an_assessment_only_the_la_moves_the_child():
    case = consult(at("statutory-assessment"), D(2026, 4, 10))
    msg = refused(advance, case, to="action-plus", on=D(2026, 4, 11), reason="r")
    assert msg == (
        "cannot move Amira Khan from statutory-assessment to action-plus; "
        "from statutory-assessment the moves are: none: the LA's milestones decide what comes next"
    )


def test_a_milestone_without_an_open_assessment_is_refused():
    msg = refused(record_milestone, at("action"), milestone="assessment-decision", on=D(2026, 3, 1), outcome="assess")
    assert msg.startswith("no statutory assessment is open; request one first")


@pytest.mark.parametrize(
    ("done", "milestone", "expected"),
    [
        ([], "assessment", "assessment-decision"),
        ([], "proposed-statement", "assessment-decision"),
        ([], "final-statement", "assessment-decision"),
        ([("assessment-decision", "assess")], "assessment-decision", "assessment"),
        ([("assessment-decision", "assess")], "proposed-statement", "assessment"),
        ([("assessment-decision", "assess"), ("assessment", None)], "final-statement", "proposed-statement"),
    ],
)
def test_milestones_out_of_order_are_refused(done, milestone, expected):
    case = at("statutory-assessment")
    for name, outcome in done:
        case = record_milestone(case, milestone=name, on=DECISION_ON, outcome=outcome)
    outcome = {"assessment-decision": "assess", "proposed-statement": "statement"}.get(milestone)
    msg = refused(record_milestone, case, milestone=milestone, on=PROPOSED_ON, outcome=outcome)
    assert msg == f"{milestone} is out of order: the next milestone of this assessment is {expected}"


@pytest.mark.parametrize(
    ("milestone", "outcome", "allowed"),
    [
        ("assessment-decision", None, "assess, decline"),
        ("assessment-decision", "statement", "assess, decline"),
        ("assessment-decision", "done", "assess, decline"),
    ],
)
def test_a_milestone_needs_one_of_its_own_outcomes(milestone, outcome, allowed):
    msg = refused(record_milestone, at("statutory-assessment"), milestone=milestone, on=DECISION_ON, outcome=outcome)
    assert msg == f"{milestone} needs --outcome, one of: {allowed}"


def test_a_proposed_statement_needs_an_outcome():
    case = record_milestone(
        at("statutory-assessment"), milestone="assessment-decision", on=DECISION_ON, outcome="assess"
    )
    case = record_milestone(case, milestone="assessment", on=ASSESSED_ON)
    msg = refused(record_milestone, case, milestone="proposed-statement", on=PROPOSED_ON)
    assert msg == "proposed-statement needs --outcome, one of: statement, note-in-lieu"


def test_a_milestone_before_the_request_is_refused():
    msg = refused(
        record_milestone,
        at("statutory-assessment"),
        milestone="assessment-decision",
        on=D(2026, 3, 31),
        outcome="assess",
    )
    assert (
        msg == "dated 31 Mar 2026, before the previous step (1 Apr 2026); steps are recorded in the order they happened"
    )


def test_a_move_dated_before_the_previous_move_is_refused():
    case = consult(at("action"), D(2026, 2, 1))
    msg = refused(advance, case, to="none", on=D(2026, 2, 2), reason="r")
    assert (
        msg == "dated 2 Feb 2026, before the previous step (3 Feb 2026); steps are recorded in the order they happened"
    )


def test_a_move_on_the_same_day_as_the_previous_one_is_allowed():
    case = consult(consult(base(), ACTION_ON), ACTION_ON)
    case = advance(case, to="action", on=ACTION_ON, reason="r", evidence=["e"])
    new = advance(case, to="none", on=ACTION_ON, reason="Misjudged")
    assert new.stage == "none"
    assert [e.consultation for e in new.history] == [1, 2]


def test_a_move_before_the_case_opened_is_refused():
    case = base().model_copy(
        update={"consultations": [Consultation(date=D(2026, 1, 1), with_=["Sara Khan"], method="phone", summary="s")]}
    )
    msg = refused(advance, case, to="action", on=D(2026, 1, 2), reason="r", evidence=["e"])
    assert msg == "dated 2 Jan 2026, before the case was opened (5 Jan 2026)"


def test_a_child_who_left_is_refused():
    case = leave(consult(at("action"), D(2026, 3, 1)), on=D(2026, 3, 5), reason="Moved away")
    msg = refused(advance, case, to="none", on=D(2026, 3, 6), reason="r")
    assert msg == "Amira Khan left on 5 Mar 2026; the record is closed and kept as it is"
    case = leave(at("statutory-assessment"), on=D(2026, 4, 5), reason="Moved away")
    msg = refused(record_milestone, case, milestone="assessment-decision", on=D(2026, 4, 6), outcome="assess")
    assert msg.startswith("Amira Khan left on 5 Apr 2026")


# Reason, evidence, requester --------------------------------------------------------------


def test_a_move_to_action_needs_a_reason():
    case = consult(base(), D(2026, 2, 2))
    assert (
        refused(advance, case, to="action", on=ACTION_ON, evidence=["e"])
        == "a move to action needs a reason (--reason)"
    )


def test_a_move_to_action_needs_evidence_of_inadequate_progress():
    case = consult(base(), D(2026, 2, 2))
    assert refused(advance, case, to="action", on=ACTION_ON, reason="r") == (
        "a move to action needs evidence of inadequate progress (--evidence)"
    )


def test_a_move_to_action_plus_needs_evidence_of_little_or_no_progress():
    case = consult(professional(at("action"), D(2026, 3, 1)), D(2026, 3, 2))
    assert refused(advance, case, to="action-plus", on=PLUS_ON, reason="r") == (
        "a move to action-plus needs evidence of little or no progress at Action (--evidence)"
    )


@pytest.mark.parametrize("start", ["action", "statement"])
def test_a_step_down_or_cease_needs_a_reason(start):
    case = consult(at(start), D(2026, 9, 1))
    assert refused(advance, case, to="none", on=D(2026, 9, 2)) == "a move to none needs a reason (--reason)"


def test_a_request_needs_no_reason_but_says_who_made_it():
    case = consult(base(), D(2026, 2, 2))
    msg = refused(advance, case, to="statutory-assessment", on=ACTION_ON)
    assert msg == "a request for statutory assessment must say who made it (--requested-by)"
    assert advance(case, to="statutory-assessment", on=ACTION_ON, requested_by="school").stage == "statutory-assessment"


# Action Plus needs a professional ------------------------------------------------------


def test_action_plus_without_a_professional_is_refused():
    case = consult(at("action"), D(2026, 3, 2))
    msg = refused(advance, case, to="action-plus", on=PLUS_ON, reason="r", evidence=["e"])
    assert msg == (
        "a move to action-plus needs at least one outside professional involved by then: "
        "senpath professional add amira-khan --role ROLE --name NAME --requested DATE, or --professional ROLE:NAME"
    )


def test_a_professional_requested_after_the_move_does_not_count():
    case = consult(professional(at("action"), D(2026, 3, 4)), D(2026, 3, 2))
    msg = refused(advance, case, to="action-plus", on=PLUS_ON, reason="r", evidence=["e"])
    assert msg.startswith("a move to action-plus needs at least one outside professional")


def test_a_professional_requested_on_the_move_date_counts():
    case = consult(professional(at("action"), PLUS_ON), D(2026, 3, 2))
    assert advance(case, to="action-plus", on=PLUS_ON, reason="r", evidence=["e"]).stage == "action-plus"


def test_a_professional_given_inline_is_recorded_with_the_move():
    case = consult(at("action"), D(2026, 3, 2))
    pro = parse_professional("educational-psychologist:Dr A. Shah", PLUS_ON)
    new = advance(case, to="action-plus", on=PLUS_ON, reason="r", evidence=["e"], professionals=[pro])
    assert new.stage == "action-plus"
    (added,) = new.professionals
    assert (added.role, added.name, added.requested) == ("educational-psychologist", "Dr A. Shah", PLUS_ON)
    assert case.professionals == []


@pytest.mark.parametrize(
    "spec", ["Dr A. Shah", "wizard:Dr A. Shah", "educational-psychologist:", "educational-psychologist:  "]
)
def test_a_bad_inline_professional_is_a_usage_error(spec):
    with pytest.raises(UsageError, match="use ROLE:NAME"):
        parse_professional(spec, PLUS_ON)


# Parents consulted -----------------------------------------------------------------------


def test_a_move_without_any_consultation_is_refused_with_the_command_that_records_one():
    msg = refused(advance, base(), to="action", on=ACTION_ON, reason="r", evidence=["e"])
    assert msg == (
        "the parents were not consulted on this escalate: no consultation with a parent on or before "
        "3 Feb 2026 that an earlier move has not relied on. Record one first: "
        'senpath consult amira-khan --date 2026-02-03 --with "Sara Khan" --method meeting --summary "What was agreed"'
    )


def test_a_consultation_before_the_previous_move_does_not_count():
    case = consult(at("action"), D(2026, 2, 1))  # dated before the move of 3 Feb
    msg = refused(advance, case, to="none", on=D(2026, 3, 1), reason="r")
    assert msg.startswith(
        "the parents were not consulted on this step-down: no consultation with a parent since 3 Feb 2026"
    )
    explicit = refused(advance, case, to="none", on=D(2026, 3, 1), reason="r", consultation=2)
    assert explicit == "relies on consultation 2 of 1 Feb 2026, which is not between the previous step and this one"


def test_a_consultation_after_the_move_does_not_count():
    case = consult(base(), D(2026, 2, 10))
    msg = refused(advance, case, to="action", on=ACTION_ON, reason="r", evidence=["e"])
    assert msg.startswith("the parents were not consulted on this escalate")
    explicit = refused(advance, case, to="action", on=ACTION_ON, reason="r", evidence=["e"], consultation=1)
    assert explicit == "relies on consultation 1 of 10 Feb 2026, which is not between the previous step and this one"


def test_a_consultation_already_relied_on_cannot_be_used_again():
    case = at("action")
    msg = refused(advance, case, to="none", on=D(2026, 3, 1), reason="r", consultation=1)
    assert msg == "relies on consultation 1, which an earlier move already relied on"


def test_a_consultation_number_that_does_not_exist_is_refused():
    case = consult(at("action"), D(2026, 3, 1))
    msg = refused(advance, case, to="none", on=D(2026, 3, 2), reason="r", consultation=7)
    assert msg == "relies on consultation 7, but the case has 2"


def test_a_consultation_with_someone_who_is_not_a_parent_is_refused():
    msg = refused(consult, base(), D(2026, 2, 2), who="Mr P. Grant")
    assert msg == (
        "--with must name a parent or carer on the case (on the case: Sara Khan); "
        'add one first: senpath update amira-khan --add-parent "NAME"'
    )


def test_a_consultation_that_names_no_parent_does_not_count_for_a_move():
    # As if a parent's name had been edited out of the record after the consultation.
    case = base().model_copy(
        update={"consultations": [Consultation(date=D(2026, 2, 2), with_=["Mr P. Grant"], method="phone", summary="s")]}
    )
    msg = refused(advance, case, to="action", on=ACTION_ON, reason="r", evidence=["e"])
    assert msg.startswith("the parents were not consulted")
    explicit = refused(advance, case, to="action", on=ACTION_ON, reason="r", evidence=["e"], consultation=1)
    assert explicit == (
        "relies on consultation 1, which names no parent or carer on the case "
        "(add one with: senpath update amira-khan --add-parent NAME)"
    )


def test_parent_names_match_whatever_the_case_and_spacing():
    case = add_consultation(base(), on=D(2026, 2, 2), with_=["sara  KHAN"], method="phone", summary="s")
    assert advance(case, to="action", on=ACTION_ON, reason="r", evidence=["e"]).history[-1].consultation == 1


def test_two_moves_on_one_day_need_two_consultations():
    case = consult(base(), ACTION_ON)
    case = advance(case, to="action", on=ACTION_ON, reason="r", evidence=["e"])
    msg = refused(advance, case, to="none", on=ACTION_ON, reason="Misjudged")
    assert msg.startswith("the parents were not consulted on this step-down")
    assert advance(consult(case, ACTION_ON), to="none", on=ACTION_ON, reason="Misjudged").stage == "none"


def test_the_earliest_unused_consultation_is_relied_on_by_default():
    case = consult(consult(base(), D(2026, 2, 1)), D(2026, 2, 2))
    new = advance(case, to="action", on=ACTION_ON, reason="r", evidence=["e"])
    assert new.history[-1].consultation == 1
    chosen = advance(case, to="action", on=ACTION_ON, reason="r", evidence=["e"], consultation=2)
    assert chosen.history[-1].consultation == 2


@pytest.mark.parametrize("by", ["school", "professional"])
def test_a_request_by_the_school_or_a_professional_needs_a_consultation(by):
    msg = refused(advance, at("action"), to="statutory-assessment", on=REQUEST_ON, requested_by=by)
    assert msg.startswith("the parents were not consulted on this request-assessment")


def test_a_request_by_a_parent_is_recorded_as_their_own_consultation():
    case = at("action")
    new = advance(case, to="statutory-assessment", on=REQUEST_ON, requested_by="parent")
    added = new.consultations[-1]
    assert len(new.consultations) == len(case.consultations) + 1
    assert (added.date, added.with_, added.method) == (REQUEST_ON, ["Sara Khan"], "letter")
    assert added.summary == "Parent requested a statutory assessment"
    assert new.history[-1].consultation == len(new.consultations)
    assert new.history[-1].requested_by == "parent"
    replay(new)  # and the record it makes is consistent


def test_a_request_by_a_parent_needs_a_parent_on_the_case():
    msg = refused(advance, base(parents=()), to="statutory-assessment", on=REQUEST_ON, requested_by="parent")
    assert msg == "the case names no parent to make the request; add one: senpath update amira-khan --add-parent NAME"


def test_a_step_down_and_a_cease_need_a_consultation():
    msg = refused(advance, at("action"), to="none", on=D(2026, 3, 1), reason="r")
    assert msg.startswith("the parents were not consulted on this step-down")
    msg = refused(advance, at("statement"), to="none", on=D(2026, 9, 1), reason="r")
    assert msg.startswith("the parents were not consulted on this cease")


# The six-month rule -----------------------------------------------------------------------


def assessed_then_note_in_lieu(assessed_on: date = ASSESSED_ON) -> Case:
    case = at("statutory-assessment")
    case = record_milestone(case, milestone="assessment-decision", on=DECISION_ON, outcome="assess")
    case = record_milestone(case, milestone="assessment", on=assessed_on)
    return record_milestone(case, milestone="proposed-statement", on=assessed_on, outcome="note-in-lieu")


def test_a_repeat_request_within_six_months_of_an_assessment_is_refused_with_the_date_it_becomes_possible():
    case = assessed_then_note_in_lieu()
    assert case.stage == "action-plus"
    msg = refused(advance, case, to="statutory-assessment", on=D(2026, 11, 30), requested_by="parent")
    assert msg == "an assessment was completed on 1 Jun 2026; a new request can be made from 1 Dec 2026 (2026-12-01)"
    again = advance(case, to="statutory-assessment", on=D(2026, 12, 1), requested_by="parent")
    assert again.stage == "statutory-assessment"


def test_repeat_request_possible_from_is_the_date_advance_uses():
    from senpath.stages import repeat_request_possible_from

    assert repeat_request_possible_from(at("action-plus")) is None
    assert repeat_request_possible_from(assessed_then_note_in_lieu()) == D(2026, 12, 1)
    assert repeat_request_possible_from(assessed_then_note_in_lieu(D(2026, 8, 31))) == D(2027, 2, 28)


def test_the_six_months_end_at_the_end_of_a_shorter_month():
    case = assessed_then_note_in_lieu(D(2026, 8, 31))
    msg = refused(advance, case, to="statutory-assessment", on=D(2027, 2, 27), requested_by="parent")
    assert msg.endswith("a new request can be made from 28 Feb 2027 (2027-02-28)")
    assert advance(case, to="statutory-assessment", on=D(2027, 2, 28), requested_by="parent").stage == (
        "statutory-assessment"
    )


def test_after_a_decline_a_new_request_may_follow_at_once():
    case = record_milestone(
        at("statutory-assessment"), milestone="assessment-decision", on=DECISION_ON, outcome="decline"
    )
    assert (
        advance(case, to="statutory-assessment", on=DECISION_ON, requested_by="parent").stage == "statutory-assessment"
    )


# replay() of hand-edited histories -----------------------------------------------------


def statement_dict() -> dict[str, Any]:
    return at("statement").to_toml_dict()


def broken(edit: Any) -> str:
    data = statement_dict()
    edit(data)
    case = Case.model_validate(data)
    with pytest.raises(RefusedError) as info:
        replay(case)
    return str(info.value)


def test_replay_of_the_standard_journey_is_clean():
    state = replay(at("statement"))
    assert state.stage == "statement"
    assert state.assessment_done == ASSESSED_ON
    assert state.used == {1, 2, 3}


def _set(index: int, **values: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["history"][index].update(values)

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set(1, **{"from": "none"}),
            "history[1] (escalate on 2026-03-03): the child is at 'none' according to this entry, "
            "but the history before it leaves them at 'action'",
        ),
        (
            _set(0, to="action-plus"),
            "history[0] (escalate on 2026-02-03): cannot move from none to action-plus; "
            "from none the moves are: action, statutory-assessment",
        ),
        (
            _set(1, date=D(2026, 2, 1)),
            "history[1] (escalate on 2026-02-01): dated 1 Feb 2026, before the previous step (3 Feb 2026)",
        ),
        (
            _set(0, event="step-down"),
            "history[0] (step-down on 2026-02-03): a move from none to action is recorded as escalate, not step-down",
        ),
        (_set(0, reason=None), "history[0] (escalate on 2026-02-03): a move to action needs a reason (--reason)"),
        (_set(0, evidence=[]), "history[0] (escalate on 2026-02-03): a move to action needs evidence"),
        (_set(0, consultation=None), "history[0] (escalate on 2026-02-03): the parents were not consulted"),
        (
            _set(1, consultation=1),
            "history[1] (escalate on 2026-03-03): relies on consultation 1, which an earlier move already relied on",
        ),
        (_set(1, consultation=9), "history[1] (escalate on 2026-03-03): relies on consultation 9, but the case has 3"),
        (
            _set(0, requested_by="school"),
            "history[0] (escalate on 2026-02-03): only a request for assessment has requested_by",
        ),
        (_set(0, outcome="assess"), "history[0] (escalate on 2026-02-03): only an LA milestone has an outcome"),
        (
            _set(2, requested_by=None),
            "history[2] (request-assessment on 2026-04-01): a request for statutory assessment must say who made it",
        ),
        (
            _set(3, event="assessment", outcome="done"),
            "history[3] (assessment on 2026-05-01): assessment is out of order: "
            "the next milestone of this assessment is assessment-decision",
        ),
        (
            _set(3, outcome="decline"),
            "history[3] (assessment-decision on 2026-05-01): assessment-decision (decline) takes the child to "
            "action-plus, not statutory-assessment",
        ),
        (
            _set(3, consultation=3),
            "history[3] (assessment-decision on 2026-05-01): assessment-decision is the LA's decision: "
            "it has no consultation, requester or evidence",
        ),
        (
            _set(6, to="statutory-assessment"),
            "history[6] (final-statement on 2026-07-01): final-statement (done) takes the child to statement",
        ),
    ],
)
def test_replay_names_the_entry_that_breaks_a_rule(edit, expected):
    assert broken(edit).startswith(expected)


def test_replay_refuses_a_statement_that_the_la_did_not_make():
    def edit(data: dict[str, Any]) -> None:
        data["history"][2:] = [
            {"date": REQUEST_ON, "event": "escalate", "from": "action-plus", "to": "statement", "reason": "r"}
        ]

    assert broken(edit).startswith(
        "history[2] (escalate on 2026-04-01): cannot move from action-plus to statement; "
        "from action-plus the moves are: statutory-assessment, action, none"
    )


def test_replay_refuses_action_plus_without_a_professional():
    def edit(data: dict[str, Any]) -> None:
        data["professionals"] = []

    assert broken(edit).startswith(
        "history[1] (escalate on 2026-03-03): a move to action-plus needs at least one outside professional"
    )


def test_replay_refuses_a_consultation_with_no_parent():
    def edit(data: dict[str, Any]) -> None:
        data["consultations"][0]["with"] = ["Mr P. Grant"]

    assert broken(edit).startswith(
        "history[0] (escalate on 2026-02-03): relies on consultation 1, which names no parent"
    )


def test_replay_refuses_a_consultation_after_the_move():
    def edit(data: dict[str, Any]) -> None:
        data["consultations"][0]["date"] = D(2026, 2, 4)

    assert broken(edit) == (
        "history[0] (escalate on 2026-02-03): relies on consultation 1 of 4 Feb 2026, "
        "which is not between the previous step and this one"
    )


def test_replay_refuses_a_milestone_without_a_request():
    def edit(data: dict[str, Any]) -> None:
        del data["history"][2]
        data["history"][2]["from"] = "action-plus"

    assert broken(edit).startswith("history[2] (assessment-decision on 2026-05-01): no statutory assessment is open")


def test_replay_refuses_a_repeat_request_within_six_months():
    case = consult(assessed_then_note_in_lieu(), D(2026, 6, 30))
    data = case.to_toml_dict()
    data["history"].append(  # type: ignore[union-attr]
        {
            "date": D(2026, 7, 1),
            "event": "request-assessment",
            "from": "action-plus",
            "to": "statutory-assessment",
            "requested_by": "school",
            "consultation": 4,
        }
    )
    with pytest.raises(RefusedError) as info:
        replay(Case.model_validate(data))
    assert str(info.value) == (
        "history[6] (request-assessment on 2026-07-01): an assessment was completed on 1 Jun 2026; "
        "a new request can be made from 1 Dec 2026 (2026-12-01)"
    )
