"""The words of the domain as Literal types and tuples: cheap to import (no pydantic).

``models`` builds on them; ``cli`` uses them as option types.
"""

from __future__ import annotations

from typing import Literal

Setting = Literal["early-years", "primary", "secondary"]
SETTINGS: tuple[Setting, ...] = ("early-years", "primary", "secondary")

Stage = Literal["none", "action", "action-plus", "statutory-assessment", "statement"]
STAGES: tuple[Stage, ...] = ("none", "action", "action-plus", "statutory-assessment", "statement")

Method = Literal["meeting", "phone", "video", "letter", "email", "home-visit", "other"]
METHODS: tuple[Method, ...] = ("meeting", "phone", "video", "letter", "email", "home-visit", "other")

Role = Literal[
    "educational-psychologist",
    "specialist-teacher",
    "speech-and-language-therapist",
    "occupational-therapist",
    "health-visitor",
    "paediatrician",
    "other",
]
ROLES: tuple[Role, ...] = (
    "educational-psychologist",
    "specialist-teacher",
    "speech-and-language-therapist",
    "occupational-therapist",
    "health-visitor",
    "paediatrician",
    "other",
)

EventKind = Literal[
    "escalate",
    "step-down",
    "request-assessment",
    "assessment-decision",
    "assessment",
    "proposed-statement",
    "final-statement",
    "cease",
]
Milestone = Literal["assessment-decision", "assessment", "proposed-statement", "final-statement"]
MILESTONES: tuple[Milestone, ...] = (
    "assessment-decision",
    "assessment",
    "proposed-statement",
    "final-statement",
)
Outcome = Literal["assess", "decline", "done", "statement", "note-in-lieu"]
RequestedBy = Literal["parent", "school", "professional"]
REQUESTERS: tuple[RequestedBy, ...] = ("parent", "school", "professional")

Attendee = Literal["parent", "child", "senco", "teacher", "professional", "other"]
ATTENDEES: tuple[Attendee, ...] = ("parent", "child", "senco", "teacher", "professional", "other")
TargetOutcome = Literal["met", "partly", "not-met", "not-recorded"]
TARGET_OUTCOMES: tuple[TargetOutcome, ...] = ("met", "partly", "not-met", "not-recorded")
ReviewOutcome = Literal["continue", "new-iep", "escalate", "step-down"]
REVIEW_OUTCOMES: tuple[ReviewOutcome, ...] = ("continue", "new-iep", "escalate", "step-down")
LetterKind = Literal["meeting-request", "assessment-request"]

# What `senpath reviews` lists (senpath/reviews.py).
DutyKind = Literal[
    "iep-review",
    "new-iep",
    "annual-review",
    "transition-review",
    "assessment-decision",
    "assessment",
    "proposed-statement",
    "final-statement",
]
DUTY_KINDS: tuple[DutyKind, ...] = (
    "iep-review",
    "new-iep",
    "annual-review",
    "transition-review",
    "assessment-decision",
    "assessment",
    "proposed-statement",
    "final-statement",
)
