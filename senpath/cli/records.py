"""Running the register: parents' details, corrections, undo, return, rename, find, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from senpath.cli.common import (
    ChildArg,
    DateOpt,
    JsonOpt,
    SenpathGroup,
    _change,
    _done,
    _store,
    complete_child_id,
    free_text,
    past_date,
)
from senpath.errors import UsageError

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking (for scripts).")]


def confirm(question: str, yes: bool, what: str) -> None:
    """Ask on a terminal; in a script, go on only with --yes (else exit 2, nothing changed)."""
    if yes:
        return
    if sys.stdin.isatty():
        if typer.confirm(question, default=False, err=True):
            return
        raise UsageError(f"nothing changed: {what} was not confirmed")
    raise UsageError(f"nothing changed: {what} needs confirming; run it at a terminal, or add --yes in a script")


@app.command()
def parent(
    ctx: typer.Context,
    child: ChildArg,
    name: Annotated[
        str, typer.Argument(help="The parent or carer's name, as on the case.", show_default=False, metavar="NAME")
    ],
    add: Annotated[bool, typer.Option("--add", help="Add a new parent or carer by this name.")] = False,
    rename: Annotated[
        str | None, typer.Option("--rename", metavar="NEW NAME", help="Correct their name (consultations follow).")
    ] = None,
    relationship: Annotated[
        str | None,
        typer.Option("--relationship", help="mother, father, grandmother, foster carer, kinship carer..."),
    ] = None,
    address: Annotated[
        str | None, typer.Option("--address", callback=free_text, help="Postal address (empty clears it).")
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number (empty clears it).")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Email address (empty clears it).")] = None,
) -> None:
    """Add a parent or carer, or set or correct their details.

    Renaming one updates every consultation that names them.

    Example: senpath parent amira-khan "Sara Khan" --relationship mother --phone "07700 900123"
    --address "3 Mill Lane, Leeds LS6 2AB"
    """
    from senpath.corrections import set_parent
    from senpath.store import check_id

    check_id(child)
    old, new, written = _change(
        ctx,
        child,
        lambda c: set_parent(
            c, name, add=add, rename=rename, relationship=relationship, address=address, phone=phone, email=email
        ),
    )
    before = {p.name for p in old.parents}
    changed = [p.name for p in new.parents if p.name not in before or p not in old.parents]
    who = changed[0] if changed else (rename or name)
    _done(f"{child}: {who} {'added' if add else 'updated'}." if written else f"{child}: nothing changed.")


KindArg = Annotated[
    str,
    typer.Argument(
        help="consultation, iep, iep-review, annual-review, professional or visit.", show_default=False, metavar="KIND"
    ),
]
NumberArg = Annotated[
    str,
    typer.Argument(
        metavar="NUMBER",
        help="Its number in senpath show: N; for an iep-review IEP.REVIEW (2.1), for a visit PROFESSIONAL.VISIT.",
        show_default=False,
    ),
]


@app.command()
def correct(
    ctx: typer.Context,
    child: ChildArg,
    kind: KindArg,
    number: NumberArg,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help="A field and its right value (repeatable; a list field takes every value given), "
            "e.g. --set date=14/03/2026 --set summary='Agreed a reading plan'.",
        ),
    ] = None,
) -> None:
    """Correct a consultation, IEP, review or professional visit by its number; the record is re-checked.

    Field names are those of the case format (docs/case-format.md).

    Example: senpath correct amira-khan consultation 2 --set date=2026-09-08 --set method=phone
    """
    from senpath.corrections import correct_entry, describe_entry
    from senpath.store import check_id

    check_id(child)
    if not set_:
        raise UsageError("give at least one --set FIELD=VALUE (e.g. --set date=2026-09-08)")
    changes: dict[str, list[str]] = {}
    for spec in set_:
        field, sep, value = spec.partition("=")
        if not sep or not field.strip():
            raise UsageError(f"--set {spec!r}: use FIELD=VALUE, e.g. --set summary='Agreed a reading plan'")
        changes.setdefault(field.strip(), []).append(value)
    _, new, written = _change(ctx, child, lambda c: correct_entry(c, kind, number, changes))
    what = describe_entry(new, kind, number)
    _done(f"{child}: {what} corrected." if written else f"{child}: nothing changed.")


@app.command()
def remove(ctx: typer.Context, child: ChildArg, kind: KindArg, number: NumberArg, yes: YesOpt = False) -> None:
    """Remove a consultation, IEP, review, professional or visit recorded by mistake.

    Asks first on a terminal (--yes in a script); the record is re-checked by the rules, and
    senpath undo puts it back.

    Example: senpath remove amira-khan consultation 3 --yes
    """
    from senpath.corrections import describe_entry, remove_entry
    from senpath.store import check_id

    check_id(child)
    what = describe_entry(_store(ctx).load(child), kind, number)
    confirm(f"Remove {what} from {child}?", yes, f"removing {what}")
    _change(ctx, child, lambda c: remove_entry(c, kind, number))
    _done(f"{child}: {what} removed (senpath undo {child} puts it back).")


@app.command()
def undo(ctx: typer.Context, child: ChildArg, yes: YesOpt = False) -> None:
    """Reverse the last change senpath made to a child's record.

    Shows what it removes and asks first (--yes in a script). The record before is re-checked by
    the rules; with git it is one more commit. Undo again to put the change back.

    Example: senpath undo amira-khan
    """
    from senpath.checked import parse_case
    from senpath.corrections import differences
    from senpath.store import check_id

    check_id(child)
    store = _store(ctx)
    current, before = store.last_change(child)
    now = parse_case(current, f"{child}.toml", child)
    earlier = parse_case(before, f"{child}.toml", child) if before is not None else None
    from senpath import render

    lines = differences(now, earlier)
    render.message(f"Undo on {child}:")
    for line in lines:
        render.message(f"  {line}")
    confirm(f"Undo this change to {child}?", yes, "the undo")
    store.undo(child, current, message=f"{child}: undo ({'; '.join(lines)[:120]})")
    _done(f"{child}: last change undone (senpath undo {child} again puts it back).")


@app.command("return")
def return_(ctx: typer.Context, child: ChildArg, date_: DateOpt = None) -> None:
    """Re-open the record of a child who left and came back (the leaving is kept).

    Example: senpath return amira-khan --date 2027-01-06
    """
    from senpath.corrections import return_child
    from senpath.dates import uk
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    _change(ctx, child, lambda c: return_child(c, on=on))
    _done(f"{child}: back on the register from {uk(on)}.")


@app.command()
def rename(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            help="The case's id now.", show_default=False, autocompletion=complete_child_id, metavar="CHILD"
        ),
    ],
    new: Annotated[str, typer.Argument(help="The new id.", show_default=False, metavar="NEW_ID")],
) -> None:
    """Move a case to a new id (atomically; with git, one commit).

    Example: senpath rename amira-k amira-khan
    """
    path = _store(ctx).rename(old, new)
    _done(f"{old} is now {new} ({path}).")


@app.command()
def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Part of a name, known-as name, id or parent's name.", metavar="TEXT")],
    json_: JsonOpt = False,
    all_: Annotated[bool, typer.Option("--all", help="Include children who have left.")] = False,
) -> None:
    """Find children by part of a name, ignoring case and accents.

    Searches names, known-as names, ids and parents' and carers' names. No match exits 1.

    Example: senpath find "zoe o'neill"
    """
    from senpath import index, render
    from senpath.cli.common import _listing_store, _report_bad, progress_bar, use_index
    from senpath.corrections import row_matches

    store, no_children = _listing_store(ctx)
    found, bad = ([], []) if no_children else index.case_rows(store, use_index=use_index(ctx), progress=progress_bar)
    rows = [r for r in found if (all_ or r["left"] is None) and row_matches(r, text)]
    if json_:
        render.print_json(rows)
    elif rows:
        render.case_list(rows, show_all=True)
    if not rows:
        render.error(f"no child matches {text!r}" + ("" if all_ else " (add --all to include children who left)"))
        _report_bad(bad)
        raise typer.Exit(1)
    _report_bad(bad)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The spreadsheet, saved as CSV (see docs/case-format.md).", metavar="FILE")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row and show what would be created.")] = False,
) -> None:
    """Bring in the register a school already keeps, from a CSV file: all rows or none.

    Every row is checked first; each problem is listed by its spreadsheet row (the header is row 1)
    and column, and nothing is written unless every row is good. A child already on the register
    with the same details is left as it is, so importing the same file again changes nothing.

    Example: senpath import register.csv --dry-run
    """
    from senpath import render
    from senpath.importing import plan_import, read_csv

    store = _store(ctx)
    rows = read_csv(file)
    plan = plan_import(store, rows)
    for warning in plan.warnings:
        render.message(f"warning: {warning}")
    if plan.problems:
        for problem in plan.problems:
            render.error(problem)
        raise UsageError(
            f"{len(plan.problems)} problem(s) in {file.name}; nothing was imported. Fix them and run it again"
        )
    if dry_run:
        for case in plan.new:
            render.message(f"would create {case.id}: {case.name} ({case.stage})")
        render.message(
            f"dry run: {len(plan.new)} to create, {len(plan.same)} already on the register; nothing written."
        )
        return
    if not plan.new:
        render.message(f"already recorded: nothing changed ({len(plan.same)} children already on the register).")
        return
    from senpath.importing import apply_import

    apply_import(store, plan)
    render.message(f"Imported {len(plan.new)} children from {file.name} ({len(plan.same)} already on the register).")
