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
from senpath.stages import replay


def problems(case: Case) -> list[str]:
    found: list[str] = []
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
    try:
        replay(case)
    except RefusedError as exc:
        found.append(str(exc))
    found.extend(iep_problems(case))  # IEPs, their reviews, annual reviews
    return found
