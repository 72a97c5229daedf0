"""A register with known answers for the provision map and the report (fictional children).

Today is 22 Nov 2026 (tests/conftest.py); the school year is 1 Sep 2026 to 31 Aug 2027.
The figures each child contributes are worked out beside it; tests/test_report.py checks them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from senpath.changes import add_consultation, leave, new_case
from senpath.ieps import new_iep, parse_provision, record_annual_review, review_iep
from senpath.models import Case
from senpath.provision import Costs
from senpath.stages import advance, enter, record_milestone

COSTS = Costs(
    hourly={"teaching-assistant": Decimal("15.00"), "teacher": Decimal("40.00"), "specialist": Decimal("45.00")},
    weeks_per_year=39,
)
TODAY = date(2026, 11, 22)


def _child(
    child_id: str, name: str, dob: date, opened: date, school: str = "Hill Primary School", **kw: object
) -> Case:
    setting = kw.pop("setting", "primary")
    return new_case(
        child_id=child_id,
        name=name,
        dob=dob,
        setting=setting,  # type: ignore[arg-type]
        school=school,
        opened=opened,
        senco="Ms R. Evans" if setting == "primary" else "Mr D. Byrne",
        parents=[kw.pop("parent", "A Parent")],  # type: ignore[list-item]
    )


def _at_action(case: Case, on: date, parent: str) -> Case:
    case = add_consultation(case, on=on, with_=[parent], method="meeting", summary="Agreed extra help")
    return advance(case, to="action", on=on, reason="Slow progress", evidence=["Reading age 2 years behind"])


def _need(case: Case, code: str) -> Case:
    return case.model_copy(update={"primary_need": code})


def cases() -> list[Case]:
    # 1. Zoë O'Neill, Year 3 (born 10 Mar 2019), SLCN, at School Action since 1 Jun 2026.
    #    IEP 1 review due 30 Sep 2026, held 5 Oct 2026 without a parent: late by 5 days; its
    #    next review (20 Nov 2026) is in the period and before today, not held: overdue.
    #    Provision: 3 x 20 min a week, group of 4, TA: 1.00 h; 1 x 39 x £15 / 4 = £146.25.
    zoe = _child("zoe-oneill", "Zoë O'Neill", date(2019, 3, 10), date(2025, 9, 5), parent="Siobhán O'Neill")
    zoe = _at_action(zoe, date(2026, 6, 1), "Siobhán O'Neill")
    zoe = new_iep(
        zoe,
        start=date(2026, 6, 1),
        targets=["Uses 3-word phrases"],
        review_on=date(2026, 9, 30),
        provision=[parse_provision("Language group; Mrs Hale (TA); 3 x 20 min a week; group=4")],
    )
    zoe = review_iep(zoe, on=date(2026, 10, 5), attended=["senco"], outcome="continue", next_review=date(2026, 11, 20))
    zoe = _need(zoe, "SLCN")

    # 2. Dawid Dawiśka, Year 6 (born 20 Jan 2016), SPLD: joined 2 Sep 2026, moved up to School
    #    Action 10 Sep 2026. IEP 1 review due 10 Nov 2026, held that day with a parent: on time.
    #    Provision: daily 10 min 1:1 TA: 50 min = 0.83 h; 50/60 x 39 x £15 = £487.50;
    #    outreach "fortnightly" has no duration: not counted.
    dawid = _child("dawid-dawiska", "Dawid Dawiśka", date(2016, 1, 20), date(2026, 9, 2), parent="Ewa Dawiśka")
    dawid = _at_action(dawid, date(2026, 9, 10), "Ewa Dawiśka")
    dawid = new_iep(
        dawid,
        start=date(2026, 9, 10),
        targets=["Reads 20 high-frequency words"],
        review_on=date(2026, 11, 10),
        provision=[
            parse_provision("Reading 1:1; Mr Shaw (TA); daily 10 min"),
            parse_provision("Outreach support; Mr P. Ellis; fortnightly"),
        ],
    )
    dawid = review_iep(
        dawid, on=date(2026, 11, 10), attended=["parent", "senco"], outcome="continue", next_review=date(2027, 2, 10)
    )
    dawid = _need(dawid, "SPLD")

    # 3. Aoife Ní Bhriain, Year 9 (born 2 Nov 2012), SEMH, secondary: entered under statutory
    #    assessment requested 3 Aug 2026 (from School Action Plus: census P). The LA's decision
    #    was due 6 weeks on, 14 Sep 2026, made 21 Sep 2026: missed by 7 days. The assessment is
    #    due 16 weeks on, 23 Nov 2026: still open, not yet due on 22 Nov 2026.
    #    Provision (IEP from 1 Sep 2026): once a month, 1 hour, 1:1, SALT: 0.25 h; 0.25 x 39 x £45 = £438.75.
    aoife = _child(
        "aoife-ni-bhriain",
        "Aoife Ní Bhriain",
        date(2012, 11, 2),
        date(2026, 8, 20),
        school="Riverside Academy",
        setting="secondary",
        parent="Máire Ní Bhriain",
    )
    aoife = enter(
        aoife,
        stage="statutory-assessment",
        requested=date(2026, 8, 3),
        requested_by="school",
        before_request="action-plus",
    )
    aoife = new_iep(
        aoife,
        start=date(2026, 9, 1),
        targets=["Names three calming strategies"],
        provision=[parse_provision("Therapy 1:1; Ms Okafor (SALT); once a month, 1 hour")],
    )
    aoife = record_milestone(aoife, milestone="assessment-decision", on=date(2026, 9, 21), outcome="assess")
    aoife = _need(aoife, "SEMH")

    # 4. Tom Gallagher, Year 4, at School Action, left 15 Oct 2026 (left in the period; not on roll).
    tom = _child("tom-gallagher", "Tom Gallagher", date(2017, 5, 5), date(2025, 1, 10), parent="Liam Gallagher")
    tom = _at_action(tom, date(2025, 2, 1), "Liam Gallagher")
    tom = leave(tom, on=date(2026, 10, 15), reason="Moved to another school")
    tom = _need(tom, "MLD")

    # 5. Ruby Smith-Jones, Year 2 (born 1 Jun 2020), a concern noted, no SEN provision: joined
    #    1 Oct 2026; no type of need recorded.
    ruby = _child("ruby-smith-jones", "Ruby Smith-Jones", date(2020, 6, 1), date(2026, 10, 1), parent="Kate Smith")

    # 6. Maya Zielińska, Year 11 (born 4 Apr 2011), ASD, a statement since 1 Mar 2024; last
    #    annual review 1 Oct 2025, so the next was due 1 Oct 2026; held 20 Oct 2026 with a
    #    parent: late by 19 days. No IEP (the statement's provision is not in an IEP here).
    maya = _child(
        "maya-zielinska",
        "Maya Zielińska",
        date(2011, 4, 4),
        date(2025, 11, 1),
        school="Riverside Academy",
        setting="secondary",
        parent="Agnieszka Zielińska",
    )
    maya = enter(maya, stage="statement", since=date(2024, 3, 1), last_annual_review=date(2025, 10, 1))
    maya = record_annual_review(maya, on=date(2026, 10, 20), attended=["parent", "senco"], notes="Still meets needs")
    maya = _need(maya, "ASD")
    return [zoe, dawid, aoife, tom, ruby, maya]


# Every child's identifying words: none may appear in a report that is not --named.
IDENTIFIERS = [
    "Zoë O'Neill",
    "zoe-oneill",
    "Siobhán O'Neill",
    "2019-03-10",
    "Dawid Dawiśka",
    "dawid-dawiska",
    "Ewa Dawiśka",
    "2016-01-20",
    "Aoife Ní Bhriain",
    "aoife-ni-bhriain",
    "Máire Ní Bhriain",
    "2012-11-02",
    "Tom Gallagher",
    "tom-gallagher",
    "Liam Gallagher",
    "2017-05-05",
    "Ruby Smith-Jones",
    "ruby-smith-jones",
    "Kate Smith",
    "2020-06-01",
    "Maya Zielińska",
    "maya-zielinska",
    "Agnieszka Zielińska",
    "2011-04-04",
]


def save(root: Path) -> list[Case]:
    """Write the register into ``root`` (the cases folder)."""
    from senpath.checked import Store

    store = Store(root)
    made = cases()
    for case in made:
        store.create(case)
    return made
