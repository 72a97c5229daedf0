"""Frameworks as data (issue 11): the shipped files, Northern Ireland's five stages on the same
engine, a made-up framework from a register's own frameworks/ folder, children entered at the
stage they are at, and no framework's stage, milestone or deadline in the engine's code."""

from __future__ import annotations

import ast
import shutil
from datetime import date
from pathlib import Path

import pytest

from senpath import framework
from senpath.changes import add_consultation, add_professional, new_case
from senpath.checked import Store, parse_case
from senpath.checks import problems
from senpath.errors import RefusedError, UsageError
from senpath.framework import FrameworkError, get
from senpath.ieps import new_iep, record_annual_review
from senpath.reviews import duties
from senpath.stages import advance, census_code, enter, record_milestone, stage_name
from senpath.store import dump_case

D = date
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VILLAGE = HERE / "data" / "frameworks" / "village-2026.toml"
ENGINE = ["stages", "reviews", "ieps", "prep", "letters", "changelog", "changes", "checks", "models", "store",
          "index", "validation", "render", "statutory"]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_frameworks():
    framework.reset()
    yield
    framework.reset()


def child(fw: str = "northern-ireland-1998", **kw: object) -> object:
    args: dict[str, object] = {
        "child_id": "niamh-ni-bhriain",
        "name": "Niamh Ní Bhriain",
        "dob": D(2012, 3, 14),
        "setting": "primary",
        "school": "St Brigid's Primary School",
        "opened": D(2024, 9, 2),
        "parents": ["Órla Ní Bhriain"],
        "framework": fw,
    }
    args.update(kw)
    return new_case(**args)  # type: ignore[arg-type]


def consult(case, on):
    return add_consultation(case, on=on, with_=[case.parents[0].name], method="meeting", summary="Agreed")


# The shipped files -------------------------------------------------------------------------


def test_the_shipped_frameworks_load_and_cite_their_sources():
    assert framework.known()[:3] == ["england-2001", "england-2015", "northern-ireland-1998"]
    england, ni = get("england-2001"), get("northern-ireland-1998")
    assert any("section 329" in s.title for s in england.sources)
    assert any("Schedule 27" in s.title for s in england.sources)
    assert any("2005/384" in s.title for s in ni.sources)
    assert any("Statutory Assessment Timeline" in s.title for s in ni.sources)
    assert [(m.id, m.due.count, m.due.unit) for m in england.process.milestones] == [
        ("assessment-decision", 6, "weeks"),
        ("assessment", 16, "weeks"),
        ("proposed-statement", 18, "weeks"),
        ("final-statement", 26, "weeks"),
    ]
    assert [m.due.count for m in ni.process.milestones] == [6, 16, 18, 26]
    for fw in (england, ni):
        proposed = next(m for m in fw.process.milestones if m.parent_comment is not None)
        assert (proposed.parent_comment.count, proposed.parent_comment.unit) == (15, "days")  # type: ignore[union-attr]
        assert (fw.process.repeat_request.count, fw.process.repeat_request.unit) == (6, "months")
    assert england.plans.statutory.transition.rule == "school-year"
    assert (ni.plans.statutory.transition.rule, ni.plans.statutory.transition.age) == ("birthday", 14)
    assert [england.stage(s).census for s in ("none", "action", "action-plus", "statement")] == ["N", "A", "P", "S"]


def test_northern_ireland_has_five_stages_and_its_moves():
    ni = get("northern-ireland-1998")
    assert ni.stage_ids == ("none", "stage-1", "stage-2", "stage-3", "stage-4", "stage-5")
    up = {(f, m.to) for m in ni.moves if m.kind == "escalate" for f in m.from_}
    assert up == {("none", "stage-1"), ("stage-1", "stage-2"), ("stage-2", "stage-3")}  # one at a time
    request = next(m for m in ni.moves if m.kind == "request-assessment")
    assert set(request.from_) == {"none", "stage-1", "stage-2", "stage-3"}
    assert set(request.requested_by) == {"parent", "school", "professional"}
    down = {(f, m.to) for m in ni.moves if m.kind in ("step-down", "cease") for f in m.from_}
    assert ("stage-3", "none") in down and ("stage-5", "stage-1") in down  # down any number
    assert all(m.consultation for m in ni.moves)  # parents consulted at every step
    assert [ni.school_plan(s).name for s in ("stage-1", "stage-2", "stage-3")] == [  # type: ignore[union-attr]
        "action plan",
        "IEP",
        "IEP",
    ]


def test_a_framework_file_is_checked_when_it_loads(tmp_path):
    text = VILLAGE.read_text()
    with pytest.raises(FrameworkError, match=r"bad\.toml: stages\.1\.colour: Extra inputs are not permitted"):
        framework.parse(text.replace('id = "watch"\n', 'id = "watch"\ncolour = "red"\n'), "bad.toml")
    with pytest.raises(FrameworkError, match="'nowhere' is not a stage of this framework"):
        framework.parse(text.replace('to = "watch"', 'to = "nowhere"'), "bad.toml")
    with pytest.raises(FrameworkError, match="format_version: 9 is not a framework format"):
        framework.parse(text.replace("format_version = 1", "format_version = 9"), "bad.toml")
    with pytest.raises(FrameworkError, match="'village-2026' is not a framework senpath knows"):
        get("village-2026")


def test_a_register_may_not_reuse_a_shipped_id(tmp_path):
    (tmp_path / "frameworks").mkdir()
    shutil.copy(ROOT / "senpath" / "frameworks" / "england-2001.toml", tmp_path / "frameworks")
    Store(tmp_path / "cases")
    with pytest.raises(FrameworkError, match="is the id of a framework shipped with senpath"):
        get("england-2001")


# Northern Ireland on the engine ------------------------------------------------------------


def test_a_northern_ireland_journey_on_the_same_engine():
    case = child()
    assert (case.stage, stage_name(case), census_code(case)) == ("none", "No stage of the Code", "0")
    case = consult(case, D(2024, 9, 9))
    with pytest.raises(
        RefusedError, match="a move to stage-1 needs evidence of a need the class teacher has identified"
    ):
        advance(case, to="stage-1", on=D(2024, 9, 10), reason="Reading well behind")
    case = advance(case, to="stage-1", on=D(2024, 9, 10), reason="Reading well behind", evidence=["Reading age 6"])
    assert [(d.kind, d.what) for d in duties(case)] == [("new-action-plan", "New action plan needed")]
    case = new_iep(case, start=D(2024, 9, 16), targets=["Reads 20 key words"])
    assert case.ieps[0].review_on == D(2024, 12, 9)  # a term
    with pytest.raises(RefusedError, match="more than 4 months"):
        new_iep(case, start=D(2024, 9, 20), targets=["x"], review_on=D(2025, 2, 1))
    assert [d.kind for d in duties(case)] == ["action-plan-review"]
    case = consult(case, D(2024, 12, 9))
    with pytest.raises(RefusedError, match="cannot move Niamh Ní Bhriain from stage-1 to stage-3"):
        advance(case, to="stage-3", on=D(2024, 12, 10), reason="r", evidence=["e"])  # up one at a time
    case = advance(case, to="stage-2", on=D(2024, 12, 10), reason="Little progress", evidence=["Reads 8 of 20"])
    assert {d.kind for d in duties(case)} == {"new-iep", "action-plan-review"}
    case = new_iep(case, start=D(2024, 12, 11), targets=["Reads 20 key words"])
    case = add_professional(case, role="educational-psychologist", name="Dr C. Ó Murchú", requested=D(2025, 2, 1))
    case = consult(case, D(2025, 2, 2))
    case = advance(case, to="stage-3", on=D(2025, 2, 3), reason="Specialist advice needed", evidence=["IEP review"])
    assert (stage_name(case), census_code(case)) == ("Stage 3", "3")
    case = consult(case, D(2025, 3, 2))
    case = advance(case, to="stage-4", on=D(2025, 3, 3), requested_by="school")
    assert census_code(case) == "4"
    (due,) = [d for d in duties(case) if d.kind == "decision"]
    # 6 weeks beginning with 3 Mar 2025 (reg 11, NISR 2005/384): day 42 is 3 Mar + 41 days = 13 Apr 2025
    assert (due.due, due.what) == (
        D(2025, 4, 13),
        "EA decision to assess, told to the parent (6 weeks starting with the day)",
    )
    assert "final statement by 1 Sep 2025 (26 weeks)" in due.notes
    case = record_milestone(case, milestone="decision", on=D(2025, 4, 10), outcome="assess")
    case = record_milestone(case, milestone="advice", on=D(2025, 6, 20))
    (due,) = [d for d in duties(case) if d.kind == "proposed-statement"]
    assert due.due == D(2025, 7, 7)  # week 18
    case = record_milestone(case, milestone="proposed-statement", on=D(2025, 7, 4), outcome="statement")
    case = record_milestone(case, milestone="final-statement", on=D(2025, 8, 29))
    assert (case.stage, stage_name(case), census_code(case)) == ("stage-5", "Stage 5: statement", "5")
    (transition,) = [d for d in duties(case) if d.kind in ("annual-review", "transition-review")]
    # Niamh turns 14 on 14 Mar 2026: the first annual review after it is the transition review (reg 19).
    assert (transition.kind, transition.due) == ("transition-review", D(2026, 8, 29))
    assert transition.what == "Transition review (14th birthday)"
    assert "first annual review since the 14th birthday (14 Mar 2026): draw up the transition plan" in transition.notes
    case = record_annual_review(case, on=D(2026, 8, 20))
    (annual,) = [d for d in duties(case) if d.kind in ("annual-review", "transition-review")]
    assert (annual.kind, annual.due) == ("annual-review", D(2027, 8, 20))
    assert problems(parse_case(dump_case(case), "x.toml", case.id)) == []


def test_a_bad_name_in_a_file_is_refused_with_its_field_path():
    case = consult(child(), D(2024, 9, 9))
    case = advance(case, to="stage-1", on=D(2024, 9, 10), reason="r", evidence=["e"])
    text = dump_case(case).decode().replace('to = "stage-1"', 'to = "action"')
    with pytest.raises(Exception) as info:
        parse_case(text.encode(), "niamh-ni-bhriain.toml", case.id)
    assert getattr(info.value, "exit_code", None) == 4
    assert str(info.value).startswith("niamh-ni-bhriain.toml: history[0].to: Input should be 'none', 'stage-1'")


def test_the_letters_law_is_required_where_a_letter_cites_it():
    import re as regex

    shipped = (ROOT / "senpath" / "frameworks" / "england-2001.toml").read_text(encoding="utf-8")
    without = regex.sub(r"\n\[law\]\n(?:[^\n]+\n)+", "\n", shipped)
    assert "[law]" not in without
    with pytest.raises(framework.FrameworkError) as info:
        framework.parse(without, "england-2001.toml")
    assert "the assessment request and the provision notice cite the law: give [law]" in str(info.value)
    assert info.value.exit_code == 4
    no_notice = shipped.replace('provision_notice = "section 317A of the Education Act 1996"\n', "")
    with pytest.raises(framework.FrameworkError, match="law.provision_notice: the provision notice cites the duty"):
        framework.parse(no_notice, "england-2001.toml")
    bad = shipped.replace(
        "provision_notice_by_setting = { early-years", "provision_notice_by_setting = { further-education"
    )
    with pytest.raises(framework.FrameworkError, match="'further-education' is not one of the settings"):
        framework.parse(bad, "england-2001.toml")


# A made-up framework from a register's own folder ------------------------------------------


def test_a_whole_journey_under_a_register_framework_with_no_code_change(tmp_path):
    (tmp_path / "frameworks").mkdir()
    shutil.copy(VILLAGE, tmp_path / "frameworks")
    store = Store(tmp_path / "cases")
    store.create(child("village-2026", child_id="zoe-oneill", name="Zoë O'Neill", parents=["Dawiśka O'Neill"]))
    c = store.load("zoe-oneill")
    assert (c.stage, stage_name(c), census_code(c)) == ("not-listed", "Not on the SEN list", "0")

    def change(fn):
        return store.change("zoe-oneill", fn)[1]

    change(lambda c: consult(c, D(2024, 9, 9)))
    c = change(lambda c: advance(c, to="watch", on=D(2024, 9, 10), reason="Slow reader"))
    c = change(lambda c: consult(c, D(2024, 10, 1)))
    with pytest.raises(RefusedError, match="needs evidence of too little progress on watch"):
        advance(c, to="support", on=D(2024, 10, 2), reason="r")
    c = change(lambda c: advance(c, to="support", on=D(2024, 10, 2), reason="r", evidence=["Reading check"]))
    assert [(d.kind, d.what) for d in duties(c)] == [("new-pathway", "New pathway needed")]
    c = change(lambda c: new_iep(c, start=D(2024, 10, 3), targets=["Reads a page aloud"]))
    assert c.ieps[0].review_on == D(2024, 11, 14)  # 6 weeks
    c = change(lambda c: consult(c, D(2024, 11, 1)))
    with pytest.raises(RefusedError, match="needs at least one outside professional"):
        advance(c, to="specialist", on=D(2024, 11, 2), reason="r", evidence=["e"])
    c = change(lambda c: add_professional(c, role="specialist-teacher", name="Mx J. Rowe", requested=D(2024, 11, 1)))
    c = change(lambda c: advance(c, to="specialist", on=D(2024, 11, 2), reason="r", evidence=["e"]))
    c = change(lambda c: consult(c, D(2024, 12, 1)))
    c = change(lambda c: advance(c, to="council-review", on=D(2024, 12, 2), requested_by="parent"))
    assert census_code(c) == "X"  # the code of the stage before the request
    (due,) = [d for d in duties(c) if d.kind == "screening"]
    assert (due.due, due.what) == (D(2024, 12, 30), "Council screening (4 weeks)")
    assert "support plan issued by 10 Feb 2025 (10 weeks)" in due.notes
    c = change(lambda c: record_milestone(c, milestone="screening", on=D(2024, 12, 20), outcome="go"))
    (due,) = [d for d in duties(c) if d.kind == "plan-issued"]
    assert due.due == D(2025, 2, 10)  # the 10-week clock
    c = change(lambda c: record_milestone(c, milestone="plan-issued", on=D(2025, 2, 7)))
    assert (c.stage, stage_name(c), census_code(c)) == ("support-plan", "Council support plan", "C")
    (annual,) = [d for d in duties(c) if d.kind == "annual-review"]
    assert (annual.due, annual.what) == (D(2025, 8, 7), "Annual review of the support plan")  # 6 months
    c = change(lambda c: consult(c, D(2025, 9, 1)))
    c = change(lambda c: advance(c, to="specialist", on=D(2025, 9, 2), reason="Plan no longer needed"))
    assert c.history[-1].event == "cease"
    assert store.load("zoe-oneill").stage == "specialist"


# Entering a child at the stage they are at ---------------------------------------------------


def test_entering_at_a_stage_is_not_a_move_and_a_new_iep_is_due_from_the_opening():
    case = enter(child("england-2001", opened=D(2026, 12, 1)), stage="action-plus", since=D(2026, 3, 3))
    assert case.consultations == [] and case.history == []  # no invented history
    assert (case.stage, case.since) == ("action-plus", D(2026, 3, 3))
    (due,) = duties(case)
    assert (due.kind, due.due) == ("new-iep", D(2026, 12, 1))  # from the opening, not from since
    from senpath.stages import entry_words

    assert entry_words(case) == (
        "at School Action Plus since 3 Mar 2026; recorded here from 1 Dec 2026; earlier history not recorded here"
    )
    assert problems(parse_case(dump_case(case), "x.toml", case.id)) == []
    with pytest.raises(RefusedError, match="the parents were not consulted"):  # later moves follow the rules
        advance(case, to="none", on=D(2026, 12, 2), reason="Targets met")


def test_entering_with_a_statement_and_its_last_annual_review():
    case = enter(
        child("england-2001", opened=D(2026, 11, 1), dob=D(2015, 3, 1)),
        stage="statement",
        since=D(2023, 5, 10),
        last_annual_review=D(2026, 5, 12),
    )
    (due,) = duties(case)
    assert (due.kind, due.due) == ("annual-review", D(2027, 5, 12))
    assert "statement made 10 May 2023" in due.notes and "last annual review 12 May 2026" in due.notes


def test_entering_an_assessment_in_progress_keeps_the_real_request_date():
    case = enter(
        child("england-2001", opened=D(2026, 11, 1)),
        stage="statutory-assessment",
        requested=D(2026, 8, 3),
        requested_by="parent",
        before_request="action-plus",
        milestones=[("assessment-decision", D(2026, 9, 10), "assess")],
    )
    assert census_code(case) == "P"
    (due,) = duties(case)
    assert (due.kind, due.due) == ("assessment", D(2026, 11, 23))  # 16 weeks from the real request
    assert "requested 3 Aug 2026 by parent" in due.notes
    case = record_milestone(case, milestone="assessment", on=D(2026, 11, 20))
    assert [d.kind for d in duties(case)] == ["proposed-statement"]
    with pytest.raises(UsageError, match="needs the request date"):
        enter(child("england-2001"), stage="statutory-assessment")
    with pytest.raises(RefusedError, match="out of order"):
        enter(
            child("england-2001", opened=D(2026, 11, 1)),
            stage="statutory-assessment",
            requested=D(2026, 8, 3),
            requested_by="school",
            milestones=[("assessment", D(2026, 9, 10), None)],
        )


# No framework in the engine ---------------------------------------------------------------


def _strings(module: str) -> set[str]:
    """String constants of a module that are not docstrings (f-string parts included)."""
    tree = ast.parse((ROOT / "senpath" / f"{module}.py").read_text())
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    }


def test_the_engine_names_no_stage_milestone_or_deadline_of_any_framework():
    names = set()
    for fw in framework.all_frameworks():
        names |= {s for s in fw.stage_ids if s != fw.start} | set(fw.milestone_ids)
        names |= {m.name for m in fw.process.milestones} | {s.name for s in fw.stages}
    found = {m: sorted(_strings(m) & names) for m in ENGINE}
    assert {m: f for m, f in found.items() if f} == {}
    source = "\n".join((ROOT / "senpath" / f"{m}.py").read_text() for m in ENGINE)
    for gone in ("STATUTORY_WEEKS", "DECISION_WEEKS", "MILESTONE_ORDER", "TRANSITIONS", "IEP_STAGES", "REVIEW_WEEKS"):
        assert gone not in source


def test_the_record_says_plainly_where_an_entered_child_was(run):
    import os

    from senpath.changelog import timeline
    from senpath.letters import assessment_request, to_text
    from senpath.prep import prep_sheet

    case = enter(
        child("england-2001", opened=D(2026, 11, 1), dob=D(2019, 2, 2), setting="primary"),
        stage="action-plus",
        since=D(2026, 3, 3),
    )
    plain = "at School Action Plus since 3 Mar 2026; recorded here from 1 Nov 2026; earlier history not recorded here"
    assert plain in timeline(case)[0].text
    assert plain in to_text(prep_sheet(case, on=D(2026, 11, 22)))
    letter = to_text(
        assessment_request(
            case,
            on=D(2026, 11, 22),
            la="Northshire County Council",
            reasons=["Needs more help"],
            concerns=["Reading"],
            enclosures=["School report"],
        )  # fmt: skip
    )
    assert "School Action Plus, from 3 March 2026 to now (recorded here from 1 November 2026; earlier history" in letter
    Store(Path(os.environ["SENPATH_CASES_DIR"])).create(case)
    shown = run("show", case.id)
    assert shown.exit_code == 0, shown
    assert " ".join(plain.split()) in " ".join(shown.stdout.split())
    assert "Census code" in shown.stdout
    history = run("history", case.id, "--json")
    assert plain in history.stdout
