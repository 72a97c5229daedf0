"""A printable IEP a parent can take home: targets, provision, help at home, the review date and
lines to sign (``senpath iep show CHILD --format markdown --output FILE``).

Built as a :class:`senpath.letters.Document`, so it is written as text or Markdown by the same
code as the letters (Word and PDF come with them).
"""

from __future__ import annotations

from datetime import date

from senpath.dates import uk_long
from senpath.errors import NotFoundError
from senpath.letters import Bullets, Document, Heading, Lines, Para
from senpath.models import Case

SIGN_LINE = "." * 40  # dots, not underscores: the same in text and Markdown (no escapes)


def iep_document(case: Case, today: date) -> Document:
    """The current IEP as a document; NotFoundError when the child has none."""
    from senpath.ieps import next_review_due
    from senpath.stages import stage_name

    iep = case.current_iep
    if iep is None:
        raise NotFoundError(f"{case.id} has no IEP yet; write one with: {{cmd:iep new}} {case.id} {{opt:help}}")
    number = len(case.ieps)
    plan = case.fw.plans.school[0].long_name if case.fw.plans.school else "Individual Education Plan"
    blocks: list[Heading | Para | Lines | Bullets] = [
        Heading(f"{plan} for {case.name}", 1),
        Lines(
            (
                f"Date of birth: {uk_long(case.dob)} ({case.year_group_on(today)})",
                f"School: {case.school}",
                f"Stage: {stage_name(case)}",
                f"IEP {number}, from {uk_long(iep.start)}",
                f"To be reviewed by: {uk_long(next_review_due(iep))}",
            )
        ),
        Heading("Targets", 2),
        Bullets(tuple(iep.targets)),
    ]
    if iep.strategies:
        blocks += [Heading("How we will help", 2), Bullets(tuple(iep.strategies))]
    if iep.provision:
        blocks += [
            Heading("Extra help (provision)", 2),
            Bullets(tuple(f"{p.what}: {p.who}, {p.how_often}" for p in iep.provision)),
        ]
    blocks += [
        Heading("How you can help at home", 2),
        Bullets(tuple(iep.home)) if iep.home else Para("Nothing has been agreed yet: ask us at the review."),
    ]
    if iep.monitoring:
        blocks += [Heading("How we will check progress", 2), Para(iep.monitoring)]
    blocks += [
        Heading("Agreed by", 2),
        Lines((f"Parent or carer: {SIGN_LINE}   Date: ............",)),
        Lines((f"SENCO{f' ({case.senco})' if case.senco else ''}: {SIGN_LINE}   Date: ............",)),
    ]
    return Document(kind="iep", to="", date=today, blocks=tuple(blocks))
