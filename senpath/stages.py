"""The stage machine of the graduated approach: a table of moves and the functions that apply it.

Every rule about moving a child between stages lives here, and only here:

* ``TRANSITIONS`` says which moves exist and what each needs;
* ``MILESTONE_ORDER`` says how a statutory assessment runs;
* ``advance`` and ``record_milestone`` return a new :class:`~senpath.models.Case` or raise
  :class:`~senpath.errors.RefusedError`;
* ``replay`` checks a loaded history against the same rules (a hand-edited file that breaks
  them is refused by name).

Example::

    case = advance(case, to="action", on=date(2026, 9, 10),
                   reason="Speech well behind peers", evidence=["Checklist: 12 of 40"])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from senpath.dates import add_months, iso, uk
from senpath.errors import RefusedError
from senpath.models import (
    Case,
    Consultation,
    Event,
    Professional,
)
from senpath.vocab import EventKind, Milestone, Outcome, RequestedBy, Setting, Stage

# The setting's name for each stage.
STAGE_NAMES: dict[tuple[Stage, Setting], str] = {}
for _setting in ("early-years", "primary", "secondary"):
    _prefix = "Early Years" if _setting == "early-years" else "School"
    STAGE_NAMES[("none", _setting)] = "No SEN provision"
    STAGE_NAMES[("action", _setting)] = f"{_prefix} Action"
    STAGE_NAMES[("action-plus", _setting)] = f"{_prefix} Action Plus"
    STAGE_NAMES[("statutory-assessment", _setting)] = "Statutory assessment"
    STAGE_NAMES[("statement", _setting)] = "Statement of SEN"


def stage_name(stage: Stage, setting: Setting) -> str:
    """The name that applies in ``setting``: ``stage_name("action", "primary") == "School Action"``."""
    return STAGE_NAMES[(stage, setting)]


@dataclass(frozen=True)
class Transition:
    """A move the setting (or a parent) makes; LA outcomes are milestones, below."""

    event: EventKind
    needs_reason: bool = True
    needs_evidence: bool = False
    needs_professional: bool = False


# The graduated approach as data: (from, to) -> what the move is and what it needs.
# Every move here is the setting's act and relies on a parent consultation, except a
# request for assessment made by the parent themselves.
TRANSITIONS: dict[tuple[Stage, Stage], Transition] = {
    ("none", "action"): Transition("escalate", needs_evidence=True),
    ("action", "action-plus"): Transition("escalate", needs_evidence=True, needs_professional=True),
    ("none", "statutory-assessment"): Transition("request-assessment", needs_reason=False),
    ("action", "statutory-assessment"): Transition("request-assessment", needs_reason=False),
    ("action-plus", "statutory-assessment"): Transition("request-assessment", needs_reason=False),
    ("action", "none"): Transition("step-down"),
    ("action-plus", "action"): Transition("step-down"),
    ("action-plus", "none"): Transition("step-down"),
    ("statement", "action-plus"): Transition("cease"),
    ("statement", "action"): Transition("cease"),
    ("statement", "none"): Transition("cease"),
}

# How a statutory assessment runs: milestone -> (milestone it follows and the outcome
# that leads to it, the outcomes it may have).
MILESTONE_ORDER: dict[Milestone, tuple[tuple[Milestone, Outcome] | None, tuple[Outcome, ...]]] = {
    "assessment-decision": (None, ("assess", "decline")),
    "assessment": (("assessment-decision", "assess"), ("done",)),
    "proposed-statement": (("assessment", "done"), ("statement", "note-in-lieu")),
    "final-statement": (("proposed-statement", "statement"), ("done",)),
}
# Outcomes that end an assessment and where they take the child ("back" = the stage
# before the request).
MILESTONE_MOVES: dict[tuple[Milestone, Outcome], Stage | None] = {
    ("assessment-decision", "decline"): None,
    ("proposed-statement", "note-in-lieu"): None,
    ("final-statement", "done"): "statement",
}
REPEAT_REQUEST_MONTHS = 6
# The command that makes each kind of move.
COMMAND_FOR_EVENT: dict[EventKind, str] = {
    "escalate": "escalate",
    "request-assessment": "escalate",
    "step-down": "step-down",
    "cease": "cease",
}


def moves_from(stage: Stage) -> list[Stage]:
    return [to for (frm, to) in TRANSITIONS if frm == stage]


@dataclass
class _State:
    """What replaying a history has established so far."""

    stage: Stage = "none"
    last_date: date | None = None
    used: set[int] = field(default_factory=set)
    before_request: Stage = "none"
    last_milestone: tuple[Milestone, Outcome] | None = None
    assessment_done: date | None = None
    open_request: date | None = None


def _is_parent_consultation(case: Case, c: Consultation) -> bool:
    parents = {_norm(p.name) for p in case.parents}
    return any(_norm(name) in parents for name in c.with_)


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same person's, ignoring case and spacing."""
    return _norm(a) == _norm(b)


def consultation_hint(case: Case, on: date) -> str:
    parent = case.parents[0].name if case.parents else "PARENT NAME"
    return f'senpath consult {case.id} --date {iso(on)} --with "{parent}" --method meeting --summary "What was agreed"'


def _eligible(case: Case, state: _State, on: date) -> list[int]:
    """Numbers of consultations this move could rely on, oldest first."""
    found = []
    for number, c in enumerate(case.consultations, start=1):
        if number in state.used or c.date > on:
            continue
        if state.last_date is not None and c.date < state.last_date:
            continue
        if _is_parent_consultation(case, c):
            found.append(number)
    return found


def _check(case: Case, state: _State, ev: Event) -> None:
    """Refuse ``ev`` if it may not follow ``state``; the one place the rules are applied."""
    if ev.from_ != state.stage:
        raise RefusedError(
            f"the child is at {ev.from_!r} according to this entry, "
            f"but the history before it leaves them at {state.stage!r}"
        )
    if state.last_date is not None and ev.date < state.last_date:
        raise RefusedError(
            f"dated {uk(ev.date)}, before the previous step ({uk(state.last_date)}); "
            "steps are recorded in the order they happened"
        )
    if ev.date < case.opened:
        raise RefusedError(f"dated {uk(ev.date)}, before the case was opened ({uk(case.opened)})")

    if ev.event in MILESTONE_ORDER:
        _check_milestone(state, ev)
        return

    transition = TRANSITIONS.get((ev.from_, ev.to))
    if transition is None:
        allowed = ", ".join(moves_from(ev.from_)) or "none (LA milestones only)"
        raise RefusedError(f"cannot move from {ev.from_} to {ev.to}; from {ev.from_} the moves are: {allowed}")
    if transition.event != ev.event:
        raise RefusedError(f"a move from {ev.from_} to {ev.to} is recorded as {transition.event}, not {ev.event}")
    if transition.needs_reason and not ev.reason:
        raise RefusedError(f"a move to {ev.to} needs a reason (--reason)")
    if transition.needs_evidence and not ev.evidence:
        what = "little or no progress at Action" if ev.to == "action-plus" else "inadequate progress"
        raise RefusedError(f"a move to {ev.to} needs evidence of {what} (--evidence)")
    if transition.needs_professional and not any(p.requested <= ev.date for p in case.professionals):
        raise RefusedError(
            "a move to action-plus needs at least one outside professional involved by then: "
            f"senpath professional add {case.id} --role ROLE --name NAME --requested DATE, "
            "or --professional ROLE:NAME"
        )
    if ev.event == "request-assessment":
        if ev.requested_by is None:
            raise RefusedError("a request for statutory assessment must say who made it (--requested-by)")
        possible = _repeat_possible(state.assessment_done)
        if state.assessment_done is not None and possible is not None and ev.date < possible:
            raise RefusedError(
                f"an assessment was completed on {uk(state.assessment_done)}; a new request "
                f"can be made from {uk(possible)} ({iso(possible)})"
            )
    elif ev.requested_by is not None:
        raise RefusedError("only a request for assessment has requested_by")
    if ev.outcome is not None:
        raise RefusedError("only an LA milestone has an outcome")
    _check_consultation(case, state, ev)


def _check_consultation(case: Case, state: _State, ev: Event) -> None:
    if ev.consultation is None:
        raise RefusedError(
            f"the parents were not consulted on this {ev.event}: no consultation with a parent "
            + (f"since {uk(state.last_date)} " if state.last_date else "")
            + f"on or before {uk(ev.date)} that an earlier move has not relied on. "
            + f"Record one first: {consultation_hint(case, ev.date)}"
        )
    n = ev.consultation
    if n > len(case.consultations):
        raise RefusedError(f"relies on consultation {n}, but the case has {len(case.consultations)}")
    if n in state.used:
        raise RefusedError(f"relies on consultation {n}, which an earlier move already relied on")
    c = case.consultations[n - 1]
    if not _is_parent_consultation(case, c):
        raise RefusedError(
            f"relies on consultation {n}, which names no parent or carer on the case "
            f"(add one with: senpath update {case.id} --add-parent NAME)"
        )
    if c.date > ev.date or (state.last_date is not None and c.date < state.last_date):
        raise RefusedError(
            f"relies on consultation {n} of {uk(c.date)}, which is not between the previous step and this one"
        )


def _check_milestone(state: _State, ev: Event) -> None:
    name: Milestone = ev.event  # type: ignore[assignment]
    if state.stage != "statutory-assessment" or state.open_request is None:
        raise RefusedError(
            "no statutory assessment is open; request one first (senpath escalate CHILD "
            "--to statutory-assessment --requested-by parent|school|professional)"
        )
    after, outcomes = MILESTONE_ORDER[name]
    if state.last_milestone != after:
        expected = _next_milestone(state.last_milestone)
        raise RefusedError(f"{name} is out of order: the next milestone of this assessment is {expected}")
    if ev.outcome not in outcomes:
        raise RefusedError(f"{name} needs --outcome, one of: {', '.join(outcomes)}")
    target = MILESTONE_MOVES.get((name, ev.outcome), "statutory-assessment")
    expected_to = state.before_request if target is None else target
    if ev.to != expected_to:
        raise RefusedError(f"{name} ({ev.outcome}) takes the child to {expected_to}, not {ev.to}")
    if ev.consultation is not None or ev.requested_by is not None or ev.evidence:
        raise RefusedError(f"{name} is the LA's decision: it has no consultation, requester or evidence")


def _next_milestone(last: tuple[Milestone, Outcome] | None) -> Milestone:
    for name, (after, _) in MILESTONE_ORDER.items():
        if after == last:
            return name
    raise AssertionError(last)  # pragma: no cover - an ended assessment is never open


def _apply(state: _State, ev: Event) -> None:
    if ev.event == "request-assessment":
        state.before_request = ev.from_
        state.open_request = ev.date
        state.last_milestone = None
    elif ev.event in MILESTONE_ORDER:
        state.last_milestone = (ev.event, ev.outcome)  # type: ignore[assignment]
        if ev.event == "assessment":
            state.assessment_done = ev.date
        if ev.to != "statutory-assessment":
            state.open_request = None
    if ev.consultation is not None:
        state.used.add(ev.consultation)
    state.stage = ev.to
    state.last_date = ev.date


def replay(case: Case) -> _State:
    """Check the whole history against the rules; raise naming the first bad entry."""
    state = _State()
    for index, ev in enumerate(case.history):
        try:
            _check(case, state, ev)
        except RefusedError as exc:
            raise RefusedError(f"history[{index}] ({ev.event} on {iso(ev.date)}): {exc}") from None
        _apply(state, ev)
    return state


def ensure_open(case: Case) -> None:
    """Refuse any change to the record of a child who has left (it is kept as it is)."""
    if case.left is not None:
        raise RefusedError(f"{case.name} left on {uk(case.left.date)}; the record is closed and kept as it is")


def _repeat_possible(assessment_done: date | None) -> date | None:
    return add_months(assessment_done, REPEAT_REQUEST_MONTHS) if assessment_done is not None else None


def last_assessment_done(case: Case) -> date | None:
    """The date the LA last completed a statutory assessment of the child, if it ever did."""
    return replay(case).assessment_done


def repeat_request_possible_from(case: Case) -> date | None:
    """The first day a new request for statutory assessment may be made (6 months after the
    last assessment was completed), or None when no assessment has been completed."""
    return _repeat_possible(replay(case).assessment_done)


def open_assessment_request(case: Case) -> date | None:
    """The request date of the statutory assessment in progress, if any."""
    return replay(case).open_request


def advance(
    case: Case,
    *,
    to: Stage,
    on: date,
    reason: str | None = None,
    evidence: Sequence[str] = (),
    requested_by: RequestedBy | None = None,
    consultation: int | None = None,
    professionals: Iterable[Professional] = (),
    parent_name: str | None = None,
    command: Literal["escalate", "step-down", "cease"] | None = None,
) -> Case:
    """Move the child to ``to`` on ``on``; return the new case or raise RefusedError.

    ``consultation`` picks the consultation the move relies on; by default the earliest one
    with a parent since the previous step that no move has relied on yet. A request for
    assessment by a parent records the parent's request as their own consultation
    (``parent_name``, default the first parent on the case). ``command`` names the command
    the user ran: a move of another kind (an escalate run as a step-down) is refused.
    """
    ensure_open(case)
    state = replay(case)
    new = case.model_copy(deep=True)
    known = {_norm(p.name) for p in new.professionals}
    new.professionals.extend(p for p in professionals if _norm(p.name) not in known)
    if (state.stage, to) not in TRANSITIONS:
        allowed = ", ".join(moves_from(state.stage)) or "none: the LA's milestones decide what comes next"
        if state.stage == to:
            raise RefusedError(f"{case.name} is already at {to}")
        if to == "statement":
            raise RefusedError(
                f"only the LA makes a statement, after deciding to assess: request a statutory assessment "
                f"(senpath escalate {case.id} --to statutory-assessment --requested-by ...), then record "
                f"its milestones with senpath assessment {case.id} --milestone ..."
            )
        raise RefusedError(
            f"cannot move {case.name} from {state.stage} to {to}; from {state.stage} the moves are: {allowed}"
        )
    transition = TRANSITIONS[(state.stage, to)]
    if command is not None and COMMAND_FOR_EVENT[transition.event] != command:
        right = COMMAND_FOR_EVENT[transition.event]
        raise RefusedError(
            f"senpath {command} cannot move {case.name} from {state.stage} to {to}; "
            f"use: senpath {right} {case.id} --to {to}"
        )
    if transition.event == "request-assessment" and requested_by == "parent":
        if not case.parents and parent_name is None:
            raise RefusedError(
                f"the case names no parent to make the request; add one: senpath update {case.id} --add-parent NAME"
            )
        who = parent_name or case.parents[0].name
        new.consultations.append(
            Consultation(
                date=on,
                with_=[who],
                method="letter",
                summary="Parent requested a statutory assessment",
            )
        )
        consultation = len(new.consultations)
    elif consultation is None:
        eligible = _eligible(new, state, on)
        consultation = eligible[0] if eligible else None
    ev = Event(
        date=on,
        event=transition.event,
        from_=state.stage,
        to=to,
        reason=reason,
        evidence=list(evidence),
        requested_by=requested_by,
        consultation=consultation,
    )
    _check(new, state, ev)
    new.history.append(ev)
    return new


def record_milestone(case: Case, *, milestone: Milestone, on: date, outcome: Outcome | None = None) -> Case:
    """Record the LA's next milestone of the open statutory assessment."""
    ensure_open(case)
    state = replay(case)
    _, outcomes = MILESTONE_ORDER[milestone]
    if outcome is None and len(outcomes) == 1:
        outcome = outcomes[0]
    target = MILESTONE_MOVES.get((milestone, outcome), "statutory-assessment") if outcome else None
    to: Stage = state.before_request if target is None and outcome else (target or state.stage)
    ev = Event(date=on, event=milestone, from_=state.stage, to=to, outcome=outcome)
    _check(case, state, ev)
    new = case.model_copy(deep=True)
    new.history.append(ev)
    return new
