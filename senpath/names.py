"""The names a case file uses that its framework must have: stages, moves, milestones, outcomes,
requesters, exceptions, phase transfers and letters (pure data checks: no rules of the record).

``raw_name_problems`` reads a file's data before (or when) the model refuses it, so a bad name
is reported with its field path, worded as the model words a bad choice.
"""

from __future__ import annotations

from typing import Any


def should_be(value: str, allowed: tuple[str, ...], fw_id: str) -> str:
    """Worded as the model words a bad choice, naming the framework the names come from."""
    listed = ", ".join(repr(x) for x in allowed[:-1]) + (" or " if len(allowed) > 1 else "") + repr(allowed[-1])
    return f"Input should be {listed} (the names of {fw_id}); {value!r} is not one"


def raw_name_problems(raw: dict[str, Any]) -> list[str]:
    """Every stage, move, milestone, outcome and requester name in a case file's data that its
    framework does not have, one line each with the field path (the data need not be valid)."""
    from senpath.framework import DEFAULT_FRAMEWORK, FrameworkError, get

    fw_id = raw.get("framework", DEFAULT_FRAMEWORK)
    if not isinstance(fw_id, str):
        return []
    try:
        fw = get(fw_id)
    except FrameworkError as exc:
        return [f"framework: {exc.problem}"] if not exc.problem.startswith("framework:") else [exc.problem]
    found: list[str] = []

    def check(path: str, value: object, allowed: tuple[str, ...]) -> None:
        if isinstance(value, str) and value not in allowed:
            found.append(f"{path}: {should_be(value, allowed, fw.id)}")

    stages, events, outcomes = fw.stage_ids, fw.event_names(), fw.outcome_names()
    history = raw.get("history")
    for i, ev in enumerate(history if isinstance(history, list) else []):
        if not isinstance(ev, dict):
            continue
        check(f"history[{i}].event", ev.get("event"), events)
        check(f"history[{i}].from", ev.get("from"), stages)
        check(f"history[{i}].to", ev.get("to"), stages)
        check(f"history[{i}].outcome", ev.get("outcome"), outcomes)
        check(f"history[{i}].requested_by", ev.get("requested_by"), fw.requesters)
    e = raw.get("entered")
    if isinstance(e, dict):
        check("entered.stage", e.get("stage"), stages)
        check("entered.before_request", e.get("before_request"), stages)
        check("entered.requested_by", e.get("requested_by"), fw.requesters)
        milestones = e.get("milestones")
        for i, m in enumerate(milestones if isinstance(milestones, list) else []):
            if isinstance(m, dict):
                check(f"entered.milestones[{i}].milestone", m.get("milestone"), fw.milestone_ids)
                check(f"entered.milestones[{i}].outcome", m.get("outcome"), outcomes)
    plan = fw.plans.statutory
    excepted = tuple(m.id for m in fw.process.milestones if m.exception)
    for key, field, allowed, what in (
        ("exceptions", "milestone", excepted, "exceptions"),
        ("transfers", "transfer", tuple(t.id for t in plan.phase_transfers), "phase transfers"),
    ):
        items = raw.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                if not allowed:
                    found.append(f"{key}[{i}]: {fw.id} has no {what}")
                else:
                    check(f"{key}[{i}].{field}", item.get(field), allowed)
    letters = raw.get("correspondence")
    for i, letter in enumerate(letters if isinstance(letters, list) else []):
        if isinstance(letter, dict) and fw.letters:
            check(f"correspondence[{i}].kind", letter.get("kind"), fw.letters)
    return found
