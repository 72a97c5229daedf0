"""IEP commands (``senpath iep new|review|show``) and ``senpath annual-review``.

Each command parses its options, makes one call into ``senpath.ieps`` under the case's lock,
and renders the result; the rules live in ``senpath.ieps``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from senpath.cli.common import (
    ChildArg,
    ChildViewsOpt,
    DateOpt,
    JsonOpt,
    ParentViewsOpt,
    SenpathGroup,
    _change,
    _done,
    _store,
    any_date,
    free_text,
    past_date,
    require,
    require_list,
)
from senpath.vocab import ATTENDEES, REVIEW_OUTCOMES, Attendee, ReviewOutcome

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

if TYPE_CHECKING:
    from senpath.models import Case

iep_app = typer.Typer(
    cls=SenpathGroup,
    rich_markup_mode=None,
    help="Individual Education Plans: write one, review it, show it.\n\nExample: senpath iep show amira-khan",
    no_args_is_help=True,
)
app.add_typer(iep_app, name="iep")

AttendedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--attended",
        help="Who attended: parent, child, senco, teacher, professional or other (repeatable).",
    ),
]


def _attendees(values: list[str] | None) -> list[Attendee]:
    """--attended values (typer cannot check a list of choices itself): prompted for on a terminal."""
    from senpath.errors import UsageError

    if not values:
        values = [require(None, "--attended", "Who attended (parent, child, senco, teacher, professional, other)")]
    found: list[Attendee] = []
    for value in values:
        word = value.strip().lower()
        if word not in ATTENDEES:
            raise UsageError(f"--attended {value!r}: use one of {', '.join(ATTENDEES)} (repeatable)")
        found.append(word)
    return found


def _parent_note(attended: list[Attendee], what: str) -> None:
    if "parent" not in attended:
        _done(f"note: no parent attended this {what}; it is flagged in senpath iep show and senpath reviews.")


@iep_app.command("new")
def iep_new(
    ctx: typer.Context,
    child: ChildArg,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", help="The day the IEP starts (required; not in the future)."),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            callback=free_text,
            help="A short-term target (repeatable; at least one, three or four is usual).",
        ),
    ] = None,
    strategy: Annotated[
        list[str] | None, typer.Option("--strategy", callback=free_text, help="A teaching strategy (repeatable).")
    ] = None,
    provision: Annotated[
        list[str] | None,
        typer.Option(
            "--provision",
            help='Provision as "WHAT; WHO; HOW OFTEN" (repeatable), e.g. "Language group of 4; Mrs Hale (TA); '
            '3 x 20 min a week"; then "; minutes=N", "; sessions=N" (a week), "; group=N", "; staff=KIND", '
            '"; from=DATE", "; to=DATE" give or correct a part (docs/case-format.md).',
        ),
    ] = None,
    home: Annotated[
        list[str] | None,
        typer.Option("--home", callback=free_text, help="Help the parent can give at home (repeatable)."),
    ] = None,
    monitoring: Annotated[
        str | None, typer.Option("--monitoring", callback=free_text, help="How and when progress is checked.")
    ] = None,
    review_on: Annotated[
        str | None,
        typer.Option(
            "--review-on",
            metavar="YYYY-MM-DD",
            help="Review date [default: 12 weeks after --start; at most 4 months (early years) or 6 months (school)].",
        ),
    ] = None,
) -> None:
    """Write a new IEP; it supersedes the current one, which is kept in the record.

    Example: senpath iep new amira-khan --start 2026-09-10 --target "Uses 3-word phrases at snack time"
    --strategy "Visual timetable" --provision "Small-group language session; Mrs Hale (TA); 3 x 20 min a week"
    --home "Name 5 objects at bath time" --monitoring "Weekly TA notes" --review-on 2026-12-03
    """
    from senpath.dates import uk
    from senpath.ieps import new_iep
    from senpath.provision import enter
    from senpath.store import check_id

    check_id(child)
    starts = past_date(start, "--start")
    targets = require_list(target, "--target", "A short-term target")
    entered = [enter(p) for p in provision or []]
    provisions = [e.provision for e in entered]
    review = any_date(review_on, "--review-on")
    old, new, _ = _change(
        ctx,
        child,
        lambda c: new_iep(
            c,
            start=starts,
            targets=targets,
            strategies=strategy or [],
            provision=provisions,
            home=home or [],
            monitoring=monitoring,
            review_on=review,
        ),
    )
    from senpath.letters import plan_word

    number = len(new.ieps)
    iep = new.ieps[-1]
    word = plan_word(new)
    extra = f"; {word} {number - 1} is kept as superseded" if number > 1 else ""
    _done(f"{child}: {word} {number} from {uk(iep.start)} recorded; review by {uk(iep.review_on)}{extra}.")
    for n, e in enumerate(entered, start=1):
        _done(f"provision {n}: read as {e.read_as}.")
        for note in e.notes:
            _done(f"  note: {note}")


@iep_app.command("review")
def iep_review(
    ctx: typer.Context,
    child: ChildArg,
    date_: DateOpt = None,
    attended: AttendedOpt = None,
    target_outcome: Annotated[
        list[str] | None,
        typer.Option(
            "--target-outcome",
            metavar="N=OUTCOME",
            help="How far target N was met: N=met, N=partly or N=not-met (repeatable).",
        ),
    ] = None,
    parent_views: ParentViewsOpt = None,
    child_views: ChildViewsOpt = None,
    outcome: Annotated[
        ReviewOutcome | None,
        typer.Option("--outcome", help="What happens next: continue, new-iep, escalate or step-down (required)."),
    ] = None,
    next_review: Annotated[
        str | None,
        typer.Option(
            "--next-review",
            metavar="YYYY-MM-DD",
            help="Next review date [default: 12 weeks on; at most 4 months (early years) or 6 months (school)].",
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", callback=free_text, help="Notes of the review.")] = None,
) -> None:
    """Record a review of the current IEP.

    Example: senpath iep review amira-khan --date 2026-12-03 --attended parent --attended senco
    --target-outcome 1=met --target-outcome 2=partly --outcome continue --next-review 2027-03-10
    """
    from senpath.dates import uk
    from senpath.errors import UsageError
    from senpath.ieps import parse_target_outcome, review_iep
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    who = _attendees(attended)
    outcomes = {}
    for spec in target_outcome or []:
        number, value = parse_target_outcome(spec)
        if number in outcomes:
            raise UsageError(f"--target-outcome: target {number} is given twice")
        outcomes[number] = value
    agreed: ReviewOutcome = require(
        outcome, "--outcome", "Outcome (continue, new-iep, escalate, step-down)", REVIEW_OUTCOMES
    )
    following = any_date(next_review, "--next-review")
    _, new, _ = _change(
        ctx,
        child,
        lambda c: review_iep(
            c,
            on=on,
            attended=who,
            outcome=agreed,
            target_outcomes=outcomes,
            parent_views=parent_views,
            child_views=child_views,
            next_review=following,
            notes=notes,
        ),
    )
    from senpath.letters import plan_word

    number = len(new.ieps)
    review = new.ieps[-1].reviews[-1]
    _done(f"{child}: review of {plan_word(new)} {number} recorded ({uk(on)}); next review {uk(review.next_review)}.")
    _parent_note(who, "review")
    if agreed == "new-iep":
        _done(f'next: senpath iep new {child} --start YYYY-MM-DD --target "..."')
    elif agreed in ("escalate", "step-down"):
        _done(f"next: senpath {agreed} {child} --to STAGE --date YYYY-MM-DD --evidence-from-review ...")


@iep_app.command("show")
def iep_show(
    ctx: typer.Context,
    child: ChildArg,
    all_: Annotated[bool, typer.Option("--all", help="Also show the superseded IEPs.")] = False,
    json_: JsonOpt = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="text|markdown|docx|pdf",
            help="A printable IEP for a parent to take home (targets, provision, home help, review date, "
            "lines to sign): text, markdown, docx (Word) or pdf [default with --output: from its extension].",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the printable IEP to this file (0600).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")] = False,
) -> None:
    """Show the current IEP and its reviews (and the statement's annual reviews).

    Example: senpath iep show amira-khan --all; senpath iep show amira-khan --format markdown --output iep.md
    """
    from senpath import render
    from senpath.dates import today

    case = _store(ctx).load(child)
    if fmt is not None or output is not None:
        from senpath.cli.letters import _check_output, _emit, _format, _output
        from senpath.iep_sheet import iep_document

        output = _output(output)
        chosen = _format(fmt, output, ctx)
        if output is not None:
            _check_output(ctx, output, force)
        _emit(iep_document(case, today()), chosen, output, force)
        if output is not None:
            _done(f"{child}: printable IEP written to {output}.")
        return
    if json_:
        render.print_json(_iep_json(case))
    else:
        render.iep_detail(case, today(), show_all=all_)


def _iep_json(case: Case) -> dict[str, object]:
    from senpath.dates import iso
    from senpath.ieps import next_review_due

    ieps = []
    for number, iep in enumerate(case.ieps, start=1):
        data = iep.model_dump(mode="json", by_alias=True, exclude_none=True)
        current = number == len(case.ieps)
        ieps.append(
            {
                "number": number,
                "status": "current" if current else "superseded",
                "next_review": iso(next_review_due(iep)) if current else None,
                **data,
            }
        )
    return {
        "id": case.id,
        "name": case.name,
        "stage": case.stage,
        "ieps": ieps,
        "annual_reviews": [ar.model_dump(mode="json", exclude_none=True) for ar in case.annual_reviews],
    }


@app.command("annual-review")
def annual_review(
    ctx: typer.Context,
    child: ChildArg,
    date_: DateOpt = None,
    attended: AttendedOpt = None,
    notes: Annotated[
        str | None, typer.Option("--notes", callback=free_text, help="What the review found and agreed (required).")
    ] = None,
) -> None:
    """Record the annual review of a child's statement; the next is due 12 months later.

    Example: senpath annual-review zainab-okoro --date 2027-11-02 --attended parent --attended senco
    --notes "Statement still meets needs; transition plan started"
    """
    from senpath.dates import add_months, uk
    from senpath.ieps import record_annual_review, year9_start
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    who = _attendees(attended)
    what = require(notes, "--notes", "What the review found and agreed")
    old, new, _ = _change(ctx, child, lambda c: record_annual_review(c, on=on, attended=who, notes=what))
    plan = new.fw.plans.statutory
    if plan.transition.every_review:  # every review from that point considers it
        start = new.fw.transition_start(new.dob)
        kind = (
            f"annual review (from {plan.transition.name}: {plan.transition.what})" if on >= start else "annual review"
        )
        _done(f"{child}: {kind} recorded ({uk(on)}); the next is due by {uk(plan.review.after(on))}.")
        _parent_note(who, "annual review")
        return
    y9 = year9_start(new.dob)
    first_in_y9 = on >= y9 and not any(ar.date >= y9 for ar in old.annual_reviews)
    kind = "transition review (Year 9)" if first_in_y9 else "annual review"
    _done(f"{child}: {kind} recorded ({uk(on)}); the next is due by {uk(add_months(on, 12))}.")
    _parent_note(who, "annual review")
