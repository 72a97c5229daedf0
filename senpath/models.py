"""Pydantic models of a case file: one child's whole SEN record.

Strict at the boundary: unknown keys are refused (``extra="forbid"``) and every
file carries ``schema_version``. Rules that span entries (the stage history,
which consultation a move relied on, review intervals) live in ``stages`` and
``ieps``; this module only checks the shape of each value.

The format is documented in ``docs/case-format.md``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from senpath.dates import DATE_MAX, DATE_MIN, DATE_RANGE
from senpath.framework_files import DEFAULT_FRAMEWORK
from senpath.vocab import (  # noqa: F401 - re-exported
    ATTENDEES,
    ID_PATTERN,
    METHODS,
    RESERVED_IDS,
    REVIEW_OUTCOMES,
    ROLES,
    SETTINGS,
    Attendee,
    LetterKind,
    Method,
    Pronoun,
    ReviewOutcome,
    Role,
    Setting,
    TargetOutcome,
)

if TYPE_CHECKING:
    from senpath.framework import Framework

SCHEMA_VERSION: Literal[2] = 2


NAME_MAX = 200
TEXT_MAX = 20_000


_GET: list[Callable[[str], Framework]] = []  # senpath.framework.get, once imported (Case.fw)

# Invisible characters that join letters in some scripts (Persian, Indic, emoji sequences): allowed.
JOINERS = "\u200c\u200d"


def bad_character(value: str, *, allow_newlines: bool) -> str | None:
    """The first character text must not hold, or None: controls (escape codes), Unicode format
    characters (bidi overrides such as U+202E, zero-width spaces; ZWJ/ZWNJ allowed), surrogates,
    private-use and unassigned characters, line and paragraph separators. The one check for record
    fields and letter options alike.
    """
    # Fast path (the same answer): a printable string has no character in Cc, Cf, Cs, Co, Cn, Zl or Zp.
    plain = value.replace("\n", " ").replace("\t", " ") if allow_newlines else value
    if plain.isprintable():
        return None
    for ch in value:
        if (allow_newlines and ch in "\n\t") or ch in JOINERS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return ch
    return None


def _no_controls(value: str, *, allow_newlines: bool) -> str:
    ch = bad_character(value, allow_newlines=allow_newlines)
    if ch is not None:
        what = (
            "an invisible format character" if unicodedata.category(ch) == "Cf" else "a control or unassigned character"
        )
        raise ValueError(f"contains {what} (U+{ord(ch):04X}); remove it")
    # One spelling of each letter: "Zoë" typed with a combining diaeresis is the same name.
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _check_name(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return _no_controls(value, allow_newlines=False)


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return _no_controls(value, allow_newlines=True)


def check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(
            "must be a lower-case slug: letters a-z, digits and hyphens, starting with a letter "
            "or digit, at most 64 characters (e.g. amira-khan)"
        )
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is a reserved file name on Windows; choose another")
    return value


def _check_date(value: dt.date) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"{value.isoformat()} is out of range: a date must be {DATE_RANGE}")
    return value


Name = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_check_name)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_check_text)]
ChildId = Annotated[str, AfterValidator(check_id)]
# A stage, move, milestone, outcome or requester: a name from the case's framework (checked on load).
Word = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
# Every date field: a calendar date between DATE_MIN and DATE_MAX.
Day = Annotated[dt.date, AfterValidator(_check_date)]


class Record(BaseModel):
    """Base of every model: unknown keys refused, fields settable by name or alias."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=False)


def _check_upn(value: str) -> str:
    from senpath.register import upn_problem

    problem = upn_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _check_need(value: str) -> str:
    from senpath.register import NEEDS

    if value not in NEEDS:
        raise ValueError(f"{value!r} is not a census type-of-need code; use one of {', '.join(NEEDS)}")
    return value


def _check_year(value: str) -> str:
    from senpath.register import YEAR_CODES

    if value not in YEAR_CODES:
        raise ValueError(f"{value!r} is not a year group code; use one of {', '.join(YEAR_CODES)}")
    return value


def _check_email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or " " in value:
        raise ValueError(f"{value!r} is not an email address (e.g. sara.khan@example.org)")
    return value


Upn = Annotated[str, AfterValidator(_check_upn)]
Need = Annotated[str, AfterValidator(_check_need)]
YearCode = Annotated[str, AfterValidator(_check_year)]
Email = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_check_email)]


class Parent(Record):
    """A parent or carer. A plain name (``parents = ["Sara Khan"]``) reads as ``{name = ...}``."""

    name: Name
    relationship: Name | None = None
    address: Text | None = None
    phone: Name | None = None
    email: Email | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, data: object) -> object:
        return {"name": data} if isinstance(data, str) else data


class SettingSpell(Record):
    """Where the child is from ``date`` on: the setting decides the stage's name."""

    date: Day
    setting: Setting
    school: Name
    address: Text | None = None  # the school's (or nursery's) address


class Consultation(Record):
    """A parent consulted. Numbered from 1 in file order; moves refer to that number."""

    date: Day
    with_: list[Name] = Field(alias="with", min_length=1)
    method: Method
    summary: Text
    parent_views: Text | None = None
    child_views: Text | None = None


class Event(Record):
    """One step in the stage history: a move, or an LA milestone of a statutory assessment.

    ``from``/``to`` chain from one event to the next; a milestone that does not move the
    child has ``from == to == "statutory-assessment"``.
    """

    date: Day
    event: Word
    from_: Word = Field(alias="from")
    to: Word
    reason: Text | None = None
    evidence: list[Text] = Field(default_factory=list)
    requested_by: Word | None = None
    consultation: int | None = Field(default=None, ge=1)
    outcome: Word | None = None
    # A move the school made without consulting the parents, recorded as such by the parent
    # (``--not-consulted``): never the default; omitted from the file when absent.
    not_consulted: Literal[True] | None = None


class ReachedMilestone(Record):
    """A milestone of the statutory process reached before the record was opened here."""

    milestone: Word
    date: Day
    outcome: Word


class Entry(Record):
    """Where the child already was when the record was opened here: not a move.

    ``since`` is when the child reached ``stage`` (for a statutory plan, the day it was made
    final); an assessment in progress has its real request date, who made it, the stage before
    it and the milestones already reached. History before ``since`` is not recorded here.
    """

    stage: Word
    since: Day
    last_annual_review: Day | None = None
    requested: Day | None = None
    requested_by: Word | None = None
    before_request: Word | None = None
    milestones: list[ReachedMilestone] = Field(default_factory=list)


class Visit(Record):
    date: Day
    advice: Text | None = None


class Professional(Record):
    role: Role
    role_name: Name | None = None
    name: Name
    requested: Day
    visits: list[Visit] = Field(default_factory=list)


StaffKind = Literal["teaching-assistant", "teacher", "senco", "specialist", "other"]


class Provision(Record):
    """One line of an IEP's provision: its words, and (optionally) their structure.

    The structure is what ``senpath provision`` counts; a part left out is read from the words
    when the map is made (``senpath.provision``). Records written before it stay valid.
    """

    what: Text
    who: Name
    how_often: Name
    sessions_per_week: float | None = Field(default=None, gt=0, le=50)
    minutes: int | None = Field(default=None, ge=1, le=600)  # a session
    group_size: int | None = Field(default=None, ge=1, le=100)  # children in the session; 1 = one-to-one
    staff: StaffKind | None = None
    start: Day | None = None
    end: Day | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Provision:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end.isoformat()} is before start {self.start.isoformat()}")
        return self


class IEPReview(Record):
    date: Day
    attended: list[Attendee] = Field(default_factory=list)
    target_outcomes: list[TargetOutcome] = Field(default_factory=list)
    parent_views: Text | None = None
    child_views: Text | None = None
    outcome: ReviewOutcome
    next_review: Day
    notes: Text | None = None


class IEP(Record):
    """An Individual Education Plan. Numbered from 1 in file order; the last is current."""

    start: Day
    review_on: Day
    targets: list[Text] = Field(min_length=1)
    strategies: list[Text] = Field(default_factory=list)
    provision: list[Provision] = Field(default_factory=list)
    home: list[Text] = Field(default_factory=list)
    monitoring: Text | None = None
    reviews: list[IEPReview] = Field(default_factory=list)


class AnnualReview(Record):
    """An annual review meeting of the statutory plan; under a framework with review clocks,
    the LA's decision after it (``decision`` notified on ``decided``) and the day an amended
    plan was issued (``amended``)."""

    date: Day
    attended: list[Attendee] = Field(default_factory=list)
    notes: Text | None = None
    decision: Word | None = None
    decided: Day | None = None
    amended: Day | None = None


class DeadlineException(Record):
    """An exception the law allows to a time limit of the statutory process (the framework's
    ``exception`` of that milestone), recorded with its reason: the due list says so instead
    of OVERDUE."""

    milestone: Word
    date: Day  # when it was recorded
    reason: Text


class PhaseTransfer(Record):
    """A phase transfer on the case: one the framework does not compute from the date of birth
    (early years to school, infant to junior), or a note that a transfer's review and amended
    plan naming the new school were done (``done``)."""

    transfer: Word  # the framework's phase transfer id
    year: int = Field(ge=1900, le=2199)  # the calendar year of the move (in September)
    school: Name | None = None
    done: Day | None = None


class Mediation(Record):
    """A mediation certificate: it can extend the time to appeal a decision made before it."""

    date: Day
    notes: Text | None = None


class Conversion(Record):
    """The record moved from one framework to another on ``date`` (e.g. a statement transferred
    to an EHC plan): what the child had under the earlier framework is kept here as it was."""

    date: Day
    from_framework: Word = Field(alias="from")
    stage: Word  # the stage under the earlier framework
    to: Word  # the stage under the new one
    note: Text
    entered: Entry | None = None
    history: list[Event] = Field(default_factory=list)
    ieps: list[IEP] = Field(default_factory=list)
    annual_reviews: list[AnnualReview] = Field(default_factory=list)


def _check_line(value: str) -> str:
    return _no_controls(value, allow_newlines=True)


# A line of a recorded letter's block of lines: may be blank (the space for a signature).
Line = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_check_line)]

_BLOCK_FIELDS: dict[str, tuple[set[str], set[str]]] = {  # type -> (fields it needs, fields it may have)
    "heading": ({"text", "level"}, set()),
    "para": ({"text"}, {"strong"}),
    "lines": ({"lines"}, set()),
    "bullets": ({"items"}, set()),
}


class LetterBlock(Record):
    """One block of a recorded letter's layout (a :class:`senpath.letters.Document` block), kept so
    the letter prints again as it was, in any format: a heading, a paragraph (``strong``: the
    subject line), lines kept together (an address, a signature) or a bulleted list."""

    type: Literal["heading", "para", "lines", "bullets"]
    text: Text | None = None
    level: int | None = Field(default=None, ge=1, le=3)
    strong: Literal[True] | None = None
    lines: list[Line] | None = Field(default=None, min_length=1)
    items: list[Text] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _fields_of_its_type(self) -> LetterBlock:
        needs, may = _BLOCK_FIELDS[self.type]
        given = {f for f in ("text", "level", "strong", "lines", "items") if getattr(self, f) is not None}
        if needs - given:
            raise ValueError(f"a {self.type} block needs {', '.join(sorted(needs - given))}")
        if given - needs - may:
            raise ValueError(f"a {self.type} block has no {', '.join(sorted(given - needs - may))}")
        return self


class Letter(Record):
    """A letter kept in the correspondence (``senpath letter --record``): its plain text, and its
    layout, ``blocks`` (optional: a letter recorded before layouts were kept has only its text)."""

    date: Day
    kind: LetterKind
    to: Name
    text: Text
    blocks: list[LetterBlock] | None = Field(default=None, min_length=1)


class Left(Record):
    date: Day
    reason: Text


class PastLeaving(Record):
    """A time the child left and came back (``senpath return``): kept, never overwritten."""

    date: Day
    reason: Text
    returned: Day


_OMIT_WHEN_EMPTY = ("past_leavings", "looked_after", "secondary_needs")


class Case(Record):
    """One child's record: the whole content of ``<cases>/<id>.toml``."""

    schema_version: Literal[2] = SCHEMA_VERSION
    id: ChildId
    name: Name
    known_as: Name | None = None
    pronoun: Pronoun | None = None  # how letters refer to the child; none recorded: "they"
    dob: Day
    opened: Day
    head_teacher: Name | None = None
    senco: Name | None = None
    concerns: list[Text] = Field(default_factory=list)
    diagnoses: list[Text] = Field(default_factory=list)
    left: Left | None = None
    past_leavings: list[PastLeaving] = Field(default_factory=list)
    upn: Upn | None = None
    looked_after: bool = False
    year_group: YearCode | None = None  # an override: a child taught out of their year group
    primary_need: Need | None = None
    secondary_needs: list[Need] = Field(default_factory=list)
    parents: list[Parent] = Field(default_factory=list)
    settings: list[SettingSpell] = Field(min_length=1)
    framework: Word = DEFAULT_FRAMEWORK  # the legal framework the record follows (senpath/frameworks/)
    entered: Entry | None = None
    consultations: list[Consultation] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)
    professionals: list[Professional] = Field(default_factory=list)
    ieps: list[IEP] = Field(default_factory=list)
    annual_reviews: list[AnnualReview] = Field(default_factory=list)
    correspondence: list[Letter] = Field(default_factory=list)
    exceptions: list[DeadlineException] = Field(default_factory=list)
    transfers: list[PhaseTransfer] = Field(default_factory=list)
    mediation: list[Mediation] = Field(default_factory=list)
    converted: list[Conversion] = Field(default_factory=list)

    # Derived views: never stored.

    @property
    def fw(self) -> Framework:
        """The framework this case follows (read once per process)."""
        if not _GET:  # senpath.framework imported on first use (a case is checked ~30 times a load)
            from senpath.framework import get

            _GET.append(get)
        return _GET[0](self.framework)

    @property
    def record_start(self) -> dt.date:
        """The first day the current framework's history may use: the last conversion's date,
        else the day the case was opened."""
        return self.converted[-1].date if self.converted else self.opened

    def before_conversion(self, i: int) -> Case:
        """The record as it stood before conversion ``i``: its framework, its history, plans and
        reviews as they were kept, and the conversions before it."""
        conv = self.converted[i]
        return self.model_copy(
            update={
                "framework": conv.from_framework,
                "entered": conv.entered,
                "history": conv.history,
                "ieps": conv.ieps,
                "annual_reviews": conv.annual_reviews,
                "converted": self.converted[:i],
            }
        )

    @property
    def first_stage(self) -> str:
        """The stage the record starts at: where the child was entered, else no provision."""
        return self.entered.stage if self.entered is not None else self.fw.start

    @property
    def stage(self) -> str:
        return self.history[-1].to if self.history else self.first_stage

    @property
    def since(self) -> dt.date:
        """Date of the last stage change (the entry's date, else the opening date, when there was none)."""
        for event in reversed(self.history):
            if event.from_ != event.to:
                return event.date
        return self.entered.since if self.entered is not None else self.opened

    @property
    def setting(self) -> Setting:
        return self.settings[-1].setting

    @property
    def school(self) -> str:
        return self.settings[-1].school

    @property
    def first_name(self) -> str:
        return self.known_as or self.name.split()[0]

    def setting_on(self, day: dt.date) -> Setting:
        """The setting that applied on ``day`` (the first one before the case opened)."""
        current = self.settings[0].setting
        for spell in self.settings:
            if spell.date <= day:
                current = spell.setting
        return current

    def year_group_on(self, today: dt.date) -> str:
        """The year group to show (the override, else derived from the date of birth)."""
        from senpath.register import year_group

        return year_group(self.dob, today, self.year_group)

    @property
    def current_iep(self) -> IEP | None:
        return self.ieps[-1] if self.ieps else None

    def dated_entries(self) -> list[tuple[str, dt.date, str]]:
        """Every dated entry on the record as (field path, date, what it is), in file order.

        Dates that lie ahead by design (review due dates, ``next_review``) and the date of
        birth are not entries; ``left`` is not one either.
        """
        found: list[tuple[str, dt.date, str]] = [("opened", self.opened, "the case was opened")]
        for i, spell in enumerate(self.settings[1:], start=1):
            found.append((f"settings[{i}].date", spell.date, f"the move to {spell.school}"))
        for i, c in enumerate(self.consultations):
            found.append((f"consultations[{i}].date", c.date, f"consultation {i + 1}"))
        for i, ev in enumerate(self.history):
            found.append((f"history[{i}].date", ev.date, f"the {ev.event} entry in the history"))
        for i, p in enumerate(self.professionals):
            found.append((f"professionals[{i}].requested", p.requested, f"the request for {p.name}"))
            for j, v in enumerate(p.visits):
                found.append((f"professionals[{i}].visits[{j}].date", v.date, f"{p.name}'s visit"))
        for i, iep in enumerate(self.ieps):
            found.append((f"ieps[{i}].start", iep.start, f"the start of IEP {i + 1}"))
            for j, r in enumerate(iep.reviews):
                found.append((f"ieps[{i}].reviews[{j}].date", r.date, f"a review of IEP {i + 1}"))
        for i, ar in enumerate(self.annual_reviews):
            found.append((f"annual_reviews[{i}].date", ar.date, "an annual review"))
            if ar.decided is not None:
                found.append((f"annual_reviews[{i}].decided", ar.decided, "the LA's decision after an annual review"))
            if ar.amended is not None:
                found.append((f"annual_reviews[{i}].amended", ar.amended, "an amended plan"))
        for i, x in enumerate(self.exceptions):
            found.append((f"exceptions[{i}].date", x.date, "a recorded exception"))
        for i, t in enumerate(self.transfers):
            if t.done is not None:
                found.append((f"transfers[{i}].done", t.done, "a phase transfer's amended plan"))
        for i, m in enumerate(self.mediation):
            found.append((f"mediation[{i}].date", m.date, "a mediation certificate"))
        for i, conv in enumerate(self.converted):
            found.append((f"converted[{i}].date", conv.date, f"the conversion from {conv.from_framework}"))
        for i, letter in enumerate(self.correspondence):
            found.append((f"correspondence[{i}].date", letter.date, f"the {letter.kind.replace('-', ' ')} letter"))
        return found

    def to_toml_dict(self) -> dict[str, object]:
        """The record as plain data for the TOML writer: aliases, no empty optionals."""
        return _drop_empty(self.model_dump(mode="python", by_alias=True, exclude_none=True))

    def to_json_dict(self) -> dict[str, object]:
        return _drop_empty(self.model_dump(mode="json", by_alias=True, exclude_none=True))


# Lists a record has only under some frameworks: left out of the file while empty, so a record
# that never uses them is written exactly as before they existed.
OPTIONAL_LISTS = ("exceptions", "transfers", "mediation", "converted")


def _drop_empty(data: dict[str, object]) -> dict[str, object]:
    for key in OPTIONAL_LISTS:
        if data.get(key) == []:
            del data[key]
    for key in _OMIT_WHEN_EMPTY:  # register fields a record written before them never had
        if not data.get(key):
            data.pop(key, None)
    return data
