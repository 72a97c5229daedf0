"""The command index: every command of senpath, and the module that defines it, in one map.

A newcomer finds every command here. Nothing registers itself by being imported: the root group
(``senpath.cli.LazyGroup``) asks ``load(name)`` for the command being run, which imports only
its module. Each value is ``"module:attr"``, ``attr`` being the module's Typer app that holds
the command (a group such as ``professional`` is one of its entries).
"""

from __future__ import annotations

from typing import Any

COMMANDS: dict[str, str] = {  # in the order --help lists them
    "new-child": "senpath.cli.cases:app",
    "consult": "senpath.cli.cases:app",
    "escalate": "senpath.cli.cases:app",
    "step-down": "senpath.cli.cases:app",
    "cease": "senpath.cli.cases:app",
    "assessment": "senpath.cli.cases:app",
    "update": "senpath.cli.cases:app",
    "leave": "senpath.cli.cases:app",
    "parent": "senpath.cli.records:app",
    "correct": "senpath.cli.records:app",
    "remove": "senpath.cli.records:app",
    "undo": "senpath.cli.records:app",
    "return": "senpath.cli.records:app",
    "rename": "senpath.cli.records:app",
    "list": "senpath.cli.cases:app",
    "show": "senpath.cli.cases:app",
    "find": "senpath.cli.records:app",
    "import": "senpath.cli.records:app",
    "validate": "senpath.cli.safety:app",
    "history": "senpath.cli.safety:app",
    "edit": "senpath.cli.safety:app",
    "letter": "senpath.cli.letters:app",
    "prep": "senpath.cli.letters:app",
    "letters": "senpath.cli.letters:app",
    "annual-review": "senpath.cli.ieps:app",
    "reviews": "senpath.cli.reviews:app",
    "provision": "senpath.cli.report:app",
    "report": "senpath.cli.report:app",
    "init": "senpath.cli.register:app",
    "professional": "senpath.cli.cases:app",
    "iep": "senpath.cli.ieps:app",
    "frameworks": "senpath.cli.frameworks:app",
    "convert": "senpath.cli.statutory:app",
    "exception": "senpath.cli.statutory:app",
    "review-decision": "senpath.cli.statutory:app",
    "amended-plan": "senpath.cli.statutory:app",
    "transfer": "senpath.cli.statutory:app",
    "mediation": "senpath.cli.statutory:app",
}

_GROUPS: dict[str, Any] = {}


def load(name: str) -> Any:
    """The click command called ``name`` (None when there is none), importing only its module."""
    import typer.main

    target = COMMANDS.get(name)
    if target is None:
        return None
    if target not in _GROUPS:
        module, attr = target.split(":")
        loaded = __import__(module, fromlist=[attr])  # an import statement's path (python -X importtime sees it)
        _GROUPS[target] = typer.main.get_group(getattr(loaded, attr))
    return _GROUPS[target].commands.get(name)
