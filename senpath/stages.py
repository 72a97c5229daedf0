"""The stage machine: a small interpreter of the case's framework (senpath/framework.py).

Every rule about moving a child between stages is applied here, and only here, from the
framework's data:

* the framework's ``moves`` say which moves exist, of which kind, and what each needs;
* its ``process`` says how the statutory process runs (milestones in order, their outcomes);
* ``advance`` and ``record_milestone`` return a new :class:`~senpath.models.Case` or raise
  :class:`~senpath.errors.RefusedError` (what is wrong, and a :class:`~senpath.errors.Hint`);
* ``replay`` checks a loaded history against the same rules (a hand-edited file that breaks
  them is refused by name). It starts from where the child was entered (``case.entered``):
  that starting entry is not a move and needs no consultation or evidence.

Example::

    case = advance(case, to="action", on=date(2026, 9, 10),
                   reason="Speech well behind peers", evidence=["Checklist: 12 of 40"])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from senpath.dates import iso, uk
from senpath.errors import AlreadyRecorded, Hint, RefusedError, UsageError
from senpath.framework import Framework, MoveDef
from senpath.models import IEP, Case, Consultation, Entry, Event, Professional


def stage_name(case: Case, stage: str | None = None, on: date | None = None) -> str:
    """The name of ``stage`` (default: the child's stage) in the setting of the day ``on``
    (default: the current setting), in the case's framework."""
    setting = case.setting if on is None else case.setting_on(on)
    return case.fw.stage_name(case.stage if stage is None else stage, setting)


def census_code(case: Case) -> str:
    """The school-census code of the child's stage (under assessment: the stage before the request)."""
    state = replay(case)
    return case.fw.census(case.stage, state.before_request)


def stage_on(case: Case, day: date) -> str:
    """The stage the child was at at the end of ``day`` (the history is in date order)."""
    stage = case.first_stage
    for ev in case.history:
        if ev.date > day:
            break
        stage = ev.to
    return stage


def stages_on(case: Case, day: date) -> tuple[str, str]:
    """The stages at the start and at the end of ``day``.

    An entry dated the day of a move may have been made before or after it, so a rule about
    the stage on an entry's day is met when either allows it (an IEP written the day the child
    steps down, an annual review held the day the statement ceases).
    """
    start = case.first_stage
    for ev in case.history:
        if ev.date >= day:
            break
        start = ev.to
    return start, stage_on(case, day)


def lapsed_on(case: Case, iep: IEP) -> date | None:
    """The date the child left SEN provision (a move to the framework's start) after the IEP
    started, if they did (an IEP written on the day of that move lapses that day)."""
    start = case.fw.start
    for ev in case.history:
        if ev.date >= iep.start and ev.to == start and ev.from_ != start:
            return ev.date
    return None


def entry_words(case: Case) -> str | None:
    """ "at School Action Plus since 3 Mar 2026; recorded here from 1 Dec 2026; earlier history
    not recorded here", for a child entered at the stage they were at (None otherwise)."""
    e = case.entered
    if e is None:
        return None
    if case.converted:
        conv = case.converted[-1]
        name = case.fw.stage_name(e.stage, case.setting_on(conv.date))
        return (
            f"at {name} since {uk(e.since)}: converted from {conv.from_framework} ({conv.stage}) on "
            f"{uk(conv.date)}; the earlier record is kept with the conversion"
        )
    name = case.fw.stage_name(e.stage, case.setting_on(case.opened))
    text = f"at {name} since {uk(e.since)}"
    if e.requested is not None:
        text += f" (requested {uk(e.requested)}" + (f" by {e.requested_by}" if e.requested_by else "") + ")"
    if e.last_annual_review is not None:
        text += f", last annual review {uk(e.last_annual_review)}"
    return f"{text}; recorded here from {uk(case.opened)}; earlier history not recorded here"


@dataclass
class _State:
    """What replaying a history has established so far."""

    stage: str
    before_request: str
    last_date: date | None = None
    used: set[int] = field(default_factory=set)
    last_milestone: tuple[str, str] | None = None
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


def _consult_hint(case: Case, on: date) -> Hint:
    parent = case.parents[0].name if case.parents else "PARENT NAME"
    return Hint(action="consult", args={"child": case.id, "date": iso(on), "parent": parent})


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


def entry_problems(case: Case) -> list[str]:
    """Why the starting entry does not fit the framework and the record, one line each."""
    e = case.entered
    if e is None:
        return []
    fw = case.fw
    out: list[str] = []
    if e.stage == fw.start:
        out.append(f"entered.stage: a child at {e.stage} needs no starting entry; remove [entered]")
    if e.stage == fw.process.stage:
        if e.requested is None or e.requested_by is None:
            out.append(f"entered: a child entered under {fw.process.name} needs requested and requested_by")
        elif e.since != e.requested:
            out.append(f"entered.since: under {fw.process.name} it is the request date ({uk(e.requested)})")
        if e.before_request is not None and fw.move(e.before_request, e.stage) is None:
            out.append(f"entered.before_request: no request for {fw.process.name} is made from {e.before_request}")
        last: tuple[str, str] | None = None
        previous = e.requested
        for i, m in enumerate(e.milestones):
            allowed = fw.allowed_next(last)
            if m.milestone not in allowed:
                out.append(
                    f"entered.milestones[{i}]: {m.milestone} is out of order; the next one is {' or '.join(allowed)}"
                )
                break
            if fw.outcome_target(m.milestone, m.outcome) != "next":
                out.append(
                    f"entered.milestones[{i}].outcome: {m.outcome!r} does not leave {fw.process.name} open; "
                    "enter the child at the stage that outcome led to"
                )
                break
            if previous is not None and m.date < previous:
                out.append(f"entered.milestones[{i}].date: before the step before it ({uk(previous)})")
            if m.date > case.record_start:
                out.append(f"entered.milestones[{i}].date: after the record was opened; record it as a milestone")
            last, previous = (m.milestone, m.outcome), m.date
    elif e.requested is not None or e.requested_by is not None or e.milestones or e.before_request is not None:
        out.append(f"entered: requested, requested_by, before_request and milestones are for {fw.process.name} only")
    if e.last_annual_review is not None:
        if e.stage != fw.plans.statutory.stage:
            out.append(f"entered.last_annual_review: only a {fw.plans.statutory.name} has annual reviews")
        elif not e.since <= e.last_annual_review <= case.record_start:
            out.append("entered.last_annual_review: must be between entered.since and the day the record opened")
    if e.since > case.record_start:
        out.append(f"entered.since: {uk(e.since)} is after the record was opened ({uk(case.record_start)})")
    if e.since < case.dob:
        out.append("entered.since: before the child's date of birth")
    return out


def _start(case: Case) -> _State:
    """The state the history starts from: the entry, else no provision."""
    fw = case.fw
    e: Entry | None = case.entered
    if e is None:
        state = _State(stage=fw.start, before_request=fw.start)
        if case.converted:
            state.last_date = case.record_start  # consultations before it belong to the earlier record
        return state
    state = _State(stage=e.stage, before_request=e.before_request or fw.start)
    if case.converted:
        state.last_date = case.record_start
    if e.stage == fw.process.stage:
        state.open_request = e.requested
        for m in e.milestones:
            _reach(fw, state, m.milestone, m.outcome, m.date)
    return state


def _check(case: Case, state: _State, ev: Event) -> None:
    """Refuse ``ev`` if it may not follow ``state``; the one place the rules are applied."""
    fw = case.fw
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
    if ev.date < case.record_start:
        what = f"converted to {case.framework}" if case.converted else "opened"
        raise RefusedError(f"dated {uk(ev.date)}, before the case was {what} ({uk(case.record_start)})")

    if ev.event in fw.milestone_ids:
        _check_milestone(case, state, ev)
        return

    move = fw.move(ev.from_, ev.to)
    if move is None:
        allowed = ", ".join(fw.moves_from(ev.from_)) or f"none ({fw.process.by_short}'s milestones only)"
        raise RefusedError(f"cannot move from {ev.from_} to {ev.to}; from {ev.from_} the moves are: {allowed}")
    if move.kind != ev.event:
        raise RefusedError(f"a move from {ev.from_} to {ev.to} is recorded as {move.kind}, not {ev.event}")
    _check_needs(case, move, ev)
    if move.kind == "request-assessment":
        if ev.requested_by is None:
            raise RefusedError(f"a request for {fw.process.name} must say who made it", Hint(field="requested_by"))
        if ev.requested_by not in move.requested_by:
            raise RefusedError(
                f"a request for {fw.process.name} is made by one of: {', '.join(move.requested_by)}",
                Hint(field="requested_by"),
            )
        possible = _repeat_possible(fw, state.assessment_done)
        if state.assessment_done is not None and possible is not None and ev.date < possible:
            raise RefusedError(
                f"an assessment was completed on {uk(state.assessment_done)}; a new request "
                f"can be made from {uk(possible)} ({iso(possible)})"
            )
    elif ev.requested_by is not None:
        raise RefusedError("only a request for assessment has requested_by")
    if ev.outcome is not None:
        raise RefusedError(f"only an {fw.process.by_short.removeprefix('the ')} milestone has an outcome")
    if ev.not_consulted:
        _check_not_consulted(ev)
    elif move.consultation:
        _check_consultation(case, state, ev)


def _check_not_consulted(ev: Event) -> None:
    """A move recorded as made without consulting the parents relies on no consultation, and is
    not a parent's own request (which is itself their say)."""
    if ev.consultation is not None:
        raise RefusedError(
            f"recorded as made without consulting the parents, it cannot also rely on consultation {ev.consultation}"
        )
    if ev.requested_by == "parent":
        raise RefusedError("a parent's own request cannot be recorded as made without consulting the parents")


def _check_needs(case: Case, move: MoveDef, ev: Event) -> None:
    """What the framework says this move needs: a reason, evidence, an outside professional."""
    if move.reason and not ev.reason:
        raise RefusedError(f"a move to {ev.to} needs a reason", Hint(field="reason"))
    if move.evidence and not ev.evidence:
        raise RefusedError(f"a move to {ev.to} needs evidence of {move.evidence}", Hint(field="evidence"))
    if move.professional and not any(p.requested <= ev.date for p in case.professionals):
        raise RefusedError(
            f"a move to {ev.to} needs at least one outside professional involved by then",
            Hint(field="professional", action="add-professional", args={"child": case.id}),
        )


def needs(case: Case, to: str) -> list[str]:
    """What a move of ``case`` to ``to`` needs from the person making it: fields among
    ``reason``, ``evidence``, ``requested_by`` (empty when there is no such move)."""
    state = replay(case)
    move = case.fw.move(state.stage, to)
    if move is None:
        return []
    found = []
    if move.reason:
        found.append("reason")
    if move.evidence:
        found.append("evidence")
    if move.kind == "request-assessment":
        found.append("requested_by")
    return found


def _check_consultation(case: Case, state: _State, ev: Event) -> None:
    if ev.consultation is None:
        raise RefusedError(
            f"the parents were not consulted on this {ev.event}: no consultation with a parent "
            + (f"since {uk(state.last_date)} " if state.last_date else "")
            + f"on or before {uk(ev.date)} that an earlier move has not relied on",
            _consult_hint(case, ev.date),
        )
    n = ev.consultation
    if n > len(case.consultations):
        raise RefusedError(f"relies on consultation {n}, but the case has {len(case.consultations)}")
    if n in state.used:
        raise RefusedError(f"relies on consultation {n}, which an earlier move already relied on")
    c = case.consultations[n - 1]
    if not _is_parent_consultation(case, c):
        raise RefusedError(
            f"relies on consultation {n}, which names no parent or carer on the case",
            Hint(action="add-parent-aside", args={"child": case.id}),
        )
    if c.date > ev.date or (state.last_date is not None and c.date < state.last_date):
        raise RefusedError(
            f"relies on consultation {n} of {uk(c.date)}, which is not between the previous step and this one"
        )


def _check_milestone(case: Case, state: _State, ev: Event) -> None:
    fw = case.fw
    name = ev.event
    if state.stage != fw.process.stage or state.open_request is None:
        raise RefusedError(
            f"no {fw.process.name} is open; request one first",
            Hint(action="request", args={"child": case.id, "to": fw.process.stage, "who": "|".join(fw.requesters)}),
        )
    allowed = fw.allowed_next(state.last_milestone)
    if name not in allowed:
        raise RefusedError(f"{name} is out of order: the next milestone of this assessment is {' or '.join(allowed)}")
    outcomes = [o.id for o in fw.milestone(name).outcomes]
    if ev.outcome not in outcomes:
        raise RefusedError(f"{name} needs {{field}}, one of: {', '.join(outcomes)}", Hint(field="outcome"))
    expected_to = _outcome_stage(fw, state, name, ev.outcome)
    if ev.to != expected_to:
        raise RefusedError(f"{name} ({ev.outcome}) takes the child to {expected_to}, not {ev.to}")
    if ev.consultation is not None or ev.requested_by is not None or ev.evidence or ev.not_consulted:
        raise RefusedError(f"{name} is {possessive_by(fw)} decision: it has no consultation, requester or evidence")


def possessive_by(fw: Framework) -> str:
    return f"{fw.process.by_short}'s"


def _outcome_stage(fw: Framework, state: _State, milestone: str, outcome: str) -> str:
    target = fw.outcome_target(milestone, outcome)
    if target == "back":
        return state.before_request
    if target == "plan":
        return fw.plans.statutory.stage
    return fw.process.stage


def _apply(case: Case, state: _State, ev: Event) -> None:
    fw = case.fw
    if ev.event == "request-assessment":
        state.before_request = ev.from_
        state.open_request = ev.date
        state.last_milestone = None
    elif ev.event in fw.milestone_ids and ev.outcome is not None:
        _reach(fw, state, ev.event, ev.outcome, ev.date)
        if ev.to != fw.process.stage:
            state.open_request = None
    if ev.consultation is not None:
        state.used.add(ev.consultation)
    state.stage = ev.to
    state.last_date = ev.date


def _reach(fw: Framework, state: _State, milestone: str, outcome: str, on: date) -> None:
    """Note a milestone reached; the assessment is done when the process first reaches its
    ``completes`` milestone or one after it (a skippable one may be passed over)."""
    done_at = fw.milestone_ids.index(fw.process.completes)
    before = -1 if state.last_milestone is None else fw.milestone_ids.index(state.last_milestone[0])
    if before < done_at <= fw.milestone_ids.index(milestone):
        state.assessment_done = on
    state.last_milestone = (milestone, outcome)


def replay(case: Case) -> _State:
    """Check the whole history against the rules; raise naming the first bad entry."""
    state = _start(case)
    for index, ev in enumerate(case.history):
        try:
            _check(case, state, ev)
        except RefusedError as exc:
            raise RefusedError(f"history[{index}] ({ev.event} on {iso(ev.date)}): {exc}") from None
        _apply(case, state, ev)
    return state


def ensure_open(case: Case) -> None:
    """Refuse any change to the record of a child who has left (it is kept as it is)."""
    if case.left is not None:
        raise RefusedError(f"{case.name} left on {uk(case.left.date)}; the record is closed and kept as it is")


def _repeat_possible(fw: Framework, assessment_done: date | None) -> date | None:
    return fw.process.repeat_request.after(assessment_done) if assessment_done is not None else None


def last_assessment_done(case: Case) -> date | None:
    """The date the statutory process last completed its assessment of the child, if it ever did."""
    return replay(case).assessment_done


def repeat_request_possible_from(case: Case) -> date | None:
    """The first day a new request may be made (the framework's wait after the last assessment
    was completed), or None when no assessment has been completed."""
    return _repeat_possible(case.fw, replay(case).assessment_done)


def open_assessment_request(case: Case) -> date | None:
    """The request date of the statutory process in progress, if any."""
    return replay(case).open_request


def stage_since(case: Case) -> date:
    """When the child first reached their current stage. Unlike ``Case.since`` (the last stage
    change), a statutory process that ended back at the stage before its request (a refusal to
    assess, a note in lieu) does not restart that stage: the child has been there since they
    first reached it (a move, or the entry's ``since``)."""
    fw = case.fw
    e = case.entered
    since = e.since if e is not None else case.opened
    before: tuple[str, date] | None = None  # the stage before an open request, and since when
    for ev in case.history:
        if ev.from_ == ev.to:
            continue
        if ev.event == "request-assessment":
            before = (ev.from_, since)
        elif ev.event in fw.milestone_ids and before is not None and ev.to == before[0]:
            since, before = before[1], None
            continue
        since = ev.date
    return since


def not_consulted_on(case: Case) -> date | None:
    """The date of the move that brought the child to their current stage, when it was recorded
    as made without consulting the parents (None otherwise)."""
    since = stage_since(case)
    for ev in reversed(case.history):
        if ev.date < since:
            break
        if ev.not_consulted and ev.to == case.stage:
            return ev.date
    return None


def last_refusal(case: Case) -> Event | None:
    """The latest decision of the statutory process's first milestone that sent the child back
    to the stage before the request (a refusal to assess), if any."""
    fw = case.fw
    first = fw.process.milestones[0].id
    for ev in reversed(case.history):
        if ev.event == first and ev.outcome is not None and fw.outcome_target(first, ev.outcome) == "back":
            return ev
    return None


def request_event(case: Case) -> Event | None:
    """The request of the statutory process in progress (None when none is open, or when the
    child was entered under it)."""
    if replay(case).open_request is None:
        return None
    for ev in reversed(case.history):
        if ev.event == "request-assessment":
            return ev
    return None


def next_milestone(case: Case) -> str | None:
    """The next milestone of the open statutory process, if one is open."""
    state = replay(case)
    if state.open_request is None:
        return None
    return case.fw.next_milestone(state.last_milestone)


def check_stage(case: Case, value: str, field: str = "to") -> str:
    """A stage name from the user: one of the case's framework's stages, else exit 2 listing them."""
    fw = case.fw
    if value not in fw.stage_ids:
        raise UsageError(
            f"{{field}}: {value!r} is not a stage of {fw.id}; its stages are: {', '.join(fw.stage_ids)}",
            Hint(field=field),
        )
    return value


def advance(
    case: Case,
    *,
    to: str,
    on: date,
    reason: str | None = None,
    evidence: Sequence[str] = (),
    requested_by: str | None = None,
    consultation: int | None = None,
    professionals: Iterable[Professional] = (),
    parent_name: str | None = None,
    kind: str | None = None,
    not_consulted: bool = False,
) -> Case:
    """Move the child to ``to`` on ``on``; return the new case or raise RefusedError.

    ``consultation`` picks the consultation the move relies on; by default the earliest one
    with a parent since the previous step that no move has relied on yet. A request for
    assessment by a parent records the parent's request as their own consultation
    (``parent_name``, default the first parent on the case). ``kind`` is the kind of move the
    user meant (escalate, step-down, cease, request-assessment); a move of another kind in the
    framework's table is refused, with a hint naming the right kind. ``not_consulted`` records
    a move the school made without consulting the parents (a parent's record of what happened):
    it relies on no consultation, and is refused with one (never the default).
    """
    ensure_open(case)
    if case.history:
        last = case.history[-1]
        if (
            (last.date, last.to, last.reason, last.evidence, last.requested_by, bool(last.not_consulted))
            == (on, to, reason, list(evidence), requested_by, not_consulted)
            and (kind is None or _family(last.event) == _family(kind))
            and last.from_ != last.to
        ):
            raise AlreadyRecorded()  # the same move on the same day, every field equal: a re-run
    fw = case.fw
    check_stage(case, to)
    state = replay(case)
    new = case.model_copy(deep=True)
    known = {_norm(p.name) for p in new.professionals}
    new.professionals.extend(p for p in professionals if _norm(p.name) not in known)
    move = fw.move(state.stage, to)
    if move is None:
        if state.stage == to:
            raise RefusedError(f"{case.name} is already at {to}")
        if to == fw.plans.statutory.stage:
            raise RefusedError(
                f"only {fw.process.by_short} makes a {fw.plans.statutory.name}, after deciding to assess: "
                f"request a {fw.process.name}",
                Hint(action="request-then-milestones", args={"child": case.id, "to": fw.process.stage}),
            )
        allowed = (
            ", ".join(fw.moves_from(state.stage)) or f"none: {possessive_by(fw)} milestones decide what comes next"
        )
        raise RefusedError(
            f"cannot move {case.name} from {state.stage} to {to}; from {state.stage} the moves are: {allowed}"
        )
    if kind is not None and _family(move.kind) != _family(kind):
        raise RefusedError(
            f"cannot move {case.name} from {state.stage} to {to}",
            Hint(field="to", action=move.kind, args={"child": case.id, "to": to, "given": kind}),
        )
    if not_consulted and consultation is not None:
        raise UsageError(
            f"{{field}}: a move made without consulting the parents relies on no consultation, "
            f"but consultation {consultation} was given; give one or the other",
            Hint(field="not_consulted"),
        )
    if not_consulted and requested_by == "parent":
        raise UsageError(
            "{field}: a parent's own request is itself their say; it cannot be made without consulting them",
            Hint(field="not_consulted"),
        )
    if move.kind == "request-assessment" and requested_by == "parent":
        if not case.parents and parent_name is None:
            raise RefusedError(
                "the case names no parent to make the request", Hint(action="add-parent", args={"child": case.id})
            )
        who = parent_name or case.parents[0].name
        new.consultations.append(
            Consultation(
                date=on,
                with_=[who],
                method="letter",
                summary=f"Parent requested a {fw.process.name}",
            )
        )
        consultation = len(new.consultations)
    elif consultation is None and move.consultation and not not_consulted:
        eligible = _eligible(new, state, on)
        consultation = eligible[0] if eligible else None
    ev = Event(
        date=on,
        event=move.kind,
        from_=state.stage,
        to=to,
        reason=reason,
        evidence=list(evidence),
        requested_by=requested_by,
        consultation=consultation,
        not_consulted=True if not_consulted else None,
    )
    _check(new, state, ev)
    new.history.append(ev)
    return new


def _family(kind: str) -> str:
    """Kinds made the same way: a request is an escalation."""
    return "escalate" if kind == "request-assessment" else kind


def record_milestone(case: Case, *, milestone: str, on: date, outcome: str | None = None) -> Case:
    """Record the next milestone of the open statutory process."""
    ensure_open(case)
    fw = case.fw
    if milestone not in fw.milestone_ids:
        raise UsageError(
            f"{{field}}: {milestone!r} is not a milestone of {fw.id}; its milestones are: {', '.join(fw.milestone_ids)}",
            Hint(field="milestone"),
        )
    if case.history:
        last = case.history[-1]
        if (last.event, last.date) == (milestone, on) and outcome in (None, last.outcome):
            raise AlreadyRecorded()  # the same milestone on the same day: a re-run
    state = replay(case)
    outcomes = [o.id for o in fw.milestone(milestone).outcomes]
    if outcome is None and len(outcomes) == 1:
        outcome = outcomes[0]
    if outcome is not None and outcome in outcomes:
        to = _outcome_stage(fw, state, milestone, outcome)
    else:
        to = state.stage
    ev = Event(date=on, event=milestone, from_=state.stage, to=to, outcome=outcome)
    _check(case, state, ev)
    new = case.model_copy(deep=True)
    new.history.append(ev)
    return new


def enter(
    case: Case,
    *,
    stage: str,
    since: date | None = None,
    last_annual_review: date | None = None,
    requested: date | None = None,
    requested_by: str | None = None,
    before_request: str | None = None,
    milestones: Sequence[tuple[str, date, str | None]] = (),
) -> Case:
    """Open ``case`` (new, with no history) at the stage the child is already at.

    A statutory plan gives ``since`` (the day it was made final) and ``last_annual_review``;
    an assessment in progress gives ``requested``, ``requested_by`` and the milestones already
    reached (``(milestone, date, outcome)``; a milestone with one outcome may leave it None).
    This is not a move: it needs no consultation and no evidence.
    """
    from senpath.models import ReachedMilestone

    fw = case.fw
    check_stage(case, stage, "stage")
    if case.history or case.entered is not None:
        raise RefusedError(f"{case.name} already has a stage history; a starting entry opens a new record only")
    if stage == fw.start:
        return case
    if stage == fw.process.stage:
        if requested is None:
            raise UsageError(f"a child entered under {fw.process.name} needs the request date", Hint(field="requested"))
        if requested_by is None:
            raise UsageError(
                f"a child entered under {fw.process.name} needs who made the request", Hint(field="requested_by")
            )
        if requested_by not in fw.requesters:
            raise UsageError(
                f"{{field}}: {requested_by!r} is not one of: {', '.join(fw.requesters)}", Hint(field="requested_by")
            )
        since = requested if since is None else since
    elif since is None:
        raise UsageError(f"say since when the child has been at {stage}", Hint(field="since"))
    reached = []
    for milestone, day, outcome in milestones:
        if milestone not in fw.milestone_ids:
            raise UsageError(
                f"{{field}}: {milestone!r} is not a milestone of {fw.id}; its milestones are: "
                f"{', '.join(fw.milestone_ids)}",
                Hint(field="milestone"),
            )
        options = [o.id for o in fw.milestone(milestone).outcomes]
        chosen = outcome if outcome is not None else (options[0] if len(options) == 1 else None)
        if chosen is None or chosen not in options:
            raise UsageError(f"{milestone} needs an outcome, one of: {', '.join(options)}", Hint(field="milestone"))
        reached.append(ReachedMilestone(milestone=milestone, date=day, outcome=chosen))
    new = case.model_copy(deep=True)
    new.entered = Entry(
        stage=stage,
        since=since,
        last_annual_review=last_annual_review,
        requested=requested,
        requested_by=requested_by,
        before_request=before_request,
        milestones=reached,
    )
    found = entry_problems(new)
    if found:
        raise RefusedError(found[0])
    return new


def parse_reached(spec: str) -> tuple[str, date, str | None]:
    """``MILESTONE:YYYY-MM-DD[:OUTCOME]`` -> (milestone, date, outcome)."""
    from senpath.dates import parse_iso

    parts = spec.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise UsageError(
            f"{{field}} {spec!r}: use MILESTONE:YYYY-MM-DD[:OUTCOME], e.g. assessment-decision:2026-09-10:assess",
            Hint(field="reached"),
        )
    return parts[0], parse_iso(parts[1], "reached"), (parts[2] or None) if len(parts) == 3 else None


def convert(case: Case, *, framework: str, on: date, note: str | None = None) -> Case:
    """The case moved to ``framework`` on ``on``, by the target framework's ``conversions``.

    What the child had under the earlier framework (its starting entry, stage history, school
    plans and annual reviews) is kept, as it was, in a new ``converted`` entry; the record
    carries on under the new framework from the stage the conversion table names, entered on
    ``on`` (a statutory plan converted through a transfer review is made on that day, and its
    annual review follows from it). Consultations, professionals and letters stay where they
    are. A child the target cannot express (no row for their stage, e.g. an assessment in
    progress) is refused with the reason.
    """
    from senpath.framework import get

    ensure_open(case)
    target = get(framework)
    if framework == case.framework:
        raise RefusedError(f"{case.name}'s record already follows {framework}")
    rule = target.conversion_from(case.framework)
    if rule is None:
        raise RefusedError(
            f"{target.id} says nothing about records under {case.framework}: senpath cannot convert them",
            Hint(field="framework"),
        )
    state = replay(case)
    if state.stage not in rule.stages:
        raise RefusedError(
            f"{target.id} cannot express {case.name}'s stage under {case.framework} "
            f"({stage_name(case)}): {rule.refused}"
        )
    if on < case.record_start or (case.history and on < case.history[-1].date):
        raise RefusedError(f"{{opt:date}} {uk(on)} is before the last entry of {case.name}'s record")
    to = rule.stages[state.stage]
    from senpath.models import Conversion

    new = case.model_copy(deep=True)
    new.converted.append(
        Conversion(
            date=on,
            from_framework=case.framework,
            stage=state.stage,
            to=to,
            note=note or rule.how,
            entered=new.entered,
            history=new.history,
            ieps=new.ieps,
            annual_reviews=new.annual_reviews,
        )
    )
    new.framework = framework
    new.history, new.ieps, new.annual_reviews = [], [], []
    new.entered = None if to == target.start else Entry(stage=to, since=on)
    return new
