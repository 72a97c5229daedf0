"""``senpath reviews``: every open review and deadline across all cases, as a table, JSON or iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from senpath.cli.common import (
    NO_CHILDREN_YET,
    JsonOpt,
    NoIndexOpt,
    SenpathGroup,
    _listing_store,
    _report_bad,
    progress_bar,
    use_index,
)
from senpath.render import TABLE_CAP

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

MAX_WITHIN_DAYS = 3650  # ten years ahead: the longest look --within allows

if TYPE_CHECKING:
    from datetime import date

    from senpath.checked import Store
    from senpath.errors import InvalidCaseError
    from senpath.reviews import Duty


def load_duties(
    store: Store, *, indexed: bool = True, due_by: date | None = None
) -> tuple[list[Duty], list[InvalidCaseError]]:
    """Every case's open duties (those due by ``due_by``, when given), and the files that could
    not be read (never hiding the rest): from the index in <cases>/.senpath unless ``indexed`` is false."""
    from senpath import index

    return index.load_duties(store, use_index=indexed, due_by=due_by, progress=progress_bar)


def check_ics_path(path: Path, cases: Path | None = None) -> None:
    """Refuse (exit 2) anything but a file name ending in .ics in a folder that exists (and,
    given the cases folder, anything inside it or an existing path that is not a regular file)."""
    from senpath.errors import UsageError
    from senpath.store import check_output

    if path.suffix.lower() != ".ics":
        raise UsageError(f"--ics {path}: the file name must end in .ics (e.g. --ics reviews.ics)")
    if path.is_dir():
        raise UsageError(f"--ics {path}: is a folder; give a file name ending in .ics")
    if not path.parent.is_dir():
        raise UsageError(f"--ics {path}: the folder {path.parent} does not exist")
    if cases is not None:
        check_output(path, "ics", cases, force=True)


def write_ics(path: Path, data: bytes) -> None:
    """Write the calendar atomically (temp file, fsync, rename; 0600): it names children."""
    from senpath.errors import SenpathError
    from senpath.files import write_atomic

    check_ics_path(path)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SenpathError(f"--ics {path}: cannot write it ({exc.strerror})") from None


def check_filters(**filters: str | None) -> dict[str, str]:
    """The name filters given (option -> value); one that is only titles or initials is a usage error."""
    from senpath.errors import UsageError
    from senpath.matching import name_tokens

    given = {f"--{option}": value for option, value in filters.items() if value is not None}
    for option, value in given.items():
        if not name_tokens(value):
            raise UsageError(
                f"{option} {value!r}: give part of a name (titles, initials and punctuation are ignored), "
                f'e.g. {option} "Ahmed"'
            )
    return given


def require_a_match(store: Store, wanted: dict[str, str], bad: list[InvalidCaseError], *, indexed: bool) -> None:
    """Refuse (exit 2) filters that match no child on the register, naming the values there are."""
    from senpath import index
    from senpath.matching import matches

    rows, _ = index.case_rows(store, use_index=indexed, progress=progress_bar)
    field = {"--senco": "senco", "--school": "school"}
    if any(all(matches(row[field[o]], v) for o, v in wanted.items()) for row in rows):
        return
    raise no_child_matches(wanted, rows, bad)


def no_child_matches(wanted: dict[str, str], rows: list[dict[str, Any]], bad: list[InvalidCaseError]) -> Exception:
    """The usage error for filters that match nobody: the values on the register, the closest first."""
    from senpath.errors import UsageError
    from senpath.matching import matches, suggest

    field = {"--senco": ("senco", "SENCOs"), "--school": ("school", "schools")}
    given = " and ".join(f'{o} "{v}"' for o, v in wanted.items())
    verb = "match" if len(wanted) > 1 else "matches"
    unread = f" ({len(bad)} case file(s) could not be read: run senpath validate)" if bad else ""

    def values(key: str, among: list[dict[str, Any]]) -> list[str]:
        return sorted({str(r[key]) for r in among if r[key]}, key=str.casefold)

    def listed(plural: str, pool: list[str], value: str, where: str) -> str:
        if not pool:
            return f"no {plural[:-1]} is recorded {where}"
        close = suggest(value, pool)
        shown = ", ".join(pool[:12]) + (f" and {len(pool) - 12} more (see senpath list)" if len(pool) > 12 else "")
        return (f"did you mean {' or '.join(close)}? " if close else "") + f"{plural} {where}: {shown}"

    if not rows:
        detail = "there are no children on the register yet"
    else:
        alone = [o for o, v in wanted.items() if not any(matches(r[field[o][0]], v) for r in rows)]
        if alone:  # a filter that matches nobody at all: list what there is
            detail = "; ".join(
                listed(field[o][1], values(field[o][0], rows), wanted[o], "on the register") for o in alone
            )
        else:  # each matches someone, not the same child: what the first one's children have
            (first, value), (other, _) = list(wanted.items())[:2]
            theirs = [r for r in rows if matches(r[field[first][0]], value)]
            detail = listed(field[other][1], values(field[other][0], theirs), wanted[other], f'of {first} "{value}"')
            given, verb = f"{given} together", "match"
    return UsageError(f"{given} {verb} no child on the register{unread}: {detail}")


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
    from datetime import timedelta

    from senpath import render
    from senpath.dates import today, uk
    from senpath.reviews import DEFAULT_WITHIN_DAYS, select, to_ics, to_json

    if ics is not None:
        from senpath.cli.common import _store

        check_ics_path(ics, _store(ctx, check_settings=False).root)
    now = today()
    if due and within is None:
        within = DEFAULT_WITHIN_DAYS
    # Read from the index only what select() can keep: due by the last day shown.
    last = [now + timedelta(days=within)] if within is not None else []
    due_by = min([*last, now - timedelta(days=1)]) if overdue else (last[0] if last else None)
    wanted = check_filters(senco=senco, school=school)
    store, no_children = _listing_store(ctx)  # first: the register's own frameworks become known
    if kind is not None:
        from senpath.errors import UsageError
        from senpath.framework_files import duty_kinds

        kinds = duty_kinds()
        if kind not in kinds:
            raise UsageError(f"--kind {kind!r} is not a kind of duty; use one of: {', '.join(kinds)}")
    if no_children and wanted:
        raise no_child_matches(wanted, [], [])
    found, bad = ([], []) if no_children else load_duties(store, indexed=use_index(ctx, no_index), due_by=due_by)
    items = select(found, now, within=within, overdue_only=overdue, senco=senco, school=school, kind=kind)
    if wanted and not items:  # nothing due for them, or nobody of that name: never the same answer
        require_a_match(store, wanted, bad, indexed=use_index(ctx, no_index))

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
    if no_children:
        render.message(NO_CHILDREN_YET)
    _report_bad(bad)
