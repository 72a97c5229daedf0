"""England's SEND Code (2015), issue 13, at the domain level: the framework file, the EHC needs
assessment clock and its exceptions, annual reviews with decisions and amendments, preparing for
adulthood, phase transfers, appeal deadlines, conversion from the 2001 Code, and one due list.

Every due date is checked against a date worked out by hand from the regulation: the working is
in the comment beside each assertion.
"""

from __future__ import annotations

from datetime import date

import pytest

from senpath import framework
from senpath.changes import add_consultation, new_case
from senpath.checked import parse_case
from senpath.checks import problems
from senpath.dates import first_working_day_from
from senpath.errors import RefusedError, UsageError
from senpath.framework import get
from senpath.ieps import new_iep, record_annual_review
from senpath.register import derived_year_code, year_group_starts, year_number
from senpath.reviews import duties, select, to_json
from senpath.stages import advance, census_code, convert, enter, record_milestone, stage_name
from senpath.statutory import (
    add_mediation,
    record_amended_plan,
    record_exception,
    record_review_decision,
    set_transfer,
)
from senpath.store import dump_case

D = date


@pytest.fixture(autouse=True)
def _fresh_frameworks():
    framework.reset()
    yield
    framework.reset()


def zoe(**kw: object):
    args: dict[str, object] = {
        "child_id": "zoe-oneill",
        "name": "Zoë O'Neill",
        "dob": D(2015, 10, 20),
        "setting": "primary",
        "school": "Marsh Lane Primary School",
        "opened": D(2025, 9, 3),
        "parents": ["Siobhán O'Neill"],
        "framework": "england-2015",
    }
    args.update(kw)
    return new_case(**args)  # type: ignore[arg-type]


def consult(case, on):
    return add_consultation(case, on=on, with_=[case.parents[0].name], method="meeting", summary="Agreed")


def due(case, kind: str) -> date:
    (found,) = [d.due for d in duties(case) if d.kind == kind]
    return found


def kinds(case) -> list[str]:
    return [d.kind for d in duties(case)]


def roundtrip(case):
    """Through the file format and every cross-entry check, as the store would."""
    assert problems(case) == []
    return parse_case(dump_case(case), "test", case.id)


# The framework file -------------------------------------------------------------------------


def test_the_framework_names_stages_census_codes_settings_and_requesters():
    fw = get("england-2015")
    assert fw.stage_ids == ("none", "sen-support", "ehc-needs-assessment", "ehc-plan")
    assert [fw.census(s) for s in ("none", "sen-support", "ehc-plan")] == ["N", "K", "E"]
    assert fw.census("ehc-needs-assessment", "sen-support") == "K"
    assert [s.id for s in fw.settings][-1] == "further-education"
    assert fw.requesters == ("parent", "young-person", "school")
    assert fw.milestone_ids == ("assessment-decision", "no-plan", "draft-plan", "final-plan")
    assert [o.id for o in fw.milestone("assessment-decision").outcomes] == ["assess", "decline"]
    assert fw.plans.school[0].name == "SEN support plan"
    assert set(fw.plans.school[0].max_review_months.values()) == {4}  # Code 6.65: three times a year
    assert fw.plans.statutory.name == "EHC plan"
    every = " ".join(s.supports for s in fw.sources)
    for cite in ("s.36(1)", "s.44(1)", "reg 5(1)", "reg 10(1)", "reg 13(1)", "reg 13(2)", "reg 18", "reg 20(6)",
                 "reg 22", "reg 31", "6.65", "whichever is later", "August"):  # fmt: skip
        assert cite in every, cite


def test_year_groups_follow_the_age_on_31_august():
    # Reception is the school year in which the child turns 5; the year group is fixed on 31 August.
    assert year_number(D(2015, 10, 20), D(2026, 11, 22)) == 6  # 10 on 31 Aug 2026 -> 10 - 4 = Year 6
    assert year_number(D(2015, 9, 1), D(2026, 11, 22)) == 6  # 10 on 31 Aug 2026 (11 the next day)
    assert year_number(D(2015, 8, 31), D(2026, 11, 22)) == 7  # 11 on 31 Aug 2026: the youngest in Year 7
    assert year_number(D(2015, 8, 31), D(2026, 8, 31)) == 6  # still the 2025-26 school year
    assert year_number(D(2022, 1, 5), D(2026, 11, 22)) == 0  # 4 on 31 Aug 2026: Reception
    assert year_number(D(2023, 1, 5), D(2026, 11, 22)) == -1  # nursery
    assert year_group_starts(D(2015, 10, 20), 7) == D(2027, 9, 1)
    assert year_group_starts(D(2015, 8, 31), 7) == D(2026, 9, 1)


def test_phase_transfers_and_the_register_share_one_year_group_rule():
    # The register's year group (shown in list and reviews) and the year a phase transfer is
    # worked out from are the same rule: the start of Year 7 is the first day the child is in Year 7.
    for dob in (D(2015, 9, 1), D(2015, 8, 31), D(2016, 2, 29), D(2012, 12, 25)):
        for group in (0, 6, 7, 11, 12):
            starts = year_group_starts(dob, group)
            assert year_number(dob, starts) == group
            assert year_number(dob, D(starts.year, 8, 31)) == group - 1  # the day before
            assert derived_year_code(dob, starts) == ("R" if group == 0 else str(group))


def test_working_days_skip_weekends_and_the_new_year_bank_holiday():
    assert first_working_day_from(D(2027, 1, 2)) == D(2027, 1, 4)  # Sat 2, Sun 3 -> Mon 4
    assert first_working_day_from(D(2022, 1, 2)) == D(2022, 1, 4)  # Sun 2; Mon 3 is New Year's substitute
    assert first_working_day_from(D(2026, 9, 1)) == D(2026, 9, 1)  # a Tuesday


# The EHC needs assessment clock ----------------------------------------------------------------


def _requested(on=D(2026, 1, 12)):
    case = consult(zoe(), D(2025, 9, 10))
    case = advance(case, to="sen-support", on=D(2025, 9, 15), reason="Reading age 3 years behind",
                   evidence=["Phonics screening: 12 of 40"])  # fmt: skip
    case = new_iep(case, start=D(2025, 9, 22), targets=["Read 20 high-frequency words"])
    return advance(case, to="ehc-needs-assessment", on=on, requested_by="parent")


def test_moving_onto_sen_support_needs_a_parent_consulted_and_evidence_but_no_professional():
    case = zoe()
    with pytest.raises(RefusedError, match="consulted"):
        advance(case, to="sen-support", on=D(2025, 9, 15), reason="r", evidence=["e"])
    with pytest.raises(RefusedError, match="evidence"):
        advance(consult(case, D(2025, 9, 10)), to="sen-support", on=D(2025, 9, 15), reason="r")
    moved = advance(consult(case, D(2025, 9, 10)), to="sen-support", on=D(2025, 9, 15), reason="r", evidence=["e"])
    assert stage_name(moved) == "SEN Support" and census_code(moved) == "K"
    assert kinds(moved) == ["new-sen-support-plan"]


def test_a_request_decision_draft_and_final_plan_on_the_regulations_clock():
    case = _requested()  # request received Monday 12 January 2026
    assert census_code(case) == "K"  # under assessment: the code of the stage before the request
    # reg 5(1): 6 weeks from 12 Jan 2026 = 12 Jan + 42 days = 23 Feb 2026
    assert due(case, "assessment-decision") == D(2026, 2, 23)
    (decision,) = [d for d in duties(case) if d.kind == "assessment-decision"]
    assert "final EHC plan by 1 Jun 2026 (20 weeks)" in decision.notes  # 12 Jan + 140 days

    case = record_milestone(case, milestone="assessment-decision", on=D(2026, 2, 20), outcome="assess")
    # after the decision to assess: the 16-week date for a no-plan notice and the 20-week date
    # reg 10(1): 12 Jan + 112 days = (19 left in Jan) + 28 Feb + 31 Mar + 30 Apr -> 4 May 2026
    assert due(case, "no-plan") == D(2026, 5, 4)
    # reg 13(2): 12 Jan + 140 days = 4 May + 28 days = 1 Jun 2026
    assert due(case, "final-plan") == D(2026, 6, 1)
    assert "draft-plan" not in kinds(case)  # no time limit of its own

    case = record_milestone(case, milestone="draft-plan", on=D(2026, 5, 11))  # skips the no-plan notice
    # reg 13(1): at least 15 days beginning with the day served: 11 May is day 1, 25 May day 15
    assert due(case, "draft-plan-comments") == D(2026, 5, 25)
    assert due(case, "final-plan") == D(2026, 6, 1)
    assert "no-plan" not in kinds(case)

    case = record_milestone(case, milestone="final-plan", on=D(2026, 6, 1))
    assert case.stage == "ehc-plan" and census_code(case) == "E" and stage_name(case) == "EHC plan"
    # s.44(1): within 12 months starting with 1 Jun 2026: the last day is 31 May 2027
    assert due(case, "annual-review") == D(2027, 5, 31)
    # r.20: 2 months from the final plan of 1 Jun 2026 = 1 Aug 2026, in August: the first working
    # day of September is Tuesday 1 Sep 2026
    (appeal,) = [d for d in duties(case) if d.kind == "appeal"]
    assert appeal.due == D(2026, 9, 1) and appeal.lapses
    assert "a deadline ending in August moves to the first working day in September" in appeal.notes
    roundtrip(case)


def test_a_no_plan_notice_returns_the_child_to_sen_support_with_an_appeal_deadline():
    case = record_milestone(_requested(), milestone="assessment-decision", on=D(2026, 2, 20), outcome="assess")
    case = record_milestone(case, milestone="no-plan", on=D(2026, 4, 20))
    assert case.stage == "sen-support" and census_code(case) == "K"
    # 2 months from 20 Apr 2026 = 20 Jun 2026 (a Saturday, shown as it falls)
    assert due(case, "appeal") == D(2026, 6, 20)
    with pytest.raises(RefusedError, match="out of order"):
        record_milestone(
            record_milestone(_requested(), milestone="assessment-decision", on=D(2026, 2, 20), outcome="assess"),
            milestone="final-plan",
            on=D(2026, 6, 1),
        )


def test_a_refusal_to_assess_gives_an_appeal_deadline_moved_out_of_christmas():
    case = _requested(on=D(2026, 10, 5))
    case = record_milestone(case, milestone="assessment-decision", on=D(2026, 10, 30), outcome="decline")
    assert case.stage == "sen-support"
    # 2 months from 30 Oct 2026 = 30 Dec 2026, between 25 Dec and 1 Jan: the next working day in
    # January is Monday 4 Jan 2027 (1 Jan is a Friday bank holiday, 2-3 Jan a weekend)
    (appeal,) = [d for d in duties(case) if d.kind == "appeal"]
    assert appeal.due == D(2027, 1, 4)
    assert appeal.what == "Last day to appeal to the SEND Tribunal"
    assert "LA decision whether to assess: decline, notice 30 Oct 2026: 2 months" in appeal.notes
    # IPSEA's example: letter 1 October, mediation certificate 29 November -> 29 December -> January
    fw = get("england-2015")
    assert fw.appeals is not None
    assert fw.appeals.last_day(D(2026, 10, 1), (D(2026, 11, 29),)) == D(2027, 1, 4)
    # without the certificate: 1 Dec 2026, not moved
    assert fw.appeals.last_day(D(2026, 10, 1)) == D(2026, 12, 1)
    # a passed appeal deadline lapses from the due list rather than falling overdue
    # (back at SEN Support, the school writes a new SEN support plan: not the appeal's business)
    assert "appeal" not in [d.kind for d in select(duties(case), D(2027, 1, 5))]
    assert "appeal" in [d.kind for d in select(duties(case), D(2027, 1, 4))]


def test_a_mediation_certificate_extends_the_appeal_when_later():
    case = record_milestone(_requested(on=D(2026, 10, 5)), milestone="assessment-decision", on=D(2026, 10, 30),
                            outcome="decline")  # fmt: skip
    case = add_mediation(case, on=D(2027, 1, 20))
    # 1 month from the certificate of 20 Jan 2027 = 20 Feb 2027, later than 4 Jan 2027
    assert due(case, "appeal") == D(2027, 2, 20)
    with pytest.raises(RefusedError, match="no decision"):
        add_mediation(_requested(on=D(2026, 10, 5)), on=D(2026, 10, 20))
    roundtrip(case)


def test_an_exception_recorded_shows_instead_of_overdue():
    case = _requested(on=D(2026, 6, 1))
    case = record_milestone(case, milestone="assessment-decision", on=D(2026, 7, 10), outcome="assess")
    with pytest.raises(UsageError, match="has no exception"):
        record_exception(case, milestone="draft-plan", on=D(2026, 7, 15), reason="x")
    with pytest.raises(RefusedError, match="already been reached"):
        record_exception(case, milestone="assessment-decision", on=D(2026, 7, 15), reason="x")
    case = record_exception(
        case, milestone="final-plan", on=D(2026, 7, 15), reason="reg 10(4)(a): school closed for the summer holiday"
    )
    (final,) = [d for d in duties(case) if d.kind == "final-plan"]
    # 1 Jun 2026 + 140 days = (29 left in Jun) + 31 Jul + 31 Aug + 30 Sep + 19 -> 19 Oct 2026
    assert final.due == D(2026, 10, 19)
    assert final.exception == "reg 10(4)(a): school closed for the summer holiday"
    shown = to_json(final, D(2026, 11, 22))
    assert shown["overdue"] is False and shown["days"] == -34
    (no_plan,) = [d for d in duties(case) if d.kind == "no-plan"]
    assert no_plan.exception is None and to_json(no_plan, D(2026, 11, 22))["overdue"] is True
    roundtrip(case)


# The EHC plan: annual reviews, preparing for adulthood, phase transfers --------------------------


def _with_plan():
    case = record_milestone(_requested(), milestone="assessment-decision", on=D(2026, 2, 20), outcome="assess")
    case = record_milestone(case, milestone="draft-plan", on=D(2026, 5, 11))
    return record_milestone(case, milestone="final-plan", on=D(2026, 6, 1))


def test_an_annual_review_the_las_decision_and_an_amended_plan():
    case = _with_plan()
    # reg 18: Zoë (born 20 Oct 2015) is in Year 6 in 2026-27 and moves to Year 7 in September
    # 2027: the review and amended plan naming the secondary school before 15 Feb 2027
    assert due(case, "phase-transfer") == D(2027, 2, 14)
    case = record_annual_review(case, on=D(2027, 1, 13), attended=["parent", "senco"])
    # reg 20(10): the LA's decision within 4 weeks of the meeting: 13 Jan + 28 days = 10 Feb 2027
    assert due(case, "review-decision") == D(2027, 2, 10)
    # s.44(1): the next review within 12 months starting with 13 Jan 2027: by 12 Jan 2028
    assert due(case, "annual-review") == D(2028, 1, 12)
    with pytest.raises(UsageError, match="one of: keep, amend, cease"):
        record_review_decision(case, decision="rewrite", on=D(2027, 2, 24))
    case = record_review_decision(case, decision="amend", on=D(2027, 2, 24))  # notified late
    # reg 22 / Devon: 8 weeks from the notice (24 Feb + 56 days = 21 Apr 2027) but 12 weeks
    # from the meeting at most (13 Jan + 84 days = 7 Apr 2027): 7 Apr 2027
    assert due(case, "amended-plan") == D(2027, 4, 7)
    case = set_transfer(case, transfer="primary-to-secondary", year=2027, school="Castlebrook High School")
    case = record_amended_plan(case, on=D(2027, 3, 3))
    case = set_transfer(case, transfer="primary-to-secondary", year=2027, done=D(2027, 3, 3))
    assert "amended-plan" not in kinds(case) and "review-decision" not in kinds(case)
    # the next transfer: Year 11 -> post-16 in September 2032, before 31 Mar 2032 -> 30 Mar 2032
    assert due(case, "phase-transfer") == D(2032, 3, 30)
    # the amended plan of 3 Mar 2027 can be appealed: 2 months -> 3 May 2027
    assert due(case, "appeal") == D(2027, 5, 3)
    saved = roundtrip(case)
    assert saved.annual_reviews[-1].amended == D(2027, 3, 3) and saved.transfers[0].school == "Castlebrook High School"


def test_a_transfer_set_on_the_case_and_a_bad_one_refused():
    case = enter(zoe(dob=D(2022, 1, 5), setting="early-years", school="Little Acorns Nursery", opened=D(2026, 9, 1)),
                 stage="ehc-plan", since=D(2026, 9, 1))  # fmt: skip
    # born 5 Jan 2022: Reception 2026-27, Year 7 in September 2033 -> before 15 Feb 2033
    assert due(case, "phase-transfer") == D(2033, 2, 14)  # starting school is not computed
    case = set_transfer(case, transfer="early-years-to-school", year=2027)
    # reg 18: early years to school in September 2027: before 15 Feb 2027 -> 14 Feb 2027
    assert due(case, "phase-transfer") == D(2027, 2, 14)
    with pytest.raises(UsageError, match="not a phase transfer"):
        set_transfer(case, transfer="primary-secondary", year=2027)


def test_from_year_9_every_review_considers_preparing_for_adulthood():
    case = enter(zoe(dob=D(2013, 5, 1), setting="secondary", school="Castlebrook High School", opened=D(2026, 9, 1)),
                 stage="ehc-plan", since=D(2024, 3, 11), last_annual_review=D(2026, 3, 2))  # fmt: skip
    # born 1 May 2013: Year 9 starts 1 Sep 2026; review within 12 months starting 2 Mar 2026: 1 Mar 2027
    (review,) = [d for d in duties(case) if d.kind == "annual-review"]
    assert review.due == D(2027, 3, 1)
    assert review.notes[0] == (
        "from Year 9 (began 1 Sep 2026) every review must consider preparing for adulthood and independent "
        "living (reg 20(6))"
    )


def test_ceasing_a_plan_needs_the_parent_consulted_and_can_be_appealed():
    case = _with_plan()
    with pytest.raises(RefusedError, match="consulted"):
        advance(case, to="sen-support", on=D(2026, 10, 1), reason="Needs met at SEN Support")
    case = consult(case, D(2026, 9, 20))
    case = advance(case, to="sen-support", on=D(2026, 10, 1), reason="Needs met at SEN Support", kind="cease")
    assert census_code(case) == "K"
    # 2 months from 1 Oct 2026 = 1 Dec 2026
    assert due(case, "appeal") == D(2026, 12, 1)


# Conversion from the 2001 Code ------------------------------------------------------------------


def _old(**kw: object):
    args: dict[str, object] = {"framework": "england-2001", "child_id": "tomasz-dawiska", "name": "Tomasz Dawiśka",
                               "parents": ["Agnieszka Dawiśka"], "dob": D(2016, 2, 9)}  # fmt: skip
    args.update(kw)
    return zoe(**args)


def test_school_action_plus_converts_to_sen_support_keeping_the_history():
    case = consult(_old(), D(2025, 9, 10))
    case = advance(case, to="action", on=D(2025, 9, 15), reason="Behind in maths", evidence=["Test: 30%"])
    case = new_iep(case, start=D(2025, 9, 22), targets=["Count to 100"])
    assert census_code(case) == "A"
    converted = convert(case, framework="england-2015", on=D(2026, 11, 2))
    assert converted.framework == "england-2015" and converted.stage == "sen-support"
    assert census_code(converted) == "K" and stage_name(converted) == "SEN Support"
    (conv,) = converted.converted
    assert (conv.from_framework, conv.stage, conv.to, conv.date) == (
        "england-2001",
        "action",
        "sen-support",
        D(2026, 11, 2),
    )
    assert conv.history == case.history and conv.ieps == case.ieps
    assert "School Action and School Action Plus became SEN Support" in conv.note
    assert converted.consultations == case.consultations
    # the school writes a SEN support plan from the day of the conversion
    assert [(d.kind, d.due) for d in duties(converted)] == [("new-sen-support-plan", D(2026, 11, 2))]
    saved = roundtrip(converted)
    assert saved.converted[0].history[0].to == "action"
    with pytest.raises(RefusedError, match="before the previous step \\(2 Nov 2026\\)"):
        advance(consult(converted, D(2026, 11, 3)), to="none", on=D(2026, 11, 1), reason="r")


def test_a_statement_converts_to_an_ehc_plan_through_a_transfer_review():
    case = enter(_old(opened=D(2026, 9, 1)), stage="statement", since=D(2020, 3, 2), last_annual_review=D(2026, 2, 10))
    converted = convert(case, framework="england-2015", on=D(2026, 10, 5))
    assert converted.stage == "ehc-plan" and census_code(converted) == "E"
    # the EHC plan is made on the transfer review, 5 Oct 2026: the annual review within 12
    # months starting with that day, by 4 Oct 2027
    assert due(converted, "annual-review") == D(2027, 10, 4)
    # born 9 Feb 2016: Year 6 in 2026-27, so Year 7 in September 2027: before 15 Feb 2027
    assert due(converted, "phase-transfer") == D(2027, 2, 14)
    assert converted.converted[0].entered == case.entered
    roundtrip(converted)


def test_a_conversion_the_target_cannot_express_is_refused_with_the_reason():
    case = consult(_old(), D(2025, 9, 10))
    case = advance(case, to="statutory-assessment", on=D(2026, 10, 1), requested_by="parent")
    with pytest.raises(RefusedError, match="record the LA's outcome .* first, then convert"):
        convert(case, framework="england-2015", on=D(2026, 11, 2))
    with pytest.raises(RefusedError, match="says nothing about records under england-2001"):
        convert(case, framework="northern-ireland-1998", on=D(2026, 11, 2))
    with pytest.raises(RefusedError, match="already follows"):
        convert(zoe(), framework="england-2015", on=D(2026, 11, 2))


def test_a_converted_case_and_a_new_2015_case_share_one_due_list():
    old = enter(_old(opened=D(2026, 9, 1)), stage="statement", since=D(2020, 3, 2), last_annual_review=D(2026, 2, 10))
    converted = convert(old, framework="england-2015", on=D(2026, 10, 5))
    new = _requested(on=D(2026, 11, 9))
    found = select([*duties(converted), *duties(new)], D(2026, 11, 22))
    listed = [(d.id, d.kind, d.due) for d in found]
    assert listed == [
        ("zoe-oneill", "sen-support-plan-review", D(2025, 12, 15)),  # 22 Sep 2025 + 12 weeks, never reviewed
        # 9 Nov 2026 + 6 weeks = 21 Dec 2026
        ("zoe-oneill", "assessment-decision", D(2026, 12, 21)),
        ("tomasz-dawiska", "phase-transfer", D(2027, 2, 14)),
        ("tomasz-dawiska", "annual-review", D(2027, 10, 4)),
    ]
    assert {d.stage_name for d in found} == {"EHC needs assessment", "EHC plan"}


# Letters and the prep sheet in the framework's words ------------------------------------------


def _at_sen_support():
    from senpath.changes import add_professional, record_visit, update_details

    case = consult(zoe(), D(2025, 9, 10))
    case = advance(case, to="sen-support", on=D(2025, 9, 15), reason="Reading age 3 years behind",
                   evidence=["Phonics screening: 12 of 40"])  # fmt: skip
    case = new_iep(case, start=D(2025, 9, 22), targets=["Read 20 high-frequency words"])
    case = add_professional(case, role="educational-psychologist", name="Dr Amara Osei", requested=D(2025, 10, 1))
    case = record_visit(case, name="Dr Amara Osei", on=D(2025, 11, 4), advice="Daily precision teaching")
    return update_details(
        case, on=D(2025, 11, 5), head_teacher="Mrs Ruth Kowalczyk", add_concerns=["Reading and spelling"]
    )


def _on_no_stage():
    from senpath.changes import update_details

    return update_details(zoe(), on=D(2025, 9, 5), head_teacher="Mrs Ruth Kowalczyk", add_concerns=["Reading"])


def test_the_parents_request_for_an_ehc_needs_assessment():
    from senpath.letters import assessment_request, to_text

    text = to_text(assessment_request(_at_sen_support(), on=D(2026, 1, 12), la="Northshire County Council",
                                      reasons=["Progress has stalled despite a year of SEN Support"]))  # fmt: skip
    flat = " ".join(text.split())
    assert "Request for an EHC needs assessment: Zoë O'Neill" in flat
    assert "under section 36(1) of the Children and Families Act 2014" in flat
    # reg 5(1): 6 weeks from receipt (the letter cannot know that day: it asks the LA to confirm it)
    assert (
        "Under regulation 5(1) of the Special Educational Needs and Disability Regulations 2014, Northshire County "
        "Council must tell me within 6 weeks of receiving this request whether it will carry out an EHC needs "
        "assessment; if it decides not to, I can appeal against that decision to the First-tier Tribunal (Special "
        "Educational Needs and Disability). Please confirm the date you received this request." in flat
    )
    assert "SEN Support, from 15 September 2025 to now" in flat
    assert "SEN support plan 1, from 22 September 2025, set these targets" in flat
    assert (
        "Dr Amara Osei (educational psychologist): saw Zoë on 4 November 2025 and advised: Daily precision teaching"
        in flat
    )
    assert "IEP" not in text and "statutory assessment" not in text


def test_enclosures_are_optional_under_2015_and_2001():
    from senpath.letters import assessment_request, to_text

    case = consult(zoe(), D(2025, 9, 10))  # nothing at SEN Support yet: no plan, no professional
    for c in (case, _old()):
        text = to_text(assessment_request(c, on=D(2026, 1, 12), la="Northshire County Council", reasons=["Why"],
                                          concerns=["Reading"]))  # fmt: skip
        assert "Enclosed" not in text and "No " not in text and "has not" not in text


def test_the_meeting_request_and_prep_sheet_ask_the_frameworks_questions():
    from senpath.letters import meeting_request, to_text
    from senpath.prep import prep_sheet

    case = _at_sen_support()
    letter = " ".join(to_text(meeting_request(case, on=D(2026, 1, 5))).split())
    assert "I would like to know:" in letter
    # Zoë is on SEN Support: the letter asks about the plan and what comes next, not whether she is on it
    assert "Is Zoë on SEN Support?" not in letter
    assert "What does Zoë's SEN support plan set out" in letter
    assert "at least three times a year" in letter
    assert "is it time to ask the local authority for an EHC needs assessment?" in letter
    first = " ".join(to_text(meeting_request(_on_no_stage(), on=D(2026, 1, 5))).split())
    assert "Is Zoë on SEN Support? If so, please confirm it in writing" in first
    assert "at least three times a year" not in first
    sheet = " ".join(to_text(prep_sheet(case, on=D(2026, 1, 5))).split())
    assert "Does Zoë have an SEN support plan, is it reviewed on time" in sheet
    assert "Questions to ask" in sheet
    assert "Has the school met you three times this year" in sheet
    assert "Is your child on SEN Support?" in sheet
    assert "IEP" not in sheet
    old_letter = to_text(meeting_request(update_details_old(), on=D(2026, 1, 5)))
    assert "SEN Support" not in old_letter and "Is Tomasz at School Action or School Action Plus," in old_letter


def update_details_old():
    from senpath.changes import update_details

    return update_details(_old(), on=D(2025, 9, 4), head_teacher="Mr Dafydd Rees", add_concerns=["Maths"])


def test_the_timeline_keeps_the_earlier_record_and_the_conversion_as_its_own_entry():
    from senpath.changelog import describe_change, timeline

    case = consult(_old(), D(2025, 9, 10))
    case = advance(case, to="action", on=D(2025, 9, 15), reason="Behind in maths", evidence=["Test: 30%"])
    case = new_iep(case, start=D(2025, 9, 22), targets=["Count to 100"])
    converted = convert(case, framework="england-2015", on=D(2026, 11, 2))
    texts = [(e.date, e.text) for e in timeline(converted)]
    assert (
        D(2025, 9, 15),
        "No SEN provision → School Action; Behind in maths; relies on consultation 1 (under england-2001)",
    ) in texts
    assert (D(2025, 9, 22), "IEP 1 started, review due 15 Dec 2025 (under england-2001)") in texts
    last_date, last = texts[-1]
    assert last_date == D(2026, 11, 2)
    assert last.startswith("converted to england-2015: School Action → SEN Support; School Action and School Action")
    assert describe_change(case, converted) == (
        "tomasz-dawiska: converted to england-2015: School Action → SEN Support (2 Nov 2026)"
    )


def test_a_hand_edited_conversion_is_refused_by_name():
    case = consult(_old(), D(2025, 9, 10))
    case = advance(case, to="action", on=D(2025, 9, 15), reason="Behind in maths", evidence=["Test: 30%"])
    converted = convert(case, framework="england-2015", on=D(2026, 11, 2))
    wrong = converted.model_copy(deep=True)
    wrong.converted[0].stage = "action-plus"
    assert "converted[0].stage: the earlier history ends at 'action', not 'action-plus'" in problems(wrong)
    wrong = converted.model_copy(deep=True)
    wrong.converted[0].to = "ehc-plan"
    assert "converted[0]: england-2015 does not convert england-2001's 'action' to 'ehc-plan'" in problems(wrong)
    wrong = converted.model_copy(deep=True)
    wrong.converted[0].history[0].to = "sen-support"
    assert any(p.startswith("converted[0].history[0].to:") for p in problems(wrong))


def test_further_education_is_a_setting_of_2015_only():
    from senpath.changes import update_details

    college = zoe(dob=D(2009, 3, 1), setting="further-education", school="Northshire College")
    assert college.setting == "further-education"
    with pytest.raises(UsageError, match="'further-education' is not a setting of england-2001"):
        _old(setting="further-education", school="Northshire College")
    with pytest.raises(UsageError, match="is not a setting of england-2001"):
        update_details(_old(), on=D(2026, 9, 1), setting="further-education", school="Northshire College")
    moved = update_details(zoe(), on=D(2026, 9, 1), setting="secondary", school="Castlebrook High School")
    assert moved.setting == "secondary"


# The report (senpath report) over 2015 records -------------------------------------------------


def test_the_report_lists_the_2015_deadlines_skipping_steps_without_a_time_limit():
    from senpath.provision import Costs
    from senpath.report import Period, build

    year = Period(D(2025, 9, 1), D(2026, 8, 31))
    data = build([_with_plan()], year, today=D(2026, 11, 22), costs=Costs())["statutory"]
    # requested 12 Jan 2026: decision due 23 Feb (met 20 Feb); the draft plan has no time limit of
    # its own and the no-plan notice did not happen: the final plan, due 1 Jun, was made 1 Jun
    assert [(d["milestone"], d["due"], d["status"]) for d in data["deadlines"]] == [
        ("assessment-decision", "2026-02-23", "met"),
        ("final-plan", "2026-06-01", "met"),
    ]
    assert (data["requested"], data["decided"], data["completed"], data["plans_made"]) == (1, 1, 1, 1)
    assert (data["deadlines_met"], data["deadlines_missed"]) == (2, 0)

    # A late final plan with an exception the law allows recorded: late, not missed.
    late = _requested(on=D(2026, 6, 1))
    late = record_milestone(late, milestone="assessment-decision", on=D(2026, 7, 10), outcome="assess")
    late = record_exception(late, milestone="final-plan", on=D(2026, 7, 15), reason="reg 10(4)(a): school closed")
    late = record_milestone(late, milestone="draft-plan", on=D(2026, 10, 1))
    late = record_milestone(late, milestone="final-plan", on=D(2026, 11, 2))
    this_year = Period(D(2026, 9, 1), D(2027, 8, 31))
    data = build([late], this_year, today=D(2026, 11, 22), costs=Costs())["statutory"]
    # 1 Jun 2026 + 140 days = 19 Oct 2026; made 2 Nov: 14 days late
    assert [(d["milestone"], d["status"], d["days_late"]) for d in data["deadlines"]] == [
        ("final-plan", "missed: exception recorded", 14)
    ]
    assert (data["deadlines_missed"], data["deadlines_late_with_exception"], data["completed"]) == (0, 1, 1)

    # Still open past 16 and 20 weeks: the no-plan notice (if no plan is to be issued) and the
    # final plan are both missed so far: never an all-clear.
    stuck = _requested(on=D(2026, 6, 1))
    stuck = record_milestone(stuck, milestone="assessment-decision", on=D(2026, 7, 10), outcome="assess")
    data = build([stuck], this_year, today=D(2026, 11, 22), costs=Costs())["statutory"]
    # 1 Jun + 112 days = 21 Sep 2026 (62 days to 22 Nov); + 140 days = 19 Oct 2026 (34 days)
    assert [(d["milestone"], d["due"], d["status"], d["days_late"]) for d in data["deadlines"]] == [
        ("no-plan", "2026-09-21", "open: overdue", 62),
        ("final-plan", "2026-10-19", "open: overdue", 34),
    ]
    assert data["deadlines_missed"] == 2
