"""senpath: track children with special educational needs through the graduated approach."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from senpath.errors import Hint

__version__ = "0.1.0"


def _words(problem: str, hint: Hint) -> str:
    """The command line's words for an error's hint (``senpath.hints``, imported when one is worded)."""
    from senpath.hints import words

    return words(problem, hint)


def _install() -> None:
    # An error raised by the domain carries a structured hint (senpath.errors); the words a user types
    # for it live in senpath.hints, which depends on senpath.errors, never the reverse.
    from senpath.errors import set_wording

    set_wording(_words)


_install()
