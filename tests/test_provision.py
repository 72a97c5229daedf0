"""Provision that can be counted: reading the words, entering an entry, and the figures of the map.

Every expected figure is worked by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from senpath.errors import UsageError
from senpath.models import Provision
from senpath.provision import (
    Costs,
    count_line,
    csv_cell,
    effective,
    enter,
    group_size,
    read,
    read_duration,
    staff_kind,
)

# --- reading "how often" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "sessions", "minutes"),
    [
        ("3 x 20 min a week", Fraction(3), 20),
        ("3x20mins weekly", Fraction(3), 20),
        ("3 × 20 min a week", Fraction(3), 20),
        ("2 x 30 min a week", Fraction(2), 30),
        ("4 x 15 min a week", Fraction(4), 15),
        ("three times a week, 20 minutes", Fraction(3), 20),
        ("twice a week, 45 minutes", Fraction(2), 45),
        ("once a week, 1 hour", Fraction(1), 60),
        # "daily" is each school day: 5 a week
        ("daily 10 min", Fraction(5), 10),
        ("10 min daily", Fraction(5), 10),
        ("20 min a day", Fraction(5), 20),
        ("every morning 15 min", Fraction(5), 15),
        ("half an hour every day", Fraction(5), 30),
        # "monthly" is once every 4 school weeks: 1/4 a week
        ("once a month, 1 hour", Fraction(1, 4), 60),
        ("monthly, 45 min", Fraction(1, 4), 45),
        ("twice a month 30 min", Fraction(1, 2), 30),
        # fortnightly: every 2 weeks
        ("1 hr 30 mins a fortnight", Fraction(1, 2), 90),
        ("fortnightly 40 min", Fraction(1, 2), 40),
        ("1.5 hours weekly", Fraction(1), 90),
        ("2 x 1 hour a week", Fraction(2), 60),
        ("10 min daily 1:1", Fraction(5), 10),
    ],
)
def test_read_forms(words, sessions, minutes):
    reading = read(words)
    assert (reading.sessions_per_week, reading.minutes, reading.problems) == (sessions, minutes, ())


@pytest.mark.parametrize(
    ("words", "sessions", "problem"),
    [
        ("weekly", Fraction(1), "no duration"),
        ("daily", Fraction(5), "no duration"),
        ("once a month", Fraction(1, 4), "no duration"),
        ("fortnightly", Fraction(1, 2), "no duration"),
    ],
)
def test_read_says_when_there_is_no_duration(words, sessions, problem):
    reading = read(words)
    assert reading.sessions_per_week == sessions
    assert reading.minutes is None
    assert len(reading.problems) == 1 and problem in reading.problems[0]


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        ("3 x 20 min", "in what period"),  # a count with no period is never guessed to be a week
        ("as needed, 20 min", "cannot read how often"),
        ("when she is upset", "cannot read how often"),
        ("3 x 20 min a week and twice a day", "more than one frequency"),
    ],
)
def test_read_says_what_it_cannot_read(words, problem):
    reading = read(words)
    assert reading.sessions_per_week is None
    assert any(problem in p for p in reading.problems), reading.problems


def test_read_duration():
    assert read_duration("20 min") == 20
    assert read_duration("1 hour") == 60
    assert read_duration("an hour") == 60
    assert read_duration("1 hr 30 mins") == 90
    assert read_duration("45 minutes") == 45
    assert read_duration("at 12:30 each day") is None  # a time of day is not a duration
    assert read_duration("daily") is None


@pytest.mark.parametrize(
    ("texts", "size"),
    [
        (("1:1",), 1),
        (("One-to-one reading",), 1),
        (("Individual phonics",), 1),
        (("Group of 4",), 4),
        (("Nurture group of six",), 6),
        (("Small-group language", "1:4"), 4),
        (("Paired reading",), 2),
        (("Maths with 5 children",), 5),
        (("Small-group language",), None),  # a "small group" has no size
        (("Lunch club", "daily at 12:30"), None),  # a time is not a ratio
    ],
)
def test_group_size(texts, size):
    assert group_size(*texts) == size


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("Mrs Hale (TA)", "teaching-assistant"),
        ("Mr Shaw (HLTA)", "teaching-assistant"),
        ("Ms Dawiśka, LSA", "teaching-assistant"),
        ("Mrs Grant (SENCO)", "senco"),
        ("Mr Khan (class teacher)", "teacher"),
        ("Ms Ní Bhriain (SALT)", "specialist"),
        ("Dr A. Rowe", "specialist"),
        ("Outreach teacher", "specialist"),
        ("Ms T. Okafor", None),  # a name alone says nothing about the kind of staff
        ("Mr Ota", None),
    ],
)
def test_staff_kind(who, kind):
    assert staff_kind(who) == kind


# --- entering an entry -------------------------------------------------------------------------


def test_enter_reads_the_words_and_stores_only_the_parts_given():
    e = enter("Small-group language session; Mrs Hale (TA); 3 x 20 min a week; group=4")
    p = e.provision
    assert (p.what, p.who, p.how_often) == ("Small-group language session", "Mrs Hale (TA)", "3 x 20 min a week")
    # the words stay the record; only the part given is stored beside them
    assert (p.sessions_per_week, p.minutes, p.group_size, p.staff) == (None, None, 4, None)
    assert e.read_as == "3 sessions a week of 20 min, group of 4, teaching assistant"
    assert e.notes == ()
    words_only = enter("Phonics 1:1; Mr Shaw (TA); daily 10 min")
    assert words_only.provision.model_dump(exclude_none=True) == {
        "what": "Phonics 1:1",
        "who": "Mr Shaw (TA)",
        "how_often": "daily 10 min",
    }
    assert words_only.read_as == "5 sessions a week of 10 min, one-to-one, teaching assistant"


def test_enter_parts_correct_the_words():
    e = enter(
        "Therapy; session; Ms T. Okafor; once a month; minutes=60; group=1; staff=specialist; from=2026-09-01; to=2027-07-16"
    )
    p = e.provision
    assert p.what == "Therapy; session"  # WHAT may hold a semicolon
    assert (p.sessions_per_week, p.minutes, p.group_size, p.staff) == (None, 60, 1, "specialist")
    assert (p.start, p.end) == (date(2026, 9, 1), date(2027, 7, 16))
    assert e.read_as == "0.25 sessions a week of 60 min, one-to-one, specialist"
    assert e.notes == ()
    # sessions= overrides what the words say; staff= takes a familiar word too
    e2 = enter("Reading; Mr Shaw; daily 10 min; sessions=3; staff=TA; group=1")
    assert (e2.provision.sessions_per_week, e2.provision.staff) == (3.0, "teaching-assistant")
    eff = effective(e2.provision)
    assert (eff.sessions_per_week, eff.minutes) == (3, 10)


def test_enter_says_what_it_could_not_read_but_keeps_the_entry():
    e = enter("Social stories; Mrs Grant (SENCO); weekly")
    assert e.provision.minutes is None
    assert e.read_as == "1 session a week, SENCO"
    assert any("no duration" in n and "minutes=N" in n for n in e.notes)
    assert any("no group size" in n for n in e.notes)
    e2 = enter("Outreach; Mr P. Ellis; when needed")
    assert e2.provision.sessions_per_week is None
    assert any("cannot read how often" in n for n in e2.notes)
    assert any("no kind of staff" in n for n in e2.notes)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Reading; Mr Shaw; daily; minutes=0", "above 0"),
        ("Reading; Mr Shaw; daily; minutes=ten", "above 0"),
        ("Reading; Mr Shaw; daily; group=1.5", "whole number"),
        ("Reading; Mr Shaw; daily; sessions=60", "at most 50"),
        ("Reading; Mr Shaw; daily; staff=caretaker", "use one of teaching-assistant"),
        ("Reading; Mr Shaw; daily; colour=red", "not a part of a provision entry"),
        ("Reading; Mr Shaw; daily; minutes=10; minutes=20", "given twice"),
        ("Reading; Mr Shaw; daily; from=2027-01-01; to=2026-01-01", "before from="),
        ("Reading; Mr Shaw; daily; from=someday", "not a date"),
        ("Reading; minutes=10", "WHAT; WHO; HOW OFTEN"),
    ],
)
def test_enter_refuses_bad_parts(spec, message):
    with pytest.raises(UsageError, match=message):
        enter(spec)


def test_existing_records_stay_valid():
    p = Provision.model_validate({"what": "Phonics", "who": "Mr Shaw (TA)", "how_often": "4 x 15 min a week"})
    assert p.minutes is None and p.staff is None
    # the map reads what the record does not hold from the words
    e = effective(p)
    assert (e.sessions_per_week, e.minutes, e.group_size, e.staff) == (4, 15, None, "teaching-assistant")
    assert set(e.read_from_words) == {"sessions", "minutes", "group", "staff"}
    with pytest.raises(ValueError, match="before start"):
        Provision.model_validate(
            {"what": "x", "who": "y", "how_often": "z", "start": date(2027, 1, 1), "end": date(2026, 1, 1)}
        )


# --- counting --------------------------------------------------------------------------------

COSTS = Costs(
    hourly={"teaching-assistant": Decimal("15.00"), "teacher": Decimal("40"), "specialist": Decimal("45")},
    weeks_per_year=39,
)


def _line(spec: str, costs: Costs = COSTS):
    return count_line(1, enter(spec).provision, costs)


def test_count_a_group_session_shares_the_staff_cost():
    # 3 x 20 min = 60 min a week = 1.00 h for the child (own time, not divided by the group);
    # staff cost: 1 h x 39 weeks x £15 / 4 children = £146.25 a year for this child.
    ln = _line("Language group; Mrs Hale (TA); 3 x 20 min a week; group=4")
    assert (ln.hours, ln.cost, ln.grouping, ln.note) == (Decimal("1.00"), Decimal("146.25"), "group", None)


def test_count_daily_one_to_one():
    # daily 10 min = 5 x 10 = 50 min a week = 0.8333 h -> 0.83 h;
    # cost 50/60 x 39 x £15 = £487.50 (from the exact hours, not the rounded ones).
    ln = _line("Phrase modelling 1:1; Mrs Hale (TA); daily 10 min")
    assert (ln.hours, ln.cost, ln.grouping) == (Decimal("0.83"), Decimal("487.50"), "individual")


def test_count_monthly_specialist():
    # once a month, 1 hour = once every 4 school weeks: 60/4 = 15 min a week = 0.25 h;
    # cost 0.25 x 39 x £45 = £438.75.
    ln = _line("Therapy 1:1; Ms Ní Bhriain (SALT); once a month, 1 hour")
    assert (ln.hours, ln.cost) == (Decimal("0.25"), Decimal("438.75"))


def test_count_teacher_pair():
    # 2 x 30 min = 1 h a week; cost 1 x 39 x £40 / 2 = £780.00.
    ln = _line("Paired maths; Mr Khan (class teacher); 2 x 30 min a week")
    assert (ln.hours, ln.cost, ln.group_size) == (Decimal("1.00"), Decimal("780.00"), 2)


def test_weeks_per_year_come_from_the_settings():
    # 1 h a week x 38 weeks x £15 / 4 = £142.50
    costs = Costs(hourly={"teaching-assistant": Decimal("15")}, weeks_per_year=38)
    ln = _line("Language group; Mrs Hale (TA); 3 x 20 min a week; group=4", costs)
    assert ln.cost == Decimal("142.50")


@pytest.mark.parametrize(
    ("spec", "hours", "note"),
    [
        ("Social stories; Mrs Grant (SENCO); weekly; group=1", None, "not counted: no duration"),
        ("Outreach; Mr P. Ellis (specialist); when needed, 1 hour; group=1", None, "not counted: how often not given"),
        ("Reading 1:1; Ms T. Okafor; daily 10 min", Decimal("0.83"), "not costed: kind of staff not given"),
        ("Language group; Mrs Hale (TA); 3 x 20 min a week", Decimal("1.00"), "not costed: group size not given"),
        (
            "Check-in 1:1; Mrs Grant (SENCO); daily 5 min",
            Decimal("0.42"),  # 25 min a week
            "not costed: no hourly cost for senco in the settings",
        ),
    ],
)
def test_what_is_not_counted_says_why(spec, hours, note):
    ln = _line(spec)
    assert ln.hours == hours
    assert ln.cost is None
    assert ln.note == note


def test_csv_cell_neutralises_formulas():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    for start in "+-@\t\r":
        assert csv_cell(start + "x") == "'" + start + "x"
    assert csv_cell("Zoë O'Neill") == "Zoë O'Neill"
    assert csv_cell(None) == ""
