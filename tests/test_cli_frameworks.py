"""The same journey through the CLI under both shipped frameworks, each with its own stage names,
clocks and census codes; children entered at their stage; senpath frameworks. Names are fictional."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

# (framework, stage names in order, the process stage, its milestones with outcomes, census codes)
JOURNEYS = {
    "england-2001": {
        "up": ["action", "action-plus"],
        "names": ["School Action", "School Action Plus"],
        "request": "statutory-assessment",
        "milestones": [
            ("assessment-decision", "assess"),
            ("assessment", None),
            ("proposed-statement", "statement"),
            ("final-statement", None),
        ],  # fmt: skip
        "plan": ("statement", "Statement of SEN"),
        "census": ["N", "A", "P", "P", "S"],
        "decision": ("assessment-decision", "2026-11-12", "LA decision to assess (6 weeks)"),
        "plan_duty": ("new-iep", "New IEP needed"),
    },
    "northern-ireland-1998": {
        "up": ["stage-1", "stage-2", "stage-3"],
        "names": ["Stage 1", "Stage 2", "Stage 3"],
        "request": "stage-4",
        "milestones": [
            ("decision", "assess"),
            ("advice", None),
            ("proposed-statement", "statement"),
            ("final-statement", None),
        ],  # fmt: skip
        "plan": ("stage-5", "Stage 5: statement"),
        "census": ["0", "1", "2", "3", "4", "5"],
        # 6 weeks beginning with 1 Oct 2026 (NISR 2005/384 reg 11): 1 Oct + 41 days = 11 Nov 2026
        "decision": (
            "decision",
            "2026-11-11",
            "EA decision to assess, told to the parent (6 weeks starting with the day)",
        ),
        "plan_duty": ("new-action-plan", "New action plan needed"),
    },
}


def ok(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result
    return result


def row(run, child):
    (found,) = [r for r in json.loads(ok(run, "list", "--json", "--all").stdout) if r["id"] == child]
    return found


@pytest.mark.parametrize("fw", sorted(JOURNEYS))
def test_the_same_journey_under_each_framework(run, fw):
    j = JOURNEYS[fw]
    child = "zoe-oneill"
    ok(run, "new-child", "--id", child, "--name", "Zoë O'Neill", "--dob", "2014-02-10", "--setting", "primary",
       "--school", "Hill Primary School", "--parent", "Dawiśka O'Neill", "--opened", "2026-01-05",
       "--framework", fw)  # fmt: skip
    census = iter(j["census"])
    assert (row(run, child)["framework"], row(run, child)["census"]) == (fw, next(census))
    day = 10
    for to, name in zip(j["up"], j["names"], strict=True):
        on = f"2026-{day // 28 + 1:02d}-{day % 28 + 1:02d}"
        ok(
            run,
            "consult",
            child,
            "--date",
            on,
            "--with",
            "Dawiśka O'Neill",
            "--method",
            "meeting",
            "--summary",
            "Agreed",
        )
        args = [
            "escalate",
            child,
            "--to",
            to,
            "--date",
            on,
            "--reason",
            "Little progress",
            "--evidence",
            "Reading check",
        ]
        if to == j["up"][-1]:
            args += ["--professional", "educational-psychologist:Dr A. Shah"]
        moved = ok(run, *args)
        assert f"→ {name} (" in moved.stderr
        r = row(run, child)
        assert (r["stage"], r["stage_name"], r["census"]) == (to, name, next(census))
        if to == j["up"][0]:  # the first school-based stage's plan
            due = json.loads(ok(run, "reviews", "--json").stdout)
            assert {(d["kind"], d["what"]) for d in due} == {j["plan_duty"]}
        day += 30
    # The request: no reason needed, a requester is (the engine's rule, exit 3).
    ok(
        run,
        "consult",
        child,
        "--date",
        "2026-10-01",
        "--with",
        "Dawiśka O'Neill",
        "--method",
        "letter",
        "--summary",
        "Agreed",
    )
    missing = run("escalate", child, "--to", j["request"], "--date", "2026-10-01")
    assert missing.exit_code == 3 and "must say who made it (--requested-by)" in missing.stderr
    ok(run, "escalate", child, "--to", j["request"], "--date", "2026-10-01", "--requested-by", "school")
    r = row(run, child)
    assert (r["stage"], r["census"]) == (j["request"], next(census) if fw != "england-2001" else "P")
    kind, when, what = j["decision"]
    (decision,) = [d for d in json.loads(ok(run, "reviews", "--json").stdout) if d["kind"] == kind]
    assert (decision["due"], decision["what"]) == (when, what)
    assert "final statement by 1 Apr 2027 (26 weeks)" in decision["notes"]
    for n, (milestone, outcome) in enumerate(j["milestones"]):
        args = ["assessment", child, "--milestone", milestone, "--date", f"2026-11-{10 + n:02d}"]
        ok(run, *args, *(["--outcome", outcome] if outcome else []))
    shown = ok(run, "show", child).stdout
    stage, name = j["plan"]
    r = row(run, child)
    assert (r["stage"], r["stage_name"], r["census"]) == (stage, name, j["census"][-1])
    assert name in shown and j["census"][-1] in shown
    wrong = run("escalate", child, "--to", "stage-9", "--date", "2026-11-20")
    assert wrong.exit_code == 2 and f"is not a stage of {fw}" in wrong.stderr
    assert ", ".join(["none", *j["up"]]) in wrong.stderr


def test_new_child_entered_at_their_stage(run):
    ok(run, "new-child", "--name", "Ciarán Ní Bhriain", "--dob", "2018-04-01", "--setting", "primary",
       "--school", "St Brigid's Primary School", "--parent", "Órla Ní Bhriain", "--opened", "2026-11-02",
       "--framework", "northern-ireland-1998", "--stage", "stage-2", "--since", "2026-03-03")  # fmt: skip
    r = row(run, "ciaran-ni-bhriain")
    assert (r["stage"], r["since"], r["census"]) == ("stage-2", "2026-03-03", "2")
    (due,) = json.loads(ok(run, "reviews", "--json").stdout)
    assert (due["kind"], due["due"]) == ("new-iep", "2026-11-02")  # from the opening, not from --since
    shown = " ".join(ok(run, "show", "ciaran-ni-bhriain").stdout.split())
    assert "at Stage 2 since 3 Mar 2026; recorded here from 2 Nov 2026; earlier history not recorded here" in shown
    data = json.loads(ok(run, "show", "ciaran-ni-bhriain", "--json").stdout)
    assert data["history"] == [] and data["consultations"] == []  # nothing invented


def test_new_child_entered_under_assessment_keeps_the_real_request(run):
    ok(run, "new-child", "--name", "Amira Khan", "--dob", "2019-05-14", "--setting", "primary",
       "--school", "Hill Primary School", "--parent", "Sara Khan", "--opened", "2026-11-02",
       "--stage", "statutory-assessment", "--requested", "2026-08-03", "--requested-by", "parent",
       "--before-request", "action-plus", "--reached", "assessment-decision:2026-09-10:assess")  # fmt: skip
    (due,) = json.loads(ok(run, "reviews", "--json").stdout)
    assert (due["kind"], due["due"]) == ("assessment", "2026-11-23")
    assert row(run, "amira-khan")["census"] == "P"


def test_entry_options_go_with_stage_and_a_bad_framework_is_a_usage_error(run):
    base = ["new-child", "--name", "Amira Khan", "--dob", "2019-05-14", "--setting", "primary", "--school", "Hill"]
    lone = run(*base, "--since", "2026-03-03")
    assert lone.exit_code == 2 and "--since goes with --stage" in lone.stderr
    bad = run(*base, "--framework", "scotland-2004")
    assert bad.exit_code == 2 and "--framework: 'scotland-2004' is not a framework senpath knows" in bad.stderr
    assert "england-2001, england-2015, northern-ireland-1998" in bad.stderr


def test_frameworks_lists_and_shows_including_a_registers_own(run, tmp_path):
    (tmp_path / "frameworks").mkdir()
    shutil.copy(HERE / "data" / "frameworks" / "village-2026.toml", tmp_path / "frameworks")
    listed = json.loads(ok(run, "frameworks", "--json").stdout)
    assert [f["id"] for f in listed] == ["england-2001", "england-2015", "northern-ireland-1998", "village-2026"]
    shown = ok(run, "frameworks", "show", "northern-ireland-1998").stdout
    for text in ("stage-1", "Stage 5: statement", "action plan", "26 weeks", "14th", "request-assessment"):
        assert text in shown
    assert run("frameworks", "show", "nowhere").exit_code == 2


def test_field_errors_name_the_real_option(run):
    base = ["new-child", "--name", "Zoë O'Neill", "--dob", "2019-01-01", "--setting", "primary"]
    result = run(*base, "--school", "Hill Primary School", "--parent", " ")
    assert result.exit_code == 2
    assert result.stderr.startswith("senpath: --parent: ") and "must not be blank" in result.stderr
    assert run(*base, "--school", " ").stderr.startswith("senpath: --school: ")
    ok(run, *base, "--school", "Hill Primary School", "--parent", "Dawiśka O'Neill")
    again = run("update", "zoe-oneill", "--add-parent", " ")
    assert again.exit_code == 2 and again.stderr.startswith("senpath: --add-parent: ")


def test_a_registers_framework_runs_from_the_cli_and_an_edit_to_it_reaches_the_index(run, tmp_path):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(HERE / "data" / "frameworks" / "village-2026.toml", folder)
    ok(run, "new-child", "--name", "Zoë O'Neill", "--dob", "2016-05-01", "--setting", "primary",
       "--school", "Hill Primary School", "--parent", "Dawiśka O'Neill", "--opened", "2026-10-01",
       "--framework", "village-2026", "--stage", "support", "--since", "2026-02-01")  # fmt: skip
    ok(run, "consult", "zoe-oneill", "--date", "2026-10-02", "--with", "Dawiśka O'Neill", "--method", "phone",
       "--summary", "Agreed to ask the council")  # fmt: skip
    moved = ok(
        run, "escalate", "zoe-oneill", "--to", "council-review", "--date", "2026-10-02", "--requested-by", "parent"
    )
    assert "Targeted support → Council review" in moved.stderr
    (due,) = [d for d in json.loads(ok(run, "reviews", "--json").stdout) if d["kind"] == "screening"]
    assert (due["due"], due["what"]) == ("2026-10-30", "Council screening (4 weeks)")
    assert row(run, "zoe-oneill")["census"] == "T"
    path = folder / "village-2026.toml"
    path.write_text(path.read_text().replace("due = { count = 4, unit", "due = { count = 5, unit"))
    from senpath import framework

    framework.reset()  # as a new senpath process starts: files are read once per process
    (due,) = [d for d in json.loads(ok(run, "reviews", "--json").stdout) if d["kind"] == "screening"]
    assert (due["due"], due["what"]) == ("2026-11-06", "Council screening (5 weeks)")


def test_reviews_kind_takes_any_frameworks_duty_kinds_and_refuses_others(run):
    ok(run, "new-child", "--name", "Niamh Ní Bhriain", "--dob", "2015-03-14", "--setting", "primary",
       "--school", "St Brigid's Primary School", "--parent", "Órla Ní Bhriain", "--opened", "2026-10-01",
       "--framework", "northern-ireland-1998", "--stage", "stage-4", "--requested", "2026-09-01",
       "--requested-by", "school")  # fmt: skip
    (due,) = json.loads(ok(run, "reviews", "--json", "--kind", "decision").stdout)
    # 6 weeks beginning with 1 Sep 2026 (NISR 2005/384 reg 11): 1 Sep + 41 days = 12 Oct 2026
    assert (due["kind"], due["due"]) == ("decision", "2026-10-12")
    bad = run("reviews", "--kind", "decisoin")
    assert bad.exit_code == 2 and "--kind 'decisoin' is not a kind of duty" in bad.stderr
    assert "new-action-plan" in bad.stderr and "assessment-decision" in bad.stderr


def test_a_broken_register_framework_is_named_and_hides_nothing_else(run, tmp_path):
    import os

    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "broken-2026.toml").write_text("format_version = 1\nid = [\n")
    os.mkfifo(folder / "pipe-2026.toml")  # never blocks a read
    ok(run, "new-child", "--name", "Amira Khan", "--dob", "2019-05-14", "--setting", "primary", "--school", "Hill")
    result = run("frameworks")
    assert result.exit_code == 4
    assert "england-2001" in result.stdout and "northern-ireland-1998" in result.stdout
    assert "broken-2026.toml: not valid TOML" in result.stderr
    assert "pipe-2026.toml: cannot be read" in result.stderr
    assert run("show", "amira-khan").exit_code == 0  # a case of a shipped framework is unaffected
    named = run("new-child", "--name", "Tom Gallagher", "--dob", "2019-05-14", "--setting", "primary",
                "--school", "Hill", "--framework", "broken-2026")  # fmt: skip
    assert named.exit_code == 4 and "broken-2026.toml: not valid TOML" in named.stderr


def test_the_registers_settings_name_the_default_framework(run, tmp_path):
    assert run("init", str(tmp_path), "--name", "St Brigid's Primary School").exit_code == 0
    settings = tmp_path / "senpath.toml"
    settings.write_text(settings.read_text() + 'framework = "northern-ireland-1998"\n')
    ok(
        run,
        "new-child",
        "--name",
        "Niamh Ní Bhriain",
        "--dob",
        "2016-03-14",
        "--setting",
        "primary",
        "--school",
        "St Brigid's",
    )
    ok(run, "new-child", "--name", "Zoë O'Neill", "--dob", "2016-03-14", "--setting", "primary", "--school", "St Brigid's",
       "--framework", "england-2001")  # fmt: skip
    frameworks = {r["id"]: r["framework"] for r in json.loads(ok(run, "list", "--json").stdout)}
    assert frameworks == {"niamh-ni-bhriain": "northern-ireland-1998", "zoe-oneill": "england-2001"}
    settings.write_text(settings.read_text().replace("northern-ireland-1998", "scotland-2004"))
    bad = run("new-child", "--name", "Tom Gallagher", "--dob", "2016-03-14", "--setting", "primary", "--school", "X")
    assert bad.exit_code == 4 and "senpath.toml: framework: 'scotland-2004' is not a framework" in bad.stderr
