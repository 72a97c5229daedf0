"""What is due: every open dated duty of a case, and the selection ``senpath reviews`` shows.

``duties(case)`` reads one record and returns its open duties, independent of today (so a
caller may cache them); ``select(duties, today, ...)`` filters and sorts them. The rules:

* **iep-review**: the current IEP (while the child is at Action or above and has not left SEN
  provision since it started) is due for review on its review date, or on the last review's
  next review date.
* **new-iep**: after the last move into Action or Action Plus (up or down, including a return
  after the LA declines to assess or issues a note in lieu), until an IEP starts on or after
  the move date; due on the move date. The old IEP stays current (and its review due) meanwhile.
* **annual-review**: a statement is reviewed 12 months after it was made final, or after the
  last annual review since then.
* **transition-review**: that annual review, when it is the first one due on or after the
  child starts Year 9 (see ``ieps.year9_start``) and none has been held since. An annual
  review due in the 12 months before Year 9 starts (none held since) carries a note: held on
  or after that 1 September, it is the transition review.
* **assessment-decision / assessment / proposed-statement / final-statement**: while a
  statutory assessment is open, the next milestone only, due 6 / 16 / 18 / 26 weeks after the
  request (2001 Code); recording the milestone closes it.

A child who has left has nothing due. Example::

    due = select((d for c in cases for d in duties(c)), today, within=14)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from senpath.dates import add_months, add_weeks, iso, uk
from senpath.vocab import DUTY_KINDS, DutyKind, Milestone

if TYPE_CHECKING:
    from senpath.models import Case

# The domain (ieps, stages -> models -> pydantic) is imported inside the functions that read a
# case: Duty and select must load without pydantic, for the index's warm runs (senpath.index).

DEFAULT_WITHIN_DAYS = 14
ANNUAL_REVIEW_MONTHS = 12
TRANSITION_WARNING_MONTHS = 12  # an annual review due this long before Year 9 may slip into it
# Statutory assessment (2001 Code, England): weeks from the request to each milestone.
STATUTORY_WEEKS: dict[Milestone, int] = {
    "assessment-decision": 6,
    "assessment": 16,
    "proposed-statement": 18,
    "final-statement": 26,
}
STATUTORY_WHAT: dict[Milestone, str] = {
    "assessment-decision": "LA decision to assess (6 weeks)",
    "assessment": "Assessment complete (16 weeks)",
    "proposed-statement": "Proposed statement or note in lieu (18 weeks)",
    "final-statement": "Final statement (26 weeks)",
}
_KIND_ORDER: dict[str, int] = {kind: n for n, kind in enumerate(DUTY_KINDS)}


@dataclass(frozen=True)
class Duty:
    """One open dated duty of one child.

    ``ref`` names what the duty belongs to, independent of its date ("iep-2",
    "history-3", "statement-2027-03-01", "assessment-2026-11-21"); with ``id`` and ``kind``
    it identifies the duty across runs (the iCalendar UID).
    """

    id: str
    name: str
    setting: str
    stage: str
    stage_name: str
    senco: str | None
    school: str
    kind: str
    due: date
    what: str
    ref: str
    notes: tuple[str, ...]

    def days(self, today: date) -> int:
        """Days until due: negative when overdue, 0 when due today."""
        return (self.due - today).days

    def uid(self) -> str:
        return f"{self.id}.{self.kind}.{self.ref}@senpath"


def duties(case: Case) -> list[Duty]:
    """Every open dated duty of ``case`` (none once the child has left), earliest first."""
    from senpath.stages import stage_name

    if case.left is not None:
        return []
    found: list[Duty] = []

    def add(kind: DutyKind, due: date, what: str, ref: str, notes: Iterable[str] = ()) -> None:
        found.append(
            Duty(
                id=case.id,
                name=case.name,
                setting=case.setting,
                stage=case.stage,
                stage_name=stage_name(case.stage, case.setting),
                senco=case.senco,
                school=case.school,
                kind=kind,
                due=due,
                what=what,
                ref=ref,
                notes=tuple(notes),
            )
        )

    _iep_duties(case, add)
    _annual_duty(case, add)
    _statutory_duty(case, add)
    found.sort(key=lambda d: (d.due, _KIND_ORDER[d.kind], d.ref))
    return found


def _iep_duties(case: Case, add: Any) -> None:
    from senpath.ieps import lapsed_on, last_move, next_review_due
    from senpath.stages import stage_name

    iep = case.current_iep
    number = len(case.ieps)
    move = last_move(case)
    needs_new = False
    if case.stage in ("action", "action-plus") and move is not None:
        index, ev = move
        if not any(i.start >= ev.date for i in case.ieps):
            needs_new = True
            name = stage_name(ev.to, case.setting_on(ev.date))
            notes = [f"moved to {name} on {uk(ev.date)}"]
            if iep is not None and lapsed_on(case, iep) is None:
                notes.append(f"IEP {number} stays current until the new one starts")
            add("new-iep", ev.date, "New IEP needed", f"history-{index + 1}", notes)
    if iep is None or case.stage == "none" or lapsed_on(case, iep) is not None:
        return
    notes = []
    if iep.reviews:
        last = iep.reviews[-1]
        if "parent" not in last.attended:
            notes.append("parent not at last review")
        moved_since = move is not None and move[1].date >= last.date
        if last.outcome == "new-iep" and not needs_new:
            notes.append("last review agreed a new IEP")
        elif last.outcome in ("escalate", "step-down") and not moved_since:
            notes.append(f"last review agreed to {last.outcome}; no move recorded since")
    add("iep-review", next_review_due(iep), f"IEP {number} review", f"iep-{number}", notes)


def _annual_duty(case: Case, add: Any) -> None:
    from senpath.ieps import statement_since, year9_start

    since = statement_since(case)
    if since is None:
        return
    held = [ar for ar in case.annual_reviews if ar.date >= since]
    base = held[-1].date if held else since
    due = add_months(base, ANNUAL_REVIEW_MONTHS)
    notes = [f"statement made {uk(since)}"]
    if held:
        notes.append(f"last annual review {uk(held[-1].date)}")
        if "parent" not in held[-1].attended:
            notes.append("parent not at last annual review")
    y9 = year9_start(case.dob)
    transition_held = any(ar.date >= y9 for ar in case.annual_reviews)
    ref = f"statement-{iso(since)}"
    if due >= y9 and not transition_held:
        notes.insert(0, f"first annual review since Year 9 began ({uk(y9)}): draw up the transition plan")
        notes.insert(1, "invite the careers service (Connexions)")
        add("transition-review", due, "Transition review (Year 9)", ref, notes)
    else:
        # Due in the 12 months before Year 9 starts and not yet held: if it slips past that
        # 1 September it is the transition review. (Duties never depend on today: say so here.)
        if not transition_held and add_months(y9, -TRANSITION_WARNING_MONTHS) <= due < y9:
            notes.insert(
                0,
                f"if held on or after {uk(y9)} (start of Year 9) this is the transition review: "
                "draw up the transition plan and invite the careers service (Connexions)",
            )
        add("annual-review", due, "Annual review of the statement", ref, notes)


def _statutory_duty(case: Case, add: Any) -> None:
    from senpath.stages import MILESTONE_ORDER, replay

    if case.stage != "statutory-assessment":
        return
    state = replay(case)
    request = state.open_request
    if request is None:
        return
    milestone: Milestone | None = None
    for name, (after, _) in MILESTONE_ORDER.items():
        if after == state.last_milestone:
            milestone = name
            break
    if milestone is None:  # pragma: no cover - an open assessment always has a next milestone
        return
    by = next((ev.requested_by for ev in reversed(case.history) if ev.event == "request-assessment"), None)
    notes = [f"requested {uk(request)}" + (f" by {by}" if by else "")]
    if milestone != "final-statement":
        notes.append(f"final statement by {uk(add_weeks(request, STATUTORY_WEEKS['final-statement']))} (26 weeks)")
    due = add_weeks(request, STATUTORY_WEEKS[milestone])
    add(milestone, due, STATUTORY_WHAT[milestone], f"assessment-{iso(request)}", notes)


def _matches(value: str | None, wanted: str) -> bool:
    """'Mrs Ahmed' matches 'Mrs S. Ahmed', 'st aidans' matches "St Aidan's" (see senpath.matching)."""
    from senpath.matching import matches

    return matches(value, wanted)


def select(
    duties: Iterable[Duty],
    today: date,
    *,
    within: int | None = None,
    overdue_only: bool = False,
    senco: str | None = None,
    school: str | None = None,
    kind: str | None = None,
) -> list[Duty]:
    """The duties to show: overdue ones first, then by due date, then by child id.

    ``within`` keeps what is overdue or due within that many days of ``today``;
    ``overdue_only`` keeps what is past its date; ``senco`` and ``school`` match part of the
    name, ignoring case; ``kind`` is one of ``DUTY_KINDS``.
    """
    last = today + timedelta(days=within) if within is not None else None
    chosen = [
        d
        for d in duties
        if (not overdue_only or d.due < today)
        and (last is None or d.due <= last)
        and (senco is None or _matches(d.senco, senco))
        and (school is None or _matches(d.school, school))
        and (kind is None or d.kind == kind)
    ]
    return sorted(chosen, key=lambda d: (d.due >= today, d.due, d.id, _KIND_ORDER.get(d.kind, 99), d.ref))


def to_json(duty: Duty, today: date) -> dict[str, Any]:
    """The JSON object for one duty (``senpath reviews --json``)."""
    days = duty.days(today)
    return {
        "id": duty.id,
        "name": duty.name,
        "setting": duty.setting,
        "school": duty.school,
        "stage": duty.stage,
        "stage_name": duty.stage_name,
        "kind": duty.kind,
        "what": duty.what,
        "due": iso(duty.due),
        "days": days,
        "overdue": days < 0,
        "senco": duty.senco,
        "ref": duty.ref,
        "uid": duty.uid(),
        "notes": list(duty.notes),
        "today": iso(today),  # the date "days" and "overdue" were worked out from
    }


def to_ics(items: Iterable[Duty], stamp: datetime | None = None) -> bytes:
    """An iCalendar file: one all-day event per duty, its UID from id, kind and ref (never the date)."""
    from icalendar import Calendar, Event

    now = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//senpath//senpath reviews//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "senpath: reviews and deadlines")
    for duty in items:
        event = Event()
        event.add("uid", duty.uid())
        event.add("dtstamp", now)
        event.add("dtstart", duty.due)
        event.add("dtend", duty.due + timedelta(days=1))
        event.add("summary", f"{duty.name}: {duty.what}")
        lines = [
            f"Child: {duty.name} ({duty.id})",
            f"Stage: {duty.stage_name}",
            f"Setting: {duty.school}",
            f"Due: {uk(duty.due)}",
        ]
        if duty.senco:
            lines.append(f"SENCO: {duty.senco}")
        lines.extend(duty.notes)
        event.add("description", "\n".join(lines))
        event.add("categories", ["senpath", duty.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
