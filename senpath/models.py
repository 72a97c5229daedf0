"""Pydantic models of a case file: one child's whole SEN record.

Strict at the boundary: unknown keys are refused (``extra="forbid"``) and every
file carries ``schema_version``. Rules that span entries (the stage history,
which consultation a move relied on, review intervals) live in ``stages`` and
``ieps``; this module only checks the shape of each value.

The format is documented in ``docs/case-format.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from senpath.vocab import (  # noqa: F401 - re-exported
    ATTENDEES,
    METHODS,
    MILESTONES,
    REQUESTERS,
    REVIEW_OUTCOMES,
    ROLES,
    SETTINGS,
    STAGES,
    TARGET_OUTCOMES,
    Attendee,
    EventKind,
    LetterKind,
    Method,
    Milestone,
    Outcome,
    RequestedBy,
    ReviewOutcome,
    Role,
    Setting,
    Stage,
    TargetOutcome,
)

SCHEMA_VERSION: Literal[1] = 1


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# Names Windows refuses as file names: a case folder synced through git must open everywhere.
RESERVED_IDS = frozenset(["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)])

NAME_MAX = 200
TEXT_MAX = 20_000


def _no_controls(value: str, *, allow_newlines: bool) -> str:
    # Fast path (the same answer): a printable string has no character in Cc, Cs, Co, Cn, Zl or Zp.
    plain = value.replace("\n", " ").replace("\t", " ") if allow_newlines else value
    if plain.isprintable():
        return value
    for ch in value:
        if allow_newlines and ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in "\u2028\u2029":
            raise ValueError(f"contains a control or unassigned character (U+{ord(ch):04X})")
    return value


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


Name = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_check_name)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_check_text)]
ChildId = Annotated[str, AfterValidator(check_id)]


class Record(BaseModel):
    """Base of every model: unknown keys refused, fields settable by name or alias."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=False)


class Parent(Record):
    name: Name
    relationship: Name | None = None


class SettingSpell(Record):
    """Where the child is from ``date`` on: the setting decides the stage's name."""

    date: dt.date
    setting: Setting
    school: Name


class Consultation(Record):
    """A parent consulted. Numbered from 1 in file order; moves refer to that number."""

    date: dt.date
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

    date: dt.date
    event: EventKind
    from_: Stage = Field(alias="from")
    to: Stage
    reason: Text | None = None
    evidence: list[Text] = Field(default_factory=list)
    requested_by: RequestedBy | None = None
    consultation: int | None = Field(default=None, ge=1)
    outcome: Outcome | None = None


class Visit(Record):
    date: dt.date
    advice: Text | None = None


class Professional(Record):
    role: Role
    role_name: Name | None = None
    name: Name
    requested: dt.date
    visits: list[Visit] = Field(default_factory=list)


class Provision(Record):
    what: Text
    who: Name
    how_often: Name


class IEPReview(Record):
    date: dt.date
    attended: list[Attendee] = Field(default_factory=list)
    target_outcomes: list[TargetOutcome] = Field(default_factory=list)
    parent_views: Text | None = None
    child_views: Text | None = None
    outcome: ReviewOutcome
    next_review: dt.date
    notes: Text | None = None


class IEP(Record):
    """An Individual Education Plan. Numbered from 1 in file order; the last is current."""

    start: dt.date
    review_on: dt.date
    targets: list[Text] = Field(min_length=1)
    strategies: list[Text] = Field(default_factory=list)
    provision: list[Provision] = Field(default_factory=list)
    home: list[Text] = Field(default_factory=list)
    monitoring: Text | None = None
    reviews: list[IEPReview] = Field(default_factory=list)


class AnnualReview(Record):
    date: dt.date
    attended: list[Attendee] = Field(default_factory=list)
    notes: Text | None = None


class Letter(Record):
    date: dt.date
    kind: LetterKind
    to: Name
    text: Text


class Left(Record):
    date: dt.date
    reason: Text


class Case(Record):
    """One child's record: the whole content of ``<cases>/<id>.toml``."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: ChildId
    name: Name
    known_as: Name | None = None
    dob: dt.date
    opened: dt.date
    head_teacher: Name | None = None
    senco: Name | None = None
    concerns: list[Text] = Field(default_factory=list)
    diagnoses: list[Text] = Field(default_factory=list)
    left: Left | None = None
    parents: list[Parent] = Field(default_factory=list)
    settings: list[SettingSpell] = Field(min_length=1)
    consultations: list[Consultation] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)
    professionals: list[Professional] = Field(default_factory=list)
    ieps: list[IEP] = Field(default_factory=list)
    annual_reviews: list[AnnualReview] = Field(default_factory=list)
    correspondence: list[Letter] = Field(default_factory=list)

    # Derived views: never stored.

    @property
    def stage(self) -> Stage:
        return self.history[-1].to if self.history else "none"

    @property
    def since(self) -> dt.date:
        """Date of the last stage change (the opening date when there was none)."""
        for event in reversed(self.history):
            if event.from_ != event.to:
                return event.date
        return self.opened

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

    @property
    def current_iep(self) -> IEP | None:
        return self.ieps[-1] if self.ieps else None

    def to_toml_dict(self) -> dict[str, object]:
        """The record as plain data for the TOML writer: aliases, no empty optionals."""
        return self.model_dump(mode="python", by_alias=True, exclude_none=True)

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
