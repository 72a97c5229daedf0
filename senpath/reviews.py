"""What is due: every open dated duty of a case, and the selection ``senpath reviews`` shows.

``duties(case)`` reads one record and returns its open duties, independent of today (so a
caller may cache them); ``select(duties, today, ...)`` filters and sorts them. The rules:

Every kind of duty, its deadline and its words come from the case's framework (its ``plans``
and ``process``); the kinds are the framework's names:

* **<plan>-review** (``iep-review``): the current school plan (while the child is at a stage with
  one and has not left SEN provision since it started) is due for review on its review date, or
  on the last review's next review date.
* **new-<plan>** (``new-iep``): after the last move into a stage where a new plan is written (up
  or down, including a return after the statutory process ends without a plan), until a plan
  starts on or after the move date; due on the move date. The old plan stays current (and its
  review due) meanwhile. A child entered at such a stage with no plan on record has one due from
  the day the record was opened.
* **annual-review**: a statutory plan is reviewed at the framework's interval (12 months) after
  it was made final, or after the last annual review since then.
* **transition-review**: that annual review, when it is the first one due on or after the
  framework's transition point (Year 9 in England; the 14th birthday in Northern Ireland) and
  none has been held since. An annual review due in the 12 months before it (none held since)
  carries a note: held on or after that day, it is the transition review.
* **each milestone of the statutory process**: while it is open, the next milestone only, due
  the framework's time after the request; recording the milestone closes it.

A child who has left has nothing due. Example::

    due = select((d for c in cases for d in duties(c)), today, within=14)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from senpath.dates import add_months, iso, uk

if TYPE_CHECKING:
    from senpath.framework import AppealsDef
    from senpath.models import Case

# The domain (ieps, stages -> models -> pydantic) is imported inside the functions that read a
# case: Duty and select must load without pydantic, for the index's warm runs (senpath.index).

DEFAULT_WITHIN_DAYS = 14
TRANSITION_WARNING_MONTHS = 12  # an annual review due this long before the transition point may slip into it
# How duties of one child on one day are ordered (kinds are the framework's names).
ANNUAL, TRANSITION = "annual-review", "transition-review"


def kind_order(kind: str) -> int:
    """Plan reviews, new plans, annual and transition reviews, then milestones."""
    if kind == "appeal":
        return 5
    if kind == ANNUAL:
        return 2
    if kind == TRANSITION:
        return 3
    if kind.startswith("new-"):
        return 1
    if kind.endswith("-review"):
        return 0
    return 4


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
    # An exception the law allows to this time limit, recorded on the case (its reason): shown
    # instead of OVERDUE.
    exception: str | None = None
    # A deadline that passes rather than falls overdue (the parent's last day to appeal or to
    # comment): not shown once it has passed.
    lapses: bool = False
    dob: str = ""  # ISO: the year group is derived when shown (it changes every September)
    year_group_override: str | None = None
    # ISO date of the move to the child's current stage when it was made without consulting the
    # parents (recorded with --not-consulted); "" otherwise.
    not_consulted: str = ""

    def year_group(self, today: date) -> str:
        from senpath.register import year_code_name, year_group

        if not self.dob:
            return year_code_name(self.year_group_override) if self.year_group_override else ""
        return year_group(date.fromisoformat(self.dob), today, self.year_group_override)

    def days(self, today: date) -> int:
        """Days until due: negative when overdue, 0 when due today."""
        return (self.due - today).days

    def uid(self) -> str:
        return f"{self.id}.{self.kind}.{self.ref}@senpath"


def duties(case: Case) -> list[Duty]:
    """Every open dated duty of ``case`` (none once the child has left), earliest first."""
    from senpath.stages import not_consulted_on, stage_name

    if case.left is not None:
        return []
    found: list[Duty] = []
    unconsulted = not_consulted_on(case)

    def add(
        kind: str,
        due: date,
        what: str,
        ref: str,
        notes: Iterable[str] = (),
        exception: str | None = None,
        lapses: bool = False,
    ) -> None:
        found.append(
            Duty(
                id=case.id,
                name=case.name,
                setting=case.setting,
                stage=case.stage,
                stage_name=stage_name(case),
                senco=case.senco,
                school=case.school,
                kind=kind,
                due=due,
                what=what,
                ref=ref,
                notes=tuple(notes),
                exception=exception,
                lapses=lapses,
                dob=case.dob.isoformat(),
                year_group_override=case.year_group,
                not_consulted=unconsulted.isoformat() if unconsulted else "",
            )
        )

    _iep_duties(case, add)
    _annual_duty(case, add)
    _review_decision_duties(case, add)
    _phase_transfer_duty(case, add)
    _statutory_duty(case, add)
    _appeal_duty(case, add)
    found.sort(key=lambda d: (d.due, kind_order(d.kind), d.ref))
    return found


def _iep_duties(case: Case, add: Any) -> None:
    from senpath.ieps import lapsed_on, last_move, next_review_due, stage_on
    from senpath.stages import stage_name

    fw = case.fw
    iep = case.current_iep
    number = len(case.ieps)
    move = last_move(case)
    needs_new = False
    plan = fw.school_plan(case.stage)
    if plan is not None and move is not None:
        index, ev = move
        if not any(i.start >= ev.date for i in case.ieps):
            needs_new = True
            name = stage_name(case, ev.to, ev.date)
            notes = [f"moved to {name} on {uk(ev.date)}"]
            if iep is not None and lapsed_on(case, iep) is None:
                notes.append(f"{plan.name} {number} stays current until the new one starts")
            add(f"new-{plan.id}", ev.date, f"New {plan.name} needed", f"history-{index + 1}", notes)
    elif plan is not None and case.entered is not None and not case.ieps:
        needs_new = True
        start = case.record_start
        name = stage_name(case, case.entered.stage, start)
        how = f"converted to {name}" if case.converted else f"entered at {name} (since {uk(case.entered.since)})"
        notes = [f"{how} on {uk(start)}; no {plan.name} on record"]
        add(f"new-{plan.id}", start, f"New {plan.name} needed", "entered", notes)
    if iep is None or case.stage == fw.start or lapsed_on(case, iep) is not None:
        return
    current = fw.plan_at(stage_on(case, iep.start))
    notes = []
    if iep.reviews:
        last = iep.reviews[-1]
        if "parent" not in last.attended:
            notes.append("parent not at last review")
        moved_since = move is not None and move[1].date >= last.date
        if last.outcome == "new-iep" and not needs_new:
            notes.append(f"last review agreed a new {current.name}")
        elif last.outcome in ("escalate", "step-down") and not moved_since:
            notes.append(f"last review agreed to {last.outcome}; no move recorded since")
    add(f"{current.id}-review", next_review_due(iep), f"{current.name} {number} review", f"iep-{number}", notes)


def _transition_words(case: Case) -> tuple[str, str]:
    """(since what, what starts): ("Year 9 began", "start of Year 9") or ("the 14th birthday", ...)."""
    t = case.fw.plans.statutory.transition
    if t.rule == "school-year":
        return f"{t.name} began", f"start of {t.name}"
    return f"the {t.name}", f"the {t.name}"


def _annual_duty(case: Case, add: Any) -> None:
    from senpath.ieps import statement_since, transition_start

    since = statement_since(case)
    if since is None:
        return
    plan = case.fw.plans.statutory
    t = plan.transition
    held = [ar.date for ar in case.annual_reviews if ar.date >= since]
    earlier = case.entered.last_annual_review if case.entered is not None and case.entered.stage == case.stage else None
    if earlier is not None and not case.history:
        held.insert(0, earlier)
    base = held[-1] if held else since
    due = plan.review.after(base)
    notes = [f"{plan.name} made {uk(since)}"]
    if held:
        notes.append(f"last annual review {uk(held[-1])}")
        recorded = [ar for ar in case.annual_reviews if ar.date == held[-1]]
        if recorded and "parent" not in recorded[-1].attended:
            notes.append("parent not at last annual review")
    y9 = transition_start(case)
    began, starts = _transition_words(case)
    transition_held = any(day >= y9 for day in held) or any(ar.date >= y9 for ar in case.annual_reviews)
    ref = f"{plan.stage}-{iso(since)}"
    if t.every_review:
        if due >= y9:
            notes.insert(0, f"from {t.name} (began {uk(y9)}) every review must {t.what}")
            notes.insert(1, f"invite {t.invite}")
        add(ANNUAL, due, f"Annual review of the {plan.name}", ref, notes)
    elif due >= y9 and not transition_held:
        notes.insert(0, f"first annual review since {began} ({uk(y9)}): draw up the transition plan")
        notes.insert(1, f"invite {t.invite}")
        add(TRANSITION, due, f"Transition review ({t.name})", ref, notes)
    else:
        # Due in the 12 months before the transition point and not yet held: if it slips past
        # that day it is the transition review. (Duties never depend on today: say so here.)
        if not transition_held and add_months(y9, -TRANSITION_WARNING_MONTHS) <= due < y9:
            notes.insert(
                0,
                f"if held on or after {uk(y9)} ({starts}) this is the transition review: "
                f"draw up the transition plan and invite {t.invite}",
            )
        add(ANNUAL, due, f"Annual review of the {plan.name}", ref, notes)


def _statutory_duty(case: Case, add: Any) -> None:
    """The open process's next deadlines: the next milestone, and while it may be skipped (and
    while the next has no time limit of its own) the ones after it, up to the first that must
    come; after a milestone with a comment period, the parent's last day to comment."""
    from senpath.stages import replay

    fw = case.fw
    if case.stage != fw.process.stage:
        return
    state = replay(case)
    request = state.open_request
    if request is None:
        return
    milestone = fw.next_milestone(state.last_milestone)
    if milestone is None:  # pragma: no cover - an open assessment always has a next milestone
        return
    by = next((ev.requested_by for ev in reversed(case.history) if ev.event == "request-assessment"), None)
    if by is None and case.entered is not None:
        by = case.entered.requested_by
    requested = f"requested {uk(request)}" + (f" by {by}" if by else "")
    ref = f"assessment-{iso(request)}"
    if state.last_milestone is not None:
        reached = fw.milestone(state.last_milestone[0])
        day = _reached_on(case, reached.id, request)
        if reached.comment_due and reached.parent_comment is not None and day is not None:
            what = reached.name[0].lower() + reached.name[1:]
            add(
                f"{reached.id}-comments",
                reached.parent_comment.after(day),
                f"Last day for the parent's comments ({reached.parent_comment.words()})",
                ref,
                [f"{what} {uk(day)}", requested],
                lapses=True,
            )
    index = fw.milestone_ids.index(milestone)
    chain = []
    while index < len(fw.milestone_ids):
        m = fw.process.milestones[index]
        if m.deadline:
            chain.append(m)
            if not m.skippable:
                break
        index += 1
    last = fw.process.milestones[-1]
    for m in chain:
        notes = [requested]
        if m.skippable:
            notes.append("needed only if the LA decides not to issue a plan")
        if last not in chain:
            name = last.name[0].lower() + last.name[1:]
            notes.append(f"{name} by {uk(last.due.after(request))} ({last.due.words()})")
        found = [x for x in case.exceptions if x.milestone == m.id and x.date >= request]
        exception = found[-1].reason if found else None
        if exception is not None:
            notes.append(f"exception recorded {uk(found[-1].date)}: {exception}")
        add(m.id, m.due.after(request), f"{m.name} ({m.due.words()})", ref, notes, exception=exception)


def _reached_on(case: Case, milestone: str, request: date) -> date | None:
    """The day ``milestone`` of the process requested on ``request`` was reached."""
    for ev in reversed(case.history):
        if ev.event == milestone and ev.date >= request:
            return ev.date
    if case.entered is not None:
        for m in case.entered.milestones:
            if m.milestone == milestone:
                return m.date
    return None


def _review_decision_duties(case: Case, add: Any) -> None:
    """After the last annual review meeting: the LA's decision, then an amended plan."""
    from senpath.ieps import statement_since

    plan = case.fw.plans.statutory
    since = statement_since(case)
    if since is None or plan.review_decision is None or not case.annual_reviews:
        return
    ar = case.annual_reviews[-1]
    if ar.date < since:
        return
    ref = f"review-{iso(ar.date)}"
    meeting = f"review meeting {uk(ar.date)}"
    if ar.decision is None:
        add(
            "review-decision",
            plan.review_decision.after(ar.date),
            f"LA decision after the annual review ({plan.review_decision.words()})",
            ref,
            [meeting, f"decides: {', '.join(plan.review_decisions)}"],
        )
        return
    if ar.decision == "amend" and ar.amended is None and ar.decided is not None:
        dues = []
        notes = [meeting, f"decision to amend notified {uk(ar.decided)}"]
        if plan.amendment is not None:
            dues.append(plan.amendment.after(ar.decided))
            notes.append(f"{plan.amendment.words()} from the notice: {uk(dues[-1])}")
        if plan.amendment_limit is not None:
            dues.append(plan.amendment_limit.after(ar.date))
            notes.append(f"{plan.amendment_limit.words()} from the meeting: {uk(dues[-1])}")
        if dues:
            add("amended-plan", min(dues), f"Amended final {plan.name}", ref, notes)


def phase_transfers(case: Case) -> list[tuple[str, str, int, date]]:
    """Every phase transfer of the case's statutory plan not yet done: (id, name, year of the
    move, last day), computed from the date of birth or set on the case, earliest first."""
    from senpath.register import year_group_starts

    plan = case.fw.plans.statutory
    done = {(t.transfer, t.year) for t in case.transfers if t.done is not None}
    found: dict[tuple[str, int], tuple[str, str, int, date]] = {}
    for pt in plan.phase_transfers:
        if pt.leaving_year is not None:
            year = year_group_starts(case.dob, pt.leaving_year + 1).year
            found[(pt.id, year)] = (pt.id, pt.name, year, pt.last_day(year))
    by_id = {pt.id: pt for pt in plan.phase_transfers}
    for t in case.transfers:
        setdef = by_id.get(t.transfer)
        if setdef is not None:
            found[(setdef.id, t.year)] = (setdef.id, setdef.name, t.year, setdef.last_day(t.year))
    return sorted((v for k, v in found.items() if k not in done), key=lambda v: v[3])


def _phase_transfer_duty(case: Case, add: Any) -> None:
    """The next phase transfer of a child with a statutory plan whose last day falls after the
    plan was made and after the record was opened here."""
    from datetime import timedelta

    from senpath.ieps import statement_since

    since = statement_since(case)
    if since is None:
        return
    plan = case.fw.plans.statutory
    for pid, name, year, last_day in phase_transfers(case):
        if last_day < since or last_day < case.record_start:
            continue
        school = next((t.school for t in case.transfers if t.transfer == pid and t.year == year and t.school), None)
        notes = [
            f"moving in September {year}" + (f" to {school}" if school else ""),
            f"review and amended {plan.name} naming the new school finished before {uk(last_day + timedelta(days=1))}",
        ]
        add("phase-transfer", last_day, f"Phase transfer: {name}", f"transfer-{pid}-{year}", notes)
        return


def appealable(case: Case, table: AppealsDef | None = None) -> list[tuple[date, str]]:
    """(notice date, what) of each decision of the case the parent can appeal, oldest first
    (by the framework's ``appeals``, or by ``table``)."""
    fw = case.fw
    table = table or fw.appeals
    if table is None:
        return []
    wanted = set(table.decisions)
    plan = fw.plans.statutory
    found: list[tuple[date, str]] = []
    for ev in case.history:
        key = f"{ev.event}:{ev.outcome}" if ev.outcome else ev.event
        if ev.event in wanted or key in wanted:
            if ev.event in fw.milestone_ids:
                name = fw.milestone(ev.event).name
                what = name if ev.event in wanted else f"{name}: {ev.outcome}"
            else:
                what = f"decision to {ev.event} the {plan.name}"
            found.append((ev.date, what))
    for ar in case.annual_reviews:
        if ar.decision is None:
            continue
        if f"review:{ar.decision}" not in wanted:
            continue
        if ar.decision == "amend" and ar.amended is not None:
            found.append((ar.amended, f"amended {plan.name} after the review of {uk(ar.date)}"))
        elif ar.decision != "amend" and ar.decided is not None:
            found.append((ar.decided, f"decision to {ar.decision} the {plan.name} after the review of {uk(ar.date)}"))
    return sorted(found, key=lambda f: f[0])


def _appeal_duty(case: Case, add: Any) -> None:
    """The parent's last day to appeal the latest appealable decision (it lapses once passed)."""
    from senpath.dates import in_span

    appeals = case.fw.appeals
    found = appealable(case)
    if appeals is None or not found:
        return
    notice, what = found[-1]
    certificates = tuple(m.date for m in case.mediation if m.date >= notice)
    last = appeals.last_day(notice, certificates)
    notes = [f"{what}, notice {uk(notice)}: {appeals.window.words()}"]
    if certificates and appeals.after_mediation is not None:
        notes.append(f"mediation certificate {uk(max(certificates))}: {appeals.after_mediation.words()}, if later")
    plain = appeals.window.after(notice)
    if appeals.after_mediation is not None:
        plain = max([plain, *(appeals.after_mediation.after(c) for c in certificates)])
    if plain != last:
        notes.append(next(span.words for span in appeals.spans if in_span(plain, *span.bounds())))
    add("appeal", last, f"Last day to appeal to {appeals.to}", f"appeal-{iso(notice)}", notes, lapses=True)


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
    name, ignoring case; ``kind`` is a duty kind (``iep-review``, ``annual-review``, a milestone...).
    """
    last = today + timedelta(days=within) if within is not None else None
    chosen = [
        d
        for d in duties
        if not (d.lapses and d.due < today)
        and (not overdue_only or d.due < today)
        and (last is None or d.due <= last)
        and (senco is None or _matches(d.senco, senco))
        and (school is None or _matches(d.school, school))
        and (kind is None or d.kind == kind)
    ]
    return sorted(chosen, key=lambda d: (d.due >= today, d.due, d.id, kind_order(d.kind), d.ref))


def to_json(duty: Duty, today: date) -> dict[str, Any]:
    """The JSON object for one duty (``senpath reviews --json``)."""
    days = duty.days(today)
    return {
        "id": duty.id,
        "name": duty.name,
        "year_group": duty.year_group(today),
        "setting": duty.setting,
        "school": duty.school,
        "stage": duty.stage,
        "stage_name": duty.stage_name,
        "kind": duty.kind,
        "what": duty.what,
        "due": iso(duty.due),
        "days": days,
        "overdue": days < 0 and duty.exception is None,
        "exception": duty.exception,
        "not_consulted": duty.not_consulted or None,  # the day of the move to the stage, made without consulting
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
