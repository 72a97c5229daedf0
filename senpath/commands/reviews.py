"""``senpath reviews``: every open review and deadline across all cases, as a table, JSON or iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from senpath.cli import JsonOpt, NoIndexOpt, _report_bad, _store, app, progress_bar, use_index
from senpath.render import TABLE_CAP

MAX_WITHIN_DAYS = 3650  # ten years ahead: the longest look --within allows

if TYPE_CHECKING:
    from datetime import date

    from senpath.errors import InvalidCaseError
    from senpath.reviews import Duty
    from senpath.store import Store


def load_duties(
    store: Store, *, indexed: bool = True, due_by: date | None = None
) -> tuple[list[Duty], list[InvalidCaseError]]:
    """Every case's open duties (those due by ``due_by``, when given), and the files that could
    not be read (never hiding the rest): from the index in <cases>/.senpath unless ``indexed`` is false."""
    from senpath import index

    return index.load_duties(store, use_index=indexed, due_by=due_by, progress=progress_bar)


def check_ics_path(path: Path) -> None:
    """Refuse (exit 2) anything but a file name ending in .ics in a folder that exists."""
    from senpath.errors import UsageError

    if path.suffix.lower() != ".ics":
        raise UsageError(f"--ics {path}: the file name must end in .ics (e.g. --ics reviews.ics)")
    if path.is_dir():
        raise UsageError(f"--ics {path}: is a folder; give a file name ending in .ics")
    if not path.parent.is_dir():
        raise UsageError(f"--ics {path}: the folder {path.parent} does not exist")


def write_ics(path: Path, data: bytes) -> None:
    """Write the calendar atomically (temp file, fsync, rename; 0600): it names children."""
    from senpath.errors import SenpathError
    from senpath.store import write_atomic

    check_ics_path(path)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SenpathError(f"--ics {path}: cannot write it ({exc.strerror})") from None


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
    senco: Annotated[str | None, typer.Option("--senco", help="Only this SENCO's children (part of the name).")] = None,
    school: Annotated[
        str | None, typer.Option("--school", help="Only this nursery or school (part of the name).")
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
    from datetime import timedelta

    from senpath import render
    from senpath.dates import today, uk
    from senpath.reviews import DEFAULT_WITHIN_DAYS, select, to_ics, to_json

    if ics is not None:
        check_ics_path(ics)
    store = _store(ctx)
    if kind is not None:
        from senpath.errors import UsageError
        from senpath.framework_files import duty_kinds

        kinds = duty_kinds()
        if kind not in kinds:
            raise UsageError(f"--kind {kind!r} is not a kind of duty; use one of: {', '.join(kinds)}")
    now = today()
    if due and within is None:
        within = DEFAULT_WITHIN_DAYS
    # Read from the index only what select() can keep: due by the last day shown.
    last = [now + timedelta(days=within)] if within is not None else []
    due_by = min([*last, now - timedelta(days=1)]) if overdue else (last[0] if last else None)
    found, bad = load_duties(store, indexed=use_index(ctx, no_index), due_by=due_by)
    items = select(found, now, within=within, overdue_only=overdue, senco=senco, school=school, kind=kind)

    filters = [f'{label} "{value}"' for label, value in (("SENCO", senco), ("school", school), ("kind", kind)) if value]
    among = (" for " + ", ".join(filters)) if filters else ""
    if overdue:
        title, empty = f"Overdue{among}", f"Nothing overdue{among}"
    elif within is not None:
        until = uk(now + timedelta(days=within))
        title, empty = f"Overdue or due by {until}{among}", f"Nothing overdue or due by {until}{among}"
    else:
        title, empty = f"All open reviews and deadlines{among}", f"No open reviews or deadlines{among}"

    if ics is not None:
        write_ics(ics, to_ics(items))
        render.message(f"Wrote {len(items)} event(s) to {ics}.")
    if json_:
        render.print_json([to_json(d, now) for d in items])
    elif csv_:
        from senpath.spreadsheet import REVIEW_COLUMNS, review_cells, to_csv

        render.write_bytes(to_csv(REVIEW_COLUMNS, [review_cells(d, now) for d in items]))
        if not items:
            render.message(f"{empty} (today {uk(now)}): the spreadsheet has only its header row.")
    elif items:
        render.due_table(items, now, f"{title} (today {uk(now)})", show_all=all_)
    else:
        render.nothing_due(f"{empty} (today {uk(now)}).")
    _report_bad(bad)
