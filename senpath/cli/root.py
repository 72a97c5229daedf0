"""The root group of the command line (``senpath.cli.app``): its commands come lazily from one index.

``senpath.cli.index.COMMANDS`` maps every command name to the module that defines it; the root
group (``LazyGroup``) imports a command's module only when that command runs (or when help lists
them all), so start-up imports only the command being run, and no command module imports
another (click's "Lazily Loading Subcommands" pattern).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from senpath.cli.common import NoIndexOpt, SenpathGroup, _version


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
