"""The fixed words of the domain as Literal types and tuples: cheap to import (no pydantic).

``models`` builds on them; ``cli`` uses them as option types.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

# A case id: the file name without .toml.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# Names Windows refuses as file names: a case folder synced through git must open everywhere.
RESERVED_IDS = frozenset(["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)])

Setting = Literal["early-years", "primary", "secondary", "further-education"]
SETTINGS: tuple[Setting, ...] = get_args(Setting)

Method = Literal["meeting", "phone", "video", "letter", "email", "home-visit", "other"]
METHODS: tuple[Method, ...] = get_args(Method)

Role = Literal[
    "educational-psychologist",
    "specialist-teacher",
    "speech-and-language-therapist",
    "occupational-therapist",
    "health-visitor",
    "paediatrician",
    "other",
]
ROLES: tuple[Role, ...] = get_args(Role)

# Stage, move, milestone, outcome, requester and duty names are not words of the code: each
# framework file names its own (senpath/framework.py), checked when a case file loads.
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

Attendee = Literal["parent", "child", "senco", "teacher", "professional", "other"]
ATTENDEES: tuple[Attendee, ...] = get_args(Attendee)
TargetOutcome = Literal["met", "partly", "not-met", "not-recorded"]
ReviewOutcome = Literal["continue", "new-iep", "escalate", "step-down"]
REVIEW_OUTCOMES: tuple[ReviewOutcome, ...] = get_args(ReviewOutcome)
# How the letters refer to the child, as the parent chose ("they" when none is recorded).
Pronoun = Literal["he", "she", "they"]
PRONOUNS: tuple[Pronoun, ...] = get_args(Pronoun)
# The parent's letters, then the school's notices to the parents.
LetterKind = Literal["meeting-request", "assessment-request", "provision-notice", "review-invitation"]
LETTER_KINDS: tuple[LetterKind, ...] = get_args(LetterKind)
