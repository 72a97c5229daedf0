"""The parts of the command line that need no Typer: how an error is worded, the listing store,
the report of unreadable files. ``senpath.cli.common`` (the Typer side) and the fast path of
``senpath reviews`` (``senpath.cli.fast``) both use them, so the two say the same thing."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from senpath.errors import EXIT_ERROR, EXIT_INVALID, EXIT_REFUSED, EXIT_USAGE, SenpathError

if TYPE_CHECKING:
    from senpath.checked import Store
    from senpath.store import Located

NO_CHILDREN_YET = "No children on the register here yet. Add one with: senpath new-child --help"


def worded(exc: BaseException, command: str | None) -> int | None:
    """Say ``exc`` in one line per line on stderr and give its exit code; None: not one of ours
    (re-raise it). With SENPATH_DEBUG=1 only the already-recorded note is worded here."""
    from senpath import render

    debug = os.environ.get("SENPATH_DEBUG") == "1"
    if isinstance(exc, SenpathError):
        if exc.exit_code == 0:  # already recorded: a re-run changes nothing, and that is fine
            render.message(str(exc))
            return 0
        if debug:
            return None
        prefix = "refused: " if exc.exit_code == EXIT_REFUSED else ""
        for line in str(exc).splitlines():
            render.error(prefix + line)
        return exc.exit_code
    if isinstance(exc, OSError):  # the disk said no: a full disk, a read-only folder, no permission
        if debug or isinstance(exc, BrokenPipeError):
            return None  # a closed pipe (`senpath show x | head`) is worded by main(), not as a disk error
        where = f" {exc.filename}" if exc.filename else ""
        render.error(
            f"cannot read or write{where}: {exc.strerror or exc}. Check the folder exists, has space, "
            "and that you may write to it; the case file itself is only ever replaced whole"
        )
        return EXIT_ERROR
    if debug or "pydantic" not in sys.modules:  # no pydantic loaded: no ValidationError either
        return None
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return None
    from senpath.hints import option_for_path

    for err in exc.errors():
        option = option_for_path(command, tuple(err["loc"]))
        render.error(f"{option}: {err['msg']} ({err.get('input')!r:.60})")
    return EXIT_USAGE


def progress_bar(total: int) -> Any:
    """A progress bar on stderr while the index reads changed files (terminal only)."""
    from senpath import render

    return render.progress(total, "Reading case files")


def listing_store(located: Located) -> tuple[Store, bool]:
    """For list and reviews: the store, and whether it is a register with no children yet.

    A folder with no case file that senpath init did not make is an error (exit 1), never an
    empty register; it is refused before anything (the index's .senpath folder) is created in it.
    """
    from senpath.checked import Store
    from senpath.store import has_case_files, no_case_files

    store = Store(located.cases)
    store.require_root()
    if has_case_files(store.root):
        return store, False
    if located.settings is None:
        raise no_case_files(store.root)
    return store, True


def report_bad(bad: list[Any]) -> int:
    """Name every file that could not be read on stderr; the exit code (4 when there were any)."""
    if not bad:
        return 0
    from senpath import render

    for exc in bad:
        for line in exc.problems:
            render.error(line)
    render.error(f"{len(bad)} case file(s) could not be read; the others are shown. Run senpath validate.")
    return EXIT_INVALID
