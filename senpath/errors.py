"""The one error tree.

Every failure a user can cause is a :class:`SenpathError` with an exit code.
The CLI catches them in one place (``cli.SenpathGroup.invoke``) and prints one
line to stderr; nothing else in the package prints errors.

Exit codes (documented in the README):

====  =======================================================================
0     ok
1     other error: no such child, a case that already exists, a lock not
      obtained, a letter that lacks an item, git missing
2     usage: a bad option or value that is wrong whatever the record says
3     refused by the rules of the record (stage machine, consultations,
      review intervals)
4     a case file is invalid or unreadable
====  =======================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_INVALID = 4


NO_ARGS: Mapping[str, str] = MappingProxyType({})


class Hint(NamedTuple):  # a NamedTuple, not a dataclass: importing dataclasses costs a warm run ~5 ms
    """What would fix an error, in the domain's terms: the CLI words it (``senpath.hints``).

    ``field`` names the input that is wrong or missing (``reason``, ``evidence``, ``to``);
    ``action`` the change that would put it right (``consult``, ``add-professional``, a kind
    of move...), with ``args`` for it (the child's id, a date, a parent's name).
    """

    field: str | None = None
    action: str | None = None
    args: Mapping[str, str] = NO_ARGS


# How ``str()`` of an error words its hint: the problem alone here, where nothing of the command line
# is known; ``senpath.hints`` (the CLI's words: options, commands) installs itself when the package loads.
_wording: list[Callable[[str, Hint], str]] = []


def set_wording(wording: Callable[[str, Hint], str]) -> None:
    """Word every error's hint with ``wording`` (``senpath.hints.words``) from now on."""
    _wording[:] = [wording]


def worded(problem: str, hint: Hint | None = None) -> str:
    """A problem with its hint and its ``{opt:...}``/``{cmd:...}`` placeholders in the installed words."""
    if (hint is None and "{opt:" not in problem and "{cmd:" not in problem) or not _wording:
        return problem
    return _wording[0](problem, hint or Hint())


class SenpathError(Exception):
    """Base of every error senpath reports to a user.

    ``problem`` says what is wrong; ``hint`` (optional) what would fix it. ``str()`` is the
    line a user sees: the problem with the hint in the CLI's words.
    """

    exit_code = EXIT_ERROR

    def __init__(self, message: str, hint: Hint | None = None) -> None:
        super().__init__(message)
        self.problem = message
        self.hint = hint

    @property
    def message(self) -> str:
        return worded(self.problem, self.hint)

    def __str__(self) -> str:
        return self.message


class AlreadyRecorded(SenpathError):
    """The change is already on the record (a re-run): nothing is written, and that is not a failure."""

    exit_code = EXIT_OK

    def __init__(self, message: str = "already recorded: nothing changed", hint: Hint | None = None) -> None:
        super().__init__(message, hint)


class UsageError(SenpathError):
    """A value that is wrong whatever the record says (bad id, future date)."""

    exit_code = EXIT_USAGE


class NotFoundError(SenpathError):
    """No case (or no item in a case) by that name."""


class ExistsError(SenpathError):
    """Something would be overwritten."""


class LockError(SenpathError):
    """Another senpath process holds the case."""


class MissingItemError(SenpathError):
    """A letter or sheet lacks something it needs; nothing is printed.

    ``items`` holds each missing thing as (problem, hint), worded one a line by the CLI, so a
    user sees everything that is missing at once.
    """

    def __init__(self, message: str, hint: Hint | None = None, items: tuple[tuple[str, Hint], ...] = ()) -> None:
        super().__init__(message, hint)
        self.items = items

    @property
    def message(self) -> str:
        if not self.items:
            return super().message
        return "\n".join(worded(problem, hint) for problem, hint in self.items)


class GitError(SenpathError):
    """Git is needed and missing or failed."""


class RefusedError(SenpathError):
    """The rules of the record refuse the change (stage machine, consultations)."""

    exit_code = EXIT_REFUSED


class InvalidCaseError(SenpathError):
    """A case file cannot be read, parsed or validated.

    ``problems`` holds one line per problem, each naming the file and the field path.
    """

    exit_code = EXIT_INVALID

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self._problems = problems or [message]

    @property
    def problems(self) -> list[str]:
        return [worded(p) for p in self._problems]

    def __str__(self) -> str:
        return "\n".join(self.problems)
