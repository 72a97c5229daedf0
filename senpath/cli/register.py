"""``senpath init``: make a register (``senpath.toml`` and a private ``cases/`` folder) that commands find."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from senpath.cli.common import SenpathGroup, _done, require

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)


@app.command()
def init(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[FOLDER]",
            help="The folder to make the register in (made if missing) [default: the current folder].",
            show_default=False,
        ),
    ] = Path(),
    name: Annotated[
        str | None,
        typer.Option("--name", help="Whose register it is: the school, nursery or local authority (required)."),
    ] = None,
) -> None:
    """Make a register: senpath.toml and a private cases/ folder beside it.

    Commands run in the folder or any folder below it find the register, as git finds .git
    (--cases-dir and SENPATH_CASES_DIR still choose another folder). An existing cases/ folder
    is kept. Nothing is written if a register is already there.

    Example: senpath init ~/sen-register --name "St Aidan's C of E Primary School"
    """
    from senpath.settings import init_register

    ctx.meta["senpath.init"] = True
    who = require(name, "--name", "Whose register: the school, nursery or local authority")
    cases, held = init_register(folder, who)
    kept = f" It keeps the {held} case file(s) already in {cases}." if held else ""
    _done(
        f"Made a register for {who.strip()} in {cases.parent}: {cases.parent / 'senpath.toml'} and the private "
        f"folder {cases}.{kept} Commands run in {cases.parent} or below find it; next: senpath new-child --help"
    )
