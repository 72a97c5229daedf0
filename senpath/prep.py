"""The meeting preparation sheet: the questions a parent should be ready for, answered from the record.

:func:`prep_sheet` builds a :class:`~senpath.letters.Document`; where the record cannot answer a
question the sheet says what is missing (and how to fill it in) instead of guessing. The last
question, what changes the parent wants, is theirs to answer: ``wants`` fills it, else it leaves
lines to write on. Example::

    doc = prep_sheet(case, on=date(2026, 11, 22), wants=["A weekly note home"])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from senpath.dates import describe_days, uk, uk_long
from senpath.errors import Hint
from senpath.ieps import lapsed_on
from senpath.letters import (
    OUTCOME_WORDS,
    Block,
    Bullets,
    Document,
    Heading,
    Para,
    plan_word,
    plural,
    possessive,
    professional_words,
    provision_words,
    spell_words,
    stage_spells,
    tally,
    tally_words,
)
from senpath.models import Case, Event
from senpath.stages import (
    entry_words,
    last_assessment_done,
    last_refusal,
    next_milestone,
    open_assessment_request,
    request_event,
    stage_name,
    stage_since,
)

WRITE_HERE = "." * 60
EMPTY_LINES = 3

REQUESTERS = {"parent": "a parent", "school": "the school"}  # who made a request, in running text

# How the caller words a step the parent can take to fill in the record: the text, and a hint
# naming the action (the command line adds its command; the default leaves the text as it is).
Say = Callable[[str, Hint], str]


def plain(text: str, hint: Hint) -> str:
    return text


def prep_sheet(case: Case, *, on: date, wants: Sequence[str] = (), say: Say = plain) -> Document:
    first = case.first_name
    blocks: list[Block] = [
        Heading(f"Preparing for a meeting about {case.name}", level=1),
        Para(
            f"{first} was born on {uk(case.dob)} and "
            + (f"left {case.school} on {uk(case.left.date)}" if case.left is not None else f"attends {case.school}")
            + ". This sheet answers, from the "
            f"record as it stands on {uk(on)}, the questions to be ready for before you meet the staff. "
            "Where the record cannot answer, it says what is missing."
        ),
    ]
    if case.concerns:
        blocks += [Para("Your concerns on record:"), Bullets(tuple(case.concerns))]
    for section in (_help, _where, _rights, _iep, _professionals, _diagnoses, _trend):
        blocks += section(case, on, say)
    if case.fw.questions:
        blocks += [_h("Questions to ask"), Bullets(case.fw.questions)]
    blocks += _wants(case, wants)
    return Document(kind="prep", to="", date=on, blocks=tuple(blocks))


def _h(text: str) -> Heading:
    return Heading(text, level=2)


def _help(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    plan = plan_word(case)
    out: list[Block] = [_h(f"What extra help has {first} had, and how well has it worked?")]
    spells = stage_spells(case)
    if spells:
        out += [Para("Stages of extra help:"), Bullets(tuple(spell_words(case, s, long=False) for s in spells))]
    for number, iep in enumerate(case.ieps, start=1):
        lines = list(iep.targets)
        if iep.reviews:
            last = iep.reviews[-1]
            for i, outcome in enumerate(last.target_outcomes[: len(lines)]):
                if outcome != "not-recorded":
                    lines[i] += f" ({OUTCOME_WORDS[outcome]} at the review on {uk(last.date)})"
        out += [Para(f"{plan} {number}, from {uk(iep.start)}, with these targets:"), Bullets(tuple(lines))]
        if iep.provision:
            out += [Para(f"Help given under {plan} {number}:"), Bullets(tuple(provision_words(iep)))]
    if not spells and not case.ieps:
        out.append(
            Para(
                f"The record shows no extra help for {first} yet: no stage of SEN provision and no {plan}. "
                f"If {case.school} is already giving extra help, ask what it is and how often."
            )
        )
        return out
    reviewed = [(r, n) for n, iep in enumerate(case.ieps, start=1) for r in iep.reviews if tally(r).judged]
    if reviewed:
        last, number = max(reviewed, key=lambda x: x[0].date)
        out.append(
            Para(
                f"How well it has worked: at the latest review ({uk(last.date)}, {plan} {number}), {tally_words(tally(last))}."
            )
        )
    else:
        senco = f" ({case.senco})" if case.senco else ""
        out.append(
            Para(
                f"How well it has worked is not on record: no {plan} review with target outcomes has been recorded. "
                f"Ask the SENCO{senco} how far each target has been met."
            )
        )
    return out


def _where(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    out: list[Block] = [_h(f"Where is {first} in the process?")]
    if case.left is not None:
        out.append(
            Para(f"{first} left {case.school} on {uk(case.left.date)} ({case.left.reason}); the record is closed.")
        )
        return out
    fw = case.fw
    name = stage_name(case)
    requested = open_assessment_request(case)
    if case.stage == fw.start:
        out.append(
            Para(
                f"{name}: {first} is not at any stage of the graduated approach (the record opened {uk(case.opened)})."
            )
        )
    elif requested is not None:
        out += _process_steps(case, on, requested)
    else:
        out.append(Para(f"{name}, since {uk(stage_since(case))}: {fw.stage(case.stage).means}."))
        refused = last_refusal(case)
        if refused is not None and refused.to == case.stage:
            out.append(
                Para(
                    f"{_capital(fw.process.by_short)} decided on {uk(refused.date)} not to make a {fw.process.name}, "
                    f"so {first} stayed at {name}."
                )
            )
    entered = entry_words(case)
    if entered is not None:
        out.append(Para(f"{first} was entered on this record {entered}."))
    for ev in case.history:
        if ev.not_consulted:
            out.append(
                Para(
                    f"You were not consulted before {first} was moved to "
                    f"{stage_name(case, ev.to, ev.date)} on {uk_long(ev.date)}."
                )
            )
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(noun: str) -> str:
    """'a statutory assessment', 'an EHC needs assessment'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _lower(name: str) -> str:
    """A name in running text: 'draft EHC plan', keeping an acronym's capitals."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _process_steps(case: Case, on: date, requested: date) -> list[Block]:
    """The statutory process in progress: the request, the steps reached, what is awaited and by when."""
    fw = case.fw
    process = fw.process
    ev = request_event(case)
    who = ev.requested_by if ev is not None else (case.entered.requested_by if case.entered else None)
    out: list[Block] = [
        Para(
            f"{stage_name(case)}: {_a(process.name)} was requested on {uk(requested)}"
            + (f" by {REQUESTERS.get(who, 'a ' + who)}" if who else "")
            + "."
        )
    ]
    reached: list[tuple[str, date, str]] = []
    if case.entered is not None and case.entered.requested == requested:
        reached += [(m.milestone, m.date, m.outcome) for m in case.entered.milestones]
    reached += [
        (e.event, e.date, e.outcome or "")
        for e in case.history
        if e.event in fw.milestone_ids and e.date >= requested and e.outcome is not None
    ]
    if reached:
        out += [
            Para("Steps so far:"),
            Bullets(
                tuple(f"{fw.milestone(m).name}: {outcome.replace('-', ' ')}, {uk(d)}" for m, d, outcome in reached)
            ),
        ]
    waiting = next_milestone(case)
    if waiting is None:  # pragma: no cover - an open request always has a next milestone
        return out
    ms = fw.milestone(waiting)
    text = _capital(ms.pending or f"{process.by} is working towards the next step: {ms.name.lower()}") + "."
    index = fw.milestone_ids.index(waiting)
    # A step that may not happen (a notice that no plan will be issued) has its time limit in
    # its words; the date given is the next step's that will happen either way.
    timed = next((m for m in process.milestones[index:] if m.deadline and not m.skippable), None)
    if timed is not None:
        due = timed.due.after(requested)
        what = "Due" if timed is ms else f"{timed.name}: due"
        text += f" {what} by {uk(due)}, {timed.due.span()} {'starting with the day of' if timed.due.starting_with else 'from'} the request ({describe_days((due - on).days)})."
    out.append(Para(text))
    if reached:
        last, day, _ = reached[-1]
        comment = fw.milestone(last).parent_comment
        if comment is not None:
            until = comment.after(day)
            what = f"to comment on the {_lower(fw.milestone(last).name)}, {uk(day)} ({comment.words()})"
            out.append(
                Para(
                    f"Your last day {what}: {uk(until)} ({describe_days((until - on).days).replace('due ', '')})."
                    if until >= on
                    else f"The time {what} ended on {uk(until)}."
                )
            )
    return out


def _rights(case: Case, on: date, say: Say) -> list[Block]:
    """What the parent can do now, and by when: a meeting, a request, an appeal."""
    fw = case.fw
    rights = fw.rights
    if case.left is not None or rights is None:
        return []
    first = case.first_name
    process = fw.process
    by = _capital(process.by_short)
    items = [f"Ask for a meeting: you can {rights.meeting} ({rights.meeting_source})."]
    open_request = open_assessment_request(case)
    refused = last_refusal(case)
    if open_request is None and case.stage != fw.plans.statutory.stage:
        text = f"Request {_a(process.name)}: you can {rights.request} ({rights.request_source})."
        done = last_assessment_done(case)
        wait = process.repeat_request
        if done is not None and wait.count > 0 and wait.after(done) > on:
            text += (
                f" An assessment was made on {uk(done)}, so {process.by_short} need not make another "
                f"until {uk(wait.after(done))}" + (f" ({rights.repeat_source})" if rights.repeat_source else "") + "."
            )
        elif refused is not None:
            text += f" {by} refused to assess {first} on {uk(refused.date)}: you can ask again, or appeal (below)"
            if wait.count > 0:
                text += f"; the wait of {wait.words()} applies only after an assessment has been made" + (
                    f" ({rights.repeat_source})" if rights.repeat_source else ""
                )
            text += "."
        items.append(text)
    if fw.appeal is not None:
        items += _appeal_rights(case, on, refused, open_request)
    return [_h("What can you do now, and by when?"), Bullets(tuple(items))]


def _appeal_rights(case: Case, on: date, refused: Event | None, open_request: date | None) -> list[str]:
    from senpath.reviews import appealable

    fw = case.fw
    appeals = fw.appeal
    assert appeals is not None
    found = appealable(case, appeals)
    window = f"within {appeals.window.words()} of the date of the decision letter"
    if found:
        notice, what = found[-1]
        refusal = refused is not None and refused.date == notice
        about = f"{fw.process.by_short}'s refusal to assess" if refusal else what[:1].lower() + what[1:]
        certificates = tuple(m.date for m in case.mediation if m.date >= notice)
        last = appeals.last_day(notice, certificates)
        if last >= on:
            return [
                f"Appeal to {appeals.to} against {about} ({uk(notice)}): {window}, so by {uk(last)}, "
                f"{describe_days((last - on).days)} ({appeals.source})."
            ]
        if open_request is None:
            return [f"The time to appeal to {appeals.to} against {about} ({uk(notice)}) ended on {uk(last)}."]
    if open_request is not None and next_milestone(case) == fw.process.milestones[0].id:
        return [
            f"If {fw.process.by_short} refuses to assess, you can appeal to {appeals.to} {window} ({appeals.source})."
        ]
    return []


@dataclass(frozen=True)
class _ReviewCheck:
    iep: int
    held: date
    due: date

    @property
    def late_by(self) -> int:
        return (self.held - self.due).days


def _iep(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    plan = plan_word(case)
    out: list[Block] = [_h(f"Does {first} have an {plan}, is it reviewed on time, and have you had your say?")]
    if not case.ieps:
        if case.stage in case.fw.new_plan_stages:
            out.append(
                Para(
                    f"No {plan} is on record, though {first} has been at {stage_name(case)} "
                    f"since {uk(stage_since(case))} and an {plan} is expected at this stage. "
                    + say("Ask for a copy, then add it to the record", Hint(action="iep-new", args={"child": case.id}))
                    + "."
                )
            )
        else:
            out.append(Para(f"No {plan} is on record."))
        out.append(_views(case))
        return out
    current = len(case.ieps)
    iep = case.ieps[-1]
    ended = lapsed_on(case, iep)
    if ended is None:
        out.append(Para(f"Yes: the current plan is {plan} {current}, from {uk(iep.start)}."))
    else:
        text = (
            f"No current plan: the last one, {plan} {current} from {uk(iep.start)}, ended on {uk(ended)} when "
            f"{first} came off SEN provision."
        )
        if case.left is None and case.stage in case.fw.new_plan_stages:
            text += (
                f" {first} has been at {stage_name(case)} since {uk(stage_since(case))}, so a new {plan} "
                "is needed. "
                + say("Ask for a copy, then add it to the record", Hint(action="iep-new", args={"child": case.id}))
                + "."
            )
        out.append(Para(text))
    checks: list[_ReviewCheck] = []
    for number, one in enumerate(case.ieps, start=1):
        due = one.review_on
        for r in one.reviews:
            checks.append(_ReviewCheck(number, r.date, due))
            due = r.next_review
    if checks:
        items = []
        for c in checks:
            when = "on time" if c.late_by <= 0 else f"{c.late_by} day{'s' if c.late_by != 1 else ''} late"
            items.append(f"{plan} {c.iep}: reviewed {uk(c.held)}, due {uk(c.due)}: {when}")
        out += [Para("Reviews so far:"), Bullets(tuple(items))]
    else:
        out.append(Para("No review has been held yet."))
    next_due = iep.reviews[-1].next_review if iep.reviews else iep.review_on
    if case.stage == case.fw.start:
        out.append(Para(f"No review is due: {first} is not on SEN provision now."))
    elif case.left is None and ended is None:
        out.append(Para(f"Next review of {plan} {current}: {uk(next_due)} ({describe_days((next_due - on).days)})."))
    out.append(_views(case))
    return out


def _views(case: Case) -> Para:
    """Whether the parent has had their say: at reviews, and at consultations that record their views."""
    plan = plan_word(case)
    reviews = [r for one in case.ieps for r in one.reviews]
    consulted = [c for c in case.consultations if c.parent_views]
    heard = ""
    if consulted:
        heard = (
            f"Your views were also written down at {plural(len(consulted), 'consultation')} "
            f"({', '.join(uk(c.date) for c in consulted)})."
        )
    if reviews:
        attended = sum(1 for r in reviews if "parent" in r.attended)
        views = sum(1 for r in reviews if r.parent_views)
        text = (
            f"You were at {attended} of {len(reviews)} review{'s' if len(reviews) != 1 else ''}, and your views "
            f"were written down at {views}."
        )
        if heard:
            text += " " + heard
        if attended < len(reviews) or views < len(reviews):
            text += " Ask to be invited to every review, and for your views to be written into the review record."
        return Para(text)
    if consulted:
        return Para(
            heard.replace(" also", "")
            + f" No {plan} review has been held yet: ask to be invited to it, and for your views to be "
            "written into the review record."
        )
    return Para(
        "The record cannot yet show whether you have had your say: no review has been held, and no "
        f"consultation records your views. Ask how you can comment on the {plan}, and to be invited to its review."
    )


def _professionals(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    out: list[Block] = [_h(f"Which professionals have seen {first}, and what did they advise?")]
    if not case.professionals:
        fw = case.fw
        if any(m.professional and m.to == case.stage for m in fw.moves):
            at = fw.stage(case.stage).short or stage_name(case)
            out.append(
                Para(
                    f"No outside professional is on record, although at {at} one is expected to advise. "
                    "Ask who has been asked to help."
                )
            )
        else:
            out.append(Para("No outside professional is on record."))
        return out
    items = []
    for p in case.professionals:
        text = professional_words(case, p, long=False)
        if p.visits and not any(v.advice for v in p.visits):
            text += "; no advice is on record: ask for the report"
        items.append(text)
    out.append(Bullets(tuple(items)))
    return out


def _diagnoses(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    place = case.school
    out: list[Block] = [_h(f"Is there a diagnosis, and does {place} have the details?")]
    if case.diagnoses:
        out += [
            Bullets(tuple(case.diagnoses)),
            Para(
                f"Whether {place} has the details is not in the record: take a copy of the diagnosis report "
                "to the meeting and ask."
            ),
        ]
    else:
        out.append(
            Para(
                "No diagnosis is on record. "
                + say(
                    f"If {first} has one, add it to the record", Hint(action="add-diagnosis", args={"child": case.id})
                )
                + "."
            )
        )
    return out


def _trend(case: Case, on: date, say: Say) -> list[Block]:
    first = case.first_name
    plan = plan_word(case)
    out: list[Block] = [_h("Are things getting worse?")]
    points = []
    for number, iep in enumerate(case.ieps, start=1):
        for r in iep.reviews:
            t = tally(r)
            if t.share_met is not None:
                points.append((r.date, number, t))
    points.sort(key=lambda x: x[0])
    if len(points) < 2:
        out.append(
            Para(
                f"The record cannot tell yet: it needs at least two {plan} reviews with target outcomes "
                f"(it has {len(points)}). "
                + say(
                    f"Ask the staff whether {possessive(first)} difficulties are growing, and record each review",
                    Hint(action="iep-review-record", args={"child": case.id}),
                )
                + "."
            )
        )
        return out
    items = []
    for when, number, t in points:
        share = t.share_met or 0.0
        items.append(f"{uk(when)} ({plan} {number}): {t.met} of {t.judged} targets met ({round(share * 100)}%)")
    out += [Para("Share of targets met at each review:"), Bullets(tuple(items))]
    (d1, n1, before), (d2, n2, latest) = points[-2], points[-1]
    b, a = before.share_met or 0.0, latest.share_met or 0.0
    if a < b:
        verdict = (
            f"Fewer targets were met at the latest review ({uk(d2)}) than at the one before ({uk(d1)}): "
            "things may be getting worse. Raise this at the meeting."
        )
    elif a > b:
        verdict = (
            f"More targets were met at the latest review ({uk(d2)}) than at the one before ({uk(d1)}): "
            "things seem to be getting better."
        )
    else:
        verdict = f"The same share of targets was met at the last two reviews ({uk(d1)} and {uk(d2)})."
    if n1 != n2:
        verdict += f" The two reviews were of different {plan}s, with different targets, so compare them with care."
    out.append(Para(verdict))
    return out


def _wants(case: Case, wants: Sequence[str]) -> list[Block]:
    out: list[Block] = [_h("What changes do you want to see?")]
    mine = [w.strip() for w in wants if w.strip()]
    if mine:
        out += [Bullets(tuple(mine)), Para("Anything else:"), Bullets((WRITE_HERE,))]
    else:
        out += [Para("Write them here before the meeting:"), Bullets((WRITE_HERE,) * EMPTY_LINES)]
    return out
