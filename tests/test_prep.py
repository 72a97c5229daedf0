"""`senpath prep` as a parent reads it: each step of the statutory process in the framework's
words, the date the child first reached the stage, the views on record, and the parent's rights
with their dates (today is 22 Nov 2026, tests/conftest.py)."""

from __future__ import annotations

import pytest


def flat(text: str) -> str:
    return " ".join(text.split())


def ok(run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result
    return result.stdout


@pytest.fixture
def oliver(run, cases_dir):
    """Oliver Carter (2001 Code): Action on 3 Feb 2026, Action Plus on 2 Mar 2026."""
    ok(run, "new-child", "--name", "Oliver Carter", "--dob", "2018-05-04", "--setting", "primary",
       "--school", "Hillside Primary School", "--parent", "Helen Carter", "--senco", "Mrs J. Patel",
       "--opened", "2026-01-05", "--concern", "Reading well behind")  # fmt: skip
    ok(run, "consult", "oliver-carter", "--date", "2026-02-01", "--with", "Helen Carter", "--method", "meeting",
       "--summary", "Agreed School Action", "--parent-views", "He is anxious about reading aloud")  # fmt: skip
    ok(run, "escalate", "oliver-carter", "--to", "action", "--date", "2026-02-03", "--reason", "Reading",
       "--evidence", "Reading age 5.2")  # fmt: skip
    ok(run, "consult", "oliver-carter", "--date", "2026-03-01", "--with", "Helen Carter", "--method", "meeting",
       "--summary", "Agreed Action Plus")  # fmt: skip
    ok(run, "escalate", "oliver-carter", "--to", "action-plus", "--date", "2026-03-02", "--reason", "Little progress",
       "--evidence", "No progress in a term", "--professional", "educational-psychologist:Dr A. Shah")  # fmt: skip
    return "oliver-carter"


def test_after_a_request_the_la_is_deciding_whether_to_assess(run, oliver):
    ok(run, "escalate", oliver, "--to", "statutory-assessment", "--date", "2026-10-01", "--requested-by", "parent")
    sheet = flat(ok(run, "prep", oliver))
    assert "looking in detail" not in sheet
    assert "Statutory assessment: a statutory assessment was requested on 1 Oct 2026 by a parent." in sheet
    # 6 weeks from 1 Oct 2026: 42 days, 1 Oct + 30 = 31 Oct, + 12 = 12 Nov 2026; 10 days before 22 Nov.
    assert (
        "The local authority is deciding whether to make a statutory assessment; it must tell you its decision "
        "within 6 weeks of receiving the request. Due by 12 Nov 2026, 6 weeks from the request (10 days overdue)."
    ) in sheet
    assert "- If the LA refuses to assess, you can appeal to the SEN and Disability Tribunal within 2 months" in sheet
    assert "Request a statutory assessment:" not in sheet  # one is in progress
    assert "Ask for a meeting: you can ask the school for a meeting" in sheet


def test_after_the_decision_to_assess_the_next_step_and_its_date(run, oliver):
    ok(run, "escalate", oliver, "--to", "statutory-assessment", "--date", "2026-10-01", "--requested-by", "parent")
    ok(run, "assessment", oliver, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-11-02")
    sheet = flat(ok(run, "prep", oliver))
    assert "Steps so far: - LA decision to assess: assess, 2 Nov 2026" in sheet
    # 16 weeks from 1 Oct 2026: 112 days; 1 Oct + 30 = 31 Oct (30), 30 Nov (60), 31 Dec (91), + 21 = 21 Jan 2027.
    assert (
        "The local authority is assessing the needs, with advice from you, the school, an educational psychologist, "
        "a doctor and social services. Due by 21 Jan 2027, 16 weeks from the request (due in 60 days)."
    ) in sheet
    assert "If the LA refuses to assess" not in sheet  # it has decided to assess


def test_after_a_decline_the_stage_dates_from_when_it_was_first_reached_and_the_appeal_has_its_date(run, oliver):
    ok(run, "escalate", oliver, "--to", "statutory-assessment", "--date", "2026-10-01", "--requested-by", "parent")
    ok(run, "assessment", oliver, "--milestone", "assessment-decision", "--outcome", "decline", "--date", "2026-11-05")
    sheet = flat(ok(run, "prep", oliver))
    assert "School Action Plus, since 2 Mar 2026:" in sheet
    assert "since 5 Nov 2026" not in sheet
    assert (
        "The LA decided on 5 Nov 2026 not to make a statutory assessment, so Oliver stayed at School Action Plus."
        in sheet
    )
    # 2 months from the decision letter of 5 Nov 2026: 5 Jan 2027; from 22 Nov: 8 + 31 + 5 = 44 days.
    assert (
        "- Appeal to the SEN and Disability Tribunal against the LA's refusal to assess (5 Nov 2026): within 2 months "
        "of the date of the decision letter, so by 5 Jan 2027, due in 44 days (Education Act 1996"
    ) in sheet
    assert (
        "- Request a statutory assessment: you can ask the local authority in writing for a statutory assessment"
        in sheet
    )
    assert "The LA refused to assess Oliver on 5 Nov 2026: you can ask again, or appeal (below)" in sheet
    assert "section 329(1)(b)" in sheet


def test_views_are_counted_from_consultations_as_well_as_reviews(run, oliver):
    sheet = flat(ok(run, "prep", oliver))
    assert "Your views were written down at 1 consultation (1 Feb 2026)." in sheet
    assert "no consultation records your views" not in sheet


def test_the_sheet_names_no_command_itself_but_the_command_line_adds_them(run, oliver):
    import inspect

    from senpath import prep

    assert "senpath " not in inspect.getsource(prep).replace("senpath.", "")
    sheet = flat(ok(run, "prep", oliver))
    assert "Ask for a copy, then add it to the record: senpath iep new oliver-carter --start YYYY-MM-DD" in sheet
    assert 'If Oliver has one, add it to the record: senpath update oliver-carter --add-diagnosis "DIAGNOSIS".' in sheet


@pytest.fixture
def niamh(run, cases_dir):
    """Niamh Ní Bhriain (Northern Ireland, 1998 Code): entered at Stage 3, reached on 1 Sep 2025."""
    ok(run, "new-child", "--name", "Niamh Ní Bhriain", "--dob", "2016-03-14", "--setting", "primary",
       "--school", "St Brigid's Primary School", "--parent", "Órla Ní Bhriain", "--opened", "2026-09-01",
       "--framework", "northern-ireland-1998", "--stage", "stage-3", "--since", "2025-09-01")  # fmt: skip
    ok(run, "consult", "niamh-ni-bhriain", "--date", "2026-09-10", "--with", "Órla Ní Bhriain", "--method", "meeting",
       "--summary", "Agreed the school asks for an assessment")  # fmt: skip
    ok(run, "escalate", "niamh-ni-bhriain", "--to", "stage-4", "--date", "2026-09-15", "--requested-by", "school")
    return "niamh-ni-bhriain"


def test_ni_the_education_authority_is_deciding(run, niamh):
    sheet = flat(ok(run, "prep", niamh))
    assert "a statutory assessment was requested on 15 Sep 2026 by the school." in sheet
    # 6 weeks beginning with 15 Sep 2026 (NISR 2005/384 reg 11): 15 Sep is day 1, day 42 is
    # 15 Sep + 41 days: + 15 = 30 Sep, + 26 = 26 Oct 2026 (27 days before 22 Nov).
    assert "The Education Authority is deciding whether to make a statutory assessment" in sheet
    assert "Due by 26 Oct 2026, 6 weeks starting with the day of the request (27 days overdue)." in sheet
    assert "you can appeal to the Special Educational Needs and Disability Tribunal (SENDIST) within 2 months" in sheet


def test_ni_after_a_decline_the_entry_date_is_kept_and_the_appeal_dated(run, niamh):
    ok(run, "assessment", niamh, "--milestone", "decision", "--outcome", "decline", "--date", "2026-10-20")
    sheet = flat(ok(run, "prep", niamh))
    assert "Stage 3, since 1 Sep 2025:" in sheet
    # 2 months from 20 Oct 2026: 20 Dec 2026; from 22 Nov: 8 + 20 = 28 days.
    assert (
        "Appeal to the Special Educational Needs and Disability Tribunal (SENDIST) against the EA's refusal to assess "
        "(20 Oct 2026): within 2 months of the date of the decision letter, so by 20 Dec 2026, due in 28 days"
    ) in sheet
    assert "ask the Education Authority in writing for a statutory assessment, from any stage" in sheet
    assert "Article 20(1)" in sheet


def test_england_2015_rights(run, cases_dir):
    ok(run, "new-child", "--name", "Zoë O'Neill", "--dob", "2017-06-01", "--setting", "primary",
       "--school", "Ashgrove Primary School", "--parent", "Aoife O'Neill", "--opened", "2026-09-01",
       "--framework", "england-2015")  # fmt: skip
    sheet = flat(ok(run, "prep", "zoe-oneill"))
    assert "(SEND Code of Practice 2015, 6.65)" in sheet
    assert "- Request an EHC needs assessment: you can ask the local authority for an EHC needs assessment" in sheet
    assert "section 36(1)" in sheet


def test_after_a_proposed_statement_the_comment_window_and_the_final_statement(run, oliver):
    ok(run, "escalate", oliver, "--to", "statutory-assessment", "--date", "2026-10-01", "--requested-by", "parent")
    ok(run, "assessment", oliver, "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2026-10-20")
    ok(run, "assessment", oliver, "--milestone", "assessment", "--date", "2026-11-10")
    ok(run, "assessment", oliver, "--milestone", "proposed-statement", "--outcome", "statement", "--date", "2026-11-15")
    sheet = flat(ok(run, "prep", oliver))
    # 15 days from 15 Nov 2026: 30 Nov 2026, 8 days after 22 Nov.
    assert (
        "Your last day to comment on the proposed statement or note in lieu, 15 Nov 2026 (15 days): 30 Nov 2026 "
        "(in 8 days)."
    ) in sheet
    # 26 weeks from 1 Oct 2026: 182 days; 31 Oct (30), 30 Nov (60), 31 Dec (91), 31 Jan (122), 28 Feb (150),
    # 31 Mar (181), 1 Apr 2027 (182); from 22 Nov: 8 + 31 + 31 + 28 + 31 + 1 = 130 days.
    assert (
        "The local authority is to make the statement final, after your comments on the proposed statement. "
        "Due by 1 Apr 2027, 26 weeks from the request (due in 130 days)."
    ) in sheet


def test_england_2015_a_step_that_may_not_happen_gives_the_next_date(run, cases_dir):
    ok(run, "new-child", "--name", "Zoë O'Neill", "--dob", "2017-06-01", "--setting", "primary",
       "--school", "Ashgrove Primary School", "--parent", "Aoife O'Neill", "--opened", "2026-09-01",
       "--framework", "england-2015")  # fmt: skip
    ok(
        run,
        "escalate",
        "zoe-oneill",
        "--to",
        "ehc-needs-assessment",
        "--date",
        "2026-09-14",
        "--requested-by",
        "parent",
    )
    ok(
        run,
        "assessment",
        "zoe-oneill",
        "--milestone",
        "assessment-decision",
        "--outcome",
        "assess",
        "--date",
        "2026-10-20",
    )
    sheet = flat(ok(run, "prep", "zoe-oneill"))
    assert "an EHC needs assessment was requested on 14 Sep 2026 by a parent." in sheet
    # The no-plan notice (16 weeks) may never come: the date given is the final plan's, 20 weeks from
    # 14 Sep 2026 = 140 days: 30 Sep (16), 31 Oct (47), 30 Nov (77), 31 Dec (108), 1 Feb 2027 (140);
    # from 22 Nov: 8 + 31 + 31 + 1 = 71 days.
    assert "must tell you within 16 weeks of the request. Final EHC plan: due by 1 Feb 2027, 20 weeks" in sheet
    assert "(due in 71 days)" in sheet
    assert "Request an EHC needs assessment" not in sheet  # one is open
