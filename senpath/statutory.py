"""Records around a statutory plan and its process that are not stage moves: an exception to a
time limit, the LA's decision after an annual review and the amended plan, a phase transfer, a
mediation certificate. Each reads the case's framework (none of its names are here) and returns
a new :class:`~senpath.models.Case` or raises; nothing is written. Example::

    case = record_review_decision(case, decision="amend", on=date(2027, 3, 1))
"""

from __future__ import annotations

from datetime import date

from senpath.dates import uk
from senpath.errors import Hint, RefusedError, UsageError
from senpath.models import Case, DeadlineException, Mediation, PhaseTransfer
from senpath.stages import ensure_open, replay


def record_exception(case: Case, *, milestone: str, on: date, reason: str) -> Case:
    """Record that an exception the law allows applies to ``milestone``'s time limit in the
    process now open (the due list then shows it instead of OVERDUE)."""
    ensure_open(case)
    fw = case.fw
    allowed = [m.id for m in fw.process.milestones if m.exception]
    if milestone not in allowed:
        raise UsageError(
            f"{{field}}: {milestone!r} has no exception in {fw.id}"
            + (f"; the milestones with one are: {', '.join(allowed)}" if allowed else ""),
            Hint(field="milestone"),
        )
    if not reason.strip():
        raise UsageError("{field}: say which exception applies and why", Hint(field="reason"))
    state = replay(case)
    if state.open_request is None:
        raise RefusedError(f"no {fw.process.name} of {case.name} is open: an exception belongs to one")
    if on < state.open_request:
        raise RefusedError(f"{{opt:date}} {uk(on)} is before the request ({uk(state.open_request)})")
    if state.last_milestone is not None:
        ids = fw.milestone_ids
        if ids.index(milestone) <= ids.index(state.last_milestone[0]):
            raise RefusedError(f"{milestone} has already been reached in this {fw.process.name}")
    new = case.model_copy(deep=True)
    new.exceptions.append(DeadlineException(milestone=milestone, date=on, reason=reason.strip()))
    return new


def record_review_decision(case: Case, *, decision: str, on: date) -> Case:
    """The LA's decision after the last annual review meeting, notified on ``on``."""
    ensure_open(case)
    plan = case.fw.plans.statutory
    if not plan.review_decisions:
        raise RefusedError(f"{case.fw.id} records no decision after an annual review")
    if decision not in plan.review_decisions:
        raise UsageError(
            f"{{field}}: {decision!r} is not one of: {', '.join(plan.review_decisions)}", Hint(field="review_decision")
        )
    if not case.annual_reviews:
        raise RefusedError(f"{case.name} has no annual review on record: record the review meeting first")
    ar = case.annual_reviews[-1]
    if ar.decision is not None:
        raise RefusedError(f"the decision after the review of {uk(ar.date)} is already recorded ({ar.decision})")
    if on < ar.date:
        raise RefusedError(f"{{opt:date}} {uk(on)} is before the review meeting ({uk(ar.date)})")
    new = case.model_copy(deep=True)
    last = new.annual_reviews[-1]
    last.decision, last.decided = decision, on
    return new


def record_amended_plan(case: Case, *, on: date) -> Case:
    """The amended plan issued on ``on`` after a decision to amend at the last annual review."""
    ensure_open(case)
    if not case.annual_reviews or case.annual_reviews[-1].decision != "amend":
        raise RefusedError(f"no decision to amend {case.name}'s plan after the last annual review is on record")
    ar = case.annual_reviews[-1]
    if ar.amended is not None:
        raise RefusedError(f"the amended plan after the review of {uk(ar.date)} is already recorded")
    assert ar.decided is not None
    if on < ar.decided:
        raise RefusedError(f"{{opt:date}} {uk(on)} is before the decision to amend ({uk(ar.decided)})")
    new = case.model_copy(deep=True)
    new.annual_reviews[-1].amended = on
    return new


def set_transfer(case: Case, *, transfer: str, year: int, school: str | None = None, done: date | None = None) -> Case:
    """Record a phase transfer in ``year`` (the child moves that September), or that its review
    and amended plan naming the new school were done (``done``)."""
    ensure_open(case)
    plan = case.fw.plans.statutory
    ids = [t.id for t in plan.phase_transfers]
    if transfer not in ids:
        raise UsageError(
            f"{{field}}: {transfer!r} is not a phase transfer of {case.fw.id}"
            + (f"; they are: {', '.join(ids)}" if ids else ""),
            Hint(field="transfer"),
        )
    if not case.dob.year < year <= case.dob.year + 26:
        raise UsageError(
            f"{{field}}: {year} is not a year in which {case.name} could change school", Hint(field="year")
        )
    new = case.model_copy(deep=True)
    for i, t in enumerate(new.transfers):
        if t.transfer == transfer and t.year == year:
            new.transfers[i] = t.model_copy(
                update={"school": school or t.school, "done": done if done is not None else t.done}
            )
            return new
    new.transfers.append(PhaseTransfer(transfer=transfer, year=year, school=school, done=done))
    return new


def add_mediation(case: Case, *, on: date, notes: str | None = None) -> Case:
    """A mediation certificate dated ``on``: it can extend the time to appeal the latest decision."""
    from senpath.reviews import appealable

    ensure_open(case)
    if case.fw.appeals is None or case.fw.appeals.after_mediation is None:
        raise RefusedError(f"{case.fw.id} gives mediation certificates no part in an appeal's time limit")
    found = [d for d in appealable(case) if d[0] <= on]
    if not found:
        raise RefusedError(f"no decision of {case.name} that can be appealed is recorded on or before {uk(on)}")
    new = case.model_copy(deep=True)
    new.mediation.append(Mediation(date=on, notes=notes))
    return new
