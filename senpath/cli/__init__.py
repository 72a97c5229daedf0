"""The command line: a root group whose commands are loaded lazily from one index.

``senpath.cli.index.COMMANDS`` maps every command name to the module that defines it; the root
group (``LazyGroup``) imports a command's module only when that command runs (or when help lists
them all), so start-up imports only the command being run, and no command module imports
another (click's "Lazily Loading Subcommands" pattern). Shared helpers are in
``senpath.cli.common``; errors are turned into one line and an exit code by ``SenpathGroup``.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from senpath.cli.common import NoIndexOpt, SenpathGroup, _version
from senpath.errors import EXIT_ERROR


class LazyGroup(SenpathGroup):
    """The root group: its commands come from ``senpath.cli.index.COMMANDS``, imported on demand."""

    def list_commands(self, ctx: Any) -> list[str]:
        from senpath.cli.index import COMMANDS

        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from senpath.cli.index import load

        return load(cmd_name)


app = typer.Typer(
    cls=LazyGroup,
    name="senpath",
    help="Track children with special educational needs through the graduated approach "
    "(Action, Action Plus, statutory assessment, statement).\n\nEvery free-text option (--summary, --reason, "
    "--notes...) also takes - to read standard input, or @FILE to read a file (@@ for a text starting @).\n\n"
    "Example: senpath reviews --due",
    no_args_is_help=True,
    add_completion=True,  # --install-completion: commands, options and child ids (common.complete_child_id)
    rich_markup_mode=None,  # plain help: fast, and the same on every terminal
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    cases_dir: Annotated[
        str | None,
        typer.Option(
            "--cases-dir",
            metavar="FOLDER",
            help="Folder of case files [default: $SENPATH_CASES_DIR, else the cases/ folder of the register "
            "found from here upwards (see senpath init)].",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
    no_index: Annotated[bool, NoIndexOpt] = False,
) -> None:
    """Track children with special educational needs through the graduated approach."""
    ctx.meta["senpath.cases_dir"] = cases_dir  # found when a command needs it: --help works anywhere
    ctx.meta["senpath.no_index"] = no_index


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
        app(prog_name="senpath")
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
