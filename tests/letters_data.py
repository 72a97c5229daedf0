"""Cases for the letter and preparation-sheet tests, built with the domain functions (fictional people)."""

from __future__ import annotations

from datetime import date

from senpath.changes import add_consultation, add_professional, new_case
from senpath.checks import problems
from senpath.models import IEP, Case, IEPReview, Provision
from senpath.stages import advance

TODAY = date(2026, 11, 22)


def basic(**overrides: object) -> Case:
    """Amira Khan at no stage yet: head teacher, a parent, two concerns, a diagnosis."""
    fields: dict[str, object] = {
        "child_id": "amira-khan",
        "name": "Amira Khan",
        "dob": date(2021, 5, 14),
        "setting": "early-years",
        "school": "Little Acorns Nursery",
        "opened": date(2026, 9, 1),
        "head_teacher": "Mrs J. Patel",
        "senco": "Ms R. Evans",
        "parents": ["Sara Khan"],
        "concerns": ["slow progress in speech", "finds it hard to join in play"],
        "diagnoses": ["Developmental language disorder"],
    }
    fields.update(overrides)
    return new_case(**fields)  # type: ignore[arg-type]


def with_help(case: Case | None = None, *, second_review: tuple[str, str, str] = ("met", "not-met", "not-met")) -> Case:
    """Action from 10 Sep, an IEP reviewed twice, a speech therapist's visit, Action Plus from 16 Nov."""
    c = case or basic()
    parent = c.parents[0].name
    c = add_consultation(c, on=date(2026, 9, 8), with_=[parent], method="meeting", summary="Agreed extra support")
    c = advance(
        c, to="action", on=date(2026, 9, 10), reason="Speech well behind peers", evidence=["Checklist: 12 of 40 sounds"]
    )
    c = c.model_copy(deep=True)
    c.ieps.append(
        IEP(
            start=date(2026, 9, 10),
            review_on=date(2026, 10, 15),
            targets=[
                "Uses 3-word phrases at snack time",
                "Takes turns in a game with one friend",
                "Says 20 sounds clearly",
            ],
            provision=[
                Provision(what="Small-group language session", who="Mrs Hale (TA)", how_often="3 x 20 min a week")
            ],
            reviews=[
                IEPReview(
                    date=date(2026, 10, 15),
                    attended=["parent", "senco"],
                    target_outcomes=["met", "met", "partly"],
                    parent_views="Happy with progress",
                    outcome="continue",
                    next_review=date(2026, 11, 12),
                ),
                IEPReview(
                    date=date(2026, 11, 14),
                    attended=["senco"],
                    target_outcomes=list(second_review),  # type: ignore[arg-type]
                    outcome="escalate",
                    next_review=date(2027, 2, 12),
                ),
            ],
        )
    )
    c = add_professional(
        c,
        role="speech-and-language-therapist",
        name="Ms T. Okafor",
        requested=date(2026, 10, 20),
        seen=date(2026, 11, 5),
        advice="Daily modelling of short phrases",
    )
    c = add_consultation(c, on=date(2026, 11, 15), with_=[parent], method="meeting", summary="Agreed to ask for advice")
    c = advance(
        c,
        to="action-plus",
        on=date(2026, 11, 16),
        reason="Little progress at Action",
        evidence=["IEP 1 review, 14 Nov 2026: 1 of 3 targets met"],
    )
    assert problems(c) == []
    return c


REASON = (
    "Despite a term of small-group help, Amira's speech has not improved, "
    "and the nursery cannot give the daily speech therapy Amira needs."
)


def contacts(case: Case) -> Case:
    """The case with the parent's address, phone and email and the nursery's address (fictional)."""
    c = case.model_copy(deep=True)
    c.parents[0].relationship = "mother"
    c.parents[0].address = "3 Mill Lane\nNorthtown NT3 2BB"
    c.parents[0].phone = "07700 900123"
    c.parents[0].email = "sara.khan@example.org"
    c.settings[-1].address = "14 Acorn Road, Northtown NT3 1AA"
    return c
