"""The parent's letters, built from a case: a meeting request to the head teacher and a request
to the local authority for a statutory assessment.

Pure functions, no terminal and no disk: a builder turns a :class:`~senpath.models.Case` into a
:class:`Document` (a few kinds of block: lines, paragraphs, headings, bullet lists), and
:func:`to_text` / :func:`to_markdown` turn a document into text. The wording is senpath's own.

No placeholder ever reaches a letter: when the record lacks something a letter needs, the builder
raises :class:`~senpath.errors.MissingItemError` naming every missing item and the option or
command that supplies it. Example::

    doc = meeting_request(case, on=date(2026, 11, 22), advisor="Jo Brown (Parent Partnership)")
    print(to_text(doc))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from senpath.dates import iso, uk, uk_long
from senpath.errors import MissingItemError, RefusedError
from senpath.models import IEP, TEXT_MAX, Case, IEPReview, Letter, LetterBlock, Professional
from senpath.stages import same_name, stage_name
from senpath.vocab import LetterKind

Format = Literal["text", "markdown"]


# ---------------------------------------------------------------------------
# The document: a small structured form, rendered to text or Markdown


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3  # 1: title, 2: section of a sheet, 3: section of a letter


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Lines:
    """Lines kept together with no blank line between (an address, a date)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Heading | Para | Lines | Bullets


@dataclass(frozen=True)
class Document:
    kind: Literal["meeting-request", "assessment-request", "prep", "iep"]
    to: str  # whom it is addressed to, for the correspondence log ("" for a sheet)
    date: date
    blocks: tuple[Block, ...]


def to_text(doc: Document) -> str:
    """Plain text: blank lines between blocks, '- ' bullets, no hard wrapping (paste-friendly)."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            underline = {1: "=", 2: "-"}.get(block.level)
            parts.append(block.text + (f"\n{underline * _width(block.text)}" if underline else ""))
        elif isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, Lines):
            parts.append("\n".join(block.lines))
        else:
            parts.append("\n".join("- " + item.replace("\n", "\n  ") for item in block.items))
    return "\n\n".join(parts) + "\n"


def to_markdown(doc: Document) -> str:
    """Markdown (CommonMark): headings, bold subject line, '-' lists, hard breaks in addresses."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + md_escape(block.text))
        elif isinstance(block, Para):
            text = md_escape(block.text)
            parts.append(f"**{text}**" if block.strong else text)
        elif isinstance(block, Lines):
            # A blank line in the block starts a new paragraph; the others are hard line breaks.
            groups = "\n".join(block.lines).split("\n\n")
            parts.append("\n\n".join("\\\n".join(md_escape(x) for x in g.split("\n")) for g in groups))
        else:
            parts.append("\n".join("- " + md_escape(item).replace("\n", "\n  ") for item in block.items))
    return "\n\n".join(parts) + "\n"


def render(doc: Document, fmt: Format) -> str:
    return to_markdown(doc) if fmt == "markdown" else to_text(doc)


_MD_SPECIAL = set("\\`*_[]<>#|~")
# At a line's start "-", "+" and "=" make a list item, a thematic break ("---") or a heading
# underline ("===", "---"): escaped wherever they start a line, whatever follows.
_MD_BULLET = re.compile(r"^(\s*)([-+=])")
_MD_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Backslash-escape what Markdown would read as formatting: ``* _ # > | ~`` and backticks
    anywhere, and a line starting "-", "+", "=" or "1." (a list, a rule, a heading underline); the
    spaces or tabs that start a line (an indented code block) are dropped."""
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    # Leading spaces or tabs would make an indented code block: a line of a letter starts at the margin.
    lines = [_MD_NUMBER.sub(r"\1\\\2", _MD_BULLET.sub(r"\1\\\2", line.lstrip(" \t"))) for line in out.split("\n")]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Characters as seen (combining accents take no room)."""
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


# ---------------------------------------------------------------------------
# Pieces of the record, in words (shared with the preparation sheet)


def possessive(name: str) -> str:
    """Amira's, James's (British usage keeps the 's after a final s)."""
    return f"{name}'s"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def role_words(p: Professional) -> str:
    if p.role == "other" and p.role_name:
        return p.role_name
    return p.role.replace("-", " ")


def is_school(case: Case) -> bool:
    return case.setting in ("primary", "secondary")


@dataclass(frozen=True)
class Spell:
    stage: str
    start: date
    end: date | None  # None: still at this stage
    entered: bool = False  # the stage the child was entered at: earlier history not recorded here


def plan_word(case: Case) -> str:
    """The school plan's name in running text, in the case's framework ("IEP", "SEN support plan")."""
    return case.fw.plans.school[-1].name


def stage_spells(case: Case) -> list[Spell]:
    """Each stage above the framework's start the child has been at, with its dates, oldest first
    (the first from where the child was entered, when they were)."""
    start = case.fw.start
    spells: list[Spell] = []
    current: tuple[str, date, bool] | None = None
    if case.entered is not None:
        current = (case.entered.stage, case.entered.since, True)
    for ev in case.history:
        if ev.from_ == ev.to:
            continue
        if current is not None:
            spells.append(Spell(current[0], current[1], ev.date, current[2]))
        current = (ev.to, ev.date, False) if ev.to != start else None
    if current is not None:
        spells.append(Spell(current[0], current[1], None, current[2]))
    return spells


def spell_words(case: Case, spell: Spell, long: bool = True) -> str:
    fmt = uk_long if long else uk
    name = stage_name(case, spell.stage, max(spell.start, case.opened) if spell.entered else spell.start)
    text = (
        f"{name}, from {fmt(spell.start)} to now"
        if spell.end is None
        else f"{name}, from {fmt(spell.start)} to {fmt(spell.end)}"
    )
    if spell.entered:
        text += f" (recorded here from {fmt(case.opened)}; earlier history not recorded here)"
    return text


@dataclass(frozen=True)
class Tally:
    met: int
    partly: int
    not_met: int
    not_recorded: int

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met + self.not_recorded

    @property
    def judged(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def share_met(self) -> float | None:
        return self.met / self.judged if self.judged else None


def tally(review: IEPReview) -> Tally:
    outcomes = review.target_outcomes
    return Tally(
        met=outcomes.count("met"),
        partly=outcomes.count("partly"),
        not_met=outcomes.count("not-met"),
        not_recorded=outcomes.count("not-recorded"),
    )


def tally_words(t: Tally) -> str:
    """'1 of 3 targets met, 1 partly met, 1 not met'."""
    if t.total == 0:
        return "no target outcomes recorded"
    parts = [f"{t.met} of {plural(t.total, 'target')} met"]
    if t.partly:
        parts.append(f"{t.partly} partly met")
    if t.not_met:
        parts.append(f"{t.not_met} not met")
    if t.not_recorded:
        parts.append(f"{t.not_recorded} not recorded")
    return ", ".join(parts)


DECISIONS = {
    "continue": "it was agreed to carry on with the IEP",
    "new-iep": "it was agreed to write a new IEP",
    "escalate": "it was agreed that more help was needed",
    "step-down": "it was agreed that less help was needed",
}
OUTCOME_WORDS = {"met": "met", "partly": "partly met", "not-met": "not met", "not-recorded": "not recorded"}


def review_words(review: IEPReview, long: bool = True, plan: str = "IEP") -> str:
    day = uk_long(review.date) if long else uk(review.date)
    return f"on {day}: {tally_words(tally(review))}; {DECISIONS[review.outcome].replace('IEP', plan)}"


def provision_words(iep: IEP) -> list[str]:
    return [f"{p.what}, by {p.who}, {p.how_often}" for p in iep.provision]


def professional_words(case: Case, p: Professional, long: bool = True) -> str:
    fmt = uk_long if long else uk
    who = f"{p.name} ({role_words(p)})"
    if not p.visits:
        return f"{who}: asked to see {case.first_name} on {fmt(p.requested)}, and has not seen {case.first_name} yet"
    seen = []
    for v in p.visits:
        seen.append(f"saw {case.first_name} on {fmt(v.date)}" + (f" and advised: {v.advice}" if v.advice else ""))
    return f"{who}: " + "; ".join(seen)


def _merge(recorded: Sequence[str], extra: Sequence[str]) -> list[str]:
    """Recorded items, then extra ones not already there (each exactly once)."""
    result: list[str] = []
    for item in [*recorded, *extra]:
        if not any(same_name(item, x) for x in result):
            result.append(item)
    return result


def _signer(case: Case, sender: str | None) -> tuple[str | None, str]:
    """(name to sign with, relationship to the child)."""
    name = sender if sender and sender.strip() else (case.parents[0].name if case.parents else None)
    relationship = "parent"
    if name is not None:
        for p in case.parents:
            if same_name(p.name, name) and p.relationship:
                relationship = p.relationship
    return name, relationship


def _missing_parent(case: Case) -> str:
    return (
        'no parent\'s name to sign the letter with: give --from "NAME", '
        f'or add a parent with senpath update {case.id} --add-parent "NAME"'
    )


def _refuse(missing: list[str]) -> None:
    if missing:
        raise MissingItemError("\n".join(f"letter not written: {m}" for m in missing))


def _ensure_attending(case: Case) -> None:
    """Refuse a letter about a child who has left: the letters speak of the setting they attend."""
    if case.left is not None:
        raise RefusedError(
            f"{case.name} left {case.school} on {uk(case.left.date)}; senpath writes letters only while "
            "the child is at the setting"
        )


# ---------------------------------------------------------------------------
# The meeting request


def meeting_request(
    case: Case,
    *,
    on: date,
    sender: str | None = None,
    advisor: str | None = None,
    questions: Sequence[str] = (),
    concerns: Sequence[str] = (),
) -> Document:
    """The parent's letter to the head teacher asking to meet about their worries."""
    _ensure_attending(case)
    _ensure_offered(case, "meeting-request")
    signer, relationship = _signer(case, sender)
    worries = _merge(case.concerns, [c for c in concerns if c.strip()])
    missing = []
    if not case.head_teacher:
        missing.append(
            f'no head teacher on record to address it to: add one with senpath update {case.id} --head-teacher "NAME"'
        )
    if signer is None:
        missing.append(_missing_parent(case))
    if not worries:
        missing.append(
            'no concern to write about: give --concern "WHAT WORRIES YOU", '
            f'or add one to the record with senpath update {case.id} --add-concern "CONCERN"'
        )
    _refuse(missing)
    assert case.head_teacher is not None and signer is not None

    first = case.first_name
    records = f"{possessive(first)} school records" if is_school(case) else f"the records you keep on {first}"
    meet = (
        "I would like to meet you to talk about these worries, and about what you and your staff "
        f"can do to help {first}."
    )
    if advisor and advisor.strip():
        meet += f" I will bring {advisor.strip()} with me to support me at the meeting."
    blocks: list[Block] = [
        Para(uk_long(on)),
        Lines((case.head_teacher, "Head teacher", case.school)),
        Para(f"Dear {case.head_teacher},"),
        Para(f"{case.name}, date of birth {uk_long(case.dob)}", strong=True),
        Para(
            f"I am writing about {first}, who attends {case.school}. "
            f"As {possessive(first)} {relationship}, I am worried that {first} is not making adequate progress, "
            f"and that {first} may have special educational needs (SEN)."
        ),
        Para("In particular, I am concerned about:"),
        Bullets(tuple(worries)),
        Para(meet),
    ]
    asks = [q.strip() for q in questions if q.strip()]
    if asks:
        blocks += [Para("These are the questions I would like us to talk about:"), Bullets(tuple(asks))]
    own = tuple(q.replace("{child's}", possessive(first)).replace("{child}", first) for q in case.fw.school_questions)
    if own:
        blocks += [Para("I would also like to know:"), Bullets(own)]
    blocks += [
        Para(f"Before we meet, could you please send me a copy of {records}, and a copy of your SEN policy?"),
        Para(f"I hope we can work together in partnership to support {first}. I look forward to hearing from you."),
        Lines(("Yours sincerely,", "", signer)),
    ]
    return Document(
        kind="meeting-request",
        to=f"{case.head_teacher}, head teacher, {case.school}",
        date=on,
        blocks=tuple(blocks),
    )


# ---------------------------------------------------------------------------
# The request for a statutory assessment


def decision_due(case: Case, on: date) -> date:
    """The date by which the first milestone (the decision whether to assess) is due after a request."""
    return case.fw.process.milestones[0].due.after(on)


def assessment_request(
    case: Case,
    *,
    on: date,
    la: str | None,
    reasons: Sequence[str],
    sender: str | None = None,
    concerns: Sequence[str] = (),
    enclosures: Sequence[str] = (),
) -> Document:
    """The parent's letter asking the local authority for a statutory assessment."""
    from senpath.ieps import statement_since
    from senpath.stages import last_assessment_done, open_assessment_request, repeat_request_possible_from

    _ensure_attending(case)
    _ensure_offered(case, "assessment-request")
    fw = case.fw
    process, plan, la_ = fw.process, fw.plans.statutory, fw.process.by_short

    requested = open_assessment_request(case)
    if requested is not None:
        raise RefusedError(
            f"a {process.name} of {case.name} was requested on {uk(requested)} and is still under way; "
            f"record {la_}'s next step with senpath assessment {case.id}"
        )
    made = statement_since(case)
    if made is not None:
        raise RefusedError(
            f"{case.name} already has a {plan.long_name[0].lower() + plan.long_name[1:]} (made final on {uk(made)}); "
            "it is looked at again at its annual review, so raise changes there, or write to "
            f"{la_} yourself to ask for a reassessment"
        )
    possible = repeat_request_possible_from(case)
    done = last_assessment_done(case)
    if possible is not None and done is not None and on < possible:
        raise RefusedError(
            f"{la_} completed a {process.name} of {case.name} on {uk(done)}; a new request can be made "
            f"from {uk(possible)}: write then, or give --date {iso(possible)}"
        )
    signer, relationship = _signer(case, sender)
    needs = _merge(case.concerns, [c for c in concerns if c.strip()])
    why = [r.strip() for r in reasons if r.strip()]
    first = case.first_name
    enclosed = _enclosures(case, enclosures)
    missing = []
    if signer is None:
        missing.append(_missing_parent(case))
    if not la or not la.strip():
        missing.append('no local authority to write to: give --la "NAME" (e.g. --la "Northshire County Council")')
    if not why:
        missing.append(
            f'no reason why {case.school} cannot meet {possessive(first)} needs alone: give --reason "WHY" (repeatable)'
        )
    if not needs and not case.diagnoses:
        missing.append(
            f'no concern or diagnosis on record to describe {possessive(first)} needs: give --concern "NEED", '
            f'or add one with senpath update {case.id} --add-concern "CONCERN" (or --add-diagnosis)'
        )
    if not enclosed and process.enclosures_required:
        missing.append(
            "no evidence to enclose: the record has no IEP, professional's visit or stage evidence yet; "
            'give --enclose "DOCUMENT" (e.g. --enclose "Letter from our GP, 3 November 2026")'
        )
    _refuse(missing)
    assert signer is not None and la is not None
    la = la.strip()
    due = decision_due(case, on)
    decision = process.milestones[0].due
    plan_name = plan_word(case)
    school_plan = case.fw.plans.school[-1]
    article = "an" if process.name[:1].lower() in "aeiou" else "a"
    under = f", under {process.request_law}" if process.request_law else ""

    blocks: list[Block] = [
        Para(uk_long(on)),
        Lines(("Special Educational Needs Team", la)),
        Para("Dear Sir or Madam,"),
        Para(f"Request for {article} {process.name}: {case.name}, date of birth {uk_long(case.dob)}", strong=True),
        Para(
            f"I am {possessive(first)} {relationship}, and I am writing to ask {la} to make {article} {process.name} "
            f"of {possessive(first)} special educational needs{under}. {first} attends {case.school}."
        ),
        Heading(f"{possessive(first)} needs"),
    ]
    if needs:
        blocks += [Para("I am concerned about:"), Bullets(tuple(needs))]
    if case.diagnoses:
        blocks += [Para(f"{first} has been diagnosed with:"), Bullets(tuple(case.diagnoses))]

    blocks.append(Heading(f"The help {first} has had so far"))
    spells = stage_spells(case)
    if spells:
        blocks += [
            Para(f"{first} has had extra help at these stages:"),
            Bullets(tuple(spell_words(case, s) for s in spells)),
        ]
    else:
        blocks.append(
            Para(f"{first} has not had help at {_action_names(case)} yet, and I believe the needs call for more.")
        )
    if not case.ieps:
        full = plan_name if school_plan.long_name == plan_name else f"{school_plan.long_name} ({plan_name})"
        blocks.append(Para(f"No {full} has been written for {first} yet."))
    for number, iep in enumerate(case.ieps, start=1):
        blocks += [
            Para(f"{plan_name} {number}, from {uk_long(iep.start)}, set these targets:"),
            Bullets(tuple(iep.targets)),
        ]
        if iep.provision:
            blocks += [Para(f"Help given under {plan_name} {number}:"), Bullets(tuple(provision_words(iep)))]
        if iep.reviews:
            blocks += [
                Para(f"{plan_name} {number} was reviewed:"),
                Bullets(tuple(review_words(r, plan=plan_name) for r in iep.reviews)),
            ]
        else:
            blocks.append(Para(f"{plan_name} {number} has not been reviewed yet."))

    blocks.append(Heading("Professionals involved"))
    if case.professionals:
        blocks.append(Bullets(tuple(professional_words(case, p) for p in case.professionals)))
    else:
        blocks.append(Para(f"No outside professional has been involved with {first} yet."))

    if process.request_law:
        timing = (
            f"Under {process.request_law} and the regulations made under it, {la} must decide whether to make "
            f"{article} {process.name} within {decision.words()} of receiving this request. Please let me know your "
            f"decision by {uk_long(due)}, and tell me who I can contact about the request in the meantime."
        )
    else:
        timing = (
            f"{_capital(process.by_any or process.by)} is expected to decide whether to make {article} "
            f"{process.name} within {decision.words()} of a request. Please let me know your decision by "
            f"{uk_long(due)}, and tell me who I can contact about the request in the meantime."
        )
    appeal = case.fw.appeals
    blocks += [
        Heading(f"Why {case.school} cannot meet {possessive(first)} needs alone"),
        *(Para(r) for r in why),
        *((Heading("Enclosed"), Bullets(tuple(enclosed))) if enclosed else ()),
        Para(timing),
        *(
            (
                Para(
                    f"I understand that if {la} decides not to make {article} {process.name}, I can appeal to "
                    f"{appeal.to}; please set out that right and its time limit with your decision."
                ),
            )
            if appeal is not None
            else ()
        ),
        Para("Thank you for your help."),
        Lines(("Yours faithfully,", "", signer)),
    ]
    return Document(
        kind="assessment-request", to=f"Special Educational Needs Team, {la}", date=on, blocks=tuple(blocks)
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _action_names(case: Case) -> str:
    """The school-based stages a request usually follows: "School Action or School Action Plus"."""
    names = [stage_name(case, s) for s in case.fw.new_plan_stages]
    return ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]


def _ensure_offered(case: Case, kind: LetterKind) -> None:
    if kind not in case.fw.letters:
        raise RefusedError(f"the {case.fw.title} offers no {KIND_WORDS[kind]} letter")


def _enclosures(case: Case, extra: Sequence[str]) -> list[str]:
    """The evidence the record can point to, then the parent's own items."""
    found: list[str] = []
    for number, iep in enumerate(case.ieps, start=1):
        reviews = f" and the records of its {plural(len(iep.reviews), 'review')}" if iep.reviews else ""
        found.append(f"{plan_word(case)} {number} (from {uk_long(iep.start)}){reviews}")
    for p in case.professionals:
        for v in p.visits:
            found.append(f"Advice from {p.name} ({role_words(p)}) after seeing {case.first_name} on {uk_long(v.date)}")
    for ev in case.history:
        found.extend(ev.evidence)
    return _merge(found, [e.strip() for e in extra if e.strip()])


# ---------------------------------------------------------------------------
# The correspondence log


def build(
    kind: LetterKind,
    case: Case,
    *,
    on: date,
    sender: str | None = None,
    advisor: str | None = None,
    questions: Sequence[str] = (),
    concerns: Sequence[str] = (),
    la: str | None = None,
    reasons: Sequence[str] = (),
    enclosures: Sequence[str] = (),
) -> Document:
    if kind == "assessment-request":
        return assessment_request(
            case, on=on, la=la, reasons=reasons, sender=sender, concerns=concerns, enclosures=enclosures
        )
    return meeting_request(case, on=on, sender=sender, advisor=advisor, questions=questions, concerns=concerns)


def record(case: Case, doc: Document) -> Case:
    """The case with the letter (its plain text and its layout) added to its correspondence (once: a
    copy already logged, with or without its layout, is not logged again)."""
    if doc.kind == "prep":
        raise ValueError("a preparation sheet is not correspondence")
    if case.left is not None:
        raise RefusedError(f"{case.name} left on {uk(case.left.date)}; the record is closed and kept as it is")
    text = to_text(doc)
    if len(text) > TEXT_MAX:
        raise RefusedError(
            f"the letter is {len(text):,} characters, more than the {TEXT_MAX:,} a record keeps; nothing was "
            "written or logged. Shorten the questions or concerns, or leave out --record"
        )
    letter = Letter(date=doc.date, kind=doc.kind, to=doc.to, text=text, blocks=kept_blocks(doc))
    if any(same_letter(letter, kept) for kept in case.correspondence):
        return case
    new = case.model_copy(deep=True)
    new.correspondence.append(letter)
    return new


def same_letter(a: Letter, b: Letter) -> bool:
    """The same letter: date, kind, recipient and text (its kept layout aside)."""
    return (a.date, a.kind, a.to, a.text) == (b.date, b.kind, b.to, b.text)


def kept_blocks(doc: Document) -> list[LetterBlock]:
    """A document's blocks as the correspondence keeps them."""
    out: list[LetterBlock] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(LetterBlock(type="heading", text=block.text, level=block.level))
        elif isinstance(block, Para):
            out.append(LetterBlock(type="para", text=block.text, strong=True if block.strong else None))
        elif isinstance(block, Lines):
            out.append(LetterBlock(type="lines", lines=list(block.lines)))
        else:
            out.append(LetterBlock(type="bullets", items=list(block.items)))
    return out


def kept_letter(letter: Letter) -> tuple[Document, bool]:
    """A recorded letter as a document to print again, and whether its layout was kept.

    The text is the record: the kept layout is used only while it gives that text exactly (a
    letter recorded before layouts were kept, or whose text was edited since, is read back from
    its text: paragraphs, bulleted lists and lines kept together)."""
    blocks: list[Block] = []
    for b in letter.blocks or []:
        if b.type == "heading" and b.text is not None and b.level is not None:
            blocks.append(Heading(b.text, b.level))
        elif b.type == "para" and b.text is not None:
            blocks.append(Para(b.text, strong=bool(b.strong)))
        elif b.type == "lines" and b.lines is not None:
            blocks.append(Lines(tuple(b.lines)))
        elif b.items is not None:
            blocks.append(Bullets(tuple(b.items)))
    doc = Document(kind=letter.kind, to=letter.to, date=letter.date, blocks=tuple(blocks))
    if blocks and to_text(doc) == letter.text:
        return doc, True
    return Document(kind=letter.kind, to=letter.to, date=letter.date, blocks=blocks_of_text(letter.text)), False


def blocks_of_text(text: str) -> tuple[Block, ...]:
    """The blocks of a letter's plain text (the inverse of :func:`to_text`, but for a heading of
    a letter, which reads back as a paragraph, and a paragraph's emphasis)."""
    out: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = chunk.split("\n")
        if not chunk.strip():
            continue
        if lines[0].startswith("- ") and all(line.startswith(("- ", "  ")) for line in lines):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += "\n" + line[2:]
            out.append(Bullets(tuple(items)))
        elif len(lines) == 2 and lines[1] and set(lines[1]) in ({"="}, {"-"}) and len(lines[1]) == _width(lines[0]):
            out.append(Heading(lines[0], 1 if lines[1][0] == "=" else 2))
        elif len(lines) > 1:
            out.append(Lines(tuple(lines)))
        else:
            out.append(Para(chunk))
    return tuple(out)


KIND_WORDS: dict[LetterKind, str] = {
    "meeting-request": "meeting request",
    "assessment-request": "request for statutory assessment",
}
