"""The register at a glance for a period: ``senpath report`` (for governors and the local authority).

Everything is read from the records alone, for a period (by default this school year,
1 September to 31 August). Counts of children are as at the end of the period, or today when
it ends later ("as at"). The sections:

* **stage**: children on roll by the framework's stage, with its census code (a child under
  statutory assessment counts at the process stage and keeps the code of the stage before it);
  **setting and year group**; **primary need** (the census code; "not recorded" when none);
* **movement** in the period: children who joined (record opened), moved up (a move of kind
  escalate or request-assessment, or a statutory plan made), moved down (step-down or cease),
  left - each child counted once under each heading;
* **reviews** held in the period: IEP reviews on time (on or before the date they were due:
  the IEP's review date, or the last review's next review date) and late (days late), reviews
  without a parent; annual reviews of a statement the same way (due the framework's interval
  after the statement was made or the last annual review); IEP reviews due in the period and
  not held by the as-at day (overdue);
* **statutory assessments**: requested, decided (the process's first milestone), completed
  (its ``completes`` milestone) and plans made in the period; every statutory deadline that
  fell in the period or was met in it: met, missed (with the days late), or still open;
* **provision** in place on the as-at day: hours a week and cost a year (``senpath.provision``).

Children are never identified unless ``named`` is set: no name, id, date of birth or parent.
No typer, click or rich here. Example::

    data = build(cases, Period(date(2026, 9, 1), date(2027, 8, 31)), today=date(2026, 11, 22), costs=Costs())
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from senpath.errors import UsageError
from senpath.provision import Costs, child_provision, on_roll, totals, year_code

if TYPE_CHECKING:
    from senpath.framework import Framework
    from senpath.models import Case

SETTING_ORDER = ("early-years", "primary", "secondary")
SETTING_NAMES = {"early-years": "Early years", "primary": "Primary", "secondary": "Secondary"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def school_year(today: date) -> Period:
    """1 September to 31 August of the school year ``today`` is in."""
    first = today.year if today.month >= 9 else today.year - 1
    return Period(date(first, 9, 1), date(first + 1, 8, 31))


def period(start: date | None, end: date | None, today: date) -> Period:
    """The period asked for: each end defaults to this school year's (usage error when reversed)."""
    year = school_year(today)
    chosen = Period(start or year.start, end or year.end)
    if start is not None and end is None and start > year.end:
        chosen = Period(start, school_year(start).end)
    if end is not None and start is None and end < year.start:
        chosen = Period(school_year(end).start, end)
    if chosen.end < chosen.start:
        raise UsageError(f"{{opt:to}} {chosen.end.isoformat()} is before {{opt:from}} {chosen.start.isoformat()}")
    return chosen


# ---------------------------------------------------------------------------
# Counting


def _year_sort(code: str) -> tuple[int, int]:
    from senpath.register import YEAR_CODES

    return (YEAR_CODES.index(code) if code in YEAR_CODES else len(YEAR_CODES), 0)


def _direction(fw: Framework, frm: str, to: str, event: str, outcome: str | None) -> str | None:
    """ "up", "down" or None for one history entry."""
    if frm == to:
        return None
    if to == fw.plans.statutory.stage:
        return "up"  # the statutory plan made
    m = fw.move(frm, to)
    if m is not None:
        return "up" if m.kind in ("escalate", "request-assessment") else "down"
    return None  # the process ended without a plan: the child is back where they were


def _statement_base(case: Case, before: date) -> date | None:
    """The day the annual-review clock last started before ``before``: the statement made, the
    last annual review, or (for a child entered with a statement) the last annual review then."""
    fw = case.fw
    plan_stage = fw.plans.statutory.stage
    base: date | None = None
    if case.entered is not None and case.entered.stage == plan_stage:
        base = case.entered.last_annual_review or case.entered.since
    for ev in case.history:
        if ev.date >= before:
            break
        if ev.to == plan_stage and ev.from_ != plan_stage:
            base = ev.date
    for ar in case.annual_reviews:
        if ar.date < before and (base is None or ar.date > base):
            base = ar.date
    return base


@dataclass(frozen=True)
class Deadline:
    case: Case
    assessment: int  # numbered across the report, in order of request
    requested: date
    milestone: str
    name: str
    due: date
    reached: date | None
    # "met", "missed", "open: overdue", "open: not yet due"; a late one with an exception the law
    # allows recorded on the case: "missed: exception recorded", "open: overdue, exception recorded"
    status: str

    @property
    def days_late(self) -> int:
        end = self.reached
        if end is None:
            return 0
        return max(0, (end - self.due).days)


def _requests(case: Case) -> list[tuple[date, list[tuple[str, date]], bool]]:
    """Each statutory assessment on the record: (requested, [(milestone, reached)], still open)."""
    fw = case.fw
    found: list[tuple[date, list[tuple[str, date]], bool]] = []
    current: tuple[date, list[tuple[str, date]]] | None = None
    e = case.entered
    if e is not None and e.requested is not None:
        current = (e.requested, [(m.milestone, m.date) for m in e.milestones])
    for ev in case.history:
        if ev.event == "request-assessment":
            if current is not None:
                found.append((*current, False))
            current = (ev.date, [])
        elif ev.event in fw.milestone_ids and current is not None:
            current[1].append((ev.event, ev.date))
            if ev.to != fw.process.stage:
                found.append((*current, False))
                current = None
    if current is not None:
        found.append((*current, case.left is None))
    return found


def deadlines(cases: Sequence[Case], p: Period, as_at: date) -> list[Deadline]:
    """Every statutory deadline due in the period, or met in it, earliest request first."""
    rows: list[tuple[date, str, Case, list[tuple[str, date]], bool]] = []
    for case in cases:
        for requested, reached, still_open in _requests(case):
            rows.append((requested, case.id, case, reached, still_open))
    rows.sort(key=lambda r: (r[0], r[1]))
    out: list[Deadline] = []
    number = 0
    for requested, _, case, reached, still_open in rows:
        fw = case.fw
        reached_on = dict(reached)
        mine: list[Deadline] = []
        for m in fw.process.milestones:
            got = reached_on.get(m.id)
            if not m.deadline:
                continue  # a step with no time limit of its own: the next milestone's is the deadline
            later = any(x.id in reached_on for x in fw.process.milestones[fw.process.milestones.index(m) + 1 :])
            if m.skippable and got is None and (later or not still_open):
                continue  # a step that did not happen (a notice that no plan will be issued)
            due = m.due.after(requested)
            excepted = any(x.milestone == m.id and x.date >= requested for x in case.exceptions)
            if got is not None:
                status = "met" if got <= due else "missed: exception recorded" if excepted else "missed"
            elif still_open:
                status = (
                    ("open: overdue, exception recorded" if excepted else "open: overdue")
                    if due < as_at
                    else "open: not yet due"
                )
            else:
                break  # the process ended before this milestone
            if due in p or (got is not None and got in p):
                mine.append(Deadline(case, 0, requested, m.id, m.name, due, got, status))
            if got is None and not m.skippable:
                break  # only the next open milestone is a live deadline (and any skippable before it)
        if mine:
            number += 1
            out.extend(
                Deadline(d.case, number, d.requested, d.milestone, d.name, d.due, d.reached, d.status) for d in mine
            )
    return out


def build(cases: Sequence[Case], p: Period, *, today: date, costs: Costs, named: bool = False) -> dict[str, Any]:
    """The report as data (``senpath report --json``): counts, reviews, deadlines, provision."""
    from senpath.ieps import lapsed_on, next_review_due
    from senpath.register import NEEDS, year_code_name
    from senpath.stages import census_code

    as_at = min(p.end, today)
    roll = [c for c in cases if on_roll(c, as_at)]

    # By stage (framework order), with the census code.
    stage_counts: Counter[tuple[str, str]] = Counter()
    stage_census: dict[tuple[str, str], set[str]] = {}
    for c in roll:
        from senpath.ieps import stage_on

        st = stage_on(c, as_at)
        stage_counts[(c.framework, st)] += 1
        code = census_code(c) if st == c.stage else c.fw.census(st)
        stage_census.setdefault((c.framework, st), set()).add(code)
    by_stage = []
    frameworks = sorted({c.framework for c in roll})
    for fw_id in frameworks:
        fw = next(c.fw for c in roll if c.framework == fw_id)
        for s in fw.stages:
            n = stage_counts.get((fw_id, s.id), 0)
            by_stage.append(
                {
                    "framework": fw_id,
                    "stage": s.id,
                    "name": s.name,
                    "census": "/".join(sorted(stage_census.get((fw_id, s.id), set()))) or (s.census or ""),
                    "children": n,
                }
            )

    # By setting and year group.
    sy: Counter[tuple[str, str]] = Counter((c.setting_on(as_at), year_code(c, as_at)) for c in roll)
    by_setting_year = [
        {
            "setting": s,
            "setting_name": SETTING_NAMES.get(s, s),
            "year_group": y,
            "year_group_name": year_code_name(y),
            "children": n,
        }
        for (s, y), n in sorted(
            sy.items(),
            key=lambda kv: (SETTING_ORDER.index(kv[0][0]) if kv[0][0] in SETTING_ORDER else 9, _year_sort(kv[0][1])),
        )
    ]

    # By primary need.
    needs: Counter[str] = Counter(c.primary_need or "" for c in roll)
    by_need = [{"need": code, "name": NEEDS[code], "children": needs[code]} for code in NEEDS if needs.get(code)]
    if needs.get(""):
        by_need.append({"need": None, "name": "Not recorded", "children": needs[""]})

    # Movement in the period (each child once under each heading).
    joined = {c.id for c in cases if c.opened in p}
    up: set[str] = set()
    down: set[str] = set()
    for c in cases:
        for ev in c.history:
            if ev.date in p:
                way = _direction(c.fw, ev.from_, ev.to, ev.event, ev.outcome)
                if way == "up":
                    up.add(c.id)
                elif way == "down":
                    down.add(c.id)
    left = {
        c.id for c in cases if (c.left is not None and c.left.date in p) or any(g.date in p for g in c.past_leavings)
    }

    # Reviews held in the period.
    iep_held = iep_on_time = iep_late = iep_no_parent = 0
    iep_days_late: list[int] = []
    overdue = 0
    for c in cases:
        for iep in c.ieps:
            due = iep.review_on
            for r in iep.reviews:
                if r.date in p:
                    iep_held += 1
                    if r.date <= due:
                        iep_on_time += 1
                    else:
                        iep_late += 1
                        iep_days_late.append((r.date - due).days)
                    if "parent" not in r.attended:
                        iep_no_parent += 1
                due = r.next_review
        current = c.ieps[-1] if c.ieps else None
        if current is not None and on_roll(c, as_at) and c.stage != c.fw.start and lapsed_on(c, current) is None:
            nxt = next_review_due(current)
            if nxt in p and nxt < as_at:
                overdue += 1
    ar_held = ar_on_time = ar_late = ar_no_parent = 0
    ar_days_late: list[int] = []
    for c in cases:
        for ar in c.annual_reviews:
            if ar.date not in p:
                continue
            ar_held += 1
            base = _statement_base(c, ar.date)
            if base is not None:
                due_ar = c.fw.plans.statutory.review.after(base)
                if ar.date <= due_ar:
                    ar_on_time += 1
                else:
                    ar_late += 1
                    ar_days_late.append((ar.date - due_ar).days)
            if "parent" not in ar.attended:
                ar_no_parent += 1

    # Statutory assessments.
    requested = decided = completed = plans_made = 0
    for c in cases:
        fw = c.fw
        first = fw.process.milestones[0].id
        # Where the completing milestone may not happen (2015: a notice that no plan will be
        # issued), an assessment that ends in a plan instead is completed when the plan is made.
        completes = next(m for m in fw.process.milestones if m.id == fw.process.completes)
        for ev in c.history:
            if ev.date not in p:
                continue
            if ev.event == "request-assessment":
                requested += 1
            if ev.event == first:
                decided += 1
            if ev.event == fw.process.completes or (
                completes.skippable
                and ev.event in fw.milestone_ids
                and ev.from_ == fw.process.stage
                and ev.to == fw.plans.statutory.stage
            ):
                completed += 1
            if ev.to == fw.plans.statutory.stage and ev.from_ != ev.to:
                plans_made += 1
    dl = deadlines(cases, p, as_at)
    deadline_rows = []
    for d in dl:
        row: dict[str, Any] = {
            "assessment": d.assessment,
            "milestone": d.milestone,
            "name": d.name,
            "requested": d.requested.isoformat(),
            "due": d.due.isoformat(),
            "reached": d.reached.isoformat() if d.reached else None,
            "status": d.status,
            "days_late": d.days_late
            if d.status.startswith("missed")
            else (as_at - d.due).days
            if d.status.startswith("open: overdue")
            else 0,
        }
        if named:
            row = {"id": d.case.id, "child": d.case.name, **row}
        deadline_rows.append(row)

    # Provision in place on the as-at day.
    children = [child_provision(c, as_at, costs) for c in roll]
    prov = totals(children)
    provision: dict[str, Any] = {k: _plain(v) for k, v in prov.items()}
    provision["children_with_provision"] = sum(1 for ch in children if ch.lines)
    provision["weeks_per_year"] = costs.weeks_per_year
    provision["hourly_cost"] = {k: str(v) for k, v in costs.hourly.items()}
    if named:
        provision["by_child"] = [
            {"id": ch.case.id, "child": ch.case.name, "hours_per_week": str(ch.hours), "cost_per_year": str(ch.cost)}
            for ch in children
            if ch.lines
        ]

    return {
        "period": {"from": p.start.isoformat(), "to": p.end.isoformat(), "as_at": as_at.isoformat()},
        "named": named,
        "children_on_roll": len(roll),
        "by_stage": by_stage,
        "by_setting_year": by_setting_year,
        "by_need": by_need,
        "movement": {"joined": len(joined), "moved_up": len(up), "moved_down": len(down), "left": len(left)},
        "reviews": {
            "iep": {
                "held": iep_held,
                "on_time": iep_on_time,
                "late": iep_late,
                "days_late_most": max(iep_days_late, default=0),
                "without_parent": iep_no_parent,
                "overdue_not_held": overdue,
            },
            "annual": {
                "held": ar_held,
                "on_time": ar_on_time,
                "late": ar_late,
                "days_late_most": max(ar_days_late, default=0),
                "without_parent": ar_no_parent,
            },
        },
        "statutory": {
            "requested": requested,
            "decided": decided,
            "completed": completed,
            "plans_made": plans_made,
            "deadlines_met": sum(1 for d in dl if d.status == "met"),
            "deadlines_missed": sum(1 for d in dl if d.status in ("missed", "open: overdue")),
            "deadlines_late_with_exception": sum(1 for d in dl if d.status.endswith("exception recorded")),
            "deadlines": deadline_rows,
        },
        "provision": provision,
    }


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------
# The report as tables with bar charts (the terminal)

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, most: float, width: int = 24, ascii_only: bool = False) -> str:
    """A bar of ``value`` against ``most`` in ``width`` cells, in eighths of a cell ('#' in ASCII)."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    if ascii_only:
        return "#" * max(1, round(eighths / 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


STAFF_WORDS = {
    "teaching-assistant": "Teaching assistants",
    "teacher": "Teachers",
    "senco": "SENCO",
    "specialist": "Specialists",
    "other": "Other staff",
    "unknown": "Kind of staff not given",
}
GROUP_WORDS = {"individual": "One-to-one", "group": "Group", "unknown": "Group size not given"}
STATUS_WORDS = {
    "met": "met",
    "missed": "MISSED",
    "open: overdue": "MISSED (still open)",
    "open: not yet due": "not yet due",
    "missed: exception recorded": "late: exception recorded",
    "open: overdue, exception recorded": "late (still open): exception recorded",
}


def tables(data: dict[str, Any], *, ascii_only: bool = False) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, columns, rows) of each table ``senpath report`` prints; counts carry a bar."""
    from senpath.dates import uk

    def day(text: str) -> str:
        return uk(date.fromisoformat(text))

    def with_bars(rows: list[list[Any]], col: int) -> list[list[str]]:
        most = max((float(r[col]) for r in rows), default=0)
        return [[*(str(v) for v in r), bar(float(r[col]), most, ascii_only=ascii_only)] for r in rows]

    out: list[tuple[str, list[str], list[list[str]]]] = []
    multi = len({s["framework"] for s in data["by_stage"]}) > 1
    rows: list[list[Any]] = [
        [s["name"] + (f" ({s['framework']})" if multi else ""), s["census"], s["children"]] for s in data["by_stage"]
    ]
    out.append(
        (
            f"Children by stage, as at {day(data['period']['as_at'])} ({data['children_on_roll']} on the register)",
            ["stage", "census", "children", ""],
            with_bars(rows, 2),
        )
    )
    rows = [
        [SETTING_NAMES.get(r["setting"], r["setting"]), r["year_group_name"], r["children"]]
        for r in data["by_setting_year"]
    ]
    out.append(("Children by setting and year group", ["setting", "year group", "children", ""], with_bars(rows, 2)))
    rows = [[r["name"] + (f" ({r['need']})" if r["need"] else ""), r["children"]] for r in data["by_need"]]
    out.append(("Children by primary type of need", ["primary need", "children", ""], with_bars(rows, 1)))
    mv = data["movement"]
    rows = [
        ["Joined the register", mv["joined"]],
        ["Moved up a stage", mv["moved_up"]],
        ["Moved down a stage", mv["moved_down"]],
        ["Left", mv["left"]],
    ]
    out.append(
        (
            "Joining, moving and leaving in the period (each child once a heading)",
            ["", "children", ""],
            with_bars(rows, 1),
        )
    )
    iep, ar = data["reviews"]["iep"], data["reviews"]["annual"]
    out.append(
        (
            "Reviews held in the period",
            ["", "IEP reviews", "annual reviews"],
            [
                ["held", str(iep["held"]), str(ar["held"])],
                ["on time", str(iep["on_time"]), str(ar["on_time"])],
                ["late", str(iep["late"]), str(ar["late"])],
                ["most days late", str(iep["days_late_most"]), str(ar["days_late_most"])],
                ["without a parent present", str(iep["without_parent"]), str(ar["without_parent"])],
                ["due in the period, not yet held", str(iep["overdue_not_held"]), ""],
            ],
        )
    )
    st = data["statutory"]
    out.append(
        (
            "Statutory assessments in the period",
            ["", "number"],
            [
                ["requested", str(st["requested"])],
                ["decided (whether to assess)", str(st["decided"])],
                ["assessments completed", str(st["completed"])],
                ["statutory plans made", str(st["plans_made"])],
                ["deadlines met", str(st["deadlines_met"])],
                ["deadlines missed", str(st["deadlines_missed"])],
                *(
                    [["late, with an exception recorded", str(st["deadlines_late_with_exception"])]]
                    if st.get("deadlines_late_with_exception")
                    else []
                ),
            ],
        )
    )
    named = data["named"]
    dl_rows = []
    for d in st["deadlines"]:
        row = [d["child"]] if named else []
        row += [
            str(d["assessment"]),
            d["name"],
            day(d["due"]),
            day(d["reached"]) if d["reached"] else "",
            STATUS_WORDS.get(d["status"], d["status"]),
            str(d["days_late"] or ""),
        ]
        dl_rows.append(row)
    out.append(
        (
            "Statutory deadlines in the period",
            [*(["child"] if named else []), "assessment", "step", "due", "done", "met?", "days late"],
            dl_rows,
        )
    )
    pv = data["provision"]
    title = (
        f"Provision in place on {day(data['period']['as_at'])} ({pv['children_with_provision']} children): "
        f"hours a week and cost a year (£; a year is {pv['weeks_per_year']} school weeks)"
    )
    for label, words, hours, costs in (
        ("kind of staff", STAFF_WORDS, pv["hours_by_staff"], pv["cost_by_staff"]),
        ("one-to-one or group", GROUP_WORDS, pv["hours_by_grouping"], pv["cost_by_grouping"]),
    ):
        most = max((float(v) for v in hours.values()), default=0)
        table = [
            [words.get(k, k), v, costs.get(k, "not costed"), bar(float(v), most, ascii_only=ascii_only)]
            for k, v in hours.items()
        ]
        table.append(["Total", pv["hours_per_week"], pv["cost_per_year"], ""])
        out.append((title, [label, "hours a week", "cost a year", ""], table))
        title = ""
    if pv["entries_not_counted"] or pv["entries_not_costed"]:
        out.append(
            (
                "",
                ["not in the figures", "entries"],
                [
                    ["not counted (no duration or how often)", str(pv["entries_not_counted"])],
                    ["counted in hours, not costed", str(pv["entries_not_costed"])],
                ],
            )
        )
    if named and pv.get("by_child"):
        out.append(
            (
                "Provision by child",
                ["child", "hours a week", "cost a year"],
                [[r["child"], r["hours_per_week"], r["cost_per_year"]] for r in pv["by_child"]],
            )
        )
    return out
