"""senpath provision and senpath report, as a user runs them (register: tests/report_data.py)."""

from __future__ import annotations

import csv
import io
import json
import stat
from decimal import Decimal

import pytest

from tests.report_data import IDENTIFIERS, save

SETTINGS = """schema_version = 1
name = "Hill Primary School"

[provision]
weeks_per_year = 39

[provision.hourly_cost]
teaching-assistant = 15.00
teacher = 40.00
specialist = 45.00
"""


@pytest.fixture
def register(cases_dir, tmp_path):
    """The known register, with a senpath.toml beside its cases folder holding the costs."""
    cases_dir.mkdir(mode=0o700)
    save(cases_dir)
    (tmp_path / "senpath.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "senpath.toml").chmod(0o600)
    return cases_dir


# --- senpath provision -------------------------------------------------------------------------


def test_provision_table(run, register):
    result = run("provision")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Provision in place on 22 Nov 2026" in out
    assert "Zoë O'Neill" in out and "146.25" in out
    assert "Total (4 children)" in out and "1072.50" in out  # Ruby: no SEN provision, no IEP
    assert "not counted: no duration" in out  # Dawid's outreach: listed, never dropped
    assert "Tom Gallagher" not in out  # left on 15 Oct


def test_provision_csv_totals_equal_the_table(run, register):
    table = run("provision").stdout
    result = run("provision", "--csv")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    head, body, total = rows[0], rows[1:-1], rows[-1]
    hours, cost = head.index("hours a week"), head.index("cost a year")
    assert sum(Decimal(r[hours]) for r in body) == Decimal(total[hours]) == Decimal("2.08")
    assert sum(Decimal(r[cost]) for r in body) == Decimal(total[cost]) == Decimal("1072.50")
    assert total[hours] in table and total[cost] in table


def test_provision_json(run, register):
    result = run("provision", "--json", "--stage", "action")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["children"]] == ["dawid-dawiska", "zoe-oneill"]
    assert data["totals"]["hours_per_week"] == "1.83"
    assert data["hourly_cost"]["teaching-assistant"] == "15.00"


def test_provision_csv_neutralises_formulas(run, register, cases_dir):
    from senpath.checked import Store

    store = Store(cases_dir)
    store.change("zoe-oneill", lambda c: c.model_copy(update={"senco": '=HYPERLINK("x")'}))
    rows = list(csv.reader(io.StringIO(run("provision", "--csv").stdout[1:])))
    zoe = next(r for r in rows if r[0] == "zoe-oneill")
    assert zoe[5] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--stage", "statement"), "children"),
        (("--stage", "action-plus"), "--stage 'action-plus' matches none of the children here"),
        (("--year", "Year 5"), "--year '5' matches none"),
        (("--need", "HI"), "--need 'HI' matches none of the children here (ASD, SEMH, SLCN, SPLD)"),
        (("--senco", "Mrs Nobody"), "--senco 'Mrs Nobody' matches none"),
        (("--year", "Year 99"), "--year: 'Year 99' is not a year group"),
        (("--json", "--csv"), "give --json or --csv, not both"),
    ],
)
def test_provision_filters(run, register, args, words):
    result = run("provision", *args)
    if words == "children":
        assert result.exit_code == 0, result
        assert "Maya Zielińska" in result.stdout
        return
    assert result.exit_code == 2, result
    assert words in result.stderr
    assert result.stdout == ""


def test_provision_with_no_costs_says_so(run, cases_dir):
    cases_dir.mkdir(mode=0o700)
    save(cases_dir)
    result = run("provision")
    assert result.exit_code == 0, result
    assert "no hourly costs" in result.stderr


def test_a_bad_case_file_stops_the_map_and_the_report(run, register):
    (register / "zz-broken.toml").write_text("not toml [", encoding="utf-8")
    for args in (("provision",), ("report",), ("report", "--json")):
        result = run(*args)
        assert result.exit_code == 4, result
        assert "zz-broken.toml" in result.stderr
        assert result.stdout == ""


def test_no_register_is_not_an_empty_map(run, cases_dir):
    result = run("provision")
    assert result.exit_code != 0
    assert "does not exist" in result.stderr


# --- senpath report ----------------------------------------------------------------------------


def test_report_in_the_terminal(run, register):
    result = run("report")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Children by stage, as at 22 Nov 2026 (5 on the register)" in out
    assert "School Action" in out and "█" in out
    assert "LA decision to assess" in out and "MISSED" in out
    for word in IDENTIFIERS:
        assert word not in out, word


def test_report_json_matches_the_hand_worked_figures(run, register):
    result = run("report", "--json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert data["period"] == {"from": "2026-09-01", "to": "2027-08-31", "as_at": "2026-11-22"}
    assert data["movement"] == {"joined": 2, "moved_up": 1, "moved_down": 0, "left": 1}
    assert data["provision"]["cost_per_year"] == "1072.50"
    assert data["statutory"]["deadlines"][0]["days_late"] == 7


def test_report_period_options(run, register):
    data = json.loads(run("report", "--json", "--from", "2026-06-01", "--to", "2026-08-31").stdout)
    assert data["children_on_roll"] == 4
    bad = run("report", "--from", "2026-09-01", "--to", "2026-08-01")
    assert bad.exit_code == 2 and "before" in bad.stderr


def test_report_html_written_without_names(run, register, tmp_path):
    pytest.importorskip("pygal")
    target = tmp_path / "report.html"
    result = run("report", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result
    page = target.read_text(encoding="utf-8")
    assert page.count("<svg") == 6 and "<script" not in page
    assert "Hill Primary School" in page
    for word in IDENTIFIERS:
        assert word not in page and word.replace("'", "&#x27;") not in page, word
    assert "no child identified" in result.stderr


def test_report_html_named_is_private(run, register, tmp_path):
    pytest.importorskip("pygal")
    target = tmp_path / "named.html"
    result = run("report", "--format", "html", "--output", str(target), "--named")
    assert result.exit_code == 0, result
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Aoife Ní Bhriain" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (("--format", "html"), "--format html needs --output", 2),
        (("--format", "pdf"), "--format 'pdf': use text or html", 2),
        (("--json", "--format", "html", "--output", "r.html"), "not both", 2),
        (("--output", "cases/report.html", "--format", "html"), "inside the cases folder", 2),
        (("--output", "nowhere/report.html", "--format", "html"), "does not exist", 2),
    ],
)
def test_report_output_refusals(run, register, args, words, code):
    pytest.importorskip("pygal")
    result = run("report", *args)
    assert result.exit_code == code, result
    assert words in result.stderr
    assert not (register / "report.html").exists()


def test_report_html_never_overwrites_without_force(run, register, tmp_path):
    pytest.importorskip("pygal")
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    result = run("report", "--format", "html", "--output", str(target))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("report", "--format", "html", "--output", str(target), "--force").exit_code == 0
    assert "<svg" in target.read_text(encoding="utf-8")


def test_report_html_without_pygal_names_the_extra(run, register, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pygal", None)  # import pygal now raises ImportError
    target = tmp_path / "report.html"
    result = run("report", "--format", "html", "--output", str(target))
    assert result.exit_code == 2, result
    assert "pip install 'senpath[report]'" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("[provision.hourly_cost]\ncaretaker = 12\n", "provision.hourly_cost.caretaker"),
        ("[provision.hourly_cost]\nteacher = -5\n", "an hourly cost is a number of pounds from 0 to 1000"),
        ("[provision]\nweeks_per_year = 60\n", "provision.weeks_per_year"),
        ("[provision]\nweeks = 39\n", "unknown key (this senpath reads only: weeks_per_year, hourly_cost)"),
    ],
)
def test_bad_cost_settings_are_named(run, cases_dir, tmp_path, extra, words):
    cases_dir.mkdir(mode=0o700)
    save(cases_dir)
    (tmp_path / "senpath.toml").write_text('schema_version = 1\nname = "Hill"\n' + extra, encoding="utf-8")
    (tmp_path / "senpath.toml").chmod(0o600)
    result = run("provision")
    assert result.exit_code == 4, result
    assert words in result.stderr
    assert result.stdout == ""


def test_whole_pounds_and_weeks_from_the_settings(run, cases_dir, tmp_path):
    # 38 weeks, a TA at £15 (a whole number): Zoë's group 1 h x 38 x 15 / 4 = £142.50
    cases_dir.mkdir(mode=0o700)
    save(cases_dir)
    (tmp_path / "senpath.toml").write_text(
        'schema_version = 1\nname = "Hill"\n[provision]\nweeks_per_year = 38\n[provision.hourly_cost]\nteaching-assistant = 15\n',
        encoding="utf-8",
    )
    (tmp_path / "senpath.toml").chmod(0o600)
    data = json.loads(run("provision", "--json").stdout)
    zoe = next(c for c in data["children"] if c["id"] == "zoe-oneill")
    assert (data["weeks_per_year"], zoe["cost_per_year"]) == (38, "142.50")


def test_iep_new_says_how_it_read_each_provision_entry_and_stores_only_the_parts_given(run, register):
    from senpath.checked import Store

    result = run(
        "iep", "new", "zoe-oneill", "--start", "2026-11-21", "--target", "Uses 4-word phrases",
        "--provision", "Phonics 1:1; Mr Shaw (TA); 3 x 15 min a week",
        "--provision", "Speech therapy; Ms Ní Bhriain (SALT); when needed; minutes=30",
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert "provision 1: read as 3 sessions a week of 15 min, one-to-one, teaching assistant." in result.stderr
    assert "provision 2: read as 30 min a session, specialist." in result.stderr
    assert "cannot read how often" in result.stderr and "add '; sessions=N'" in result.stderr
    entries = Store(register).load("zoe-oneill").ieps[-1].provision
    assert [(p.minutes, p.sessions_per_week, p.group_size) for p in entries] == [(None, None, None), (30, None, None)]
    listed = run("provision", "--json").stdout
    zoe = next(c for c in json.loads(listed)["children"] if c["id"] == "zoe-oneill")
    assert [e["note"] for e in zoe["entries"]] == [None, "not counted: how often not given"]
    assert zoe["hours_per_week"] == "0.75"  # 3 x 15 min; the therapy is listed, not counted


def test_iep_new_refuses_a_bad_provision_part_and_writes_nothing(run, register):
    from senpath.checked import Store

    before = Store(register).read_bytes("zoe-oneill")
    result = run(
        "iep", "new", "zoe-oneill", "--start", "2026-11-21", "--target", "T",
        "--provision", "Phonics; Mr Shaw (TA); daily; minutes=ten",
    )  # fmt: skip
    assert result.exit_code == 2, result
    assert "--provision minutes='ten': use a whole number above 0" in result.stderr
    assert Store(register).read_bytes("zoe-oneill") == before
