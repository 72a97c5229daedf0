"""Cross-entry checks of a whole record: what a single field cannot say on its own.

``problems(case)`` returns one line per problem, each with the field path; the store
refuses to load (or write) a record with any. The stage rules themselves are in
``stages``; this module only runs them over a loaded file, with the other checks.
"""

from __future__ import annotations

from senpath.dates import uk
from senpath.errors import RefusedError
from senpath.ieps import problems as iep_problems
from senpath.models import Case
from senpath.names import raw_name_problems, should_be
from senpath.stages import entry_problems, replay


def name_problems(case: Case) -> list[str]:
    """:func:`raw_name_problems` of a loaded case."""
    return raw_name_problems(case.to_toml_dict())


def problems(case: Case) -> list[str]:
    found: list[str] = name_problems(case)
    if found:
        return found  # the rules below read these names
    found.extend(entry_problems(case))
    if case.opened < case.dob:
        found.append(f"opened: {uk(case.opened)} is before the date of birth ({uk(case.dob)})")
    if case.settings[0].date != case.opened:
        found.append(
            f"settings[0].date: the first setting starts {uk(case.settings[0].date)}, "
            f"but the case opened {uk(case.opened)}; they must be the same day"
        )
    for i in range(1, len(case.settings)):
        if case.settings[i].date < case.settings[i - 1].date:
            found.append(f"settings[{i}].date: before the setting above it; settings are in date order")
    for i, c in enumerate(case.consultations):
        if c.date < case.dob:
            found.append(f"consultations[{i}].date: before the child's date of birth")
    for i, p in enumerate(case.professionals):
        for j, v in enumerate(p.visits):
            if v.date < p.requested:
                found.append(f"professionals[{i}].visits[{j}].date: before the professional was requested")
    if case.left is not None and case.left.date < case.opened:
        found.append("left.date: before the case was opened")
    if case.left is not None:
        for path, day, what in case.dated_entries():
            if path != "opened" and day > case.left.date:
                found.append(f"{path}: {what} ({uk(day)}) is after the child left ({uk(case.left.date)})")
    decisions = case.fw.plans.statutory.review_decisions
    for i, ar in enumerate(case.annual_reviews):
        if ar.decision is not None and ar.decision not in decisions:
            found.append(
                f"annual_reviews[{i}].decision: {should_be(ar.decision, decisions, case.fw.id)}"
                if decisions
                else f"annual_reviews[{i}].decision: {case.fw.id} records no decision after an annual review"
            )
        if ar.decided is not None and ar.decided < ar.date:
            found.append(f"annual_reviews[{i}].decided: before the review meeting ({uk(ar.date)})")
        if (ar.decided is None) != (ar.decision is None):
            found.append(f"annual_reviews[{i}]: a decision and the day it was notified (decided) go together")
        if ar.amended is not None and (ar.decision != "amend" or ar.decided is None or ar.amended < ar.decided):
            found.append(f"annual_reviews[{i}].amended: needs a decision to amend notified on or before it")
    try:
        replay(case)
    except RefusedError as exc:
        found.append(str(exc))
    found.extend(iep_problems(case))  # IEPs, their reviews, annual reviews
    found.extend(conversion_problems(case))
    return found


def conversion_problems(case: Case) -> list[str]:
    """The earlier record kept with each conversion, checked against its own framework's rules."""
    from senpath.framework import FrameworkError, get

    found: list[str] = []
    before = case.opened
    for i, conv in enumerate(case.converted):
        where = f"converted[{i}]"
        if conv.date < before:
            found.append(f"{where}.date: before the conversion or opening above it ({uk(before)})")
        before = conv.date
        try:
            fw = get(conv.from_framework)
        except FrameworkError as exc:
            found.append(f"{where}.from: {exc.problem}")
            continue
        target = case.converted[i + 1].from_framework if i + 1 < len(case.converted) else case.framework
        rule = get(target).conversion_from(fw.id) if target in _known() else None
        if rule is None or rule.stages.get(conv.stage) != conv.to:
            found.append(f"{where}: {target} does not convert {fw.id}'s {conv.stage!r} to {conv.to!r}")
        old = case.before_conversion(i)
        names = raw_name_problems(old.to_toml_dict())
        if names:
            found.extend(f"{where}.{p}" for p in names)
            continue
        try:
            state = replay(old)
        except RefusedError as exc:
            found.append(f"{where}.{exc}")
            continue
        if state.stage != conv.stage:
            found.append(f"{where}.stage: the earlier history ends at {state.stage!r}, not {conv.stage!r}")
        if conv.history and conv.history[-1].date > conv.date:
            found.append(f"{where}.date: before the last entry of the earlier history")
    return found


def _known() -> list[str]:
    from senpath.framework import known

    return known()
