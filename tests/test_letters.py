"""The letters and the preparation sheet as documents (no CLI): wording, omissions, refusals, names."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from senpath import letters, prep
from senpath.errors import MissingItemError, RefusedError, UsageError
from senpath.models import Left
from tests.letters_data import REASON, TODAY, basic, contacts, with_help

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
    Sara Khan

    22 November 2026

    Mrs J. Patel
    Head Teacher
    Little Acorns Nursery

    Dear Mrs Patel,

    Amira Khan, date of birth 14 May 2021

    I am writing to you as Amira's parent. I am worried that my child is not making adequate progress at nursery, and I think they may have special educational needs (SEN).

    In particular, I am concerned about:

    - slow progress in speech
    - finds it hard to join in play

    I would like to meet you to talk about these concerns, and about what you and your staff can do to help. I will bring Jo Brown (Parent Partnership) with me for support.

    These are the questions I would like us to talk about:

    - What extra help is Amira getting now?
    - How will we know it is working?

    I would also like to know:

    - Do you think Amira has special educational needs and, if so, what are they?
    - What extra help is Amira getting now, who gives it, and how often?
    - Is Amira at Early Years Action or Early Years Action Plus, and is there an IEP we can look at and review together?

    Before we meet, could you please send me a copy of the records you keep on Amira and of your SEN policy?

    I hope we can work together in partnership so that Amira can do as well as possible. I look forward to hearing from you.

    Yours sincerely,

    Sara Khan
    """
)


ASSESSMENT = dedent(
    """\
    Sara Khan

    22 November 2026

    Special Educational Needs Team
    Northshire County Council

    Dear Sir or Madam,

    Request for a statutory assessment: Amira Khan, date of birth 14 May 2021

    I am writing as Amira's parent. Amira attends Little Acorns Nursery. I am asking Northshire County Council to carry out a statutory assessment of my child's special educational needs under section 329 of the Education Act 1996.

    Amira's needs

    I am concerned about:

    - slow progress in speech
    - finds it hard to join in play

    Amira has been diagnosed with:

    - Developmental language disorder

    The help Amira has had so far

    Amira has had extra help at these stages:

    - Early Years Action, from 10 September 2026 to 16 November 2026 (the evidence recorded then: Checklist: 12 of 40 sounds)
    - Early Years Action Plus, from 16 November 2026 to now (the evidence recorded then: IEP 1 review, 14 Nov 2026: 1 of 3 targets met)

    IEP 1, from 10 September 2026, set these targets:

    - Uses 3-word phrases at snack time
    - Takes turns in a game with one friend
    - Says 20 sounds clearly

    The help it gave:

    - Small-group language session, by Mrs Hale (TA), 3 x 20 min a week

    IEP 1 was reviewed:

    - on 15 October 2026: 2 of 3 targets met, 1 partly met; it was agreed to carry on with the IEP
    - on 14 November 2026: 1 of 3 targets met, 2 not met; it was agreed that more help was needed

    Professionals involved

    - Ms T. Okafor (speech and language therapist): saw Amira on 5 November 2026 and advised: Daily modelling of short phrases

    Why Little Acorns Nursery cannot meet Amira's needs alone

    Despite a term of small-group help, Amira's speech has not improved, and the nursery cannot give the daily speech therapy Amira needs.

    Enclosed

    - Letter from our GP, 3 November 2026

    What happens next

    Under regulation 12 of the Education (Special Educational Needs) (England) (Consolidation) Regulations 2001, Northshire County Council must tell me within 6 weeks of receiving this request whether it will carry out a statutory assessment; if it decides not to, I can appeal against that decision to the Special Educational Needs and Disability Tribunal. Please confirm the date you received this request.

    Please tell me the name of the officer who will deal with this request, so that I know whom to contact. I will send my own views on Amira's needs as part of the assessment. I look forward to hearing from you.

    Yours faithfully,

    Sara Khan

    cc: Mrs J. Patel, Head Teacher, Little Acorns Nursery
    """
)


# ---------------------------------------------------------------------------
# Layout: sender, date, recipient, greeting and the matching close


def test_meeting_request_golden():
    text = letters.to_text(meeting())
    assert text == MEETING
    assert_filled(text)


def test_the_senders_and_the_schools_details_head_the_letter():
    text = letters.to_text(meeting(contacts(basic())))
    assert text.startswith(
        dedent(
            """\
            Sara Khan
            3 Mill Lane
            Northtown NT3 2BB
            Phone: 07700 900123
            Email: sara.khan@example.org

            22 November 2026

            Mrs J. Patel
            Head Teacher
            Little Acorns Nursery
            14 Acorn Road
            Northtown NT3 1AA

            Dear Mrs Patel,

            Amira Khan, date of birth 14 May 2021

            I am writing to you as Amira's mother. I am worried that my child is not making adequate progress at nursery, and I think they may have special educational needs (SEN).
            """
        )
    )
    assert text.endswith("Yours sincerely,\n\nSara Khan\n")
    assert_filled(text)


def test_a_line_the_record_lacks_is_left_out():
    case = contacts(basic()).model_copy(deep=True)
    case.parents[0].phone = None
    case.parents[0].email = None
    text = letters.to_text(meeting(case))
    assert text.startswith("Sara Khan\n3 Mill Lane\nNorthtown NT3 2BB\n\n22 November 2026\n")
    assert "Phone" not in text and "Email" not in text


@pytest.mark.parametrize(
    ("names", "dear", "close"),
    [
        (["Mrs J. Patel"], "Dear Mrs Patel,", "Yours sincerely,"),
        (["Mrs Helen Carter"], "Dear Mrs Carter,", "Yours sincerely,"),
        (["Helen Carter"], "Dear Helen Carter,", "Yours sincerely,"),
        (["Mr. Seán O'Brien"], "Dear Mr O'Brien,", "Yours sincerely,"),
        (["dr Aoife Ní Bhriain"], "Dear Dr Ní Bhriain,", "Yours sincerely,"),
        (["Mx Sam van der Berg"], "Dear Mx van der Berg,", "Yours sincerely,"),
        (["Miss Dawiśka"], "Dear Miss Dawiśka,", "Yours sincerely,"),
        (["Mrs Smith-Jones", "Mr Okoro"], "Dear Mrs Smith-Jones and Mr Okoro,", "Yours sincerely,"),
        (["Mr"], "Dear Mr,", "Yours sincerely,"),  # a name that is only a title is used as written
        ([], "Dear Sir or Madam,", "Yours faithfully,"),
    ],
)
def test_greeting_by_title_and_surname_with_the_matching_close(names, dear, close):
    assert letters.greeting(names) == letters.Greeting(dear, close)


def test_no_head_teacher_on_record_is_dear_head_teacher_not_a_refusal():
    text = letters.to_text(meeting(basic(head_teacher=None)))
    assert "\n\nThe Head Teacher\nLittle Acorns Nursery\n\nDear Head Teacher,\n" in text
    assert text.endswith("Yours faithfully,\n\nSara Khan\n")
    cc = letters.to_text(assessment(with_help(basic(head_teacher=None))))
    assert cc.endswith("Sara Khan\n\ncc: the Head Teacher, Little Acorns Nursery\n")


# ---------------------------------------------------------------------------
# The meeting request: the classic draft, adapted to the record


@pytest.mark.parametrize(
    "element",
    [
        "22 November 2026",
        "Dear Mrs Patel,",
        "Amira Khan, date of birth 14 May 2021",
        "not making adequate progress at nursery",
        "may have special educational needs (SEN)",
        "- slow progress in speech",
        "- finds it hard to join in play",
        "what you and your staff can do to help.",
        f"I will bring {ADVISOR} with me for support.",
        *QUESTIONS,
        "a copy of the records you keep on Amira",
        "of your SEN policy",
        "work together in partnership so that Amira can do as well as possible.",
        "Yours sincerely,\n\nSara Khan\n",
    ],
)
def test_meeting_request_has_each_element_once(element):
    assert letters.to_text(meeting()).count(element) == 1


def test_without_an_advisor_a_friend_or_advisor_may_still_come():
    text = letters.to_text(meeting(advisor=None, questions=[]))
    assert "I may bring a friend or advisor with me for support." in text
    assert "These are the questions" not in text
    assert "I would like to know:" in text  # the framework's own questions stay
    assert_filled(text)


def test_meeting_request_adds_concerns_from_the_option_once():
    text = letters.to_text(meeting(concerns=["Possible bullying at lunchtime", "SLOW progress in speech"]))
    assert "- Possible bullying at lunchtime\n" in text
    assert text.lower().count("slow progress in speech") == 1


def test_meeting_request_at_school_asks_for_school_records():
    case = basic(setting="primary", school="Hill Primary School", dob=date(2018, 3, 2))
    text = letters.to_text(meeting(case))
    assert "could you please send me a copy of Amira's school records and of the school's SEN policy?" in text
    assert "not making adequate progress in school, and I think they may have" in text
    assert "- Is Amira at School Action or School Action Plus, and is there an IEP" in text


def test_the_letter_uses_the_name_the_child_goes_by():
    text = letters.to_text(meeting(basic(known_as="Mira"), questions=[]))
    assert "Amira Khan, date of birth 14 May 2021" in text
    assert "so that Mira can do as well as possible" in text
    assert not re.search(r"\bAmira\b(?! Khan)", text)


def sentences(text: str) -> list[str]:
    """The body's sentences (after the subject line, before the close), bullets one each."""
    body = text.split(", date of birth", 1)[1].split("Yours ", 1)[0]
    return [s for part in body.split("\n") for s in re.split(r"(?<=[.?!:])\s+", part) if s.strip()]


@pytest.mark.parametrize("build", ["meeting", "assessment"])
def test_the_childs_name_is_used_at_most_once_a_sentence(build):
    reason = "The nursery cannot give the daily speech therapy needed."  # the parent's own words aside
    doc = meeting(with_help()) if build == "meeting" else assessment(reasons=[reason])
    for sentence in sentences(letters.to_text(doc)):
        assert sentence.count("Amira") <= 1, sentence


@pytest.mark.parametrize(
    ("pronoun", "first", "plan"),
    [
        (None, "and I think they may have special educational needs", "set out in their statement."),
        ("they", "and I think they may have special educational needs", "set out in their statement."),
        ("he", "and I think he may have special educational needs", "set out in his statement."),
        ("she", "and I think she may have special educational needs", "set out in her statement."),
    ],
)
def test_the_child_is_he_she_or_they_as_the_parent_chose(pronoun, first, plan):
    from senpath.stages import enter

    assert first in letters.to_text(meeting(basic(pronoun=pronoun)))
    stated = enter(basic(pronoun=pronoun, opened=date(2026, 9, 1)), stage="statement", since=date(2026, 3, 1))
    assert "is not making adequate progress at nursery despite the help " + plan in letters.to_text(meeting(stated))


def test_a_child_already_at_action_plus_whose_help_is_not_working():
    text = letters.to_text(meeting(with_help()))
    # Action Plus from 16 Nov 2026 (tests/letters_data.py)
    assert (
        "I am worried that my child is not making adequate progress at nursery despite the help at "
        "Early Years Action Plus since 16 November 2026." in text
    )
    assert "may have special educational needs" not in text


def test_a_refused_request_does_not_restart_the_stage():
    from senpath.stages import advance, record_milestone

    case = with_help()
    case = advance(case, to="statutory-assessment", on=date(2026, 11, 18), requested_by="parent")
    case = record_milestone(case, milestone="assessment-decision", on=date(2026, 11, 20), outcome="decline")
    assert case.stage == "action-plus"
    text = letters.to_text(meeting(case))
    assert "despite the help at Early Years Action Plus since 16 November 2026." in text  # not 20 November


def two_parents():
    case = contacts(basic(parents=["Sara Khan", "Omar Khan"])).model_copy(deep=True)
    case.parents[1].relationship = "father"
    case.parents[1].address = "Flat 2, 40 High Street, Northtown NT3 9ZZ"
    return case


def test_two_parents_sign_as_we_the_first_giving_the_address():
    text = letters.to_text(meeting(two_parents(), senders=["Sara Khan", "omar khan"]))
    assert text.startswith("Sara Khan and Omar Khan\n3 Mill Lane\nNorthtown NT3 2BB\nPhone: 07700 900123\n")
    assert "High Street" not in text
    assert "We are writing to you as Amira's mother and father. We are worried that our child is not" in text
    assert "In particular, we are concerned about:" in text
    assert "We will bring Jo Brown (Parent Partnership) with us for support." in text
    assert "These are the questions we would like to talk about:" in text
    assert "could you please send us a copy" in text
    assert "We hope we can work together" in text
    assert " I " not in text and "\nI " not in text
    assert text.endswith("Yours sincerely,\n\nSara Khan\nOmar Khan\n")


def test_the_second_parent_alone_signs_with_their_own_details():
    text = letters.to_text(meeting(two_parents(), senders=["Omar Khan"]))
    assert text.startswith("Omar Khan\nFlat 2\n40 High Street\nNorthtown NT3 9ZZ\n\n22 November 2026\n")
    assert "I am writing to you as Amira's father." in text


def test_a_carer_writes_in_their_recorded_relationship():
    case = basic(child_id="zoe-oneill", name="Zoë O'Neill", parents=["Dawiśka O'Neill"]).model_copy(deep=True)
    case.parents[0].relationship = "grandmother and kinship carer"
    text = letters.to_text(meeting(case, questions=[]))
    assert "I am writing to you as Zoë's grandmother and kinship carer." in text
    assert "I am worried that Zoë is not making adequate progress" in text  # not "my child"
    assert "my child" not in text
    request = letters.to_text(assessment(with_help(case)))
    assert "I am writing as Zoë's grandmother and kinship carer. Zoë attends Little Acorns Nursery." in request
    assert "a statutory assessment of their special educational needs under section 329" in request


def test_two_carers_whose_relationships_have_an_and_are_each_named_whole():
    case = basic(child_id="zoe-oneill", name="Zoë O'Neill", parents=["Dawiśka O'Neill", "Pádraig Ní Bhriain"])
    case = case.model_copy(deep=True)
    case.parents[0].relationship = "grandmother and kinship carer"
    case.parents[1].relationship = "grandfather and kinship carer"
    text = letters.to_text(meeting(case, questions=[], senders=["Dawiśka O'Neill", "Pádraig Ní Bhriain"]))
    assert "We are writing to you as Zoë's grandmother and kinship carer, and grandfather and kinship carer." in text


def test_an_unknown_from_is_a_usage_error_listing_the_names_on_record():
    with pytest.raises(UsageError) as exc:
        meeting(two_parents(), senders=["Sara Khan", "Sarah Kahn"])
    assert exc.value.exit_code == 2
    assert str(exc.value).startswith("--from: 'Sarah Kahn' is not a parent or carer on Amira Khan's record")
    assert "(on record: Sara Khan, Omar Khan)" in str(exc.value)


def test_a_move_made_without_consulting_the_parents_is_said():
    case = with_help().model_copy(deep=True)
    case.history[-1].not_consulted = True  # the move to Action Plus on 16 Nov 2026
    text = letters.to_text(meeting(case))
    assert "I was not consulted before Amira was moved to Early Years Action Plus on 16 November 2026." in text
    assert text.count("not consulted") == 1
    both = two_parents().model_copy(deep=True)
    both = with_help(both).model_copy(deep=True)
    both.history[0].not_consulted = True  # the move to Action on 10 Sep 2026
    text = letters.to_text(meeting(both, senders=["Sara Khan", "Omar Khan"]))
    assert "We were not consulted before Amira was moved to Early Years Action on 10 September 2026." in text
    assert "not consulted" not in letters.to_text(meeting(with_help()))


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (
            {"parents": []},
            'no parent or carer on record to sign it or write to: senpath update amira-khan --add-parent "NAME"',
        ),
        ({"concerns": []}, 'senpath update amira-khan --add-concern "CONCERN"'),
    ],
)
def test_meeting_request_refuses_what_is_missing(change, needle):
    with pytest.raises(MissingItemError) as exc:
        meeting(basic(**change))
    assert needle in str(exc.value)
    assert str(exc.value).startswith("letter not written: ")


def test_every_missing_item_is_named_at_once():
    with pytest.raises(MissingItemError) as exc:
        meeting(basic(head_teacher=None, parents=[], concerns=[]))
    lines = str(exc.value).splitlines()
    assert len(lines) == 2 and all(line.startswith("letter not written: ") for line in lines)
    assert 'give --concern "WHAT WORRIES YOU"' in lines[1]


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
        "Special Educational Needs Team\nNorthshire County Council\n\nDear Sir or Madam,\n",
        "I am asking Northshire County Council to carry out a statutory assessment of my child's special "
        "educational needs under section 329 of the Education Act 1996.",
        "Amira Khan, date of birth 14 May 2021",
        "Amira attends Little Acorns Nursery.",
        "- slow progress in speech",
        "- Developmental language disorder",
        "- Early Years Action, from 10 September 2026 to 16 November 2026 (the evidence recorded then: "
        "Checklist: 12 of 40 sounds)",
        "- Early Years Action Plus, from 16 November 2026 to now",
        "- Uses 3-word phrases at snack time\n",
        "- Small-group language session, by Mrs Hale (TA), 3 x 20 min a week",
        "on 15 October 2026: 2 of 3 targets met, 1 partly met",
        "on 14 November 2026: 1 of 3 targets met, 2 not met",
        "Ms T. Okafor (speech and language therapist): saw Amira on 5 November 2026",
        REASON,
        "Enclosed\n\n- Letter from our GP, 3 November 2026\n",
        "Under regulation 12 of the Education (Special Educational Needs) (England) (Consolidation) Regulations "
        "2001, Northshire County Council must tell me within 6 weeks of receiving this request whether it will "
        "carry out a statutory assessment; if it decides not to, I can appeal against that decision to the Special "
        "Educational Needs and Disability Tribunal. Please confirm the date you received this request.",
        "Please tell me the name of the officer who will deal with this request",
        "I will send my own views on Amira's needs as part of the assessment. I look forward to hearing from you.",
        "Yours faithfully,\n\nSara Khan\n\ncc: Mrs J. Patel, Head Teacher, Little Acorns Nursery\n",
    ],
)
def test_assessment_request_has_each_element_once(element):
    assert letters.to_text(assessment()).count(element) == 1


def test_evidence_notes_are_what_the_record_shows_not_enclosures():
    text = letters.to_text(assessment(enclosures=[]))
    assert "Enclosed" not in text and "enclose" not in text.lower()
    assert "(the evidence recorded then: IEP 1 review, 14 Nov 2026: 1 of 3 targets met)" in text
    assert "its 1 review" not in text and "records of its" not in text


def test_assessment_request_for_a_child_with_no_help_yet_says_only_what_the_record_shows():
    text = letters.to_text(assessment(basic(), enclosures=[], reasons=["Speech is well behind."]))  # not refused
    for absent in ("The help Amira has had", "Professionals involved", "No ", "has not", "not had", "Enclosed"):
        assert absent not in text, absent
    assert "Amira has been diagnosed with:\n\n- Developmental language disorder" in text
    assert_filled(text)


def test_the_las_address_when_given():
    text = letters.to_text(assessment(la_address="County Hall, Northtown NT1 1AA"))
    assert "Special Educational Needs Team\nNorthshire County Council\nCounty Hall\nNorthtown NT1 1AA\n\nDear" in text


def test_two_parents_request_an_assessment_together():
    text = letters.to_text(assessment(with_help(two_parents()), senders=["Sara Khan", "Omar Khan"]))
    assert "We are writing as Amira's mother and father. Amira attends Little Acorns Nursery. We are asking" in text
    assert "of our child's special educational needs" in text
    assert "must tell us within 6 weeks" in text and "if it decides not to, we can appeal against that decision" in text
    assert "We will send our own views on Amira's needs" in text
    assert "Yours faithfully,\n\nSara Khan\nOmar Khan\n\ncc: " in text


@pytest.mark.parametrize(
    ("case_change", "kw", "needle"),
    [
        ({}, {"la": None}, 'give --la "NAME"'),
        ({}, {"la": "  "}, 'give --la "NAME"'),
        ({}, {"reasons": []}, 'give --reason "WHY"'),
        ({"parents": []}, {}, 'senpath update amira-khan --add-parent "NAME"'),
        ({"concerns": [], "diagnoses": []}, {}, 'senpath update amira-khan --add-concern "CONCERN"'),
    ],
)
def test_assessment_request_refuses_what_is_missing(case_change, kw, needle):
    case = basic(**case_change) if case_change else with_help()
    with pytest.raises(MissingItemError) as exc:
        assessment(case, **kw)
    assert needle in str(exc.value)


def test_assessment_request_with_only_a_diagnosis():
    text = letters.to_text(assessment(with_help(basic(concerns=[]))))
    assert "I am concerned about" not in text
    assert "Amira has been diagnosed with:\n\n- Developmental language disorder" in text


def test_assessment_request_refused_while_one_is_open():
    case = with_help()
    from senpath.changes import add_consultation
    from senpath.stages import advance

    case = add_consultation(case, on=date(2026, 11, 20), with_=["Sara Khan"], method="phone", summary="Talked")
    case = advance(case, to="statutory-assessment", on=date(2026, 11, 20), requested_by="parent")
    with pytest.raises(RefusedError, match="still under way; record the LA's next step first: senpath assessment"):
        assessment(case)


def framework_case(fw: str, stage: str) -> object:
    from senpath.changes import add_consultation, new_case
    from senpath.stages import advance

    case = new_case(child_id="niamh-ni-bhriain", name="Niamh Ní Bhriain", dob=date(2016, 3, 14), setting="primary",
                    school="St Brigid's Primary School", opened=date(2026, 9, 1), head_teacher="Mr Ciarán Ó Dónaill",
                    senco="Mrs Úna Kelly", parents=["Órla Ní Bhriain"], concerns=["Reading"], framework=fw)  # fmt: skip
    case = add_consultation(case, on=date(2026, 9, 8), with_=["Órla Ní Bhriain"], method="meeting", summary="Agreed")
    return advance(case, to=stage, on=date(2026, 9, 10), reason="Reading well behind", evidence=["Reading test"])


@pytest.mark.parametrize(
    ("fw", "stage", "says"),
    [
        (
            "england-2015",
            "sen-support",
            [
                "Request for an EHC needs assessment: Niamh Ní Bhriain",
                "to carry out an EHC needs assessment of my child's special educational needs under section 36(1) "
                "of the Children and Families Act 2014.",
                "Under regulation 5(1) of the Special Educational Needs and Disability Regulations 2014, "
                "Northshire County Council must tell me within 6 weeks of receiving this request whether it will "
                "carry out an EHC needs assessment;",
                "appeal against that decision to the First-tier Tribunal (Special Educational Needs and Disability).",
                "Dear Sir or Madam,",
                "cc: Mr Ciarán Ó Dónaill, Head Teacher, St Brigid's Primary School",
            ],
        ),
        (
            "northern-ireland-1998",
            "stage-1",
            [
                "under Article 20 of the Education (Northern Ireland) Order 1996.",
                "Under regulation 11(2) of the Education (Special Educational Needs) Regulations (Northern Ireland) "
                "2005, Northshire County Council must tell me within 6 weeks beginning with the day it receives this "
                "request whether it will carry out a statutory assessment;",
                "appeal against that decision to the Special Educational Needs and Disability Tribunal.",
                "cc: Mr Ciarán Ó Dónaill, Principal, St Brigid's Primary School",
            ],
        ),
    ],
)
def test_the_law_each_framework_cites(fw, stage, says):
    text = letters.to_text(letters.assessment_request(framework_case(fw, stage), on=TODAY,
                                                      la="Northshire County Council", reasons=["Why"]))  # fmt: skip
    for sentence in says:
        assert sentence in text, sentence
    assert "section 329" not in text
    assert_filled(text)


def test_in_northern_ireland_the_head_is_the_principal():
    case = framework_case("northern-ireland-1998", "stage-1")
    text = letters.to_text(letters.meeting_request(case, on=TODAY))
    assert "Mr Ciarán Ó Dónaill\nPrincipal\nSt Brigid's Primary School\n\nDear Mr Ó Dónaill,\n" in text
    nameless = letters.to_text(letters.meeting_request(case.model_copy(update={"head_teacher": None}), on=TODAY))
    assert "\n\nThe Principal\nSt Brigid's Primary School\n\nDear Principal,\n" in nameless
    assert nameless.endswith("Yours faithfully,\n\nÓrla Ní Bhriain\n")
    signed = letters.to_text(letters.provision_notice(case.model_copy(update={"senco": None}), on=TODAY))
    assert signed.endswith("Mr Ciarán Ó Dónaill\nPrincipal, St Brigid's Primary School\n")


def test_the_letters_module_holds_no_law_of_its_own():
    source = Path(letters.__file__).read_text(encoding="utf-8")
    for law in (r"section \d", r"\bs\.\s?\d", r"Article \d", r"regulation \d", r"Tribunal", r"Act (19|20)\d\d",
                r"\b\d+ weeks", r"Regulations \d"):  # fmt: skip
        assert not re.search(law, source), law


# ---------------------------------------------------------------------------
# The school's notices to the parents


def oliver(iep: bool = True, **kw):
    """Oliver Bennett at School Action from 21 Sep 2026, with IEP 1 from 28 Sep 2026 (fictional)."""
    from senpath.changes import add_consultation, new_case
    from senpath.ieps import new_iep
    from senpath.models import Provision
    from senpath.stages import advance

    fields = {"child_id": "oliver-bennett", "name": "Oliver Bennett", "dob": date(2018, 2, 3), "setting": "primary",
              "school": "Hill Primary School", "opened": date(2026, 9, 7), "head_teacher": "Mr D. Lowe",
              "senco": "Mrs A. Grant", "parents": ["Claire Bennett", "Mark Bennett"],
              "concerns": ["Slow rate of progress in reading"]}  # fmt: skip
    fields.update(kw)
    case = new_case(**fields)  # type: ignore[arg-type]
    case = add_consultation(case, on=date(2026, 9, 14), with_=["Claire Bennett"], method="meeting", summary="Agreed")
    case = advance(case, to="action", on=date(2026, 9, 21), reason="Reading age 18 months behind",
                   evidence=["Salford reading test"])  # fmt: skip
    if iep:
        case = new_iep(case, start=date(2026, 9, 28), targets=["Reads 30 common words on sight", "Blends 3-letter words"],
                       provision=[Provision(what="Phonics catch-up, 1:3", who="Mr Shaw (TA)", how_often="4 x 15 min a week")],
                       home=["Ten minutes of shared reading each evening"], review_on=date(2026, 12, 4))  # fmt: skip
    case = case.model_copy(deep=True)
    if case.parents:
        case.parents[0].address = "27 Beech Avenue, Northtown NT1 5CD"
    case.settings[-1].address = "2 School Lane, Northtown NT1 4AB"
    return case


PROVISION_NOTICE = dedent(
    """\
    Hill Primary School
    2 School Lane
    Northtown NT1 4AB

    22 November 2026

    Claire Bennett and Mark Bennett
    27 Beech Avenue
    Northtown NT1 5CD

    Dear Claire Bennett and Mark Bennett,

    Oliver Bennett, date of birth 3 February 2018

    We are writing to let you know that Hill Primary School considers that Oliver has special educational needs and is making special educational provision for them. The law requires us to tell you this (section 317A of the Education Act 1996).

    Since 21 September 2026, Oliver has been at School Action: the school gives help that is additional to, or different from, what other children get.

    Your child's IEP, from 28 September 2026, sets these targets:

    - Reads 30 common words on sight
    - Blends 3-letter words

    The help it provides:

    - Phonics catch-up, 1:3, by Mr Shaw (TA), 4 x 15 min a week

    What you can do at home:

    - Ten minutes of shared reading each evening

    We will review the IEP with you on or before 4 December 2026, and we would like to hear your views, and Oliver's, then.

    If you have any questions, or would like to talk about this, please contact Mrs A. Grant, our SENCO.

    Yours sincerely,

    Mrs A. Grant
    SENCO, Hill Primary School
    """
)


def test_provision_notice_golden():
    text = letters.to_text(letters.provision_notice(oliver(), on=TODAY))
    assert text == PROVISION_NOTICE
    assert_filled(text)


def test_provision_notice_before_the_plan_is_written_and_at_a_nursery():
    text = letters.to_text(letters.provision_notice(oliver(iep=False), on=TODAY))
    assert "We will write an Individual Education Plan setting out Oliver's targets and the help we will give" in text
    nursery = letters.to_text(letters.provision_notice(with_help(), on=TODAY))
    assert "(section 123 of the School Standards and Framework Act 1998)" in nursery
    assert "Amira has been at Early Years Action Plus: outside professionals advise the setting" in nursery
    assert nursery.endswith("Yours sincerely,\n\nMs R. Evans\nSENCO, Little Acorns Nursery\n")


def test_provision_notice_signed_by_the_head_teacher_without_a_senco_and_refused_without_either():
    text = letters.to_text(letters.provision_notice(oliver(senco=None), on=TODAY))
    assert text.endswith(
        "please contact Mr D. Lowe, our Head Teacher.\n\nYours sincerely,\n\nMr D. Lowe\nHead Teacher, Hill Primary School\n"
    )
    nobody = oliver(senco=None, head_teacher=None).model_copy(update={"parents": []})
    with pytest.raises(MissingItemError) as exc:
        letters.provision_notice(nobody, on=TODAY)
    lines = str(exc.value).splitlines()
    assert lines == [
        'letter not written: no SENCO or head teacher on record to sign it: senpath update oliver-bennett --senco "NAME" (or --head-teacher "NAME")',
        'letter not written: no parent or carer on record to sign it or write to: senpath update oliver-bennett --add-parent "NAME"',
    ]


def test_provision_notice_only_at_a_school_based_stage():
    with pytest.raises(RefusedError, match="is at No SEN provision; the provision notice is for a child at a "
                                            "school-based stage \\(School Action or School Action Plus\\)"):  # fmt: skip
        letters.provision_notice(basic(setting="primary", school="Hill Primary School", dob=date(2018, 3, 2)), on=TODAY)


@pytest.mark.parametrize(
    ("fw", "stage", "law", "stage_words"),
    [
        ("england-2015", "sen-support", "(section 68 of the Children and Families Act 2014)", "has been at SEN Support"),
        ("northern-ireland-1998", "stage-1",
         "(Article 9 of the Special Educational Needs and Disability (Northern Ireland) Order 2005)", "at Stage 1"),
    ],
)  # fmt: skip
def test_provision_notice_in_each_framework(fw, stage, law, stage_words):
    text = letters.to_text(letters.provision_notice(framework_case(fw, stage), on=TODAY))
    assert law in text and stage_words in text
    assert "Dear Órla Ní Bhriain," in text
    assert text.endswith("Mrs Úna Kelly\nSENCO, St Brigid's Primary School\n")


MEETING_AT = letters.Meeting(day=date(2026, 12, 4), time="3.30pm", place="the SENCO's room")


def test_review_invitation_to_an_iep_review():
    text = letters.to_text(letters.review_invitation(oliver(), on=TODAY, meeting=MEETING_AT))
    assert (
        "Dear Claire Bennett and Mark Bennett,\n\nReview of the IEP: Oliver Bennett, date of birth 3 February 2018\n"
        in text
    )
    # 4 December 2026 is a Friday
    assert (
        "We would like to invite you to a review of Oliver's IEP:\n\n"
        "Date: Friday 4 December 2026\nTime: 3.30pm\nPlace: the SENCO's room\n" in text
    )
    assert "- Reads 30 common words on sight\n- Blends 3-letter words\n" in text
    assert "You are welcome to bring a friend or advisor with you." in text
    assert "We would also like to hear Oliver's own views" in text
    assert text.endswith("Yours sincerely,\n\nMrs A. Grant\nSENCO, Hill Primary School\n")
    assert_filled(text)


def test_review_invitation_to_an_annual_review_and_refused_without_a_plan():
    from senpath.changes import new_case
    from senpath.stages import enter

    fresh = new_case(child_id="tom-gallagher", name="Tom Gallagher", dob=date(2013, 4, 30), setting="secondary",
                     school="Riverside Academy", opened=date(2025, 9, 1), senco="Mr S. Hughes",
                     parents=["Niamh Gallagher"])  # fmt: skip
    statement = enter(fresh, stage="statement", since=date(2025, 2, 28))
    text = letters.to_text(letters.review_invitation(statement, on=TODAY, meeting=MEETING_AT))
    assert "Annual review of the statement: Tom Gallagher" in text
    assert "We would like to invite you to the annual review of Tom's statement:" in text
    with pytest.raises(MissingItemError, match="no IEP on record to review: senpath iep new oliver-bennett"):
        letters.review_invitation(oliver(iep=False), on=TODAY, meeting=MEETING_AT)
    with pytest.raises(MissingItemError, match="no SEN support plan on record to review"):
        letters.review_invitation(framework_case("england-2015", "sen-support"), on=TODAY, meeting=MEETING_AT)


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
    assert "Dear Mr O'Brien," in text
    assert "Zoë O'Neill, date of birth 28 February 2018" in text
    assert "a copy of Zoë's school records" in text
    assert "Mr Seán O'Brien\nHead Teacher\nSt Mary's C of E Primary\n" in text
    assert "I am writing to you as Zoë's parent." in text
    assert text.endswith("Siobhán Smith-Jones\n")
    assert "- Reading age 2 years behind; 'stuck' on phonics" in text
    assert_filled(text)


def test_markdown_keeps_names_and_escapes_formatting():
    case = unusual().model_copy(deep=True)
    case.concerns.append("Uses *lots* of_underscores and [brackets]")
    md = letters.to_markdown(meeting(case, questions=["1. Who is the SENCO?"]))
    assert "**Zoë O'Neill, date of birth 28 February 2018**" in md
    assert "Mr Seán O'Brien\\\nHead Teacher\\\nSt Mary's C of E Primary" in md
    assert "- Uses \\*lots\\* of\\_underscores and \\[brackets\\]" in md
    assert "- 1\\. Who is the SENCO?" in md
    assert md.endswith("Yours sincerely,\n\nSiobhán Smith-Jones\n")


def test_markdown_of_the_meeting_request():
    md = letters.to_markdown(meeting())
    assert md.startswith(
        "Sara Khan\n\n22 November 2026\n\nMrs J. Patel\\\nHead Teacher\\\nLittle Acorns Nursery\n\nDear Mrs Patel,\n"
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
        "### What happens next",
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
    assert logged.to == "Mrs J. Patel, Head Teacher, Little Acorns Nursery"
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
