"""The command line's words for the domain's hints: option names and ``senpath ...`` commands.

The domain raises errors that say what is wrong and carry a :class:`~senpath.errors.Hint` (the
field, the action that would fix it); this module is the one place that turns a hint into the
words a user types. A problem may hold ``{field}`` where the option's name belongs (otherwise a
field hint is added in brackets), ``{opt:FIELD}`` for the option of another field, and
``{cmd:ACTION}`` for the command that does an action (``{cmd:show}`` is ``senpath show``). Example::

    words("a move to action needs a reason", Hint(field="reason"))
    # 'a move to action needs a reason (--reason)'
"""

from __future__ import annotations

import re

from senpath.errors import Hint

# The option that gives each field, where it is not simply --field-name.
OPTIONS: dict[str, str] = {"professional": "--professional", "review_decision": "--decision"}

# The command that makes each kind of move.
COMMAND_FOR_KIND: dict[str, str] = {
    "escalate": "escalate",
    "request-assessment": "escalate",
    "step-down": "step-down",
    "cease": "cease",
}


# Hints that end in a command: the words appended to the problem.
COMMANDS: dict[str, str] = {
    "iep-new": ': senpath iep new {child} --start YYYY-MM-DD --target "..."',
    "iep-review": " (senpath iep review {child} ...) or give --evidence",
    "milestone": ": senpath assessment {child} --milestone {milestone} ...)",
    "professional-seen": ': senpath professional seen {child} "{name}" --date DATE',
    "professional-add": "; add one with senpath professional add",
    "add-parent-quoted": ': senpath update {child} --add-parent "NAME"',
    "add-concern": ': senpath update {child} --add-concern "CONCERN"',
    "add-concern-or-diagnosis": ': senpath update {child} --add-concern "CONCERN" (or --add-diagnosis)',
    "set-senco": ': senpath update {child} --senco "NAME" (or --head-teacher "NAME")',
    "give-id": "; give one with --id (e.g. --id child-1)",
    "add-diagnosis": ': senpath update {child} --add-diagnosis "DIAGNOSIS"',
    "iep-review-record": ": senpath iep review {child} --date YYYY-MM-DD ...",
}


def option(field: str) -> str:
    return OPTIONS.get(field, "--" + field.rstrip("_").replace("_", "-"))


def placeholders(text: str) -> str:
    """``{opt:FIELD}`` and ``{cmd:ACTION}`` in a domain's message, in the command line's words."""
    text = re.sub(r"\{opt:([a-z_]+)\}", lambda m: option(m[1]), text)
    return re.sub(r"\{cmd:([a-z][a-z -]*)\}", lambda m: "senpath " + m[1], text)


def words(problem: str, hint: Hint) -> str:
    """The line a user sees: the problem with the hint in the CLI's words."""
    a = dict(hint.args)
    child = a.get("child", "CHILD")
    names_its_option = hint.field is not None and "{opt:" + hint.field + "}" in problem
    problem = placeholders(problem)
    if names_its_option and hint.action is None:  # the option is in the words already: not again in brackets
        return problem
    template = COMMANDS.get(hint.action or "")
    if template is not None:
        return problem + template.format_map({**a, "child": child})
    if "{field}" in problem:
        problem = problem.replace("{field}", option(hint.field or "value"))
        if hint.action is None:
            return problem
    action = hint.action
    if hint.field is None and action is None:
        return problem
    if action == "consult":
        return (
            f"{problem}. Record one first: senpath consult {child} --date {a.get('date', 'YYYY-MM-DD')} "
            f'--with "{a.get("parent", "PARENT NAME")}" --method meeting --summary "What was agreed"'
        )
    if action == "add-professional":
        return (
            f"{problem}: senpath professional add {child} --role ROLE --name NAME --requested DATE, "
            "or --professional ROLE:NAME"
        )
    if action == "add-parent":
        return f"{problem}; add one: senpath update {child} --add-parent NAME"
    if action == "add-parent-aside":
        return f"{problem} (add one with: senpath update {child} --add-parent NAME)"
    if action == "request":
        return f"{problem} (senpath escalate {child} --to {a.get('to', 'STAGE')} --requested-by {a.get('who', 'WHO')})"
    if action == "request-then-milestones":
        return (
            f"{problem} (senpath escalate {child} --to {a.get('to', 'STAGE')} --requested-by ...), "
            f"then record its milestones with senpath assessment {child} --milestone ..."
        )
    if action in COMMAND_FOR_KIND:
        given = COMMAND_FOR_KIND.get(a.get("given", ""), a.get("given", ""))
        right = COMMAND_FOR_KIND[action]
        return f"senpath {given} {problem}; use: senpath {right} {child} --to {a.get('to', 'STAGE')}"
    if hint.field is not None:
        return f"{problem} ({option(hint.field)})"
    return problem  # pragma: no cover - every hint has a field or an action


# The option that gives each field of a case, per command (the first part of the field's path).
FIELD_OPTIONS: dict[str, dict[str, str]] = {
    "new-child": {"parents": "--parent", "concerns": "--concern", "diagnoses": "--diagnosis", "settings": "--school"},
    "update": {
        "parents": "--add-parent",
        "concerns": "--add-concern",
        "diagnoses": "--add-diagnosis",
        "settings": "--school",
    },
}


def option_for_path(command: str | None, loc: tuple[int | str, ...]) -> str:
    """The option that gave the value at ``loc`` (a pydantic error's path) in ``command``:
    ``("parents", 0, "name")`` in new-child is ``--parent``, not ``--name``."""
    names = [str(part) for part in loc if isinstance(part, str)]
    if not names:
        return "--value"
    by_command = FIELD_OPTIONS.get(command or "", {})
    if names[0] in by_command:
        if names[0] == "settings" and names[-1] == "setting":
            return "--setting"
        return by_command[names[0]]
    return option(names[-1])
