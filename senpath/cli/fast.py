"""The fast path of the hottest command, ``senpath reviews``: the same run without Typer.

Importing Typer and building the command costs ~40 ms of a ~150 ms warm ``senpath reviews --due``
at 10,000 cases (docs/performance.md). ``senpath.cli.main`` asks ``run(argv)`` first: when the
words are a form it knows exactly (below), it runs ``senpath.cli.reviews_run.run`` (the code
the Typer command runs) and words errors with ``senpath.cli.core.worded`` (as the Typer group
does), so stdout, stderr and the exit code are byte for byte the Typer path's
(tests/test_fast_path.py runs every form both ways). Anything else returns None and Typer
answers: help, completion, an unknown or misspelt option, a value Typer would refuse or read
differently (--within that is not a plain number from 0 to 3650, a value that starts with -,
a flag given a value, an undecodable byte), ``--``, ``--ics`` (it writes a file),
SENPATH_DEBUG=1 (tracebacks), and SENPATH_NO_FAST_PATH=1 (for tests and the benchmark).

The forms: ``[--cases-dir FOLDER | --no-index]... reviews [OPTION]...`` where an OPTION is one of
the flags --due, --overdue, --json, --csv, --all, --no-index, or --within, --senco, --school,
--kind with a value (``--within 28`` or ``--within=28``); any of them in any order, repeated
(the last value counts, as in Typer).
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

ROOT_FLAGS = {"--no-index": "no_index"}
ROOT_VALUES = {"--cases-dir": "cases_dir"}
FLAGS = {
    "--due": "due",
    "--overdue": "overdue",
    "--json": "json_",
    "--csv": "csv_",
    "--all": "all_",
    "--no-index": "no_index",
}
VALUES = {"--within": "within", "--senco": "senco", "--school": "school", "--kind": "kind"}
COMMAND = "reviews"


class Args:
    """The words of one ``senpath ... reviews ...`` run, as the fast path understood them."""

    def __init__(self) -> None:
        self.cases_dir: str | None = None
        self.no_index = False
        self.options: dict[str, Any] = {}


def _take(argv: list[str], at: int, names: dict[str, str]) -> tuple[str, str, int] | None:
    """The option at ``argv[at]`` (``--x v`` or ``--x=v``): its field, its value, the next index."""
    word = argv[at]
    name, eq, value = word.partition("=")
    if name not in names:
        return None
    if not eq:
        if at + 1 >= len(argv):
            return None  # missing value: Typer words it
        value = argv[at + 1]
        if value.startswith("-"):
            return None  # Typer reads it as the value; leave that reading to Typer
        at += 1
    return names[name], value, at + 1


def _plain(value: str) -> bool:
    """Text Typer passes through unchanged and that prints without surprises (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(argv: list[str], environ: dict[str, str] | os._Environ[str] | None = None) -> Args | None:
    """The run ``argv`` asks for, when the fast path answers it exactly; None: leave it to Typer."""
    env = os.environ if environ is None else environ
    if env.get("SENPATH_NO_FAST_PATH") == "1" or env.get("SENPATH_DEBUG") == "1" or "_SENPATH_COMPLETE" in env:
        return None
    args = Args()
    at = 0
    while at < len(argv) and argv[at] != COMMAND:  # the root group's options
        word = argv[at]
        if word in ROOT_FLAGS:
            args.no_index = True
            at += 1
            continue
        took = _take(argv, at, ROOT_VALUES)
        if took is None or not _plain(took[1]):
            return None
        args.cases_dir, at = took[1], took[2]
    if at >= len(argv):
        return None  # no command: help
    at += 1
    opts = args.options
    while at < len(argv):
        word = argv[at]
        if word in FLAGS:
            opts[FLAGS[word]] = True
            at += 1
            continue
        took = _take(argv, at, VALUES)
        if took is None or not _plain(took[1]):
            return None
        name, value, at = took
        if name == "within":
            from senpath.cli.reviews_run import MAX_WITHIN_DAYS

            if not (value.isascii() and value.isdigit() and len(value) <= 5 and int(value) <= MAX_WITHIN_DAYS):
                return None  # Typer's own message for anything else
            opts[name] = int(value)
        else:
            opts[name] = value
    if opts.pop("no_index", False):
        args.no_index = True
    return args


class _Pacified:
    """A stream whose flush ignores a closed pipe (what Typer puts in place when the pipe closes)."""

    def __init__(self, wrapped: IO[Any]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)


def run(argv: list[str]) -> int | None:
    """Answer ``senpath reviews`` without Typer: the exit code, or None when Typer must answer."""
    args = parse(argv)
    if args is None:
        return None
    from senpath.cli.core import worded
    from senpath.cli.reviews_run import run as reviews

    found: list[Any] = []

    def located() -> Any:
        if not found:
            from senpath.store import locate

            found.append(locate(args.cases_dir))
        return found[0]

    try:
        try:
            return reviews(located, indexed=not args.no_index, **args.options)
        except Exception as exc:  # as SenpathGroup.invoke words it
            code = worded(exc, COMMAND)
            if code is None:
                raise
            return code
    except KeyboardInterrupt:  # as Typer answers them
        return 130
    except EOFError:
        print(file=sys.stderr)
        print("Aborted!", file=sys.stderr)
        return 1
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        return 1
