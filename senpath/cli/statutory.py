"""Commands for a framework's statutory records that are not stage moves: ``senpath convert``
(a record to another framework), ``exception`` (to a time limit), ``review-decision`` and
``amended-plan`` (after an annual review), ``transfer`` (a phase transfer) and ``mediation``
(a certificate that can extend an appeal's time limit)."""

from __future__ import annotations

from typing import Annotated

import typer

from senpath.cli.common import (
    ChildArg,
    DateOpt,
    SenpathGroup,
    _change,
    _done,
    _store,
    free_text,
    past_date,
    require,
)

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)


@app.command()
def convert(
    ctx: typer.Context,
    child: ChildArg,
    framework: Annotated[
        str | None, typer.Option("--framework", metavar="ID", help="The framework to move the record to (required).")
    ] = None,
    date_: DateOpt = None,
    note: Annotated[
        str | None,
        typer.Option("--note", callback=free_text, help="What the conversion was (default: the framework's words)."),
    ] = None,
) -> None:
    """Move a child's record to another framework (the 2001 Code to the 2015 Code), keeping the
    earlier record whole and recording the conversion as its own entry.

    School Action and Action Plus become SEN Support; a statement becomes an EHC plan through a
    transfer review on --date (the plan's date; the next annual review follows from it). A child
    the target cannot express (under statutory assessment) is refused with the reason.

    Example: senpath convert amira-khan --framework england-2015 --date 2026-11-02
    """
    from senpath.dates import uk
    from senpath.stages import convert as convert_case
    from senpath.stages import stage_name
    from senpath.store import check_id

    check_id(child)
    target = require(framework, "--framework", "Framework (e.g. england-2015)")
    on = past_date(date_, "--date")
    _store(ctx)  # registers the register's own frameworks
    old, new, _ = _change(ctx, child, lambda c: convert_case(c, framework=target, on=on, note=note))
    _done(
        f"{new.id}: converted to {target} on {uk(on)}: {stage_name(old)} → {stage_name(new)}; "
        "the earlier record is kept with the conversion"
    )


@app.command()
def exception(
    ctx: typer.Context,
    child: ChildArg,
    milestone: Annotated[
        str | None,
        typer.Option("--milestone", help="The milestone whose time limit the exception applies to (required)."),
    ] = None,
    date_: DateOpt = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", callback=free_text, help="Which exception the law allows applies, and why (required)."
        ),
    ] = None,
) -> None:
    """Record an exception to a time limit of the open statutory process (e.g. the SEND
    Regulations 2014 regs 5(4), 10(4), 13(3)): the due list shows it instead of OVERDUE.

    Example: senpath exception amira-khan --milestone final-plan --date 2026-07-15 --reason "reg 10(4)(a): school closed for the summer"
    """
    from senpath.dates import uk
    from senpath.statutory import record_exception
    from senpath.store import check_id

    check_id(child)
    which = require(milestone, "--milestone", "Milestone")
    on = past_date(date_, "--date")
    why = require(reason, "--reason", "Reason")
    _change(ctx, child, lambda c: record_exception(c, milestone=which, on=on, reason=why))
    _done(f"{child}: exception to {which} recorded ({uk(on)})")


@app.command("review-decision")
def review_decision(
    ctx: typer.Context,
    child: ChildArg,
    decision: Annotated[
        str | None, typer.Option("--decision", help="The LA's decision after the last annual review: keep|amend|cease.")
    ] = None,
    date_: DateOpt = None,
) -> None:
    """Record the LA's decision after the last annual review meeting (the date it was notified).

    A decision to amend starts the clock for the amended plan; a decision to cease is followed
    by senpath cease once the plan ends.

    Example: senpath review-decision zainab-okoro --decision amend --date 2027-02-03
    """
    from senpath.dates import uk
    from senpath.statutory import record_review_decision
    from senpath.store import check_id

    check_id(child)
    what = require(decision, "--decision", "Decision (keep, amend, cease)")
    on = past_date(date_, "--date")
    _change(ctx, child, lambda c: record_review_decision(c, decision=what, on=on))
    _done(f"{child}: decision after the annual review: {what} ({uk(on)})")


@app.command("amended-plan")
def amended_plan(ctx: typer.Context, child: ChildArg, date_: DateOpt = None) -> None:
    """Record the amended plan issued after a decision to amend at the last annual review.

    Example: senpath amended-plan zainab-okoro --date 2027-03-03
    """
    from senpath.dates import uk
    from senpath.statutory import record_amended_plan
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    _change(ctx, child, lambda c: record_amended_plan(c, on=on))
    _done(f"{child}: amended plan issued ({uk(on)})")


@app.command()
def transfer(
    ctx: typer.Context,
    child: ChildArg,
    kind: Annotated[
        str | None,
        typer.Option("--transfer", help="The framework's phase transfer, e.g. early-years-to-school (required)."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="The year the child moves (in September), e.g. 2027 (required).")
    ] = None,
    school: Annotated[str | None, typer.Option("--school", help="The new school, once named.")] = None,
    done: Annotated[
        str | None,
        typer.Option("--done", metavar="YYYY-MM-DD", help="The day the amended plan naming the new school was issued."),
    ] = None,
) -> None:
    """Record a phase transfer of a child with a statutory plan, or that its review and amended
    plan were done. Year 6 to 7 and Year 11 to post-16 are worked out from the date of birth;
    others (early years to school, infant to junior) are set here.

    Example: senpath transfer amira-khan --transfer early-years-to-school --year 2027 --school "Hill Primary School"
    """
    from senpath.statutory import set_transfer
    from senpath.store import check_id

    check_id(child)
    which = require(kind, "--transfer", "Phase transfer")
    when = year if year is not None else int(require(None, "--year", "Year of the move"))
    finished = past_date(done, "--done") if done is not None else None
    _change(ctx, child, lambda c: set_transfer(c, transfer=which, year=when, school=school, done=finished))
    _done(f"{child}: phase transfer {which} ({when}) " + ("done" if finished else "recorded"))


@app.command()
def mediation(
    ctx: typer.Context,
    child: ChildArg,
    date_: DateOpt = None,
    notes: Annotated[str | None, typer.Option("--notes", callback=free_text, help="What the certificate says.")] = None,
) -> None:
    """Record a mediation certificate: the time to appeal the latest decision runs to one month
    after it, if that is later.

    Example: senpath mediation amira-khan --date 2027-01-20
    """
    from senpath.dates import uk
    from senpath.statutory import add_mediation
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    _change(ctx, child, lambda c: add_mediation(c, on=on, notes=notes))
    _done(f"{child}: mediation certificate recorded ({uk(on)})")
