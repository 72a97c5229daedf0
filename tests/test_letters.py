"""The letters and the preparation sheet as documents (no CLI): wording, omissions, refusals, names."""

from __future__ import annotations

import re
from datetime import date
from textwrap import dedent

import pytest

from senpath import letters, prep
from senpath.errors import MissingItemError, RefusedError
from senpath.models import Left
from tests.letters_data import REASON, TODAY, basic, with_help

PLACEHOLDERS = ("{", "}", "TODO", "None", "[", "]", "<", ">", "XXX", "NAME")
QUESTIONS = ["What extra help is Amira getting now?", "How will we know it is working?"]
ADVISOR = "Jo Brown (Parent Partnership)"


def assert_filled(text: str) -> None:
    for mark in PLACEHOLDERS:
        assert mark not in text, f"{mark!r} left in:\n{text}"
    assert "\x1b" not in text
    assert "\n\n\n" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def meeting(case=None, **kw):
    kw.setdefault("advisor", ADVISOR)
    kw.setdefault("questions", QUESTIONS)
    return letters.meeting_request(case or basic(), on=TODAY, **kw)


def assessment(case=None, **kw):
    kw.setdefault("la", "Northshire County Council")
    kw.setdefault("reasons", [REASON])
    kw.setdefault("enclosures", ["Letter from our GP, 3 November 2026"])
    return letters.assessment_request(case or with_help(), on=TODAY, **kw)


MEETING = dedent(
    """\
    22 November 2026

    Mrs J. Patel
    Head teacher
    Little Acorns Nursery

    Dear Mrs J. Patel,

    Amira Khan, date of birth 14 May 2021

    I am writing about Amira, who attends Little Acorns Nursery. As Amira's parent, I am worried that Amira is not making adequate progress, and that Amira may have special educational needs (SEN).

    In particular, I am concerned about:

    - slow progress in speech
    - finds it hard to join in play

    I would like to meet you to talk about these worries, and about what you and your staff can do to help Amira. I will bring Jo Brown (Parent Partnership) with me to support me at the meeting.

    These are the questions I would like us to talk about:

    - What extra help is Amira getting now?
    - How will we know it is working?

    Before we meet, could you please send me a copy of the records you keep on Amira, and a copy of your SEN policy?

    I hope we can work together in partnership to support Amira. I look forward to hearing from you.

    Yours sincerely,

    Sara Khan
    """
)


ASSESSMENT = dedent(
    """\
    22 November 2026

    Special Educational Needs Team
    Northshire County Council

    Dear Sir or Madam,

    Request for a statutory assessment: Amira Khan, date of birth 14 May 2021

    I am Amira's parent, and I am writing to ask Northshire County Council to make a statutory assessment of Amira's special educational needs. Amira attends Little Acorns Nursery.

    Amira's needs

    I am concerned about:

    - slow progress in speech
    - finds it hard to join in play

    Amira has been diagnosed with:

    - Developmental language disorder

    The help Amira has had so far

    Amira has had extra help at these stages:

    - Early Years Action, from 10 September 2026 to 16 November 2026
    - Early Years Action Plus, from 16 November 2026 to now

    IEP 1, from 10 September 2026, set these targets:

    - Uses 3-word phrases at snack time
    - Takes turns in a game with one friend
    - Says 20 sounds clearly

    Help given under IEP 1:

    - Small-group language session, by Mrs Hale (TA), 3 x 20 min a week

    IEP 1 was reviewed:

    - on 15 October 2026: 2 of 3 targets met, 1 partly met; it was agreed to carry on with the IEP
    - on 14 November 2026: 1 of 3 targets met, 2 not met; it was agreed that more help was needed

    Professionals involved

    - Ms T. Okafor (speech and language therapist): saw Amira on 5 November 2026 and advised: Daily modelling of short phrases

    Why Little Acorns Nursery cannot meet Amira's needs alone

    Despite a term of small-group help, Amira's speech has not improved, and the nursery cannot give the daily speech therapy Amira needs.

    Enclosed

    - IEP 1 (from 10 September 2026) and the records of its 2 reviews
    - Advice from Ms T. Okafor (speech and language therapist) after seeing Amira on 5 November 2026
    - Checklist: 12 of 40 sounds
    - IEP 1 review, 14 Nov 2026: 1 of 3 targets met
    - Letter from our GP, 3 November 2026

    A local authority is expected to decide whether to make a statutory assessment within 6 weeks of a request. Please let me know your decision by 3 January 2027, and tell me who I can contact about the request in the meantime.

    Thank you for your help.

    Yours faithfully,

    Sara Khan
    """
)


# ---------------------------------------------------------------------------
# The meeting request


def test_meeting_request_golden():
    text = letters.to_text(meeting())
    assert text == MEETING
    assert_filled(text)


@pytest.mark.parametrize(
    "element",
    [
        "22 November 2026",
        "Dear Mrs J. Patel,",
        "Amira Khan, date of birth 14 May 2021",
        "not making adequate progress",
        "special educational needs (SEN)",
        "- slow progress in speech",
        "- finds it hard to join in play",
        "what you and your staff can do to help Amira",
        ADVISOR,
        *QUESTIONS,
        "a copy of the records you keep on Amira",
        "a copy of your SEN policy",
        "in partnership",
        "Sara Khan",
    ],
)
def test_meeting_request_has_each_element_once(element):
    assert letters.to_text(meeting()).count(element) == 1


def test_meeting_request_leaves_out_the_advisor_and_questions_when_there_are_none():
    text = letters.to_text(meeting(advisor=None, questions=[]))
    assert "bring" not in text
    assert "questions" not in text
    assert "with me" not in text
    assert_filled(text)
    # The paragraphs around them stay in place.
    assert "help Amira.\n\nBefore we meet" in text


def test_meeting_request_adds_concerns_from_the_option_once():
    text = letters.to_text(meeting(concerns=["Possible bullying at lunchtime", "SLOW progress in speech"]))
    assert "- Possible bullying at lunchtime\n" in text
    assert text.lower().count("slow progress in speech") == 1


def test_meeting_request_at_school_asks_for_school_records():
    case = basic(setting="primary", school="Hill Primary School", dob=date(2018, 3, 2))
    text = letters.to_text(meeting(case))
    assert "a copy of Amira's school records" in text
    assert "who attends Hill Primary School" in text


def test_the_letter_uses_the_name_the_child_goes_by():
    text = letters.to_text(meeting(basic(known_as="Mira"), questions=[]))
    assert "Amira Khan, date of birth 14 May 2021" in text
    assert "help Mira." in text
    assert not re.search(r"\bAmira\b(?! Khan)", text)


def test_signed_by_from_with_the_parents_relationship():
    case = basic(parents=["Sara Khan", "Omar Khan"]).model_copy(deep=True)
    case.parents[1].relationship = "father"
    text = letters.to_text(meeting(case, sender="omar khan"))
    assert text.endswith("Yours sincerely,\n\nomar khan\n")
    assert "As Amira's father," in text


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"head_teacher": None}, 'senpath update amira-khan --head-teacher "NAME"'),
        ({"parents": []}, 'senpath update amira-khan --add-parent "NAME"'),
        ({"concerns": []}, 'senpath update amira-khan --add-concern "CONCERN"'),
    ],
)
def test_meeting_request_refuses_what_is_missing(change, needle):
    with pytest.raises(MissingItemError) as exc:
        meeting(basic(**change))
    assert needle in str(exc.value)
    assert str(exc.value).startswith("letter not written: ")


def test_missing_parent_also_names_the_from_option():
    with pytest.raises(MissingItemError, match='give --from "NAME"'):
        meeting(basic(parents=[]))


def test_every_missing_item_is_named_at_once():
    with pytest.raises(MissingItemError) as exc:
        meeting(basic(head_teacher=None, parents=[], concerns=[]))
    assert len(str(exc.value).splitlines()) == 3


def test_a_concern_given_as_an_option_is_enough():
    text = letters.to_text(meeting(basic(concerns=[]), concerns=["Not yet talking in sentences"]))
    assert "- Not yet talking in sentences\n" in text


# ---------------------------------------------------------------------------
# The request for a statutory assessment


def test_assessment_request_golden():
    text = letters.to_text(assessment())
    assert text == ASSESSMENT
    assert_filled(text)


@pytest.mark.parametrize(
    "element",
    [
        "Special Educational Needs Team\nNorthshire County Council\n",
        "ask Northshire County Council to make a statutory assessment of Amira's special educational needs",
        "Amira Khan, date of birth 14 May 2021",
        "Amira attends Little Acorns Nursery",
        "- slow progress in speech",
        "- Developmental language disorder",
        "- Early Years Action, from 10 September 2026 to 16 November 2026",
        "- Early Years Action Plus, from 16 November 2026 to now",
        "- Uses 3-word phrases at snack time\n",
        "- Small-group language session, by Mrs Hale (TA), 3 x 20 min a week",
        "on 15 October 2026: 2 of 3 targets met, 1 partly met",
        "on 14 November 2026: 1 of 3 targets met, 2 not met",
        "Ms T. Okafor (speech and language therapist): saw Amira on 5 November 2026",
        "Daily modelling of short phrases",
        REASON,
        "- Letter from our GP, 3 November 2026",
        "6 weeks",
        "3 January 2027",
        "Yours faithfully,",
    ],
)
def test_assessment_request_has_each_element_once(element):
    assert letters.to_text(assessment()).count(element) == 1


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2026, 11, 22), "3 January 2027"),
        (date(2026, 12, 31), "11 February 2027"),
        (date(2028, 1, 20), "2 March 2028"),  # across a leap-year February
    ],
)
def test_decision_date_is_six_weeks_after_the_letter(on, due):
    text = letters.to_text(letters.assessment_request(with_help(), on=on, la="X Council", reasons=["R"]))
    assert f"Please let me know your decision by {due}," in text


def test_assessment_request_for_a_child_with_no_help_yet():
    text = letters.to_text(assessment(basic()))
    assert "Amira has not had help at Early Years Action or Early Years Action Plus yet" in text
    assert "No Individual Education Plan (IEP) has been written for Amira yet." in text
    assert "No outside professional has been involved with Amira yet." in text
    assert "- Letter from our GP, 3 November 2026" in text
    assert_filled(text)


@pytest.mark.parametrize(
    ("case_change", "kw", "needle"),
    [
        ({}, {"la": None}, '--la "NAME"'),
        ({}, {"la": "  "}, '--la "NAME"'),
        ({}, {"reasons": []}, '--reason "WHY"'),
        ({"parents": []}, {}, '--add-parent "NAME"'),
        ({"concerns": [], "diagnoses": []}, {}, '--add-concern "CONCERN"'),
        ({}, {"enclosures": [], "case": "basic"}, '--enclose "DOCUMENT"'),
    ],
)
def test_assessment_request_refuses_what_is_missing(case_change, kw, needle):
    case = basic(**case_change) if case_change or kw.pop("case", None) else with_help()
    with pytest.raises(MissingItemError) as exc:
        assessment(case, **kw)
    assert needle in str(exc.value)


def test_assessment_request_with_only_a_diagnosis():
    text = letters.to_text(assessment(with_help(basic(concerns=[]))))
    assert "I am concerned about" not in text
    assert "Amira has been diagnosed with:\n\n- Developmental language disorder" in text


def test_assessment_request_refused_while_one_is_open():
    case = with_help()
    case = letters.record(case, assessment(case))  # any change; then an open request:
    from senpath.changes import add_consultation
    from senpath.stages import advance

    case = add_consultation(case, on=date(2026, 11, 20), with_=["Sara Khan"], method="phone", summary="Talked")
    case = advance(case, to="statutory-assessment", on=date(2026, 11, 20), requested_by="parent")
    with pytest.raises(RefusedError, match="still under way"):
        assessment(case)


# ---------------------------------------------------------------------------
# Names, Markdown


def unusual():
    return basic(
        child_id="zoe-oneill",
        name="Zoë O'Neill",
        head_teacher="Mr Seán O'Brien",
        parents=["Siobhán Smith-Jones"],
        school="St Mary's C of E Primary",
        setting="primary",
        dob=date(2018, 2, 28),
        concerns=["Reading age 2 years behind; 'stuck' on phonics"],
    )


def test_unusual_names_render_as_written():
    text = letters.to_text(meeting(unusual(), questions=[]))
    assert "Dear Mr Seán O'Brien," in text
    assert "Zoë O'Neill, date of birth 28 February 2018" in text
    assert "a copy of Zoë's school records" in text
    assert "who attends St Mary's C of E Primary." in text
    assert "As Zoë's parent" in text
    assert text.endswith("Siobhán Smith-Jones\n")
    assert "- Reading age 2 years behind; 'stuck' on phonics" in text
    assert_filled(text)


def test_markdown_keeps_names_and_escapes_formatting():
    case = unusual().model_copy(deep=True)
    case.concerns.append("Uses *lots* of_underscores and [brackets]")
    md = letters.to_markdown(meeting(case, questions=["1. Who is the SENCO?"]))
    assert "**Zoë O'Neill, date of birth 28 February 2018**" in md
    assert "Mr Seán O'Brien\\\nHead teacher\\\nSt Mary's C of E Primary" in md
    assert "- Uses \\*lots\\* of\\_underscores and \\[brackets\\]" in md
    assert "- 1\\. Who is the SENCO?" in md
    assert md.endswith("Yours sincerely,\n\nSiobhán Smith-Jones\n")


def test_markdown_of_the_meeting_request():
    md = letters.to_markdown(meeting())
    assert md.startswith(
        "22 November 2026\n\nMrs J. Patel\\\nHead teacher\\\nLittle Acorns Nursery\n\nDear Mrs J. Patel,\n"
    )
    assert "\n\n**Amira Khan, date of birth 14 May 2021**\n\n" in md
    assert "\n- slow progress in speech\n- finds it hard to join in play\n" in md


def test_markdown_of_the_assessment_request_has_headings():
    md = letters.to_markdown(assessment())
    for heading in (
        "### Amira's needs",
        "### The help Amira has had so far",
        "### Professionals involved",
        "### Enclosed",
    ):
        assert f"\n{heading}\n" in md


def test_multi_line_items_stay_inside_their_bullet():
    doc = letters.Document("prep", "", TODAY, (letters.Bullets(("first line\nsecond line",)),))
    assert letters.to_text(doc) == "- first line\n  second line\n"
    assert letters.to_markdown(doc) == "- first line\n  second line\n"


def test_heading_underline_counts_accents_as_one_character():
    doc = letters.Document("prep", "", TODAY, (letters.Heading("Zoe\u0308", level=1),))
    assert letters.to_text(doc) == "Zoe\u0308\n===\n"


# ---------------------------------------------------------------------------
# The correspondence log


def test_record_adds_a_copy_of_the_text_once():
    case = basic()
    doc = meeting(case)
    new = letters.record(case, doc)
    (logged,) = new.correspondence
    assert logged.kind == "meeting-request"
    assert logged.date == TODAY
    assert logged.to == "Mrs J. Patel, head teacher, Little Acorns Nursery"
    assert logged.text == MEETING
    assert case.correspondence == []  # a new case; the old one is untouched
    assert letters.record(new, doc) == new


def test_record_refuses_a_closed_case():
    case = basic().model_copy(update={"left": Left(date=date(2026, 11, 1), reason="Moved away")})
    with pytest.raises(RefusedError, match="left on 1 Nov 2026"):
        letters.record(case, meeting(basic()))
    for build in (meeting, assessment):
        with pytest.raises(RefusedError, match="^Amira Khan left Little Acorns Nursery on 1 Nov 2026; "):
            build(case)


# ---------------------------------------------------------------------------
# The preparation sheet


PREP = dedent(
    """\
    Preparing for a meeting about Amira Khan
    ========================================

    Amira was born on 14 May 2021 and attends Little Acorns Nursery. This sheet answers, from the record as it stands on 22 Nov 2026, the questions to be ready for before you meet the staff. Where the record cannot answer, it says what is missing.

    Your concerns on record:

    - slow progress in speech
    - finds it hard to join in play

    What extra help has Amira had, and how well has it worked?
    ----------------------------------------------------------

    Stages of extra help:

    - Early Years Action, from 10 Sep 2026 to 16 Nov 2026
    - Early Years Action Plus, from 16 Nov 2026 to now

    IEP 1, from 10 Sep 2026, with these targets:

    - Uses 3-word phrases at snack time (met at the review on 14 Nov 2026)
    - Takes turns in a game with one friend (not met at the review on 14 Nov 2026)
    - Says 20 sounds clearly (not met at the review on 14 Nov 2026)

    Help given under IEP 1:

    - Small-group language session, by Mrs Hale (TA), 3 x 20 min a week

    How well it has worked: at the latest review (14 Nov 2026, IEP 1), 1 of 3 targets met, 2 not met.

    Where is Amira in the process?
    ------------------------------

    Early Years Action Plus, since 16 Nov 2026: outside professionals advise the setting, and the help follows their advice.

    What can you do now, and by when?
    ---------------------------------

    - Ask for a meeting: you can ask the school for a meeting with the class teacher, the SENCO or the head teacher about your child's needs and the help given, at any time (SEN Code of Practice 2001, chapter 2: working in partnership with parents).
    - Request a statutory assessment: you can ask the local authority in writing for a statutory assessment (Education Act 1996, section 329(1)).

    Does Amira have an IEP, is it reviewed on time, and have you had your say?
    --------------------------------------------------------------------------

    Yes: the current plan is IEP 1, from 10 Sep 2026.

    Reviews so far:

    - IEP 1: reviewed 15 Oct 2026, due 15 Oct 2026: on time
    - IEP 1: reviewed 14 Nov 2026, due 12 Nov 2026: 2 days late

    Next review of IEP 1: 12 Feb 2027 (due in 82 days).

    You were at 1 of 2 reviews, and your views were written down at 1. Ask to be invited to every review, and for your views to be written into the review record.

    Which professionals have seen Amira, and what did they advise?
    --------------------------------------------------------------

    - Ms T. Okafor (speech and language therapist): saw Amira on 5 Nov 2026 and advised: Daily modelling of short phrases

    Is there a diagnosis, and does Little Acorns Nursery have the details?
    ----------------------------------------------------------------------

    - Developmental language disorder

    Whether Little Acorns Nursery has the details is not in the record: take a copy of the diagnosis report to the meeting and ask.

    Are things getting worse?
    -------------------------

    Share of targets met at each review:

    - 15 Oct 2026 (IEP 1): 2 of 3 targets met (67%)
    - 14 Nov 2026 (IEP 1): 1 of 3 targets met (33%)

    Fewer targets were met at the latest review (14 Nov 2026) than at the one before (15 Oct 2026): things may be getting worse. Raise this at the meeting.

    What changes do you want to see?
    --------------------------------

    - A weekly note home about speech

    Anything else:

    - ............................................................
    """
)


def sheet(case=None, wants=(), say=prep.plain):
    return letters.to_text(prep.prep_sheet(case or with_help(), on=TODAY, wants=wants, say=say))


def test_prep_sheet_golden():
    text = sheet(wants=["A weekly note home about speech"])
    assert text == PREP
    assert_filled(text)


@pytest.mark.parametrize(
    "question",
    [
        "What extra help has Amira had, and how well has it worked?",
        "Where is Amira in the process?",
        "Does Amira have an IEP, is it reviewed on time, and have you had your say?",
        "Which professionals have seen Amira, and what did they advise?",
        "Is there a diagnosis, and does Little Acorns Nursery have the details?",
        "Are things getting worse?",
        "What changes do you want to see?",
    ],
)
def test_prep_sheet_asks_each_question_once(question):
    assert sheet().count(question + "\n") == 1
    assert sheet(basic()).count(question + "\n") == 1


def test_prep_sheet_says_what_the_record_cannot_answer():
    from senpath.hints import words

    case = basic(diagnoses=[], senco=None)
    assert "senpath" not in sheet(case)  # the sheet names no command: the command line words them
    text = sheet(case, say=words)
    assert "The record shows no extra help for Amira yet" in text
    assert "No IEP is on record." in text
    assert "No outside professional is on record." in text
    assert 'senpath update amira-khan --add-diagnosis "DIAGNOSIS"' in text
    assert "The record cannot tell yet: it needs at least two IEP reviews with target outcomes (it has 0)." in text
    assert "senpath iep review amira-khan" in text
    assert text.count("- " + prep.WRITE_HERE) == prep.EMPTY_LINES
    assert_filled(text)


def test_prep_sheet_expects_an_iep_at_action():
    from senpath.changes import add_consultation
    from senpath.hints import words
    from senpath.stages import advance

    case = add_consultation(basic(), on=date(2026, 9, 8), with_=["Sara Khan"], method="meeting", summary="Agreed")
    case = advance(case, to="action", on=date(2026, 9, 10), reason="Speech", evidence=["Checklist"])
    text = sheet(case, say=words)
    assert "No IEP is on record, though Amira has been at Early Years Action since 10 Sep 2026" in text
    assert "senpath iep new amira-khan" in text
    assert "How well it has worked is not on record" in text
    assert "Ask the SENCO (Ms R. Evans)" in text


@pytest.mark.parametrize(
    ("second", "verdict"),
    [
        (("met", "met", "met"), "More targets were met at the latest review"),
        (("met", "met", "not-met"), "The same share of targets was met at the last two reviews"),
        (("not-met", "not-met", "partly"), "things may be getting worse"),
    ],
)
def test_getting_worse_compares_the_share_of_targets_met(second, verdict):
    assert verdict in sheet(with_help(second_review=second))


def test_a_review_without_outcomes_is_not_counted():
    text = sheet(with_help(second_review=("not-recorded", "not-recorded", "not-recorded")))
    assert "(it has 1)" in text


def test_a_professional_who_has_not_visited_or_advised():
    from senpath.changes import add_professional, record_visit

    case = add_professional(basic(), role="educational-psychologist", name="Dr A. Shah", requested=date(2026, 10, 1))
    text = sheet(case)
    assert (
        "- Dr A. Shah (educational psychologist): asked to see Amira on 1 Oct 2026, and has not seen Amira yet" in text
    )
    text = sheet(record_visit(case, name="Dr A. Shah", on=date(2026, 11, 2)))
    assert "saw Amira on 2 Nov 2026; no advice is on record: ask for the report" in text


def test_prep_sheet_markdown():
    md = letters.to_markdown(prep.prep_sheet(with_help(), on=TODAY))
    assert md.startswith("# Preparing for a meeting about Amira Khan\n")
    assert "\n## Are things getting worse?\n" in md
    assert md.count("\n- " + prep.WRITE_HERE) == prep.EMPTY_LINES


def test_prep_sheet_for_unusual_names():
    text = sheet(unusual())
    title = "Preparing for a meeting about Zoë O'Neill"
    assert text.startswith(f"{title}\n{'=' * len(title)}\n")
    assert "Ask the staff whether Zoë's difficulties are growing" in text
    assert_filled(text)
