"""``senpath report --format html``: one self-contained, printable (A4) page with its charts.

The charts are drawn by pygal (the optional extra ``senpath[report]``) as inline SVG; the
scripts pygal adds for its tooltips are removed, so the page has no script and fetches nothing:
it opens from a USB stick, prints, and shows the same in any browser. Every word on the page is
escaped. The page identifies no child unless the report was built with ``named``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from senpath.errors import UsageError
from senpath.report import GROUP_WORDS, STAFF_WORDS, STATUS_WORDS

EXTRA_HINT = "pip install 'senpath[report]'"

CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 auto;
       max-width: 186mm; line-height: 1.3; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #888; }
p.meta { margin: 0 0 2mm; color: #333; }
p.note { font-size: 8.5pt; color: #444; margin: 1mm 0; }
p.warning { font-weight: bold; border: 2px solid #000; padding: 2mm; }
section { break-inside: avoid; page-break-inside: avoid; }
.row { display: flex; gap: 4mm; align-items: flex-start; }
.row > table { flex: 0 0 78mm; }
.row > figure { flex: 1 1 auto; margin: 0; min-width: 0; }
.charts > figure { flex: 1 1 50%; }
td.missed { font-weight: bold; }
figure svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; font-size: 9pt; }
th, td { border-bottom: 1px solid #ccc; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1px solid #000; }
footer { margin-top: 6mm; font-size: 8pt; color: #444; }
"""


def _pygal() -> Any:
    try:
        import pygal
    except ImportError:
        raise UsageError(
            f"the HTML report draws its charts with pygal, which is not installed: {EXTRA_HINT} "
            "(or use {opt:json}, or the report in the terminal)"
        ) from None
    return pygal


def _no_scripts(root: Any) -> Any:
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.endswith("script"):
                parent.remove(child)
    return root


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    whole: bool = True,
    width: int = 420,
) -> str:
    """A horizontal bar chart as inline SVG (no script, no link, no XML declaration)."""
    pygal = _pygal()
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#111",
        foreground_strong="#111",
        foreground_subtle="#ccc",
        colors=("#1f4e79", "#c55a11", "#7f7f7f", "#548235"),
        font_family="Helvetica, Arial, sans-serif",
        title_font_size=14,
        label_font_size=11,
        major_label_font_size=11,
        value_font_size=11,
        legend_font_size=11,
    )
    height = 70 + 26 * max(1, len(labels)) * max(1, len(series))
    chart = pygal.HorizontalBar(
        style=style,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=width,
        height=min(height, 420),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=True,
        print_zeroes=True,
        margin=6,
        truncate_label=40,
        truncate_legend=40,
        title=title,
    )
    chart.add_xml_filter(_no_scripts)
    # A horizontal bar chart draws its first label at the bottom: reversed, the page reads top down.
    chart.x_labels = list(reversed(labels))
    for name, values in series:
        chart.add(name, list(reversed(values)))
    top = max((float(v) for _, values in series for v in values), default=0)
    chart.y_labels = _ticks(top, whole=whole)
    svg: str = chart.render(is_unicode=True)
    return svg


def _ticks(top: float, *, whole: bool) -> list[float]:
    """About five round ticks from 0 past ``top`` (1, 2 or 5 times a power of ten; whole numbers
    for counts of children)."""
    if top <= 0:
        return [0, 1]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, round(step))
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 6) for i in range(count + 1)]


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _table(
    head: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = (), total: bool = False
) -> str:
    out = ["<table><thead><tr>"]
    out.extend(f'<th class="n">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>" for i, h in enumerate(head))
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(rows):
        cls = ' class="total"' if total and r == len(rows) - 1 else ""
        out.append(f"<tr{cls}>")
        out.extend(f'<td class="n">{_e(v)}</td>' if i in numeric else f"<td>{_e(v)}</td>" for i, v in enumerate(row))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _section(title: str, table: str, chart: str | None = None, notes: Sequence[str] = ()) -> str:
    body = f'<div class="row">{table}<figure>{chart}</figure></div>' if chart else table
    extra = "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
    return f"<section><h2>{_e(title)}</h2>{body}{extra}</section>"


def _money(text: str) -> str:
    return f"£{float(text):,.2f}"


def render(data: dict[str, Any], *, register: str | None, made_on: str) -> str:
    """The report (``senpath.report.build``) as one HTML page."""
    from senpath.dates import uk
    from senpath.report import SETTING_NAMES

    def day(text: str) -> str:
        from datetime import date

        return uk(date.fromisoformat(text))

    per = data["period"]
    title = "SEN report" + (f": {register}" if register else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">Period: {_e(day(per["from"]))} to {_e(day(per["to"]))}. '
        f"Children counted as at {_e(day(per['as_at']))}: {data['children_on_roll']} on the register.</p>",
    ]
    if data["named"]:
        parts.append(
            '<p class="warning">This report names children. It is confidential: keep it with the '
            "children's records, not in governors' papers.</p>"
        )

    # Stage
    stages = list(data["by_stage"])
    multi = len({s["framework"] for s in stages}) > 1
    rows = [[s["name"] + (f" ({s['framework']})" if multi else ""), s["census"], s["children"]] for s in stages]
    rows.append(["Total", "", sum(s["children"] for s in stages)])
    parts.append(
        _section(
            "Children by stage",
            _table(["Stage", "Census code", "Children"], rows, numeric=[2], total=True),
            bar_chart("Children by stage", [r[0] for r in rows[:-1]], [("Children", [r[2] for r in rows[:-1]])]),
            ["A child under statutory assessment keeps the census code of the stage before the request."],
        )
    )

    # Setting and year group
    sy = data["by_setting_year"]
    rows = [[SETTING_NAMES.get(r["setting"], r["setting"]), r["year_group_name"], r["children"]] for r in sy]
    parts.append(
        _section(
            "Children by setting and year group",
            _table(["Setting", "Year group", "Children"], rows, numeric=[2]),
            bar_chart(
                "Children by setting and year group",
                [f"{r[0]}: {r[1]}" for r in rows],
                [("Children", [r[2] for r in rows])],
            ),
        )
    )

    # Need
    need = data["by_need"]
    rows = [[r["name"] + (f" ({r['need']})" if r["need"] else ""), r["children"]] for r in need]
    parts.append(
        _section(
            "Children by primary type of need",
            _table(["Primary need", "Children"], rows, numeric=[1]),
            bar_chart(
                "Children by primary need",
                [r["need"] or "Not recorded" for r in need],
                [("Children", [r["children"] for r in need])],
            ),
        )
    )

    # Movement
    mv = data["movement"]
    parts.append(
        _section(
            "Joining, moving and leaving in the period",
            _table(
                ["", "Children"],
                [
                    ["Joined the register", mv["joined"]],
                    ["Moved up a stage", mv["moved_up"]],
                    ["Moved down a stage", mv["moved_down"]],
                    ["Left", mv["left"]],
                ],
                numeric=[1],
            ),
            None,
            ["Each child is counted once under each heading."],
        )
    )

    # Reviews
    iep = data["reviews"]["iep"]
    ar = data["reviews"]["annual"]
    rows = [
        ["IEP reviews held", iep["held"], ar["held"]],
        ["on time", iep["on_time"], ar["on_time"]],
        ["late", iep["late"], ar["late"]],
        ["most days late", iep["days_late_most"], ar["days_late_most"]],
        ["without a parent present", iep["without_parent"], ar["without_parent"]],
        ["due in the period, not yet held", iep["overdue_not_held"], ""],
    ]
    rows[0][0] = "Reviews held"
    parts.append(
        _section(
            "Reviews held in the period",
            _table(["", "IEP reviews", "Annual reviews"], rows, numeric=[1, 2]),
            bar_chart(
                "Reviews",
                ["On time", "Late", "Without a parent"],
                [
                    ("IEP reviews", [iep["on_time"], iep["late"], iep["without_parent"]]),
                    ("Annual reviews", [ar["on_time"], ar["late"], ar["without_parent"]]),
                ],
            ),
        )
    )

    # Statutory assessments
    st = data["statutory"]
    counts = _table(
        ["", "Number"],
        [
            ["Requested", st["requested"]],
            ["Decided (whether to assess)", st["decided"]],
            ["Assessments completed", st["completed"]],
            ["Statutory plans made", st["plans_made"]],
            ["Deadlines met", st["deadlines_met"]],
            ["Deadlines missed", st["deadlines_missed"]],
            *(
                [["Late, with an exception recorded", st["deadlines_late_with_exception"]]]
                if st.get("deadlines_late_with_exception")
                else []
            ),
        ],
        numeric=[1],
    )
    named = data["named"]
    dl_head = (["Child"] if named else []) + ["Assessment", "Step", "Due", "Done", "Met?", "Days late"]
    dl_rows = []
    for d in st["deadlines"]:
        status = STATUS_WORDS.get(d["status"], d["status"])
        row = [d["child"]] if named else []
        row += [
            d["assessment"],
            d["name"],
            day(d["due"]),
            day(d["reached"]) if d["reached"] else "",
            status,
            d["days_late"] or "",
        ]
        dl_rows.append(row)
    off = 1 if named else 0
    deadline_table = (
        _table(dl_head, dl_rows, numeric=[off, off + 5])
        if dl_rows
        else '<p class="note">No statutory deadline fell in the period.</p>'
    )
    parts.append(
        f"<section><h2>Statutory assessments</h2>{counts}<h2>Statutory deadlines in the period</h2>{deadline_table}</section>"
    )

    # Provision
    pv = data["provision"]
    staff_rows = [
        [STAFF_WORDS.get(k, k), v, _money(pv["cost_by_staff"][k]) if k in pv["cost_by_staff"] else "not costed"]
        for k, v in pv["hours_by_staff"].items()
    ]
    group_rows = [
        [GROUP_WORDS.get(k, k), v, _money(pv["cost_by_grouping"][k]) if k in pv["cost_by_grouping"] else "not costed"]
        for k, v in pv["hours_by_grouping"].items()
    ]
    total_row = ["Total", pv["hours_per_week"], _money(pv["cost_per_year"])]
    notes = [
        f"Provision in place on {day(per['as_at'])} for {pv['children_with_provision']} children. "
        "Hours are each child's own time in the session; the staff cost of a group session is shared across "
        f"the group; a year is {pv['weeks_per_year']} school weeks.",
    ]
    if pv["entries_not_counted"] or pv["entries_not_costed"]:
        notes.append(
            f"{pv['entries_not_counted']} provision entries are not counted (no duration or frequency) and "
            f"{pv['entries_not_costed']} are counted in hours but not costed (no group size, kind of staff or hourly "
            "cost): senpath provision lists them."
        )
    tables_html = (
        '<div class="row">'
        + _table(["Kind of staff", "Hours a week", "Cost a year"], [*staff_rows, total_row], numeric=[1, 2], total=True)
        + _table(
            ["One-to-one or group", "Hours a week", "Cost a year"], [*group_rows, total_row], numeric=[1, 2], total=True
        )
        + "</div>"
    )
    charts_html = (
        '<div class="row charts"><figure>'
        + bar_chart(
            "Provision hours a week",
            [STAFF_WORDS.get(k, k) for k in pv["hours_by_staff"]],
            [("Hours a week", [float(v) for v in pv["hours_by_staff"].values()])],
            whole=False,
            width=320,
        )
        + "</figure><figure>"
        + bar_chart(
            "Cost a year (£)",
            [STAFF_WORDS.get(k, k) for k in pv["cost_by_staff"]],
            [("Cost a year", [float(v) for v in pv["cost_by_staff"].values()])],
            whole=False,
            width=320,
        )
        + "</figure></div>"
    )
    extra = "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
    parts.append(
        f"<section><h2>Provision: hours a week and cost a year</h2>{tables_html}{charts_html}{extra}</section>"
    )
    if named and pv.get("by_child"):
        parts.append(
            _section(
                "Provision by child",
                _table(
                    ["Child", "Hours a week", "Cost a year"],
                    [[r["child"], r["hours_per_week"], _money(r["cost_per_year"])] for r in pv["by_child"]],
                    numeric=[1, 2],
                ),
            )
        )
    parts.append(
        f"<footer>Made by senpath on {_e(made_on)} from the case records alone. "
        + ("" if named else "No child is identified in this report. ")
        + "</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
