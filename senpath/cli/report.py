"""`senpath provision` (the provision map) and `senpath report` (the register at a glance).

The figures are made by :mod:`senpath.provision` and :mod:`senpath.report`; this module parses
the options, reads every case (a file that cannot be read stops the command: a map or report
missing a child must never look complete), and prints or writes the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from senpath.cli.common import JsonOpt, SenpathGroup, _done, _store, any_date

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

if TYPE_CHECKING:
    from senpath.checked import Store
    from senpath.models import Case
    from senpath.provision import Costs

StageOpt = Annotated[
    str | None, typer.Option("--stage", help="Only children at this stage (a stage id: action, action-plus, ...).")
]
YearOpt = Annotated[str | None, typer.Option("--year", help="Only children in this year group (Year 3, R, N2, ...).")]
NeedOpt = Annotated[
    str | None,
    typer.Option(
        "--need", help="Only children with this type of need, primary or secondary (a census code: SLCN, ...)."
    ),
]
SencoOpt = Annotated[str | None, typer.Option("--senco", help="Only children with this SENCO (part of the name).")]


def _cases(store: Store) -> list[Case]:
    """Every case; any file that cannot be read stops the command (exit 4), naming it."""
    from senpath.errors import InvalidCaseError, NotFoundError

    store.require_root()
    found: list[Case] = []
    bad: list[str] = []
    from senpath.store import stray_problem

    bad.extend(stray_problem(name) for name in store.stray_names())
    for _, case in store.load_all():
        if isinstance(case, InvalidCaseError):
            bad.extend(case.problems)
        else:
            found.append(case)
    if bad:
        raise InvalidCaseError(
            "\n".join(bad) + f"\n{len(bad)} problem(s) in the case files: nothing is counted until every file reads "
            "(a map or report without a child would look complete). Run senpath validate."
        )
    if not found:
        raise NotFoundError(f"no children on the register in {store.root}; there is nothing to count")
    return found


def costs(ctx: typer.Context) -> Costs:
    """The hourly costs and weeks a year from the register's settings (none: 39 weeks, no costs)."""
    from senpath.provision import Costs

    settings: Any = ctx.meta.get("senpath.settings")
    found = getattr(settings, "provision", None)
    if found is None:
        return Costs()
    return found.costs()  # type: ignore[no-any-return]


@app.command("provision")
def provision_map(
    ctx: typer.Context,
    stage: StageOpt = None,
    year: YearOpt = None,
    need: NeedOpt = None,
    senco: SencoOpt = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="The provision in place on this day [default: today]."),
    ] = None,
    json_: JsonOpt = False,
    csv_: Annotated[
        bool,
        typer.Option("--csv", help="CSV for a spreadsheet (UTF-8 with a BOM): a row a child, then the TOTAL row."),
    ] = False,
) -> None:
    """The provision map: hours a week and cost a year of the provision in place, per child and in total.

    Hours are each child's own time in the session; the staff cost of a group session is shared
    across the group. Hourly costs and weeks a year come from the register's senpath.toml
    (docs/report.md). Entries that cannot be counted are listed with the reason.

    Example: senpath provision --stage action-plus --csv > provision.csv
    """
    import sys

    from senpath import provision as pv
    from senpath import render
    from senpath.dates import today
    from senpath.errors import UsageError

    if json_ and csv_:
        raise UsageError("give --json or --csv, not both")
    day = any_date(on, "--on") or today()
    filters = pv.parse_filters(stage, year, need, senco)
    store = _store(ctx)  # reads the register's senpath.toml too (the costs)
    cost = costs(ctx)
    everyone = _cases(store)
    roll = [c for c in everyone if pv.in_map(c, day)]
    if not roll:
        raise UsageError(
            f"no child on the register on {day.isoformat()} was at an SEN stage or had an IEP: there is no provision to map"
        )
    chosen = pv.choose(roll, day, filters)
    children = [pv.child_provision(c, day, cost) for c in chosen]
    if json_:
        render.print_json(pv.map_json(children, day, cost))
    elif csv_:
        sys.stdout.reconfigure(newline="")  # type: ignore[union-attr]
        sys.stdout.write(pv.map_csv(children, day))
    else:
        render.provision_map(children, day, cost)


@app.command("report")
def report(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="YYYY-MM-DD", help="First day of the period [default: 1 September of this school year]."
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="YYYY-MM-DD", help="Last day of the period [default: 31 August of this school year]."
        ),
    ] = None,
    json_: JsonOpt = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", metavar="text|html", help="text (the terminal) or html (needs --output) [default: text]."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the HTML page to this file (0600).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")] = False,
    named: Annotated[
        bool,
        typer.Option("--named", help="Name the children (confidential: not for governors' papers)."),
    ] = False,
) -> None:
    """The register at a glance for a period: stages, settings and year groups, needs, movement,
    reviews, statutory deadlines, provision hours and cost.

    No child is identified (no name, id, date of birth or parent) unless --named is given.

    Example: senpath report --format html --output report.html
    """
    from senpath import render
    from senpath.dates import today
    from senpath.errors import UsageError
    from senpath.report import build, period

    kind = (fmt or ("html" if output is not None else "text")).strip().lower()
    if kind not in ("text", "html"):
        raise UsageError(f"--format {fmt!r}: use text or html")
    if json_ and kind == "html":
        raise UsageError("give --json or --format html, not both")
    if kind == "html" and output is None:
        raise UsageError("--format html needs --output FILE (e.g. --output report.html)")
    if kind == "text" and output is not None:
        raise UsageError("--output writes the HTML page: add --format html")
    now = today()
    chosen = period(any_date(from_, "--from"), any_date(to, "--to"), now)
    store = _store(ctx)
    if output is not None:
        _check_output(store, output, force)
        from senpath.report_html import _pygal

        _pygal()  # say the extra is missing before any work
    data = build(_cases(store), chosen, today=now, costs=costs(ctx), named=named)
    if json_:
        render.print_json(data)
        return
    if output is None:
        render.report_tables(data)
        return
    from senpath.dates import uk
    from senpath.report_html import render as html_page

    settings: Any = ctx.meta.get("senpath.settings")
    page = html_page(data, register=getattr(settings, "name", None), made_on=uk(now))
    _write(output, page, force)
    _done(
        f"report for {uk(chosen.start)} to {uk(chosen.end)} written to {output}"
        + (" (names children: keep it private)" if named else " (no child identified)")
    )


def _check_output(store: Store, path: Path, force: bool) -> None:
    from senpath.errors import UsageError

    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"--output: the folder {parent} does not exist; create it or choose another path")
    from senpath.store import check_output

    check_output(path, "output", store.root, force=force)


def _write(path: Path, text: str, force: bool) -> None:
    from senpath.errors import ExistsError
    from senpath.files import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise ExistsError(
            f"{path} already exists; nothing was written. Choose another --output, or add --force to replace it"
        ) from None
