"""``senpath frameworks``: the legal frameworks senpath knows, and one of them as tables."""

from __future__ import annotations

from typing import Annotated

import typer

from senpath.cli.common import JsonOpt, SenpathGroup, _store

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

frameworks_app = typer.Typer(
    cls=SenpathGroup,
    rich_markup_mode=None,
    invoke_without_command=True,
    help="The legal frameworks a case can follow (stages, moves, clocks, plans).\n\n"
    "Example: senpath frameworks show northern-ireland-1998",
)
app.add_typer(frameworks_app, name="frameworks")


@frameworks_app.callback()
def frameworks_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List the frameworks: the ones shipped with senpath and the register's own (a frameworks/
    folder beside the cases folder).

    Example: senpath frameworks
    """
    if ctx.invoked_subcommand is not None:
        return
    from senpath import render
    from senpath.framework import FrameworkError, get, known

    _store(ctx)  # registers the register's frameworks/ folder
    found = []
    bad = []
    for fw_id in known():
        try:
            found.append(get(fw_id))
        except FrameworkError as exc:
            bad.append(exc)
    if json_:
        render.print_json([{"id": f.id, "title": f.title, "jurisdiction": f.jurisdiction} for f in found])
    else:
        render.table(None, ["id", "framework", "where"], [[f.id, f.title, f.jurisdiction] for f in found])
    if bad:
        from senpath.errors import EXIT_INVALID

        for problem in bad:
            for line in str(problem).splitlines():
                render.error(line)
        render.error(f"{len(bad)} framework file(s) could not be read; the others are listed")
        raise typer.Exit(EXIT_INVALID)


@frameworks_app.command("show")
def frameworks_show(
    ctx: typer.Context,
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="The framework's id (see senpath frameworks).")],
    json_: JsonOpt = False,
) -> None:
    """Show a framework: its stages, moves, clocks and plans, as tables.

    Example: senpath frameworks show england-2001
    """
    from senpath import render
    from senpath.errors import UsageError
    from senpath.framework import get, known, tables

    _store(ctx)
    if framework_id not in known():
        raise UsageError(f"no framework {framework_id!r}; the frameworks are: {', '.join(known())}")
    fw = get(framework_id)
    if json_:
        render.print_json(fw.model_dump(mode="json", by_alias=True))
        return
    for title, columns, rows in tables(fw):
        render.table(title, columns, rows)
