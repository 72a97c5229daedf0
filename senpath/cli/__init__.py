"""The command line: ``main`` (the entry point), the root group ``app`` (``senpath.cli.root``), and a
fast path for the hottest command (``senpath.cli.fast``).

``senpath.cli.index.COMMANDS`` maps every command name to the module that defines it; the root
group (``senpath.cli.root.LazyGroup``) imports a command's module only when that command runs (or
when help lists them all), so start-up imports only the command being run, and no command module
imports another (click's "Lazily Loading Subcommands" pattern). Shared helpers are in
``senpath.cli.common`` (Typer) and ``senpath.cli.core`` (no Typer); errors are turned into one
line and an exit code by ``SenpathGroup`` and, on the fast path, by ``core.worded``.
Importing this package imports no Typer: ``app`` is loaded on first use.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from senpath.errors import EXIT_ERROR


def __getattr__(name: str) -> Any:
    """``senpath.cli.app`` and ``senpath.cli.LazyGroup``, imported (with Typer) on first use."""
    if name in ("app", "LazyGroup"):
        from senpath.cli import root

        return getattr(root, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


READ_ONLY = frozenset({"list", "reviews", "show"})  # commands that may skip the interpreter's teardown


def _read_only(argv: list[str]) -> bool:
    """Whether argv runs one of READ_ONLY (the first word that is not an option)."""
    args = iter(argv)
    for arg in args:
        if arg == "--cases-dir":
            next(args, None)
        elif not arg.startswith("-"):
            return arg in READ_ONLY
    return False


def main() -> None:
    """Entry point: the CLI, with no traceback unless SENPATH_DEBUG=1.

    Two start-up and shut-down savings, here only (never under CliRunner in the tests): no
    garbage collection (a short run frees everything at exit; the index re-enables it for a
    cold read of many files), and a read-only command, once its output is flushed and the index
    closed, leaves with ``os._exit`` and the same exit code instead of tearing the interpreter
    down (~14 ms at 10,000 cases: docs/performance.md).
    """
    import gc

    gc.disable()
    fast_exit = _read_only(sys.argv[1:])
    try:
        from senpath.render import tolerant_streams

        tolerant_streams()  # a name stdout cannot encode is written with "?", never lost with the rest
        from senpath.cli.fast import run

        code = run(sys.argv[1:])  # senpath reviews without Typer, when it can answer exactly
        if code is not None:
            sys.exit(code)
        from senpath import cli  # this module: its app (from senpath.cli.root) is imported on first use

        cli.app(prog_name="senpath")
    except SystemExit as exc:
        if not fast_exit or not (exc.code is None or isinstance(exc.code, int)):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # e.g. a closed pipe: the normal exit path words it, as before
            raise exc from None
        os._exit(exc.code or 0)
    except KeyboardInterrupt:
        print("senpath: interrupted; nothing half-written was kept", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug: say so in one line
        if os.environ.get("SENPATH_DEBUG") == "1":
            raise
        print(
            f"senpath: internal error ({type(exc).__name__}: {exc}). Case files are only ever "
            "replaced whole, so each is as before or as after. Rerun with SENPATH_DEBUG=1 and report it.",
            file=sys.stderr,
        )
        sys.exit(EXIT_ERROR)
