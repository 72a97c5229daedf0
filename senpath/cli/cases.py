"""Opening and changing a child's record, and reading it: new-child, consult, the moves
(escalate, step-down, cease, assessment), professional, update, leave, list, show."""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from senpath.cli.common import (
    ChildArg,
    ChildViewsOpt,
    DateOpt,
    JsonOpt,
    NoIndexOpt,
    ParentViewsOpt,
    SenpathGroup,
    _change,
    _done,
    _listing_store,
    _report_bad,
    _stage_move_text,
    _store,
    ask,
    ask_list,
    free_text,
    past_date,
    require,
    require_list,
    use_index,
)
from senpath.cli.core import progress_bar
from senpath.errors import UsageError
from senpath.vocab import METHODS, ROLES, SETTINGS, Method, Pronoun, Role, Setting

if TYPE_CHECKING:
    from senpath.models import Case

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)
professional_app = typer.Typer(
    cls=SenpathGroup,
    rich_markup_mode=None,
    help="Outside professionals: add them, record when they saw the child.\n\n"
    "Example: senpath professional add amira-khan --role paediatrician --name 'Dr A. Rowe' --requested 2026-11-01",
    no_args_is_help=True,
)
app.add_typer(professional_app, name="professional")


YearGroupOpt = typer.Option(
    "--year-group",
    metavar="YEAR",
    help="Only for a child taught out of their year group: Reception, Year 1 ... Year 14, N1, N2 "
    "(update: auto derives it from the date of birth again) [default: from the date of birth].",
)
NeedOpt = typer.Option(
    "--need",
    metavar="CODE",
    help="Primary type of need, a school census code: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, "
    "ASD, OTH, NSA (or BESD, the pre-2014 code).",
)
SecondaryNeedOpt = typer.Option(
    "--secondary-need", metavar="CODE", help="A secondary type of need (repeatable; update: none clears them)."
)
UpnOpt = typer.Option("--upn", help="Unique pupil number, 13 characters (its check letter is checked).")
PronounOpt = typer.Option(
    "--pronoun", help="he, she or they: how the letters refer to the child [default: they].", show_default=False
)
SchoolAddressOpt = typer.Option("--school-address", callback=free_text, help="The school's or nursery's address.")


def register_details(
    case: Case,
    year_group: str | None,
    need: str | None,
    secondary_need: list[str] | None,
    upn: str | None,
    looked_after: bool | None,
    school_address: str | None,
    **more: Any,
) -> Case:
    """The register's fields (year group, needs, UPN, looked after, school address) set on ``case``."""
    from senpath.changes import update_details
    from senpath.register import typed_need, typed_upn, typed_year_group

    secondary = None
    if secondary_need:
        given = [s for s in secondary_need if s.strip().casefold() != "none"]
        secondary = [typed_need(s, "--secondary-need") for s in given]
    return update_details(
        case,
        on=case.settings[-1].date,
        year_group=typed_year_group(year_group) if year_group is not None else None,
        primary_need=(typed_need(need) if need.strip() else "") if need is not None else None,
        secondary_needs=secondary,
        upn=typed_upn(upn) if upn is not None else None,
        looked_after=looked_after,
        school_address=school_address,
        **more,
    )


# ---------------------------------------------------------------------------
# Creating and changing cases


@app.command("new-child")
def new_child(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help="The child's full name (required).")] = None,
    dob: Annotated[
        str | None, typer.Option("--dob", metavar="YYYY-MM-DD", help="Date of birth, YYYY-MM-DD (required).")
    ] = None,
    setting: Annotated[
        Setting | None,
        typer.Option(
            "--setting",
            help="early-years, primary or secondary (required).",
        ),
    ] = None,
    school: Annotated[str | None, typer.Option("--school", help="The nursery or school (required).")] = None,
    child_id: Annotated[
        str | None, typer.Option("--id", help="Id for the case file [default: made from the name].")
    ] = None,
    head_teacher: Annotated[str | None, typer.Option("--head-teacher", help="Head teacher's name.")] = None,
    senco: Annotated[str | None, typer.Option("--senco", help="The SENCO's name.")] = None,
    parent: Annotated[list[str] | None, typer.Option("--parent", help="A parent or carer (repeatable).")] = None,
    concern: Annotated[
        list[str] | None, typer.Option("--concern", callback=free_text, help="A concern (repeatable).")
    ] = None,
    diagnosis: Annotated[
        list[str] | None, typer.Option("--diagnosis", callback=free_text, help="A diagnosis (repeatable).")
    ] = None,
    known_as: Annotated[str | None, typer.Option("--known-as", help="The name the child goes by.")] = None,
    pronoun: Annotated[Pronoun | None, PronounOpt] = None,
    opened: Annotated[
        str | None,
        typer.Option("--opened", metavar="YYYY-MM-DD", help="Date the case opens, YYYY-MM-DD [default: today]."),
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            metavar="ID",
            help="The legal framework the case follows (see senpath frameworks) "
            "[default: the register's senpath.toml, else england-2001].",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="Open the case at the stage the child is already at (not a move: earlier history is not "
            "recorded here), with --since.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="YYYY-MM-DD", help="With --stage: since when (a statement: the day it was made final)."
        ),
    ] = None,
    last_annual_review: Annotated[
        str | None,
        typer.Option("--last-annual-review", metavar="YYYY-MM-DD", help="With --stage statement: the last one held."),
    ] = None,
    requested: Annotated[
        str | None,
        typer.Option(
            "--requested", metavar="YYYY-MM-DD", help="With --stage statutory-assessment: the real request date."
        ),
    ] = None,
    requested_by: Annotated[
        str | None,
        typer.Option("--requested-by", help="With --requested: parent, school or professional."),
    ] = None,
    before_request: Annotated[
        str | None,
        typer.Option(
            "--before-request",
            metavar="STAGE",
            help="With --requested: the stage the child was at when it was requested (its census code).",
        ),
    ] = None,
    reached: Annotated[
        list[str] | None,
        typer.Option(
            "--reached",
            metavar="MILESTONE:DATE[:OUTCOME]",
            help="With --requested: a milestone already reached (repeatable, in order), "
            "e.g. assessment-decision:2026-09-10:assess.",
        ),
    ] = None,
    year_group: Annotated[str | None, YearGroupOpt] = None,
    need: Annotated[str | None, NeedOpt] = None,
    secondary_need: Annotated[list[str] | None, SecondaryNeedOpt] = None,
    upn: Annotated[str | None, UpnOpt] = None,
    looked_after: Annotated[bool, typer.Option("--looked-after", help="A looked-after child.")] = False,
    school_address: Annotated[str | None, SchoolAddressOpt] = None,
) -> None:
    """Open a case for a child, at no stage or at the stage they are already at.

    Example: senpath new-child --name "Amira Khan" --dob 2021-05-14 --setting early-years
    --school "Little Acorns Nursery" --parent "Sara Khan" --concern "slow progress in speech"

    A child already at a stage: --stage action-plus --since 2026-03-03; a statement:
    --stage statement --since 2023-05-10 --last-annual-review 2026-05-12; an assessment in
    progress: --stage statutory-assessment --requested 2026-08-03 --requested-by parent
    --reached assessment-decision:2026-09-10:assess.
    """
    from senpath.changes import new_case
    from senpath.dates import check_dob, parse_iso
    from senpath.framework import DEFAULT_FRAMEWORK, get, known
    from senpath.store import check_id

    if child_id is not None:
        check_id(child_id)
    store = _store(ctx)  # first: the register's own frameworks become known
    if framework is None:
        settings = ctx.meta.get("senpath.settings")
        framework = getattr(settings, "framework", None)  # the register's default (senpath.toml)
        if framework is not None and framework not in known():
            from senpath.settings import SettingsError

            raise SettingsError(
                f"senpath.toml: framework: {framework!r} is not a framework senpath knows "
                f"(known: {', '.join(known())}); fix senpath.toml or give --framework"
            )
    name = require(name, "--name", "Child's full name")
    born = check_dob(
        parse_iso(
            require(dob, "--dob", "Date of birth (DD/MM/YYYY)", parse=lambda t: check_dob(parse_iso(t, "dob"))),
            "dob",
        )
    )
    wanted = framework or DEFAULT_FRAMEWORK  # an unknown one is refused by name below
    choices = tuple(s.id for s in get(wanted).settings) if wanted in known() else SETTINGS
    where: Setting = require(setting, "--setting", f"Setting ({', '.join(choices)})", choices)
    school = require(school, "--school", "Nursery or school")
    opened_on = past_date(opened, "--opened", default_today=True)
    case = new_case(
        child_id=child_id,
        name=name,
        dob=born,
        setting=where,
        school=school,
        opened=opened_on,
        head_teacher=head_teacher,
        senco=senco,
        parents=parent or [],
        concerns=concern or [],
        diagnoses=diagnosis or [],
        known_as=known_as,
        framework=framework,
        pronoun=pronoun,
    )
    case = register_details(case, year_group, need, secondary_need, upn, looked_after or None, school_address)
    entry = {"--since": since, "--last-annual-review": last_annual_review, "--requested": requested,
             "--requested-by": requested_by, "--before-request": before_request, "--reached": reached}  # fmt: skip
    if stage is not None:
        from senpath.stages import enter, parse_reached

        case = enter(
            case,
            stage=stage,
            since=past_date(since, "--since") if since is not None else None,
            last_annual_review=past_date(last_annual_review, "--last-annual-review") if last_annual_review else None,
            requested=past_date(requested, "--requested") if requested is not None else None,
            requested_by=requested_by,
            before_request=before_request,
            milestones=[parse_reached(spec) for spec in reached or []],
        )
    elif any(entry.values()):
        given = next(k for k, v in entry.items() if v)
        raise UsageError(f"{given} goes with --stage (the stage the child is already at)")
    path = store.create(case)
    _done(f"Opened a case for {case.name} as {case.id} ({path}).")


@app.command()
def consult(
    ctx: typer.Context,
    child: ChildArg,
    date_: DateOpt = None,
    with_: Annotated[
        list[str] | None, typer.Option("--with", help="Parent or carer consulted, as named on the case (repeatable).")
    ] = None,
    method: Annotated[
        Method | None,
        typer.Option(
            "--method",
            help="meeting, phone, video, letter, email, home-visit or other (required).",
        ),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", callback=free_text, help="What was discussed and agreed (required).")
    ] = None,
    parent_views: ParentViewsOpt = None,
    child_views: ChildViewsOpt = None,
) -> None:
    """Record a consultation with a parent or carer.

    Example: senpath consult amira-khan --date 2026-09-08 --with "Sara Khan" --method meeting
    --summary "Agreed extra small-group support" --parent-views "Happy to try it"
    """
    from senpath.changes import add_consultation
    from senpath.dates import uk
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    people = require_list(with_, "--with", "Parent or carer consulted", commas=True)
    how: Method = require(
        method, "--method", "Method (meeting, phone, video, letter, email, home-visit, other)", METHODS
    )
    what = require(summary, "--summary", "Summary of what was discussed")
    _, new, _ = _change(
        ctx,
        child,
        lambda c: add_consultation(
            c,
            on=on,
            with_=people,
            method=how,
            summary=what,
            parent_views=parent_views,
            child_views=child_views,
        ),
    )
    _done(f"{child}: consultation {len(new.consultations)} with {', '.join(people)} recorded ({uk(on)}).")


def _ask_what_the_move_needs(
    ctx: typer.Context, child: str, to: str, given: dict[str, Any], prompts: dict[str, str]
) -> None:
    """On a terminal, ask for what the engine says the move needs and was not given.

    Off a terminal nothing is asked: the engine refuses the move (exit 3) with its own message.
    """
    if not sys.stdin.isatty():
        return
    from senpath.stages import needs

    case = _store(ctx).load(child)
    for field in needs(case, to):
        if not given.get(field) and field in prompts:
            if field == "evidence":
                given[field] = ask_list(prompts[field])
            else:
                given[field] = ask(prompts[field], functools.partial(_non_blank, field=field))


def _non_blank(text: str, field: str) -> str:
    if not text:
        raise UsageError(f"--{field.replace('_', '-')}: an answer is needed")
    return text


def _move(
    ctx: typer.Context,
    child: str,
    *,
    kind: str,
    to: str | None,
    date_: str | None,
    reason: str | None = None,
    evidence: list[str] | None = None,
    requested_by: str | None = None,
    professional: list[str] | None = None,
    consultation: int | None = None,
    evidence_from_review: bool = False,
    not_consulted: bool = False,
) -> None:
    """One path for every move: ask (on a terminal) what the move needs, then the engine decides."""
    from senpath.changes import parse_professional
    from senpath.ieps import review_evidence
    from senpath.stages import advance
    from senpath.store import check_id

    check_id(child)
    target = require(to, "--to", "Move to (a stage of the child's framework)")
    on = past_date(date_, "--date")
    given: dict[str, Any] = {"reason": reason, "evidence": evidence or [], "requested_by": requested_by}
    if evidence_from_review:
        given["evidence"] = [*given["evidence"], "(from the review)"]
    _ask_what_the_move_needs(
        ctx,
        child,
        target,
        given,
        {
            "reason": "Reason for the move",
            "evidence": "Evidence of the child's progress",
            "requested_by": "Requested by (parent, school, professional)",
        },
    )
    if evidence_from_review:
        given["evidence"] = given["evidence"][:-1]
    pros = [parse_professional(p, on) for p in professional or []]
    review_move = "step-down" if kind in ("step-down", "cease") else "escalate"

    def apply(c: Case) -> Case:
        cited = [review_evidence(c, on=on, move=review_move)] if evidence_from_review else []  # type: ignore[arg-type]
        return advance(
            c,
            to=target,
            on=on,
            reason=given["reason"],
            evidence=[*given["evidence"], *cited],
            requested_by=given["requested_by"],
            consultation=consultation,
            professionals=pros,
            kind=kind,
            not_consulted=not_consulted,
        )

    _, new, _ = _change(ctx, child, apply)
    _done(_stage_move_text(new))


NotConsultedOpt = Annotated[
    bool,
    typer.Option(
        "--not-consulted",
        help="Record the move as made without consulting the parents (a parent's record of what the school did; "
        "never the default: without it a move with no consultation is refused).",
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="STAGE",
        help="A stage of the child's framework (see senpath frameworks show), e.g. action, action-plus "
        "or statutory-assessment (required).",
    ),
]


@app.command()
def escalate(
    ctx: typer.Context,
    child: ChildArg,
    to: ToOpt = None,
    date_: DateOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", callback=free_text, help="Why the child needs more help.")
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", callback=free_text, help="Evidence of inadequate progress (repeatable)."),
    ] = None,
    requested_by: Annotated[
        str | None,
        typer.Option(
            "--requested-by",
            help="Who asked for a statutory assessment: parent, school or professional.",
        ),
    ] = None,
    professional: Annotated[
        list[str] | None,
        typer.Option("--professional", help="ROLE:NAME of an outside professional involved from this date."),
    ] = None,
    consultation: Annotated[
        int | None,
        typer.Option(
            "--consultation", help="Number of the consultation this relies on [default: the earliest unused]."
        ),
    ] = None,
    evidence_from_review: Annotated[
        bool,
        typer.Option("--evidence-from-review", help="Cite the latest IEP review as evidence (see senpath iep show)."),
    ] = False,
    not_consulted: NotConsultedOpt = False,
) -> None:
    """Move a child up a stage, or request a statutory assessment.

    What a move needs (a reason, evidence, an outside professional) is the rule of the child's
    framework: a move that lacks it is refused (exit 3).

    Example: senpath escalate amira-khan --to action --date 2026-09-10
    --reason "Speech well behind peers" --evidence "Speech checklist: 12 of 40 sounds"
    """
    _move(
        ctx,
        child,
        kind="escalate",
        to=to,
        date_=date_,
        reason=reason,
        evidence=evidence,
        requested_by=requested_by,
        professional=professional,
        consultation=consultation,
        evidence_from_review=evidence_from_review,
        not_consulted=not_consulted,
    )


@app.command("step-down")
def step_down(
    ctx: typer.Context,
    child: ChildArg,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="STAGE",
            help="A lower stage of the child's framework, e.g. none, action or action-plus (required).",
        ),
    ] = None,
    date_: DateOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", callback=free_text, help="The progress that allows less help (required).")
    ] = None,
    consultation: Annotated[
        int | None, typer.Option("--consultation", help="Number of the consultation this relies on.")
    ] = None,
    evidence_from_review: Annotated[
        bool,
        typer.Option("--evidence-from-review", help="Cite the latest IEP review as evidence of progress."),
    ] = False,
    not_consulted: NotConsultedOpt = False,
) -> None:
    """Move a child down a stage (or off SEN provision) as they progress.

    Example: senpath step-down amira-khan --to action --date 2027-03-10 --reason "Targets met"
    """
    _move(
        ctx,
        child,
        kind="step-down",
        to=to,
        date_=date_,
        reason=reason,
        consultation=consultation,
        evidence_from_review=evidence_from_review,
        not_consulted=not_consulted,
    )


@app.command()
def cease(
    ctx: typer.Context,
    child: ChildArg,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="STAGE",
            help="Where the child goes when the statement ends (required).",
        ),
    ] = None,
    date_: DateOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", callback=free_text, help="Why the statement ceases (required).")
    ] = None,
    consultation: Annotated[
        int | None, typer.Option("--consultation", help="Number of the consultation this relies on.")
    ] = None,
    not_consulted: NotConsultedOpt = False,
) -> None:
    """Record that a statement ceases, returning the child to action-plus, action or none.

    Example: senpath cease amira-khan --to action-plus --date 2027-07-20 --reason "Needs now met in school"
    """
    _move(
        ctx,
        child,
        kind="cease",
        to=to,
        date_=date_,
        reason=reason,
        consultation=consultation,
        not_consulted=not_consulted,
    )


@app.command()
def assessment(
    ctx: typer.Context,
    child: ChildArg,
    milestone: Annotated[
        str | None,
        typer.Option(
            "--milestone",
            help="The next milestone of the child's framework, e.g. assessment-decision, assessment, "
            "proposed-statement or final-statement (required).",
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            help="assess|decline (decision); statement|note-in-lieu (proposed statement).",
        ),
    ] = None,
    date_: DateOpt = None,
) -> None:
    """Record the LA's next milestone of a statutory assessment.

    Example: senpath assessment amira-khan --milestone assessment-decision --outcome assess --date 2027-01-08
    """
    from senpath.stages import record_milestone
    from senpath.store import check_id

    check_id(child)
    which = require(milestone, "--milestone", "Milestone")
    on = past_date(date_, "--date")
    old, new, _ = _change(
        ctx,
        child,
        lambda c: record_milestone(c, milestone=which, on=on, outcome=outcome),
    )
    _done(_stage_move_text(new))


@professional_app.command("add")
def professional_add(
    ctx: typer.Context,
    child: ChildArg,
    role: Annotated[
        Role | None,
        typer.Option(
            "--role",
            help="The professional's role (required); 'other' needs --role-name.",
        ),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Their name (required).")] = None,
    requested: Annotated[
        str | None, typer.Option("--requested", metavar="YYYY-MM-DD", help="Date their help was requested (required).")
    ] = None,
    role_name: Annotated[str | None, typer.Option("--role-name", help="The role, for --role other.")] = None,
    seen: Annotated[str | None, typer.Option("--seen", metavar="YYYY-MM-DD", help="Date they saw the child.")] = None,
    advice: Annotated[
        str | None, typer.Option("--advice", callback=free_text, help="What they advised (with --seen).")
    ] = None,
) -> None:
    """Add an outside professional to a case.

    Example: senpath professional add amira-khan --role speech-and-language-therapist
    --name "Ms T. Okafor" --requested 2026-11-01 --seen 2026-11-15 --advice "Daily modelling"
    """
    from senpath.changes import add_professional
    from senpath.store import check_id

    check_id(child)
    which: Role = require(role, "--role", "Role", ROLES)
    who = require(name, "--name", "Name")
    asked = past_date(requested, "--requested")
    seen_on = past_date(seen, "--seen") if seen is not None else None
    _change(
        ctx,
        child,
        lambda c: add_professional(
            c,
            role=which,
            name=who,
            requested=asked,
            role_name=role_name,
            seen=seen_on,
            advice=advice,
        ),
    )
    _done(f"{child}: {who} ({which}) added.")


@professional_app.command("seen")
def professional_seen(
    ctx: typer.Context,
    child: ChildArg,
    name: Annotated[str, typer.Argument(help="The professional's name, as on the case.", metavar="NAME")],
    date_: DateOpt = None,
    advice: Annotated[str | None, typer.Option("--advice", callback=free_text, help="What they advised.")] = None,
) -> None:
    """Record that a professional saw the child, and what they advised.

    Example: senpath professional seen amira-khan "Ms T. Okafor" --date 2026-11-15 --advice "Daily modelling"
    """
    from senpath.changes import record_visit
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    _change(ctx, child, lambda c: record_visit(c, name=name, on=on, advice=advice))
    _done(f"{child}: visit by {name} recorded.")


@app.command()
def update(
    ctx: typer.Context,
    child: ChildArg,
    setting: Annotated[
        Setting | None,
        typer.Option(
            "--setting",
            help="New setting (dated by --date).",
        ),
    ] = None,
    school: Annotated[str | None, typer.Option("--school", help="New nursery or school (dated by --date).")] = None,
    head_teacher: Annotated[str | None, typer.Option("--head-teacher", help="Head teacher's name.")] = None,
    senco: Annotated[str | None, typer.Option("--senco", help="The SENCO's name.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Correct the child's name.")] = None,
    known_as: Annotated[str | None, typer.Option("--known-as", help="The name the child goes by.")] = None,
    pronoun: Annotated[Pronoun | None, PronounOpt] = None,
    add_parent: Annotated[list[str] | None, typer.Option("--add-parent", help="Add a parent or carer.")] = None,
    add_concern: Annotated[
        list[str] | None, typer.Option("--add-concern", callback=free_text, help="Add a concern.")
    ] = None,
    remove_concern: Annotated[
        list[str] | None, typer.Option("--remove-concern", callback=free_text, help="Remove a concern.")
    ] = None,
    add_diagnosis: Annotated[
        list[str] | None, typer.Option("--add-diagnosis", callback=free_text, help="Add a diagnosis.")
    ] = None,
    remove_diagnosis: Annotated[
        list[str] | None, typer.Option("--remove-diagnosis", callback=free_text, help="Remove a diagnosis.")
    ] = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="When a new setting or school starts [default: today]."),
    ] = None,
    dob: Annotated[str | None, typer.Option("--dob", metavar="YYYY-MM-DD", help="Correct the date of birth.")] = None,
    opened: Annotated[
        str | None, typer.Option("--opened", metavar="YYYY-MM-DD", help="Correct the date the case opened.")
    ] = None,
    year_group: Annotated[str | None, YearGroupOpt] = None,
    need: Annotated[str | None, NeedOpt] = None,
    secondary_need: Annotated[list[str] | None, SecondaryNeedOpt] = None,
    upn: Annotated[str | None, UpnOpt] = None,
    looked_after: Annotated[
        bool | None, typer.Option("--looked-after/--not-looked-after", help="Whether the child is looked after.")
    ] = None,
    school_address: Annotated[str | None, SchoolAddressOpt] = None,
) -> None:
    """Change a child's details; a new setting or school is dated and kept in the history.

    Example: senpath update amira-khan --setting primary --school "Hill Primary"
    --head-teacher "Mr D. Lowe" --date 2027-09-01
    """
    from senpath.changes import update_details
    from senpath.dates import check_dob, parse_iso
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date", default_today=True)
    born = check_dob(parse_iso(dob, "dob")) if dob is not None else None
    opened_on = past_date(opened, "--opened") if opened is not None else None
    _, _, written = _change(
        ctx,
        child,
        # The details first, then the register's fields: a --school-address given with a new
        # --school is the new school's, not the one the child leaves.
        lambda c: register_details(
            update_details(
                c,
                on=on,
                name=name,
                known_as=known_as,
                pronoun=pronoun,
                setting=setting,
                school=school,
                head_teacher=head_teacher,
                senco=senco,
                add_parents=add_parent or [],
                add_concerns=add_concern or [],
                remove_concerns=remove_concern or [],
                add_diagnoses=add_diagnosis or [],
                remove_diagnoses=remove_diagnosis or [],
            ),
            year_group,
            need,
            secondary_need,
            upn,
            looked_after,
            school_address,
            dob=born,
            opened=opened_on,
        ),
    )
    _done(f"{child}: details updated." if written else f"{child}: nothing changed.")


@app.command()
def leave(
    ctx: typer.Context,
    child: ChildArg,
    date_: DateOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", callback=free_text, help="Why the child left (required).")
    ] = None,
) -> None:
    """Mark a child who left the setting. The record is kept, and drops out of lists and due dates.

    Example: senpath leave amira-khan --date 2027-07-20 --reason "Moved out of the area"
    """
    from senpath.changes import leave as leave_case
    from senpath.store import check_id

    check_id(child)
    on = past_date(date_, "--date")
    why = require(reason, "--reason", "Reason")
    _change(ctx, child, lambda c: leave_case(c, on=on, reason=why))
    _done(f"{child}: marked as left; the record is kept.")


# ---------------------------------------------------------------------------
# Reading


@app.command("list")
def list_cases(
    ctx: typer.Context,
    json_: JsonOpt = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Include children who have left, and show every row on a terminal.")
    ] = False,
    no_index: Annotated[bool, NoIndexOpt] = False,
    csv_: Annotated[
        bool,
        typer.Option("--csv", help="Print a spreadsheet (CSV, UTF-8) on stdout; columns in docs/case-format.md."),
    ] = False,
) -> None:
    """List the children on the register, with their year group.

    Example: senpath list --json; senpath list --csv > register.csv
    """
    from senpath import index, render

    store, no_children = _listing_store(ctx)
    found, bad = (
        ([], []) if no_children else index.case_rows(store, use_index=use_index(ctx, no_index), progress=progress_bar)
    )
    rows = [r for r in found if all_ or r["left"] is None]
    if json_:
        render.print_json(rows)
    elif csv_:
        from senpath.spreadsheet import LIST_COLUMNS, list_cells, to_csv

        render.write_bytes(to_csv(LIST_COLUMNS, [list_cells(r) for r in rows]))
    else:
        render.case_list(rows, show_all=all_)
    _report_bad(bad)


@app.command()
def show(ctx: typer.Context, child: ChildArg, json_: JsonOpt = False) -> None:
    """Show a child's whole record.

    Example: senpath show amira-khan
    """
    from senpath import render

    case = _store(ctx).load(child)
    if json_:
        render.print_json(case.to_json_dict())
    else:
        render.case_detail(case)
