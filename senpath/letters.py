"""The letters, built from a case: the parent's meeting request to the head teacher and request
to the local authority for a statutory assessment; the school's notice to the parents that it is
making special educational provision, and its invitation to a review meeting.

Pure functions, no terminal and no disk: a builder turns a :class:`~senpath.models.Case` into a
:class:`Document` (a few kinds of block: lines, paragraphs, headings, bullet lists), and
:func:`to_text` / :func:`to_markdown` turn a document into text. The wording is senpath's own;
the law a letter cites (the Act and section, the time limit and from when it runs, the tribunal)
is the case's framework's ``law``, never written here.

A letter is laid out as it is posted: the sender's name, address, phone and email (as far as the
record has them), the date, the recipient, a greeting by title and surname (:func:`greeting`)
and the matching close. No placeholder ever reaches a letter: when the record lacks something a
letter needs, the builder raises :class:`~senpath.errors.MissingItemError` naming every missing
item, each with a hint the CLI words. Example::

    doc = meeting_request(case, on=date(2026, 11, 22), advisor="Jo Brown (Parent Partnership)")
    print(to_text(doc))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from senpath.dates import iso, uk, uk_long
from senpath.errors import Hint, MissingItemError, RefusedError, UsageError
from senpath.models import IEP, TEXT_MAX, Case, IEPReview, Letter, LetterBlock, Parent, Professional
from senpath.stages import same_name, stage_name, stage_since
from senpath.vocab import LETTER_KINDS, LetterKind

if TYPE_CHECKING:
    from senpath.framework import LawDef

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
    kind: LetterKind | Literal["prep", "iep"]
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


# ---------------------------------------------------------------------------
# Names, addresses and greetings

# The titles a name may start with ("Mrs J. Patel"), as a letter writes them.
TITLES = {t.lower(): t for t in ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Rev", "Revd")}
# Words that belong to a surname when they come before its last word: Ní Bhriain, van Dijk.
PARTICLES = frozenset("ní nic ó ua mac mc van von de da di del della der den du le la ter al el bin st st.".split())


def title_and_surname(name: str) -> tuple[str, str] | None:
    """("Mrs", "Patel") for "Mrs J. Patel"; None for a name that starts with no title."""
    words = name.split()
    title = TITLES.get(words[0].rstrip(".").lower()) if len(words) > 1 else None
    if title is None:
        return None
    rest = words[1:]
    start = len(rest) - 1
    while start > 0 and rest[start - 1].lower() in PARTICLES:
        start -= 1
    return title, " ".join(rest[start:])


def join_and(items: Sequence[str], word: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (or another joining word: 'A or B')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


@dataclass(frozen=True)
class Greeting:
    dear: str  # "Dear Mrs Patel,"
    close: str  # "Yours sincerely,"


def greeting(names: Sequence[str] = (), role: str | None = None) -> Greeting:
    """How a letter opens and closes (UK convention).

    To people by name: title and surname ("Dear Mrs Patel"), or the full name when it starts
    with no title ("Dear Helen Carter"), closed "Yours sincerely". To no one by name: the role
    ("Dear Head Teacher", "Dear Principal") or "Dear Sir or Madam", closed "Yours faithfully".
    """
    if names:
        said = []
        for name in names:
            found = title_and_surname(name)
            said.append(f"{found[0]} {found[1]}" if found else name)
        return Greeting(f"Dear {join_and(said)},", "Yours sincerely,")
    return Greeting(f"Dear {role or 'Sir or Madam'},", "Yours faithfully,")


def address_lines(address: str | None) -> tuple[str, ...]:
    """An address as the lines of a letter: its own lines, else its comma-separated parts."""
    if not address:
        return ()
    parts = address.splitlines() if "\n" in address.strip() else address.split(",")
    return tuple(p.strip() for p in parts if p.strip())


def contact_lines(person: Parent) -> tuple[str, ...]:
    """A person's address, phone and email, as far as the record has them."""
    return (
        *address_lines(person.address),
        *((f"Phone: {person.phone}",) if person.phone else ()),
        *((f"Email: {person.email}",) if person.email else ()),
    )


@dataclass(frozen=True)
class Voice:
    """Who a letter speaks as: one writer ("I") or several ("we")."""

    many: bool = False

    @property
    def I(self) -> str:  # noqa: E743, N802 - the word itself
        return "We" if self.many else "I"

    @property
    def i(self) -> str:
        return "we" if self.many else "I"

    @property
    def me(self) -> str:
        return "us" if self.many else "me"

    @property
    def my(self) -> str:
        return "our" if self.many else "my"

    @property
    def am(self) -> str:
        return "are" if self.many else "am"

    @property
    def was(self) -> str:
        return "were" if self.many else "was"


@dataclass(frozen=True)
class Pron:
    """The child's pronoun as the parent chose it on the record ("they" when none is)."""

    they: str
    their: str
    has: str
    them: str = "them"

    @staticmethod
    def of(case: Case) -> Pron:
        return {"he": Pron("he", "his", "has", "him"), "she": Pron("she", "her", "has", "her")}.get(
            case.pronoun or "they", Pron("they", "their", "have")
        )


@dataclass(frozen=True)
class Writers:
    """The parents or carers a letter is from, the first giving the address."""

    people: tuple[Parent, ...]

    @property
    def voice(self) -> Voice:
        return Voice(many=len(self.people) > 1)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.people)

    def relationship(self) -> str:
        """'mother', 'grandmother and kinship carer', 'mother and father', 'parents'."""
        given = [p.relationship.strip() for p in self.people if p.relationship and p.relationship.strip()]
        if len(given) < len(self.people):
            return "parents" if self.voice.many else "parent"
        if len(set(given)) == 1 and len(given) > 1 and " " not in given[0]:
            return given[0] + "s"
        if len(given) > 1 and any(" and " in g for g in given):
            # "grandmother and kinship carer, and grandfather and kinship carer": each whole
            return ", ".join(given[:-1]) + ", and " + given[-1]
        return join_and(given)

    def parental(self) -> bool:
        """Whether every writer is the child's parent (so the letter may say "my child")."""
        return all(_is_parent(p) for p in self.people)

    def child(self, case: Case) -> str:
        """How the letter names the child where it has already named them: "my child" (or "our
        child") from a parent; the name the child goes by from a grandparent or carer."""
        return f"{self.voice.my} child" if self.parental() else case.first_name

    def block(self) -> Lines:
        return Lines((join_and(list(self.names)), *contact_lines(self.people[0])))

    def signature(self, close: str) -> Lines:
        return Lines((close, "", *self.names))


_PARENTAL = re.compile(r"(step|adoptive |birth )?(mother|father|parent|mum|dad)")


def _is_parent(p: Parent) -> bool:
    """A parent (no relationship recorded counts as one), not a carer in another relationship."""
    return p.relationship is None or bool(_PARENTAL.fullmatch(p.relationship.strip().lower()))


def _pick_writers(case: Case, names: Sequence[str]) -> Writers | None:
    """The parents or carers named (each must be on the record), else the first on record; None
    when the record has none."""
    if not case.parents:
        return None
    if not names:
        return Writers((case.parents[0],))
    found: list[Parent] = []
    for name in names:
        match = next((p for p in case.parents if same_name(p.name, name)), None)
        if match is None:
            on_record = ", ".join(p.name for p in case.parents)
            raise UsageError(
                f"{{opt:from}}: {name!r} is not a parent or carer on {possessive(case.name)} record "
                f"(on record: {on_record}); add them with their details first"
            )
        if match not in found:
            found.append(match)
    return Writers(tuple(found))


def _parents_missing(case: Case) -> tuple[str, Hint]:
    return (
        "no parent or carer on record to sign it or write to",
        Hint(action="add-parent-quoted", args={"child": case.id}),
    )


def _refuse(missing: Sequence[tuple[str, Hint]]) -> None:
    if missing:
        items = tuple((f"letter not written: {problem}", hint) for problem, hint in missing)
        raise MissingItemError(items[0][0], items[0][1], items=items)


def _ensure_attending(case: Case) -> None:
    """Refuse a letter about a child who has left: the letters speak of the setting they attend."""
    if case.left is not None:
        raise RefusedError(
            f"{case.name} left {case.school} on {uk(case.left.date)}; senpath writes letters only while "
            "the child is at the setting"
        )


def _ensure_offered(case: Case, kind: LetterKind) -> None:
    if kind not in case.fw.letters:
        raise RefusedError(f"the {case.fw.title} offers no {KIND_WORDS[kind]} letter")


def _law(case: Case) -> LawDef:
    law = case.fw.law
    if law is None:  # pragma: no cover - the framework's validator requires it for these letters
        raise RefusedError(f"the {case.fw.title} names no law for its letters")
    return law


@dataclass(frozen=True)
class School:
    """The child's setting as a letter names it."""

    name: str
    address: tuple[str, ...]
    head_teacher: str | None
    head_title: str  # the framework's word for the head: "Head Teacher", "Principal"

    @staticmethod
    def of(case: Case) -> School:
        spell = case.settings[-1]
        return School(spell.school, address_lines(spell.address), case.head_teacher, case.fw.head_title)

    def head_block(self) -> Lines:
        """Name and title ("Mrs J. Patel", "Head Teacher"), else "The Head Teacher"; the school and its address."""
        who = (self.head_teacher, self.head_title) if self.head_teacher else (f"The {self.head_title}",)
        return Lines((*who, self.name, *self.address))

    def head_greeting(self) -> Greeting:
        return greeting([self.head_teacher]) if self.head_teacher else greeting(role=self.head_title)


def _head_words(school: School) -> str:
    """'Mrs J. Patel, Head Teacher, Little Acorns Nursery', or 'the Head Teacher, ...' with no name."""
    return (
        f"{school.head_teacher}, {school.head_title}, {school.name}"
        if school.head_teacher
        else f"the {school.head_title}, {school.name}"
    )


def _subject(case: Case, before: str = "") -> Para:
    return Para(f"{before}{case.name}, date of birth {uk_long(case.dob)}", strong=True)


def _in_school(case: Case) -> str:
    return "in school" if is_school(case) else "at nursery"


def _not_consulted(case: Case, voice: Voice) -> list[str]:
    """One sentence for each move the record marks as made without consulting the parents."""
    said = []
    for ev in case.history:
        if ev.not_consulted and ev.from_ != ev.to:
            said.append(
                f"{voice.I} {voice.was} not consulted before {case.first_name} was moved to "
                f"{stage_name(case, ev.to, ev.date)} on {uk_long(ev.date)}."
            )
    return said


# ---------------------------------------------------------------------------
# The meeting request


def meeting_request(
    case: Case,
    *,
    on: date,
    senders: Sequence[str] = (),
    advisor: str | None = None,
    questions: Sequence[str] = (),
    concerns: Sequence[str] = (),
) -> Document:
    """The parent's letter to the head teacher asking to meet about their worries."""
    _ensure_attending(case)
    _ensure_offered(case, "meeting-request")
    writers = _pick_writers(case, senders)
    worries = _merge(case.concerns, [c for c in concerns if c.strip()])
    missing = []
    if writers is None:
        missing.append(_parents_missing(case))
    if not worries:
        missing.append(
            (
                'no concern to write about: give {opt:concern} "WHAT WORRIES YOU", or add one to the record',
                Hint(action="add-concern", args={"child": case.id}),
            )  # fmt: skip
        )
    _refuse(missing)
    assert writers is not None
    v = writers.voice
    first = case.first_name
    school = School.of(case)
    head = school.head_greeting()

    opening = f"{v.I} {v.am} writing to you as {possessive(first)} {writers.relationship()}."
    child = writers.child(case)
    p = Pron.of(case)
    if case.stage == case.fw.start:
        worry = (
            f"{v.I} {v.am} worried that {child} is not making adequate progress {_in_school(case)}, "
            f"and {v.i} think {p.they} may have special educational needs (SEN)."
        )
    elif case.stage in case.fw.new_plan_stages:
        worry = (
            f"{v.I} {v.am} worried that {child} is not making adequate progress {_in_school(case)} despite "
            f"the help at {stage_name(case)} since {uk_long(stage_since(case))}."
        )
    elif case.stage == case.fw.plans.statutory.stage:
        worry = (
            f"{v.I} {v.am} worried that {child} is not making adequate progress {_in_school(case)} despite "
            f"the help set out in {p.their} {case.fw.plans.statutory.name}."
        )
    else:
        process = case.fw.process
        worry = (
            f"{v.I} {v.am} worried that {child} is not making adequate progress {_in_school(case)} despite "
            f"the help {p.they} {p.has} now, while {possessive(process.by_short)} {process.name} is under way."
        )
    meet = (
        f"{v.I} would like to meet you to talk about these concerns, and about what you and your staff can do to help."
    )
    if advisor and advisor.strip():
        meet += f" {v.I} will bring {advisor.strip()} with {v.me} for support."
    else:
        meet += f" {v.I} may bring a friend or advisor with {v.me} for support."
    records = (
        f"{possessive(first)} school records and of the school's SEN policy"
        if is_school(case)
        else f"the records you keep on {first} and of your SEN policy"
    )
    blocks: list[Block] = [
        writers.block(),
        Para(uk_long(on)),
        school.head_block(),
        Para(head.dear),
        _subject(case),
        Para(" ".join([opening, worry, *_not_consulted(case, v)])),
        Para(f"In particular, {v.i} {v.am} concerned about:"),
        Bullets(tuple(worries)),
        Para(meet),
    ]
    asks = [q.strip() for q in questions if q.strip()]
    if asks:
        ask = "we would like to talk about" if v.many else "I would like us to talk about"
        blocks += [Para(f"These are the questions {ask}:"), Bullets(tuple(asks))]
    # The framework's questions: a first approach asks whether there are needs at all; a child on a
    # school-based stage, what the help is and what comes next. Not asked once the LA is involved.
    if case.stage == case.fw.start:
        asked = case.fw.school_questions
    elif case.stage in case.fw.new_plan_stages:
        asked = case.fw.stage_questions
    else:
        asked = ()
    own = tuple(
        q.replace("{child's}", possessive(first))
        .replace("{child}", first)
        .replace("{stages}", _stage_list(case))
        .replace("{stage}", stage_name(case, case.stage, on))
        for q in asked
    )
    if own:
        blocks += [Para(f"{v.I} would {'also ' if asks else ''}like to know:"), Bullets(own)]
    blocks += [
        Para(f"Before we meet, could you please send {v.me} a copy of {records}?"),
        Para(
            f"{v.I} hope we can work together in partnership so that {first} can do as well as possible. "
            f"{v.I} look forward to hearing from you."
        ),
        writers.signature(head.close),
    ]
    return Document(kind="meeting-request", to=_head_words(school), date=on, blocks=tuple(blocks))


# ---------------------------------------------------------------------------
# The request for a statutory assessment


def decision_due(case: Case, received: date) -> date:
    """The last day for the decision whether to assess, after a request received on ``received``."""
    return case.fw.process.milestones[0].due.after(received)


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def assessment_request(
    case: Case,
    *,
    on: date,
    la: str | None,
    reasons: Sequence[str],
    senders: Sequence[str] = (),
    concerns: Sequence[str] = (),
    enclosures: Sequence[str] = (),
    la_address: str | None = None,
) -> Document:
    """The parent's letter asking the local authority for a statutory assessment."""
    from senpath.ieps import statement_since
    from senpath.stages import last_assessment_done, open_assessment_request, repeat_request_possible_from

    _ensure_attending(case)
    _ensure_offered(case, "assessment-request")
    fw = case.fw
    process, plan, la_ = fw.process, fw.plans.statutory, fw.process.by_short
    law = _law(case)

    requested = open_assessment_request(case)
    if requested is not None:
        raise RefusedError(
            f"{_a(process.name)} of {case.name} was requested on {uk(requested)} and is still under way; "
            f"record {la_}'s next step first",
            Hint(action="milestone", args={"child": case.id, "milestone": "MILESTONE"}),
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
            f"{la_} completed {_a(process.name)} of {case.name} on {uk(done)}; a new request can be made "
            f"from {uk(possible)}: write then, or give {{opt:date}} {iso(possible)}"
        )
    writers = _pick_writers(case, senders)
    needs = _merge(case.concerns, [c for c in concerns if c.strip()])
    why = [r.strip() for r in reasons if r.strip()]
    first = case.first_name
    missing = []
    if writers is None:
        missing.append(_parents_missing(case))
    if not la or not la.strip():
        missing.append(('no local authority to write to: give {opt:la} "NAME" (e.g. "Northshire County Council")',
                        Hint(field="la")))  # fmt: skip
    if not why:
        missing.append(
            (
                f'no reason why {case.school} cannot meet {possessive(first)} needs alone: give {{opt:reason}} "WHY" '
                "(repeatable)",
                Hint(field="reason"),
            )  # fmt: skip
        )
    if not needs and not case.diagnoses:
        missing.append(
            (
                f'no concern or diagnosis on record to describe {possessive(first)} needs: give {{opt:concern}} "NEED", '
                "or add one to the record",
                Hint(action="add-concern-or-diagnosis", args={"child": case.id}),
            )  # fmt: skip
        )
    _refuse(missing)
    assert writers is not None and la is not None
    la = la.strip()
    v = writers.voice
    school = School.of(case)
    to = greeting(role=None)
    a_process = _a(process.name)
    decision = process.milestones[0].due

    blocks: list[Block] = [
        writers.block(),
        Para(uk_long(on)),
        Lines(("Special Educational Needs Team", la, *address_lines(la_address))),
        Para(to.dear),
        _subject(case, f"Request for {a_process}: "),
        Para(
            " ".join(
                [
                    f"{v.I} {v.am} writing as {possessive(first)} {writers.relationship()}.",
                    f"{first} attends {case.school}.",
                    f"{v.I} {v.am} asking {la} to carry out {a_process} of "
                    f"{possessive(v.my + ' child') if writers.parental() else Pron.of(case).their} special educational needs "
                    f"under {law.request}.",
                    *_not_consulted(case, v),
                ]
            )
        ),
        Heading(f"{possessive(first)} needs"),
    ]
    if needs:
        blocks += [Para(f"{v.I} {v.am} concerned about:"), Bullets(tuple(needs))]
    if case.diagnoses:
        blocks += [Para(f"{first} has been diagnosed with:"), Bullets(tuple(case.diagnoses))]
    blocks += _help_so_far(case, v)
    blocks += [
        Heading(f"Why {case.school} cannot meet {possessive(first)} needs alone"),
        *(Para(r) for r in why),
    ]
    extra = [e.strip() for e in enclosures if e.strip()]
    if extra:
        blocks += [Heading("Enclosed"), Bullets(tuple(extra))]
    blocks += [
        Heading("What happens next"),
        Para(
            f"Under {law.decision}, {la} must tell {v.me} within {decision.span()} {law.decision_from} whether it "
            f"will carry out {a_process}; if it decides not to, {v.i} can appeal against that decision to "
            f"{law.tribunal}. Please confirm the date you received this request."
        ),
        Para(
            f"Please tell {v.me} the name of the officer who will deal with this request, so that {v.i} know whom "
            f"to contact. {v.I} will send {law.parent_views.replace('my ', v.my + ' ', 1)} on {possessive(first)} "
            f"needs as part of the assessment. {v.I} look forward to hearing from you."
        ),
        writers.signature(to.close),
        Para(f"cc: {_head_words(school)}"),
    ]
    return Document(
        kind="assessment-request", to=f"Special Educational Needs Team, {la}", date=on, blocks=tuple(blocks)
    )


def _help_so_far(case: Case, v: Voice) -> list[Block]:
    """What the record shows of the help the child has had: the stages (with the evidence recorded
    for each move), the plans and their reviews, the professionals involved. Nothing when the
    record shows none: the letter never lists what the record lacks."""
    first = case.first_name
    plan = plan_word(case)
    blocks: list[Block] = []
    spells = stage_spells(case)
    if spells:
        evidence: dict[date, list[str]] = {}
        for ev in case.history:
            if ev.from_ != ev.to and ev.evidence:
                evidence.setdefault(ev.date, []).extend(ev.evidence)
        items = []
        for s in spells:
            text = spell_words(case, s)
            shown = evidence.get(s.start, []) if not s.entered else []
            if shown:
                text += f" (the evidence recorded then: {'; '.join(shown)})"
            items.append(text)
        blocks += [Para(f"{first} has had extra help at these stages:"), Bullets(tuple(items))]
    for number, iep in enumerate(case.ieps, start=1):
        blocks += [Para(f"{plan} {number}, from {uk_long(iep.start)}, set these targets:"), Bullets(tuple(iep.targets))]
        if iep.provision:
            blocks += [Para("The help it gave:"), Bullets(tuple(provision_words(iep)))]
        if iep.reviews:
            blocks += [
                Para(f"{plan} {number} was reviewed:"),
                Bullets(tuple(review_words(r, plan=plan) for r in iep.reviews)),
            ]
    if blocks:
        blocks.insert(0, Heading(f"The help {first} has had so far"))
    if case.professionals:
        blocks += [
            Heading("Professionals involved"),
            Bullets(tuple(professional_words(case, p) for p in case.professionals)),
        ]
    return blocks


# ---------------------------------------------------------------------------
# The school's notices to the parents


def _from_school(case: Case) -> tuple[str, str] | None:
    """(name, role) of who signs for the school: the SENCO, else the head teacher."""
    if case.senco:
        return case.senco, "SENCO"
    if case.head_teacher:
        return case.head_teacher, case.fw.head_title
    return None


def _school_letter_start(
    case: Case, on: date, missing: list[tuple[str, Hint]]
) -> tuple[list[Block], Greeting, str, str]:
    """The school's heading, the date, the parents' block and greeting; the signer. Missing
    items are added to ``missing`` (refused together by the caller)."""
    signer = _from_school(case)
    if signer is None:
        missing.append(
            ("no SENCO or head teacher on record to sign it", Hint(action="set-senco", args={"child": case.id}))
        )
    if not case.parents:
        missing.append(_parents_missing(case))
    _refuse(missing)
    assert signer is not None
    school = School.of(case)
    names = [p.name for p in case.parents]
    to = greeting(names)
    blocks: list[Block] = [
        Lines((school.name, *school.address)),
        Para(uk_long(on)),
        Lines((join_and(names), *address_lines(case.parents[0].address))),
        Para(to.dear),
    ]
    return blocks, to, signer[0], signer[1]


def _school_signature(case: Case, close: str, name: str, role: str) -> Lines:
    return Lines((close, "", name, f"{role}, {case.school}"))


def _contact(case: Case, name: str, role: str) -> str:
    return f"If you have any questions, or would like to talk about this, please contact {name}, our {role}."


def provision_notice(case: Case, *, on: date) -> Document:
    """The school's letter telling the parents it is making special educational provision for
    the child, as the law requires (the framework's ``law.provision_notice``)."""
    _ensure_attending(case)
    _ensure_offered(case, "provision-notice")
    law = _law(case)
    fw = case.fw
    if case.stage not in fw.new_plan_stages:
        raise RefusedError(
            f"{case.name} is at {stage_name(case)}; the provision notice is for a child at a school-based stage "
            f"({_stage_list(case)})"
        )
    missing: list[tuple[str, Hint]] = []
    blocks, to, signer, role = _school_letter_start(case, on, missing)
    first = case.first_name
    pron = Pron.of(case)
    since = stage_since(case)
    duty = law.provision_notice_by_setting.get(case.setting, law.provision_notice)
    stage = fw.stage(case.stage)
    blocks += [
        _subject(case),
        Para(
            f"We are writing to let you know that {case.school} considers that {first} has special educational "
            f"needs and is making special educational provision for {pron.them}. The law requires us to tell "
            f"you this ({duty})."
        ),
        Para(
            f"Since {uk_long(since)}, {first} has been at {stage_name(case)}: "
            f"{stage.means.replace('the setting', 'the school' if is_school(case) else 'the setting')}."
        ),
    ]
    plan_def = fw.plan_at(case.stage)
    iep = case.current_iep
    if iep is not None and iep.start >= since:
        name = plan_def.name
        blocks += [
            Para(f"Your child's {name}, from {uk_long(iep.start)}, sets these targets:"),
            Bullets(tuple(iep.targets)),
        ]
        if iep.provision:
            blocks += [Para("The help it provides:"), Bullets(tuple(provision_words(iep)))]
        if iep.home:
            blocks += [Para("What you can do at home:"), Bullets(tuple(iep.home))]
        blocks.append(
            Para(
                f"We will review the {name} with you on or before {uk_long(iep.review_on)}, and we would like "
                f"to hear your views, and {possessive(first)}, then."
            )
        )
    else:
        blocks.append(
            Para(
                f"We will write {_a(plan_def.long_name)} setting out {possessive(first)} targets and the help we "
                "will give, and we would like to agree it with you."
            )
        )
    blocks += [
        Para(_contact(case, signer, role)),
        _school_signature(case, to.close, signer, role),
    ]
    return Document(kind="provision-notice", to=_parents_words(case), date=on, blocks=tuple(blocks))


def _stage_list(case: Case) -> str:
    return join_and([stage_name(case, s) for s in case.fw.new_plan_stages], "or")


def _parents_words(case: Case) -> str:
    """'Sara Khan and Omar Khan (parents)', 'Dawiśka O'Neill (carer)': carers are not called parents."""
    many = len(case.parents) > 1
    parental = [_is_parent(p) for p in case.parents]
    if all(parental):
        who = "parents" if many else "parent"
    elif not any(parental):
        who = "carers" if many else "carer"
    else:
        who = "parents and carers"
    return f"{join_and([p.name for p in case.parents])} ({who})"


@dataclass(frozen=True)
class Meeting:
    """When and where a review meeting is."""

    day: date
    time: str  # "3.30pm"
    place: str


def review_invitation(case: Case, *, on: date, meeting: Meeting) -> Document:
    """The school's invitation to the parents to a review meeting: of the school plan (IEP) at a
    school-based stage, or the annual review of the statutory plan."""
    _ensure_attending(case)
    _ensure_offered(case, "review-invitation")
    fw = case.fw
    first = case.first_name
    statutory = case.stage == fw.plans.statutory.stage
    missing: list[tuple[str, Hint]] = []
    iep = case.current_iep
    if not statutory and (iep is None or case.stage not in fw.plan_stages):
        missing.append(
            (f"no {fw.plan_at(case.stage).name} on record to review", Hint(action="iep-new", args={"child": case.id}))
        )
    blocks, to, signer, role = _school_letter_start(case, on, missing)
    assert statutory or iep is not None
    if statutory:
        what = f"the annual review of {possessive(first)} {fw.plans.statutory.name}"
        title = f"Annual review of the {fw.plans.statutory.name}: "
    else:
        what = f"a review of {possessive(first)} {fw.plan_at(case.stage).name}"
        title = f"Review of the {fw.plan_at(case.stage).name}: "
    blocks += [
        _subject(case, title),
        Para(f"We would like to invite you to {what}:"),
        Lines(
            (
                f"Date: {meeting.day.strftime('%A')} {uk_long(meeting.day)}",
                f"Time: {meeting.time}",
                f"Place: {meeting.place}",
            )
        ),  # fmt: skip
    ]
    if not statutory and iep is not None:
        blocks += [
            Para(f"We will look together at the progress {first} has made towards each target:"),
            Bullets(tuple(iep.targets)),
            Para("and agree what should happen next."),
        ]
    blocks += [
        Para(
            "Please let us know whether you can come, or whether another time would suit you better. You are "
            "welcome to bring a friend or advisor with you. If you cannot come, we would still like your views: "
            "you could write them down and send them to us before the meeting."
        ),
        Para(
            f"We would also like to hear {possessive(first)} own views, in whatever way suits {Pron.of(case).them} best."
        ),
        Para(_contact(case, signer, role)),
        _school_signature(case, to.close, signer, role),
    ]
    return Document(kind="review-invitation", to=_parents_words(case), date=on, blocks=tuple(blocks))


# ---------------------------------------------------------------------------
# The correspondence log


def build(
    kind: LetterKind,
    case: Case,
    *,
    on: date,
    senders: Sequence[str] = (),
    advisor: str | None = None,
    questions: Sequence[str] = (),
    concerns: Sequence[str] = (),
    la: str | None = None,
    la_address: str | None = None,
    reasons: Sequence[str] = (),
    enclosures: Sequence[str] = (),
    meeting: Meeting | None = None,
) -> Document:
    if kind == "assessment-request":
        return assessment_request(
            case,
            on=on,
            la=la,
            reasons=reasons,
            senders=senders,
            concerns=concerns,
            enclosures=enclosures,
            la_address=la_address,
        )
    if kind == "provision-notice":
        return provision_notice(case, on=on)
    if kind == "review-invitation":
        assert meeting is not None
        return review_invitation(case, on=on, meeting=meeting)
    return meeting_request(case, on=on, senders=senders, advisor=advisor, questions=questions, concerns=concerns)


def record(case: Case, doc: Document) -> Case:
    """The case with the letter (its plain text and its layout) added to its correspondence (once: a
    copy already logged, with or without its layout, is not logged again)."""
    if doc.kind not in LETTER_KINDS:
        raise ValueError("a preparation sheet is not correspondence")
    if case.left is not None:
        raise RefusedError(f"{case.name} left on {uk(case.left.date)}; the record is closed and kept as it is")
    text = to_text(doc)
    if len(text) > TEXT_MAX:
        raise RefusedError(
            f"the letter is {len(text):,} characters, more than the {TEXT_MAX:,} a record keeps; nothing was "
            "written or logged. Shorten the questions or concerns, or leave out {opt:record}"
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
    "provision-notice": "notice of SEN provision",
    "review-invitation": "invitation to a review",
}
