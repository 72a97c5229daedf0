"""Individual Education Plans, their reviews, and the annual reviews of a statement.

Every rule about plans and reviews is applied here, from the case's framework (its ``plans``):

* only a child at a stage with a school plan (an IEP; in Northern Ireland an action plan at
  Stage 1) has one (the stage on the plan's start date);
* a new IEP supersedes the current one, which stays in the record (the last IEP is current);
* the review date of an IEP (``review_on``, and each review's ``next_review``) is no more than
  the framework's longest interval for the setting after the start or the last review, and by
  default its usual interval (one term) after it;
* an annual review is of a statutory plan (a statement) in force on its date.

``new_iep``, ``review_iep`` and ``record_annual_review`` return a new Case or raise
RefusedError (exit 3); ``problems`` checks a loaded record against the same rules (it is run
by ``checks.problems`` on every load and before every write). Example::

    case = new_iep(case, start=date(2026, 9, 10), targets=["Uses 3-word phrases at snack time"])
    case = review_iep(case, on=date(2026, 12, 3), attended=["parent", "senco"], outcome="continue")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from senpath.dates import add_months, add_weeks, iso, uk
from senpath.errors import Hint, RefusedError, UsageError
from senpath.models import IEP, AnnualReview, Case, Event, IEPReview, Provision
from senpath.stages import ensure_open, possessive_by, stage_name
from senpath.stages import lapsed_on as lapsed_on  # reading the record: defined with the stage rules
from senpath.stages import stage_on as stage_on
from senpath.stages import stages_on as stages_on
from senpath.vocab import Attendee, ReviewOutcome, Setting, TargetOutcome

TARGET_WORDS: dict[TargetOutcome, str] = {
    "met": "met",
    "partly": "partly met",
    "not-met": "not met",
    "not-recorded": "not recorded",
}


# ---------------------------------------------------------------------------
# Reading the record


def max_review_months(case: Case, setting: Setting, day: date) -> int:
    """The longest gap to an IEP's next review, for the plan at the stage of ``day``."""
    return case.fw.plan_at(stage_on(case, day)).max_review_months[setting]


def review_weeks(case: Case, day: date) -> int:
    """The usual gap to an IEP's next review (one term), for the plan at the stage of ``day``."""
    return case.fw.plan_at(stage_on(case, day)).review_weeks


def next_review_due(iep: IEP) -> date:
    """When the IEP is next to be reviewed: the last review's next date, else its review date."""
    return iep.reviews[-1].next_review if iep.reviews else iep.review_on


def last_move(case: Case) -> tuple[int, Event] | None:
    """The last event that changed the stage, with its index in the history."""
    for index in range(len(case.history) - 1, -1, -1):
        ev = case.history[index]
        if ev.from_ != ev.to:
            return index, ev
    return None


def statement_since(case: Case) -> date | None:
    """The date the statutory plan in force was made final, if the child has one."""
    if case.stage != case.fw.plans.statutory.stage:
        return None
    move = last_move(case)
    if move is not None:
        return move[1].date
    return case.entered.since if case.entered is not None else None


def year9_start(dob: date) -> date:
    """1 September of the school year in which the child starts Year 9 (England's year groups).

    English year groups run 1 September to 31 August: birth year + 13, or + 14 for a birthday
    from 1 September to 31 December. (A 29 February birthday is simply in the spring.)
    """
    return date(dob.year + (14 if dob.month >= 9 else 13), 9, 1)


def transition_start(case: Case) -> date:
    """The day from which an annual review is the transition review, by the case's framework."""
    return case.fw.transition_start(case.dob)


def latest_review(case: Case, on: date | None = None) -> tuple[int, IEPReview] | None:
    """The most recent IEP review (on or before ``on``) across all IEPs, with its IEP's number."""
    found: tuple[int, IEPReview] | None = None
    for number, iep in enumerate(case.ieps, start=1):
        for review in iep.reviews:
            if on is not None and review.date > on:
                continue
            if found is None or review.date >= found[1].date:
                found = (number, review)
    return found


def describe_review(number: int, review: IEPReview) -> str:
    """One line for the record: 'IEP 2 review, 3 Dec 2026: target 1 met, ...; agreed: continue'."""
    parts = [f"target {i} {TARGET_WORDS[o]}" for i, o in enumerate(review.target_outcomes, start=1)]
    text = f"IEP {number} review, {uk(review.date)}: " + (", ".join(parts) or "no target outcomes recorded")
    text += f"; agreed: {review.outcome}"
    if "parent" not in review.attended:
        text += "; parent not present"
    if review.notes:
        text += f"; notes: {' '.join(review.notes.split())}"
    return text


# ---------------------------------------------------------------------------
# Input parsing (CLI values that are wrong whatever the record says: exit 2)


def parse_provision(spec: str) -> Provision:
    """``"WHAT; WHO; HOW OFTEN[; key=value...]"`` -> Provision with its structure read from the
    words (WHAT may itself contain semicolons; see ``senpath.provision.enter``)."""
    from senpath.provision import enter

    return enter(spec).provision


def parse_target_outcome(spec: str) -> tuple[int, TargetOutcome]:
    """``"1=met"``, ``"2=partly"``, ``"3=not-met"`` -> (target number, outcome)."""
    number, sep, value = spec.partition("=")
    word = "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    outcomes: dict[str, TargetOutcome] = {"met": "met", "partly": "partly", "not-met": "not-met"}
    digits = number.strip()
    if not sep or not (digits.isascii() and digits.isdigit()) or int(digits) < 1 or word not in outcomes:
        raise UsageError(
            f"{{opt:target_outcome}} {spec!r}: use NUMBER=OUTCOME with OUTCOME met, partly or not-met (e.g. 1=met)"
        )
    return int(digits), outcomes[word]


# ---------------------------------------------------------------------------
# Rules shared by the changes and the whole-record check


def _where(setting: Setting) -> str:
    return "an early years setting" if setting == "early-years" else "school"


def interval_problem(case: Case, since: date, review_on: date, since_what: str) -> str | None:
    """Why a review date does not fit after ``since`` (an IEP start or a review), or None."""
    if review_on <= since:
        return f"the review date {uk(review_on)} is not after {since_what} ({uk(since)})"
    setting = case.setting_on(since)
    months = max_review_months(case, setting, since)
    limit = add_months(since, months)
    if review_on > limit:
        times = "three times" if setting == "early-years" else "twice"
        return (
            f"the review date {uk(review_on)} is more than {months} months after {since_what} "
            f"({uk(since)}); in {_where(setting)} an IEP is reviewed at least {times} a year: "
            f"review by {uk(limit)} ({iso(limit)})"
        )
    return None


def _stage_problem(case: Case, start: date) -> str | None:
    fw = case.fw
    before, stage = stages_on(case, start)
    if stage in fw.plan_stages or before in fw.plan_stages:
        return None
    name = stage_name(case, stage, start)
    listed = ", ".join(fw.stage(s).short or fw.stage(s).name for s in fw.new_plan_stages)
    first = fw.new_plan_stages[0]
    return (
        f"on {uk(start)} {case.name} was at {name}; only a child at {listed} or above "
        f"has an IEP (the IEP starts on or after the move: {{cmd:escalate}} {case.id} {{opt:to}} {first} ...)"
    )


def problems(case: Case) -> list[str]:
    """Every IEP and annual-review rule a (hand-edited) record breaks, one line each."""
    found: list[str] = []
    for i, iep in enumerate(case.ieps):
        where = f"ieps[{i}]"
        if iep.start < case.opened:
            found.append(f"{where}.start: {uk(iep.start)} is before the case was opened ({uk(case.opened)})")
        stage = _stage_problem(case, iep.start)
        if stage:
            found.append(f"{where}.start: {stage}")
        if i > 0 and iep.start < case.ieps[i - 1].start:
            found.append(f"{where}.start: before the start of the IEP above it; IEPs are kept in the order written")
        interval = interval_problem(case, iep.start, iep.review_on, "the IEP's start")
        if interval:
            found.append(f"{where}.review_on: {interval}")
        lapsed = lapsed_on(case, iep)
        superseded = case.ieps[i + 1].start if i + 1 < len(case.ieps) else None
        previous = iep.start
        for j, review in enumerate(iep.reviews):
            at = f"{where}.reviews[{j}]"
            if review.date < previous:
                found.append(
                    f"{at}.date: {uk(review.date)} is before "
                    + ("the IEP's start" if j == 0 else "the review above it")
                    + f" ({uk(previous)})"
                )
            if len(review.target_outcomes) > len(iep.targets):
                found.append(
                    f"{at}.target_outcomes: {len(review.target_outcomes)} outcomes for {len(iep.targets)} targets"
                )
            if superseded is not None and review.date > superseded:
                found.append(f"{at}.date: after IEP {i + 2} superseded this one ({uk(superseded)})")
            if lapsed is not None and review.date > lapsed:
                found.append(f"{at}.date: after the child left SEN provision ({uk(lapsed)})")
            interval = interval_problem(case, review.date, review.next_review, "the review")
            if interval:
                found.append(f"{at}.next_review: {interval}")
            previous = review.date
    previous_ar: date | None = None
    for k, ar in enumerate(case.annual_reviews):
        at = f"annual_reviews[{k}].date"
        plan = case.fw.plans.statutory
        if plan.stage not in stages_on(case, ar.date):
            found.append(f"{at}: on {uk(ar.date)} the child had no {plan.name}; only a {plan.name} has annual reviews")
        if previous_ar is not None and ar.date <= previous_ar:
            found.append(f"{at}: not after the annual review above it ({uk(previous_ar)})")
        previous_ar = ar.date
    return found


# ---------------------------------------------------------------------------
# Changes: each returns a new Case or raises RefusedError


def new_iep(
    case: Case,
    *,
    start: date,
    targets: Sequence[str],
    strategies: Sequence[str] = (),
    provision: Sequence[Provision] = (),
    home: Sequence[str] = (),
    monitoring: str | None = None,
    review_on: date | None = None,
) -> Case:
    """Write a new IEP starting on ``start``; it supersedes the current one (which is kept)."""
    ensure_open(case)
    if not targets:
        raise UsageError("an IEP needs at least one target ({opt:target}, repeatable; three or four is usual)")
    if start < case.opened:
        raise RefusedError(f"{{opt:start}} {uk(start)} is before the case was opened ({uk(case.opened)})")
    stage = _stage_problem(case, start)
    if stage:
        raise RefusedError(stage)
    current = case.current_iep
    if current is not None:
        number = len(case.ieps)
        if start < current.start:
            raise RefusedError(
                f"{{opt:start}} {uk(start)} is before IEP {number} started ({uk(current.start)}); "
                "a new IEP starts on or after the current one"
            )
        if current.reviews and start < current.reviews[-1].date:
            raise RefusedError(
                f"{{opt:start}} {uk(start)} is before the last review of IEP {number} ({uk(current.reviews[-1].date)})"
            )
    review = review_on if review_on is not None else add_weeks(start, review_weeks(case, start))
    interval = interval_problem(case, start, review, "the IEP's start")
    if interval:
        raise RefusedError(f"{{opt:review_on}}: {interval}")
    new = case.model_copy(deep=True)
    new.ieps.append(
        IEP(
            start=start,
            review_on=review,
            targets=list(targets),
            strategies=list(strategies),
            provision=list(provision),
            home=list(home),
            monitoring=monitoring,
        )
    )
    return new


def review_iep(
    case: Case,
    *,
    on: date,
    attended: Sequence[Attendee],
    outcome: ReviewOutcome,
    target_outcomes: Mapping[int, TargetOutcome] | None = None,
    parent_views: str | None = None,
    child_views: str | None = None,
    next_review: date | None = None,
    notes: str | None = None,
) -> Case:
    """Record a review of the current IEP; the next review is ``next_review`` or 12 weeks on."""
    ensure_open(case)
    iep = case.current_iep
    if iep is None:
        raise RefusedError(
            f"{case.name} has no IEP to review; write one first", Hint(action="iep-new", args={"child": case.id})
        )
    number = len(case.ieps)
    if on < iep.start:
        raise RefusedError(f"{{opt:date}} {uk(on)} is before IEP {number} started ({uk(iep.start)})")
    if iep.reviews and on < iep.reviews[-1].date:
        raise RefusedError(
            f"{{opt:date}} {uk(on)} is before the last review of IEP {number} ({uk(iep.reviews[-1].date)})"
        )
    lapsed = lapsed_on(case, iep)
    if lapsed is not None and on > lapsed:
        raise RefusedError(
            f"IEP {number} ended when {case.name} left SEN provision on {uk(lapsed)}; there is no current IEP to review"
        )
    given = dict(target_outcomes or {})
    wrong = sorted(n for n in given if not 1 <= n <= len(iep.targets))
    if wrong:
        raise RefusedError(
            f"{{opt:target_outcome}} {wrong[0]}: IEP {number} has {len(iep.targets)} target(s), numbered 1 to {len(iep.targets)}"
        )
    following = next_review if next_review is not None else add_weeks(on, review_weeks(case, on))
    interval = interval_problem(case, on, following, "this review")
    if interval:
        raise RefusedError(f"{{opt:next_review}}: {interval}")
    new = case.model_copy(deep=True)
    new.ieps[-1].reviews.append(
        IEPReview(
            date=on,
            attended=list(dict.fromkeys(attended)),
            target_outcomes=[given.get(n, "not-recorded") for n in range(1, len(iep.targets) + 1)],
            parent_views=parent_views,
            child_views=child_views,
            outcome=outcome,
            next_review=following,
            notes=notes,
        )
    )
    return new


def record_annual_review(case: Case, *, on: date, attended: Sequence[Attendee] = (), notes: str | None = None) -> Case:
    """Record an annual review of the statement in force on ``on``."""
    ensure_open(case)
    fw = case.fw
    plan = fw.plans.statutory
    before, stage = stages_on(case, on)
    if plan.stage not in (before, stage):
        name = stage_name(case, stage, on)
        last = fw.process.milestones[-1].id
        raise RefusedError(
            f"on {uk(on)} {case.name} was at {name}; an annual review is of a {plan.name} "
            f"(record {possessive_by(fw)} {last.replace('-', ' ')} first",
            Hint(action="milestone", args={"child": case.id, "milestone": last}),
        )
    if case.annual_reviews and on <= case.annual_reviews[-1].date:
        raise RefusedError(
            f"{{opt:date}} {uk(on)} is not after the last annual review ({uk(case.annual_reviews[-1].date)}); "
            "annual reviews are recorded in order, once each"
        )
    new = case.model_copy(deep=True)
    new.annual_reviews.append(AnnualReview(date=on, attended=list(dict.fromkeys(attended)), notes=notes))
    return new


def review_evidence(case: Case, *, on: date, move: Literal["escalate", "step-down"]) -> str:
    """The latest IEP review on or before ``on``, as one line of evidence for a move."""
    found = latest_review(case, on)
    if found is None:
        raise RefusedError(
            f"{{opt:evidence_from_review}}: {case.name} has no IEP review on or before {uk(on)} to cite; record one",
            Hint(action="iep-review", args={"child": case.id}),
        )
    number, review = found
    opposite = "step-down" if move == "escalate" else "escalate"
    if review.outcome == opposite:
        raise RefusedError(
            f"{{opt:evidence_from_review}}: the latest IEP review ({uk(review.date)}) agreed to {opposite}, "
            f"not to {move}; give {{opt:evidence}} instead"
        )
    return describe_review(number, review)
