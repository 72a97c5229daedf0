"""``senpath reviews``: every open review and deadline across all cases, as a table, JSON or iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from senpath.cli.common import JsonOpt, NoIndexOpt, SenpathGroup, use_index
from senpath.cli.reviews_run import MAX_WITHIN_DAYS, run
from senpath.render import TABLE_CAP

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)


@app.command()
def reviews(
    ctx: typer.Context,
    due: Annotated[
        bool, typer.Option("--due", help="Only what is overdue or due within --within days (default 14).")
    ] = False,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            metavar="DAYS",
            min=0,
            max=MAX_WITHIN_DAYS,
            help="Days ahead to look, 0 to 3650 (implies --due) [default: 14].",
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only what is overdue.")] = False,
    senco: Annotated[
        str | None,
        typer.Option(
            "--senco",
            help="Only this SENCO's children (part of the name; case, accents, titles and initials do not matter).",
        ),
    ] = None,
    school: Annotated[
        str | None,
        typer.Option(
            "--school", help="Only this nursery or school (part of the name; case and punctuation do not matter)."
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Only one kind: iep-review, new-iep, annual-review, transition-review, or a milestone "
            "(assessment-decision, assessment, proposed-statement or final-statement; other frameworks "
            "name their own: see senpath frameworks show).",
        ),
    ] = None,
    json_: JsonOpt = False,
    csv_: Annotated[
        bool,
        typer.Option("--csv", help="Print a spreadsheet (CSV, UTF-8) on stdout; columns in docs/case-format.md."),
    ] = False,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE.ics", help="Also write the items as an iCalendar file (all-day events)."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help=f"Show every row on a terminal (the table stops at {TABLE_CAP}).")
    ] = False,
    no_index: Annotated[bool, NoIndexOpt] = False,
) -> None:
    """List IEP reviews, new IEPs, annual and transition reviews and statutory deadlines.

    Without --due: every open dated item, overdue ones first.
    Example: senpath reviews --due --within 28 --senco "Evans" --ics reviews.ics
    """
    from senpath.cli.common import _located

    code = run(
        lambda: _located(ctx),
        due=due,
        within=within,
        overdue=overdue,
        senco=senco,
        school=school,
        kind=kind,
        json_=json_,
        csv_=csv_,
        ics=ics,
        all_=all_,
        indexed=use_index(ctx, no_index),
    )
    if code:
        raise typer.Exit(code)
