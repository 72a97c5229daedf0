"""The provision map and the report, against a register with known answers (tests/report_data.py).

Every expected number is worked out by hand in tests/report_data.py, child by child.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from senpath.errors import UsageError
from senpath.provision import Filters, child_provision, choose, in_map, map_csv, map_json, parse_filters, totals
from senpath.report import Period, build, deadlines, period, school_year
from tests.report_data import COSTS, IDENTIFIERS, TODAY, cases

YEAR = Period(date(2026, 9, 1), date(2027, 8, 31))


@pytest.fixture(scope="module")
def register():
    return cases()


@pytest.fixture(scope="module")
def report(register):
    return build(register, YEAR, today=TODAY, costs=COSTS)


# --- the period ------------------------------------------------------------------------------


def test_the_default_period_is_this_school_year():
    assert school_year(date(2026, 11, 22)) == YEAR
    assert school_year(date(2027, 8, 31)) == YEAR
    assert school_year(date(2026, 8, 31)) == Period(date(2025, 9, 1), date(2026, 8, 31))
    assert period(None, None, TODAY) == YEAR
    assert period(date(2026, 10, 1), None, TODAY) == Period(date(2026, 10, 1), date(2027, 8, 31))
    assert period(None, date(2026, 6, 30), TODAY) == Period(date(2025, 9, 1), date(2026, 6, 30))
    with pytest.raises(UsageError, match="before"):
        period(date(2026, 10, 1), date(2026, 9, 1), TODAY)


# --- counts ----------------------------------------------------------------------------------


def test_counts_by_stage_with_census_codes(report):
    assert report["period"] == {"from": "2026-09-01", "to": "2027-08-31", "as_at": "2026-11-22"}
    assert report["children_on_roll"] == 5  # Tom left on 15 Oct
    got = {(r["stage"], r["census"]): r["children"] for r in report["by_stage"]}
    assert got == {
        ("none", "N"): 1,  # Ruby
        ("action", "A"): 2,  # Zoë, Dawid
        ("action-plus", "P"): 0,
        ("statutory-assessment", "P"): 1,  # Aoife keeps the code of the stage before the request
        ("statement", "S"): 1,  # Maya
    }


def test_counts_by_setting_and_year_group(report):
    got = [(r["setting"], r["year_group_name"], r["children"]) for r in report["by_setting_year"]]
    assert got == [
        ("primary", "Year 2", 1),  # Ruby, born 1 Jun 2020: 6 on 31 Aug 2026
        ("primary", "Year 3", 1),  # Zoë, born 10 Mar 2019: 7
        ("primary", "Year 6", 1),  # Dawid, born 20 Jan 2016: 10
        ("secondary", "Year 9", 1),  # Aoife, born 2 Nov 2012: 13
        ("secondary", "Year 11", 1),  # Maya, born 4 Apr 2011: 15
    ]


def test_counts_by_primary_need(report):
    got = {r["need"]: r["children"] for r in report["by_need"]}
    assert got == {"SPLD": 1, "SEMH": 1, "SLCN": 1, "ASD": 1, None: 1}  # Tom's MLD: he left
    assert report["by_need"][-1]["name"] == "Not recorded"


def test_joined_moved_left(report):
    # joined: Dawid (2 Sep), Ruby (1 Oct); up: Dawid to Action (10 Sep); left: Tom (15 Oct).
    # Aoife's LA decision is a milestone, not a move; Zoë's move (1 Jun) was before the period.
    assert report["movement"] == {"joined": 2, "moved_up": 1, "moved_down": 0, "left": 1}


def test_reviews_on_time_late_and_without_a_parent(report):
    assert report["reviews"]["iep"] == {
        "held": 2,
        "on_time": 1,  # Dawid: due and held 10 Nov
        "late": 1,  # Zoë: due 30 Sep, held 5 Oct
        "days_late_most": 5,
        "without_parent": 1,  # Zoë's
        "overdue_not_held": 1,  # Zoë's next, due 20 Nov, before today
    }
    assert report["reviews"]["annual"] == {
        "held": 1,
        "on_time": 0,
        "late": 1,  # Maya: due 1 Oct 2026 (12 months after 1 Oct 2025), held 20 Oct
        "days_late_most": 19,
        "without_parent": 0,
    }


def test_statutory_deadlines_met_or_missed_with_days_late(report):
    st = report["statutory"]
    assert (st["requested"], st["decided"], st["completed"], st["plans_made"]) == (0, 1, 0, 0)
    assert (st["deadlines_met"], st["deadlines_missed"]) == (0, 1)
    rows = [(d["milestone"], d["due"], d["reached"], d["status"], d["days_late"]) for d in st["deadlines"]]
    assert rows == [
        ("assessment-decision", "2026-09-14", "2026-09-21", "missed", 7),
        ("assessment", "2026-11-23", None, "open: not yet due", 0),
    ]


def test_an_open_deadline_past_its_date_is_missed_so_far(register):
    # As at 1 Dec 2026 the assessment (due 23 Nov) is still not recorded: 8 days late so far.
    later = build(register, YEAR, today=date(2026, 12, 1), costs=COSTS)
    last = later["statutory"]["deadlines"][-1]
    assert (last["status"], last["days_late"]) == ("open: overdue", 8)
    assert later["statutory"]["deadlines_missed"] == 2


def test_a_period_before_the_deadlines_has_none(register):
    summer = Period(date(2026, 6, 1), date(2026, 8, 31))
    assert deadlines(register, summer, date(2026, 8, 31)) == []
    report = build(register, summer, today=TODAY, costs=COSTS)
    assert report["period"]["as_at"] == "2026-08-31"
    assert report["reviews"]["iep"]["held"] == 0
    # on roll on 31 Aug 2026: Zoë, Tom, Aoife, Maya (Dawid and Ruby joined later)
    assert report["children_on_roll"] == 4
    assert report["movement"]["moved_up"] == 1  # Zoë to Action, 1 Jun


def test_provision_in_the_report(report):
    pv = report["provision"]
    # 1.00 (Zoë) + 0.83 (Dawid) + 0.25 (Aoife) hours; £146.25 + £487.50 + £438.75
    assert (pv["hours_per_week"], pv["cost_per_year"]) == ("2.08", "1072.50")
    assert pv["hours_by_staff"] == {"teaching-assistant": "1.83", "specialist": "0.25"}
    assert pv["cost_by_grouping"] == {"individual": "926.25", "group": "146.25"}
    assert (pv["entries_not_counted"], pv["children_with_provision"]) == (1, 3)


def test_the_report_names_no_child_unless_named(register, report):
    import json

    text = json.dumps(report, ensure_ascii=False)
    for word in IDENTIFIERS:
        assert word not in text, word
    named = json.dumps(build(register, YEAR, today=TODAY, costs=COSTS, named=True), ensure_ascii=False)
    assert "Aoife Ní Bhriain" in named and "Zoë O'Neill" in named


# --- the provision map -------------------------------------------------------------------------


def _map(register, filters=Filters()):
    chosen = choose([c for c in register if in_map(c, TODAY)], TODAY, filters)
    return [child_provision(c, TODAY, COSTS) for c in chosen]


def test_the_map_per_child_and_in_total(register):
    children = _map(register)
    by_id = {ch.case.id: (ch.hours, ch.cost) for ch in children}
    assert by_id["zoe-oneill"] == (Decimal("1.00"), Decimal("146.25"))
    assert by_id["dawid-dawiska"] == (Decimal("0.83"), Decimal("487.50"))
    assert by_id["aoife-ni-bhriain"] == (Decimal("0.25"), Decimal("438.75"))
    assert "ruby-smith-jones" not in by_id  # no SEN provision and no IEP: nothing to map
    assert by_id["maya-zielinska"] == (Decimal("0.00"), Decimal("0.00"))  # a statement, no IEP here: listed
    t = totals(children)
    assert (t["hours_per_week"], t["cost_per_year"]) == (Decimal("2.08"), Decimal("1072.50"))
    dawid = next(ch for ch in children if ch.case.id == "dawid-dawiska")
    assert [ln.note for ln in dawid.lines] == [None, "not counted: no duration"]  # listed, never dropped


def test_the_map_json_lists_every_entry(register):
    data = map_json(_map(register), TODAY, COSTS)
    dawid = next(r for r in data["children"] if r["id"] == "dawid-dawiska")
    assert [e["note"] for e in dawid["entries"]] == [None, "not counted: no duration"]
    assert dawid["entries"][0]["hours_per_week"] == "0.83"
    assert data["totals"]["cost_per_year"] == "1072.50"


def test_the_csv_adds_up_to_its_total_row(register):
    text = map_csv(_map(register), TODAY)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    head, body, total = rows[0], rows[1:-1], rows[-1]
    assert total[0] == "TOTAL"
    for col in range(head.index("hours a week"), head.index("cost a year") + 1):
        assert sum(Decimal(r[col]) for r in body) == Decimal(total[col]), head[col]
    assert total[head.index("hours a week")] == "2.08"
    assert total[head.index("cost a year")] == "1072.50"
    assert "Zoë O'Neill" in [r[1] for r in body]


def test_filters(register):
    assert [ch.case.id for ch in _map(register, parse_filters("action", None, None, None))] == [
        "zoe-oneill",
        "dawid-dawiska",
    ]
    assert [ch.case.id for ch in _map(register, parse_filters(None, "Year 9", None, None))] == ["aoife-ni-bhriain"]
    assert [ch.case.id for ch in _map(register, parse_filters(None, None, "semh", None))] == ["aoife-ni-bhriain"]
    assert [ch.case.id for ch in _map(register, parse_filters(None, None, None, "byrne"))] == [
        "aoife-ni-bhriain",
        "maya-zielinska",
    ]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            ("action-plus", None, None, None),
            "--stage 'action-plus' matches none of the children here (action, statement, statutory-assessment)",
        ),
        (
            (None, "Year 5", None, None),
            "--year '5' matches none of the children here (Year 3, Year 6, Year 9, Year 11)",
        ),
        (
            (None, None, "HI", None),
            "--need 'HI' matches none of the children here (ASD, SEMH, SLCN, SPLD)",
        ),
        (
            (None, None, None, "Mrs Nobody"),
            "--senco 'Mrs Nobody' matches none of the children here (Mr D. Byrne, Ms R. Evans)",
        ),
    ],
)
def test_a_filter_matching_nobody_names_the_values_there_are(register, filters, message):
    with pytest.raises(UsageError) as err:
        _map(register, parse_filters(*filters))
    assert message in str(err.value)
    assert err.value.exit_code == 2


def test_bad_filter_values_are_usage_errors():
    with pytest.raises(UsageError, match="--year: 'Year 20' is not a year group"):
        parse_filters(None, "Year 20", None, None)
    with pytest.raises(UsageError, match="--need: 'XYZ' is not a type of need"):
        parse_filters(None, None, "XYZ", None)


# --- the HTML page -----------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.svg_titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _html(register, named=False):
    pytest.importorskip("pygal")
    from senpath.report_html import render

    data = build(register, YEAR, today=TODAY, costs=COSTS, named=named)
    return render(data, register="Hill Primary School", made_on="22 Nov 2026")


def test_the_html_page_has_a_chart_for_each_breakdown_and_no_script(register):
    page = _html(register)
    p = _Page()
    p.feed(page)
    assert p.tags.count("svg") == 6  # stage, setting and year group, need, reviews, provision hours and cost
    assert "script" not in p.tags and "<script" not in page
    assert not any(v and v.startswith(("http:", "https:", "//")) and n in ("href", "src") for n, v in p.attrs)
    assert "@import" not in page and "url(" not in page
    assert "@page { size: A4" in page
    text = " ".join(p.text)
    for heading in (
        "Children by stage",
        "Children by setting and year group",
        "Children by primary type of need",
        "Reviews held in the period",
        "Statutory deadlines in the period",
        "Provision: hours a week and cost a year",
    ):
        assert heading in text
    assert "LA decision to assess" in text and "MISSED" in text
    assert "£1,072.50" in text


def test_the_html_page_identifies_no_child_unless_named(register):
    from senpath.dates import uk

    page = _html(register)
    for word in IDENTIFIERS:
        assert word not in page, word
        assert word.replace("'", "&#x27;") not in page, word
    for case in register:  # nor a date of birth, in any form
        assert uk(case.dob) not in page and case.dob.strftime("%d/%m/%Y") not in page
    named = _html(register, named=True)
    assert "Aoife Ní Bhriain" in named
    assert "This report names children" in named


# --- the terminal tables -----------------------------------------------------------------------


def test_bars_are_to_scale():
    from senpath.report import bar

    assert bar(2, 2, width=24) == "█" * 24
    assert bar(1, 2, width=24) == "█" * 12
    assert bar(1, 16, width=2) == "▏"  # an eighth of a cell: small but never invisible
    assert bar(0, 2) == "" and bar(3, 0) == ""
    assert bar(1, 2, width=24, ascii_only=True) == "#" * 12


def test_the_terminal_tables_carry_the_same_figures(report):
    from senpath.report import tables

    shown = {title.split(",")[0].split(" (")[0]: rows for title, _, rows in tables(report)}
    assert ["School Action", "A", "2", "█" * 24] in shown["Children by stage"]
    assert ["Left", "1", "█" * 12] in shown["Joining"]
    assert ["1", "LA decision to assess", "14 Sep 2026", "21 Sep 2026", "MISSED", "7"] in shown[
        "Statutory deadlines in the period"
    ]
    provision = next(rows for title, cols, rows in tables(report) if cols[0] == "kind of staff")
    assert provision[-1] == ["Total", "2.08", "1072.50", ""]
    assert provision[0][:3] == ["Teaching assistants", "1.83", "633.75"]
