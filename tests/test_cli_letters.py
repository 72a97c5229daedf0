"""`senpath letter` and `senpath prep` as a user sees them: stdout, stderr, exit codes, files on disk."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest

from senpath.checked import Store
from senpath.models import Case
from tests.letters_data import REASON, basic, with_help
from tests.test_letters import ASSESSMENT, MEETING, PREP, assert_filled

MEETING_ARGS = [
    "letter", "amira-khan", "--advisor", "Jo Brown (Parent Partnership)",
    "--question", "What extra help is Amira getting now?", "--question", "How will we know it is working?",
]  # fmt: skip
ASSESSMENT_ARGS = [
    "letter", "amira-khan", "--kind", "assessment-request", "--la", "Northshire County Council",
    "--reason", REASON, "--enclose", "Letter from our GP, 3 November 2026",
]  # fmt: skip


@pytest.fixture
def helped(cases_dir: Path) -> Path:
    """Amira with stages, an IEP reviewed twice and a professional's visit (see tests/letters_data.py)."""
    return Store(cases_dir).create(with_help())


def test_meeting_request_printed(run, amira):
    result = run(*MEETING_ARGS)
    assert result.exit_code == 0, result
    assert result.stdout == MEETING
    assert "\x1b" not in result.stdout + result.stderr


def test_assessment_request_printed(run, helped):
    result = run(*ASSESSMENT_ARGS)
    assert result.exit_code == 0, result
    assert result.stdout == ASSESSMENT
    assert_filled(result.stdout)


def test_prep_sheet_piped_is_plain_text(run, helped):
    result = run("prep", "amira-khan", "--want", "A weekly note home about speech")
    assert result.exit_code == 0, result
    assert result.stdout == PREP
    assert "\x1b" not in result.stdout


def test_letter_date_option(run, amira):
    result = run(*MEETING_ARGS, "--date", "2026-12-01")
    assert result.stdout.startswith("Sara Khan\n\n1 December 2026\n\n")


def test_from_signs_the_letter_and_two_sign_as_we(run, amira):
    assert run("parent", "amira-khan", "Omar Khan", "--add", "--relationship", "father",
               "--address", "3 Mill Lane, Northtown NT3 2BB", "--phone", "07700 900124").exit_code == 0  # fmt: skip
    result = run("letter", "amira-khan", "--from", "omar khan")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("Omar Khan\n3 Mill Lane\nNorthtown NT3 2BB\nPhone: 07700 900124\n\n")
    assert "I am writing to you as Amira's father." in result.stdout
    assert result.stdout.endswith("Yours sincerely,\n\nOmar Khan\n")
    both = run("letter", "amira-khan", "--from", "Omar Khan", "--from", "Sara Khan")
    assert both.stdout.startswith("Omar Khan and Sara Khan\n3 Mill Lane\n")
    assert "We are writing to you as Amira's parents." in both.stdout  # Sara's relationship is not recorded
    assert both.stdout.endswith("Yours sincerely,\n\nOmar Khan\nSara Khan\n")


def test_an_unknown_from_is_refused_with_the_names_on_record(run, amira):
    before = amira.read_bytes()
    result = run("letter", "amira-khan", "--from", "Sara O'Neill-Khan", "--record", "--output", "letter.txt")
    assert result.exit_code == 2
    assert result.stderr == (
        "senpath: --from: \"Sara O'Neill-Khan\" is not a parent or carer on Amira Khan's record (on record: "
        "Sara Khan); add them with their details first\n"
    )
    assert result.stdout == "" and not Path("letter.txt").exists() and amira.read_bytes() == before


# ---------------------------------------------------------------------------
# Refusals: exit 1, the missing item and how to supply it, nothing written


def _bare(run, *extra: str) -> None:
    args = ["new-child", "--id", "amira-khan", "--name", "Amira Khan", "--dob", "2021-05-14",
            "--setting", "early-years", "--school", "Little Acorns Nursery", "--opened", "2026-09-01", *extra]  # fmt: skip
    assert run(*args).exit_code == 0


@pytest.mark.parametrize(
    ("present", "needle"),
    [
        (["--head-teacher", "Mrs J. Patel", "--concern", "speech"], 'senpath update amira-khan --add-parent "NAME"'),
        (["--head-teacher", "Mrs J. Patel", "--parent", "Sara Khan"], "senpath update amira-khan --add-concern"),
    ],
)
def test_meeting_request_refusals(run, cases_dir, present, needle):
    _bare(run, *present)
    case_file = cases_dir / "amira-khan.toml"
    before = case_file.read_bytes()
    result = run("letter", "amira-khan", "--output", "letter.txt", "--record")
    assert result.exit_code == 1
    assert needle in result.stderr
    assert result.stderr.startswith("senpath: letter not written: ")
    assert result.stdout == ""
    assert not Path("letter.txt").exists()
    assert case_file.read_bytes() == before


@pytest.mark.parametrize(
    ("drop", "needle"),
    [("--la", '--la "NAME"'), ("--reason", '--reason "WHY"')],
)
def test_assessment_request_refusals(run, helped, drop, needle):
    args = list(ASSESSMENT_ARGS)
    i = args.index(drop)
    del args[i : i + 2]
    before = helped.read_bytes()
    result = run(*args, "--record")
    assert result.exit_code == 1
    assert needle in result.stderr
    assert result.stdout == ""
    assert helped.read_bytes() == before


def test_assessment_request_with_nothing_to_enclose(run, amira):
    result = run("letter", "amira-khan", "--kind", "assessment-request", "--la", "X Council", "--reason", "R")
    assert result.exit_code == 0, result
    assert "nclose" not in result.stdout
    result = run("letter", "amira-khan", "--kind", "assessment-request", "--la", "X Council",
                 "--reason", "R", "--enclose", "Our own diary of Amira's speech")  # fmt: skip
    assert "Enclosed\n\n- Our own diary of Amira's speech\n" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--la", "X Council"],
        ["--reason", "R"],
        ["--enclose", "E"],
        ["--kind", "assessment-request", "--la", "X", "--reason", "R", "--advisor", "Jo"],
        ["--kind", "assessment-request", "--la", "X", "--reason", "R", "--question", "Q?"],
        ["--format", "odt"],
        ["--kind", "provision-notice", "--advisor", "Jo"],
        ["--kind", "review-invitation", "--meeting-date", "2026-12-04", "--time", "15:30"],
        ["--kind", "review-invitation", "--meeting-date", "2026-12-04", "--place", "Room 1"],
        ["--kind", "review-invitation", "--time", "15:30", "--place", "Room 1"],
        ["--kind", "review-invitation", "--meeting-date", "2026-12-04", "--time", "3pm", "--place", "Room 1"],
        ["--kind", "review-invitation", "--meeting-date", "2026-11-01", "--time", "15:30", "--place", "Room 1"],
        ["--kind", "review-invitation", "--meeting-date", "2026-12-04", "--time", "15:30", "--place", " "],
        ["--kind", "review-invitation", "--meeting-date", "2026-12-04", "--time", "15:30", "--place", "R", "--la", "X"],
        ["--date", "22/11/26"],  # a two-digit year (a full UK date, 22/11/2026, is accepted)
        ["--question", "Why?\x1b[31m"],
        ["--record", "--date", "2026-12-01"],
    ],
)
def test_usage_errors(run, amira, args):
    before = amira.read_bytes()
    result = run("letter", "amira-khan", *args)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith("senpath: ")
    assert amira.read_bytes() == before


def test_unknown_child(run, cases_dir):
    result = run("letter", "nobody")
    assert result.exit_code == 1
    assert "no child 'nobody'" in result.stderr
    assert run("prep", "nobody").exit_code == 1


# ---------------------------------------------------------------------------
# --output, --force, --format


def test_output_writes_a_private_file_and_refuses_to_overwrite(run, amira):
    result = run(*MEETING_ARGS, "--output", "letter.txt")
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "written to letter.txt" in result.stderr
    path = Path("letter.txt")
    assert path.read_text(encoding="utf-8") == MEETING
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    path.write_text("my own notes\n", encoding="utf-8")
    result = run(*MEETING_ARGS, "--output", "letter.txt")
    assert result.exit_code == 1
    assert "letter.txt already exists" in result.stderr
    assert "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "my own notes\n"

    result = run(*MEETING_ARGS, "--output", "letter.txt", "--force")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == MEETING
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in Path().iterdir() if p.name.startswith(".letter")) == []


def test_output_into_a_missing_folder_or_onto_a_folder(run, amira):
    result = run("letter", "amira-khan", "--output", "nowhere/letter.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    Path("folder").mkdir()
    result = run("letter", "amira-khan", "--output", "folder")
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_markdown_by_extension_or_format(run, amira):
    assert run(*MEETING_ARGS, "--output", "letter.md").exit_code == 0
    md = Path("letter.md").read_text(encoding="utf-8")
    assert "**Amira Khan, date of birth 14 May 2021**" in md
    assert "Mrs J. Patel\\\nHead Teacher\\\n" in md

    assert run(*MEETING_ARGS, "--output", "plain.md", "--format", "text").exit_code == 0
    assert Path("plain.md").read_text(encoding="utf-8") == MEETING

    result = run(*MEETING_ARGS, "--format", "markdown")
    assert result.stdout == md


def test_prep_output_and_markdown(run, helped):
    result = run("prep", "amira-khan", "--output", "prep.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    md = Path("prep.md").read_text(encoding="utf-8")
    assert md.startswith("# Preparing for a meeting about Amira Khan\n")
    assert stat.S_IMODE(Path("prep.md").stat().st_mode) == 0o600
    result = run("prep", "amira-khan", "--output", "prep.md")
    assert result.exit_code == 1
    assert Path("prep.md").read_text(encoding="utf-8") == md
    assert run("prep", "amira-khan", "--format", "markdown").stdout == md


# ---------------------------------------------------------------------------
# The school's notices


def test_provision_notice_and_review_invitation_recorded(run, amira_action):
    assert run("update", "amira-khan", "--school-address", "14 Acorn Road, Northtown NT3 1AA").exit_code == 0
    notice = run("letter", "amira-khan", "--kind", "provision-notice", "--record")
    assert notice.exit_code == 0, notice
    text = notice.stdout
    assert text.startswith(
        "Little Acorns Nursery\n14 Acorn Road\nNorthtown NT3 1AA\n\n22 November 2026\n\nSara Khan\n\n"
    )
    assert "Dear Sara Khan,\n" in text
    assert "(section 123 of the School Standards and Framework Act 1998)" in text
    assert "Since 10 September 2026, Amira has been at Early Years Action:" in text
    assert text.endswith("Yours sincerely,\n\nMs R. Evans\nSENCO, Little Acorns Nursery\n")
    assert_filled(text)
    before = amira_action.read_bytes()
    refused = run("letter", "amira-khan", "--kind", "review-invitation", "--meeting-date", "2026-12-07",
                  "--time", "09:15", "--place", "the nursery office", "--record", "--output", "invite.txt")  # fmt: skip
    assert refused.exit_code == 1  # no IEP yet
    assert (
        refused.stderr
        == 'senpath: letter not written: no IEP on record to review: senpath iep new amira-khan --start YYYY-MM-DD --target "..."\n'
    )
    assert amira_action.read_bytes() == before and not Path("invite.txt").exists()
    assert run("iep", "new", "amira-khan", "--start", "2026-09-14", "--target", "Uses 3-word phrases",
               "--review-on", "2026-12-07").exit_code == 0  # fmt: skip
    invite = run("letter", "amira-khan", "--kind", "review-invitation", "--meeting-date", "2026-12-07",
                 "--time", "09:15", "--place", "the nursery office", "--record")  # fmt: skip
    assert invite.exit_code == 0, invite
    # 7 December 2026 is a Monday
    assert "Date: Monday 7 December 2026\nTime: 9.15am\nPlace: the nursery office\n" in invite.stdout
    case = Store(amira_action.parent).load("amira-khan")
    assert [(c.kind, c.to) for c in case.correspondence] == [
        ("provision-notice", "Sara Khan (parent)"),
        ("review-invitation", "Sara Khan (parent)"),
    ]
    shown = run("show", "amira-khan").stdout
    assert "notice of SEN provision" in shown and "invitation to a review" in shown


# ---------------------------------------------------------------------------
# --record and show


def test_record_logs_the_letter_and_show_lists_it(run, amira):
    result = run(*MEETING_ARGS, "--record")
    assert result.exit_code == 0, result
    assert result.stdout == MEETING
    assert "logged in the correspondence (letter 1)" in result.stderr

    case = Store(amira.parent).load("amira-khan")
    (letter,) = case.correspondence
    assert (letter.kind, letter.to, letter.text) == (
        "meeting-request",
        "Mrs J. Patel, Head Teacher, Little Acorns Nursery",
        MEETING,
    )
    assert letter.date.isoformat() == "2026-11-22"

    again = run(*MEETING_ARGS, "--record")
    assert again.exit_code == 0
    assert "already in the correspondence" in again.stderr
    assert len(Store(amira.parent).load("amira-khan").correspondence) == 1

    shown = run("show", "amira-khan")
    assert shown.exit_code == 0
    assert "Correspondence" in shown.stdout
    assert "meeting request" in shown.stdout
    assert "Mrs J. Patel, Head Teacher" in shown.stdout
    assert "22 Nov 2026" in shown.stdout


def test_record_an_assessment_request_hints_at_the_stage_history(run, helped):
    result = run(*ASSESSMENT_ARGS, "--record", "--output", "request.txt")
    assert result.exit_code == 0, result
    assert (
        "senpath escalate amira-khan --to statutory-assessment --requested-by parent --date 2026-11-22" in result.stderr
    )
    case = Store(helped.parent).load("amira-khan")
    assert case.correspondence[-1].kind == "assessment-request"
    assert case.correspondence[-1].to == "Special Educational Needs Team, Northshire County Council"
    assert case.correspondence[-1].text == Path("request.txt").read_text(encoding="utf-8")
    assert "request for statutory assessment" in run("show", "amira-khan").stdout


def test_record_with_an_existing_output_records_nothing(run, amira):
    Path("letter.txt").write_text("keep\n", encoding="utf-8")
    before = amira.read_bytes()
    result = run("letter", "amira-khan", "--record", "--output", "letter.txt")
    assert result.exit_code == 1
    assert amira.read_bytes() == before


def test_letters_refused_for_a_child_who_left_and_prep_says_so(run, amira):
    assert run("leave", "amira-khan", "--date", "2026-11-20", "--reason", "Moved away").exit_code == 0
    before = amira.read_bytes()
    for args in (("letter", "amira-khan", "--record"), ("letter", "amira-khan"),
                 ("letter", "amira-khan", "--kind", "assessment-request", "--la", "X Council", "--reason", "R",
                  "--enclose", "GP letter")):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 3, result
        assert result.stderr.startswith("senpath: refused: Amira Khan left Little Acorns Nursery on 20 Nov 2026")
        assert result.stdout == "" and "attends" not in result.stderr
        assert amira.read_bytes() == before
    sheet = " ".join(run("prep", "amira-khan").stdout.split())
    assert "Amira was born on 14 May 2021 and left Little Acorns Nursery on 20 Nov 2026." in sheet
    assert "attends" not in sheet


# ---------------------------------------------------------------------------
# Names


def test_unusual_names_through_the_cli(run, cases_dir):
    args = ["new-child", "--id", "zoe-oneill", "--name", "Zoë O'Neill", "--dob", "2018-02-28", "--setting", "primary",
            "--school", "St Mary's C of E Primary", "--head-teacher", "Mr Seán O'Brien",
            "--parent", "Siobhán Smith-Jones", "--concern", "Reading age 2 years behind",
            "--opened", "2026-09-01"]  # fmt: skip
    assert run(*args).exit_code == 0
    result = run("letter", "zoe-oneill", "--record")
    assert result.exit_code == 0, result
    text = result.stdout
    assert "Dear Mr O'Brien,\n" in text
    assert "Zoë O'Neill, date of birth 28 February 2018\n" in text
    assert "a copy of Zoë's school records" in text
    assert text.endswith("Siobhán Smith-Jones\n")
    assert_filled(text)
    assert run("update", "zoe-oneill", "--known-as", "Zoë-Mae").exit_code == 0
    assert "so that Zoë-Mae can do as well as possible" in run("letter", "zoe-oneill").stdout
    sheet = run("prep", "zoe-oneill").stdout
    assert "Zoë-Mae was born on 28 Feb 2018" in sheet
    assert_filled(sheet)


def test_prep_sheet_on_a_terminal_uses_rich(helped, capsys, monkeypatch):
    from senpath import render
    from senpath.dates import today
    from senpath.prep import prep_sheet

    monkeypatch.setenv("COLUMNS", "200")
    render.document(prep_sheet(Store(helped.parent).load("amira-khan"), on=today()))
    out = capsys.readouterr().out
    assert "• Ms T. Okafor (speech and language therapist): saw Amira on 5 Nov 2026" in out
    assert "Are things getting worse?\n" in out
    assert "-----" not in out  # headings are styled, not underlined


# ---------------------------------------------------------------------------
# When a request for statutory assessment cannot be made


def _assessed(final: bool) -> Case:
    """Amira (opened 1 Jan 2026): a parent's request on 2 Mar 2026, assessed by 1 Jun 2026; then a
    note in lieu on 15 Jun 2026 (back to no stage) or a final statement on 1 Aug 2026."""
    from senpath.stages import advance, record_milestone

    c = basic(opened=date(2026, 1, 5))
    c = advance(c, to="statutory-assessment", on=date(2026, 3, 2), requested_by="parent")
    c = record_milestone(c, milestone="assessment-decision", on=date(2026, 4, 10), outcome="assess")
    c = record_milestone(c, milestone="assessment", on=date(2026, 6, 1))
    if not final:
        return record_milestone(c, milestone="proposed-statement", on=date(2026, 6, 15), outcome="note-in-lieu")
    c = record_milestone(c, milestone="proposed-statement", on=date(2026, 6, 15), outcome="statement")
    return record_milestone(c, milestone="final-statement", on=date(2026, 8, 1))


def test_assessment_request_refused_within_6_months_of_the_last_assessment(run, cases_dir):
    path = Store(cases_dir).create(_assessed(final=False))
    before = path.read_bytes()
    for args in (("--record",), ("--date", "2026-11-30")):
        result = run(*ASSESSMENT_ARGS, *args)
        assert result.exit_code == 3, result
        assert result.stderr.startswith("senpath: refused: ")
        assert "completed a statutory assessment of Amira Khan on 1 Jun 2026" in result.stderr
        assert "a new request can be made from 1 Dec 2026" in result.stderr and "--date 2026-12-01" in result.stderr
        assert path.read_bytes() == before and result.stdout == ""
    result = run(*ASSESSMENT_ARGS, "--date", "2026-12-01")
    assert result.exit_code == 0, result
    assert "statutory assessment" in result.stdout


def test_assessment_request_refused_for_a_child_with_a_statement(run, cases_dir):
    path = Store(cases_dir).create(_assessed(final=True))
    before = path.read_bytes()
    result = run(*ASSESSMENT_ARGS, "--record")
    assert result.exit_code == 3, result
    assert "Amira Khan already has a statement of SEN (made final on 1 Aug 2026)" in result.stderr
    assert "annual review" in result.stderr and "reassessment" in result.stderr
    assert path.read_bytes() == before and result.stdout == ""


# ---------------------------------------------------------------------------
# An IEP that lapsed when the child came off SEN provision


def _lapsed(back: bool) -> Case:
    """Action from 10 Sep 2026 with IEP 1 (review due 15 Oct); no stage from 1 Oct; back at Action 1 Nov."""
    from senpath.changes import add_consultation
    from senpath.ieps import new_iep
    from senpath.stages import advance

    c = basic()
    for day in (date(2026, 9, 8), date(2026, 9, 30), date(2026, 10, 30)):
        c = add_consultation(c, on=day, with_=["Sara Khan"], method="meeting", summary="Talked it through")
    c = advance(c, to="action", on=date(2026, 9, 10), reason="Speech", evidence=["Checklist"])
    c = new_iep(c, start=date(2026, 9, 10), targets=["Uses 3-word phrases"], review_on=date(2026, 10, 15))
    c = advance(c, to="none", on=date(2026, 10, 1), reason="Caught up")
    if back:
        c = advance(c, to="action", on=date(2026, 11, 1), reason="Speech again", evidence=["Checklist"])
    return c


def test_prep_says_a_lapsed_iep_ended_and_a_new_one_is_needed(run, cases_dir):
    Store(cases_dir).create(_lapsed(back=True))
    result = run("prep", "amira-khan")
    assert result.exit_code == 0, result
    sheet = " ".join(result.stdout.split())
    assert "No current plan: the last one, IEP 1 from 10 Sep 2026, ended on 1 Oct 2026" in sheet
    assert "since 1 Nov 2026, so a new IEP is needed" in sheet
    assert "current plan is IEP 1" not in sheet and "Next review of IEP 1" not in sheet and "overdue" not in sheet


def test_prep_for_a_lapsed_iep_at_no_stage(run, cases_dir):
    Store(cases_dir).create(_lapsed(back=False))
    sheet = " ".join(run("prep", "amira-khan").stdout.split())
    assert "ended on 1 Oct 2026" in sheet and "new IEP is needed" not in sheet
    assert "No review is due" in sheet


def test_reviews_does_not_call_a_lapsed_iep_current(run, cases_dir):
    Store(cases_dir).create(_lapsed(back=True))
    result = run("reviews", "--json")
    assert result.exit_code == 0, result
    import json

    (duty,) = json.loads(result.stdout)
    assert (duty["kind"], duty["due"]) == ("new-iep", "2026-11-01")
    assert duty["notes"] == ["moved to Early Years Action on 1 Nov 2026"]


# ---------------------------------------------------------------------------
# Every letter for every sample child, as posted

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["amira-khan", "chloe-davies", "ethan-oneill", "oliver-bennett", "ruby-smith-jones", "tom-gallagher",
           "zainab-okoro"]  # fmt: skip
KINDS = {
    "meeting-request": [],
    "assessment-request": ["--la", "Northshire County Council", "--la-address", "County Hall, Northtown NT1 1AA",
                           "--reason", "The school cannot give the daily specialist help needed."],
    "provision-notice": [],
    "review-invitation": ["--meeting-date", "2026-12-07", "--time", "15:30", "--place", "the SENCO's room"],
}  # fmt: skip
# What each sample may refuse (exit 3 or 1), from its stage on 22 Nov 2026 (tests/make_samples.py).
REFUSED = {
    ("ethan-oneill", "provision-notice"): 3,  # back at no stage
    ("ethan-oneill", "review-invitation"): 1,  # no current IEP to review at no stage
    ("ruby-smith-jones", "provision-notice"): 3,
    ("ruby-smith-jones", "review-invitation"): 1,
    ("tom-gallagher", "assessment-request"): 3,  # has a statement
    ("tom-gallagher", "provision-notice"): 3,
    ("zainab-okoro", "assessment-request"): 3,  # a request is under way
    ("zainab-okoro", "provision-notice"): 3,
}


@pytest.fixture
def samples(cases_dir: Path) -> Path:
    cases_dir.mkdir(mode=0o700, exist_ok=True)
    for name in SAMPLES:
        (cases_dir / f"{name}.toml").write_bytes((ROOT / "cases" / f"{name}.toml").read_bytes())
        (cases_dir / f"{name}.toml").chmod(0o600)
    return cases_dir


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("child", SAMPLES)
def test_every_letter_for_every_sample_child_is_complete_and_fits_two_pages(run, samples, child, kind):
    result = run("letter", child, "--kind", kind, *KINDS[kind])
    refused = REFUSED.get((child, kind))
    if refused is not None:
        assert (result.exit_code, result.stdout) == (refused, ""), result
        return
    assert result.exit_code == 0, result
    text = result.stdout
    assert_filled(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) <= 60, f"{len(lines)} lines"
    # Sender (with an address) first, then the date, the recipient, the greeting and its close.
    assert re.match(r"[^\n]+\n[^\n]+\n", text) and "\n\n22 November 2026\n\n" in text
    dear = re.search(r"^Dear (.+),$", text, re.M)
    assert dear is not None
    close = "Yours faithfully," if dear[1] in ("Sir or Madam", "Head Teacher") else "Yours sincerely,"
    assert (
        text.count(close) == 1
        and "Yours " + ("sincerely" if close.endswith("faithfully,") else "faithfully") not in text
    )
    assert "Phone:" in text or "Email:" in text or kind in ("provision-notice", "review-invitation")


def test_the_sample_letters_say_who_writes_and_the_law(run, samples):
    ruby = run("letter", "ruby-smith-jones").stdout
    assert "I am writing to you as Ruby's grandmother and kinship carer." in ruby
    assert "Dear Mrs O'Neill," in ruby
    both = run("letter", "oliver-bennett", "--from", "Claire Bennett", "--from", "Mark Bennett").stdout
    assert both.startswith("Claire Bennett and Mark Bennett\n27 Beech Avenue\nNorthtown NT1 5CD\n")
    assert "We are writing to you as Oliver's mother and father." in both
    assert "despite the help at School Action since 21 September 2026." in both
    request = run("letter", "chloe-davies", *KINDS["assessment-request"][:-2], "--kind", "assessment-request",
                  "--reason", "R.").stdout  # fmt: skip
    assert "under section 329 of the Education Act 1996." in request
    assert "I can appeal against that decision to the Special Educational Needs and Disability Tribunal." in request
    assert request.endswith("cc: Mr D. Lowe, Head Teacher, Hill Primary School\n")
    # Chloe moved to Hill Primary with its address: the letters go there, not to the pre-school.
    meeting = run("letter", "chloe-davies").stdout
    assert "Mr D. Lowe\nHead Teacher\nHill Primary School\n2 School Lane\nNorthtown NT1 4AB\n\nDear Mr Lowe," in meeting


def test_pronoun_set_on_the_record_and_a_bad_one_refused(run, amira):
    before = amira.read_bytes()
    bad = run("update", "amira-khan", "--pronoun", "it")
    assert bad.exit_code == 2 and amira.read_bytes() == before
    assert run("update", "amira-khan", "--pronoun", "she").exit_code == 0
    assert 'pronoun = "she"' in amira.read_text(encoding="utf-8")
    assert "and I think she may have special educational needs (SEN)." in run("letter", "amira-khan").stdout


def test_a_school_address_given_with_a_new_school_is_the_new_schools(run, amira):
    assert run("update", "amira-khan", "--school-address", "14 Acorn Road, Northtown NT3 1AA").exit_code == 0
    result = run("update", "amira-khan", "--setting", "primary", "--school", "Hill Primary School",
                 "--school-address", "2 School Lane, Northtown NT1 4AB", "--date", "2026-11-02")  # fmt: skip
    assert result.exit_code == 0, result
    case = Store(amira.parent).load("amira-khan")
    assert [(s.school, s.address) for s in case.settings] == [
        ("Little Acorns Nursery", "14 Acorn Road, Northtown NT3 1AA"),
        ("Hill Primary School", "2 School Lane, Northtown NT1 4AB"),
    ]


def test_a_child_already_on_a_stage_is_asked_about_the_help_not_whether_they_are_on_it(run, helped):
    """Amira is at Early Years Action Plus (tests/letters_data.py): the meeting request asks about
    the help there and what comes next, not "is Amira at Early Years Action or ... Plus?"."""
    result = run("letter", "amira-khan")
    assert result.exit_code == 0, result
    text = " ".join(result.stdout.split())
    assert "What extra help is Amira getting now at Early Years Action Plus, who gives it, and how often?" in text
    assert "Can we look at Amira's IEP together" in text
    assert "Is Amira at" not in text and "Do you think Amira has special educational needs" not in text


def test_the_schools_notices_go_to_carers_as_carers():
    from senpath.letters import _parents_words
    from tests.letters_data import basic as make

    case = make(child_id="zoe-oneill", name="Zoë O'Neill", parents=["Dawiśka O'Neill", "Pádraig Ní Bhriain"])
    assert _parents_words(case) == "Dawiśka O'Neill and Pádraig Ní Bhriain (parents)"  # no relationship recorded
    case = case.model_copy(deep=True)
    case.parents[0].relationship = "grandmother and kinship carer"
    assert _parents_words(case) == "Dawiśka O'Neill and Pádraig Ní Bhriain (parents and carers)"
    case.parents[1].relationship = "grandfather and kinship carer"
    assert _parents_words(case) == "Dawiśka O'Neill and Pádraig Ní Bhriain (carers)"
    case.parents[0].relationship = "mother"
    case.parents[1].relationship = "stepfather"
    assert _parents_words(case) == "Dawiśka O'Neill and Pádraig Ní Bhriain (parents)"


def test_a_first_approach_asks_whether_there_are_needs_at_all(run, amira):
    result = run("letter", "amira-khan")
    assert result.exit_code == 0, result
    text = " ".join(result.stdout.split())
    assert "Do you think Amira has special educational needs and, if so, what are they?" in text
    assert "now at Early Years" not in text
