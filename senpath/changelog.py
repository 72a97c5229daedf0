"""A case's change log, read from the record itself, and one-line descriptions of a change.

``timeline(case)`` lists everything the record says happened, in date order (opening,
settings, consultations, stage moves and LA milestones, professionals and their visits,
IEPs and their reviews, annual reviews, letters, leaving). ``describe_change(old, new)``
turns the difference between two versions into a commit message such as
``amira-khan: School Action → School Action Plus (20 Nov 2026)``.

Example::

    for entry in timeline(case):
        print(uk(entry.date), entry.kind, entry.text)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from senpath.dates import uk
from senpath.models import Case

SUBJECT_MAX = 160


@dataclass(frozen=True)
class Entry:
    """One dated line of the change log: ``short`` for commit messages, ``text`` in full."""

    date: date
    kind: str
    short: str
    text: str


def describe_move(case: Case, index: int) -> tuple[str, str]:
    """(short, full) text of history entry ``index``: ``School Action → School Action Plus``."""
    from senpath.stages import stage_name

    ev = case.history[index]
    if ev.from_ == ev.to:
        extra = f" ({ev.outcome})" if ev.outcome else ""
        short = f"{ev.event}{extra} recorded"
    else:
        short = f"{stage_name(case, ev.from_, ev.date)} → {stage_name(case, ev.to, ev.date)}"
        if ev.event in case.fw.milestone_ids:
            outcome = f": {ev.outcome}" if ev.outcome and ev.outcome != "done" else ""
            short += f" ({ev.event}{outcome})"
    if ev.not_consulted:
        short += " (parents not consulted)"
    details = [short]
    if ev.requested_by:
        details.append(f"requested by {ev.requested_by}")
    if ev.reason:
        details.append(ev.reason)
    if ev.consultation:
        details.append(f"relies on consultation {ev.consultation}")
    return short, "; ".join(details)


def timeline(case: Case) -> list[Entry]:
    """Everything the record says happened, oldest first (same-day entries in file order)."""
    out: list[Entry] = []
    first = case.settings[0]
    opened = f"case opened at {first.school} ({first.setting})"
    from senpath.stages import entry_words

    entered = entry_words(case) if not case.converted else None
    if entered is not None:
        opened += f"; entered {entered}"
    out.append(Entry(case.opened, "opened", "case opened", opened))
    out.extend(conversion_entries(case))
    for spell in case.settings[1:]:
        text = f"moved to {spell.school} ({spell.setting})"
        out.append(Entry(spell.date, "setting", text, text))
    for n, c in enumerate(case.consultations, start=1):
        short = f"consultation {n} with {', '.join(c.with_)} ({c.method})"
        out.append(Entry(c.date, "consultation", short, f"{short}: {c.summary}"))
    for i, ev in enumerate(case.history):
        short, text = describe_move(case, i)
        out.append(Entry(ev.date, ev.event, short, text))
    for p in case.professionals:
        role = p.role_name if p.role == "other" and p.role_name else p.role.replace("-", " ")
        short = f"{p.name} ({role}) asked to help"
        out.append(Entry(p.requested, "professional", short, short))
        for v in p.visits:
            short = f"seen by {p.name}"
            out.append(Entry(v.date, "visit", short, short + (f": {v.advice}" if v.advice else "")))
    word = case.fw.plans.school[-1].name
    for n, iep in enumerate(case.ieps, start=1):
        short = f"{word} {n} started"
        out.append(Entry(iep.start, "iep", short, f"{short}, review due {uk(iep.review_on)}"))
        for r in iep.reviews:
            short = f"{word} {n} reviewed ({r.outcome})"
            out.append(Entry(r.date, "iep-review", short, f"{short}, next review {uk(r.next_review)}"))
    plan = case.fw.plans.statutory.name
    for a in case.annual_reviews:
        out.append(Entry(a.date, "annual-review", "annual review", f"annual review of the {plan}"))
        if a.decision is not None and a.decided is not None:
            short = f"LA decision after the annual review: {a.decision}"
            out.append(Entry(a.decided, "review-decision", short, f"{short} (review of {uk(a.date)})"))
        if a.amended is not None:
            short = f"amended {plan} issued"
            out.append(Entry(a.amended, "amended-plan", short, f"{short} (review of {uk(a.date)})"))
    for x in case.exceptions:
        short = f"exception recorded to {x.milestone}"
        out.append(Entry(x.date, "exception", short, f"{short}: {x.reason}"))
    for t in case.transfers:
        where = f" to {t.school}" if t.school else ""
        if t.done is not None:
            short = f"phase transfer {t.transfer} ({t.year}){where}: plan amended"
            out.append(Entry(t.done, "phase-transfer", short, short))
    for m in case.mediation:
        short = "mediation certificate"
        out.append(Entry(m.date, "mediation", short, short + (f": {m.notes}" if m.notes else "")))
    for letter in case.correspondence:
        short = f"letter ({letter.kind}) to {letter.to}"
        out.append(Entry(letter.date, "letter", short, short))
    if case.left is not None:
        out.append(Entry(case.left.date, "left", "left the setting", f"left the setting: {case.left.reason}"))
    return sorted(out, key=lambda e: e.date)


def conversion_entries(case: Case) -> list[Entry]:
    """The earlier record kept with each conversion, in its own framework's words (with the same
    short lines as before the conversion), then the conversion itself."""
    out: list[Entry] = []
    for k, conv in enumerate(case.converted):
        old = case.before_conversion(k)
        under = f" (under {conv.from_framework})"
        for i, ev in enumerate(conv.history):
            short, text = describe_move(old, i)
            out.append(Entry(ev.date, ev.event, short, text + under))
        word = old.fw.plans.school[-1].name
        for n, iep in enumerate(conv.ieps, start=1):
            short = f"{word} {n} started"
            out.append(Entry(iep.start, "iep", short, f"{short}, review due {uk(iep.review_on)}{under}"))
            for r in iep.reviews:
                short = f"{word} {n} reviewed ({r.outcome})"
                out.append(Entry(r.date, "iep-review", short, short + under))
        for a in conv.annual_reviews:
            text = f"annual review of the {old.fw.plans.statutory.name}{under}"
            out.append(Entry(a.date, "annual-review", "annual review", text))
        from senpath.stages import stage_name

        short = (
            f"converted to {case.framework}: {stage_name(old, conv.stage, conv.date)} → "
            f"{case.fw.stage_name(conv.to, case.setting_on(conv.date))}"
        )
        out.append(Entry(conv.date, "convert", short, f"{short}; {conv.note}"))
    return out


_DETAIL_FIELDS = ("name", "known_as", "dob", "head_teacher", "senco", "concerns", "diagnoses", "parents")


def describe_change(old: Case | None, new: Case, how: str | None = None) -> str:
    """A commit message for the change from ``old`` to ``new`` (``old`` None: a new case)."""
    if old is None:
        text = f"{new.id}: case opened ({uk(new.opened)})"
        return f"{text} [{how}]" if how else text
    before = Counter((e.date, e.short) for e in timeline(old))
    parts = []
    for e in timeline(new):
        key = (e.date, e.short)
        if before[key] > 0:
            before[key] -= 1
            continue
        parts.append(f"{e.short} ({uk(e.date)})")
    changed = [f for f in _DETAIL_FIELDS if getattr(old, f) != getattr(new, f)]
    if changed:
        parts.append("details updated: " + ", ".join(f.replace("_", " ") for f in changed))
    removed = sum(before.values())
    if removed:
        parts.append(f"{removed} entr{'y' if removed == 1 else 'ies'} changed or removed")
    if not parts:
        parts.append("record updated")
    subject = f"{new.id}: " + "; ".join(parts)
    if how:
        subject = f"{subject} [{how}]"
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    return subject
