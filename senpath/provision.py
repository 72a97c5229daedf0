"""Provision that can be counted: read an IEP's provision words, and the provision map.

An IEP's provision entry keeps its words (what, who, how often) and may hold their structure:
sessions a week, minutes a session, group size (1 = one-to-one), the kind of staff, and the
dates it runs. ``read`` reads the common free-text forms; ``effective`` takes what the record
holds and fills the rest from the words; ``child_map`` and ``totals`` count the hours a week
and the cost a year of the provision in place on a day.

The rules:

* "daily" is each school day: 5 sessions a week; "fortnightly" is 0.5 a week; "monthly" (and
  "once a month") is once every 4 school weeks: 0.25 a week.
* A child's hours are their own time in the session (not divided by the group); the staff
  cost of a session is shared across its group: hours a week x weeks a year x the hourly cost
  of that kind of staff / group size.
* Every figure is rounded to 2 decimal places per entry (pence, hundredths of an hour), and
  every total is the sum of the rounded figures below it: a spreadsheet adds up to the total.
* An entry with no duration is listed "not counted: no duration"; one that is counted but has
  no group size, kind of staff or hourly cost is listed "not costed: ..." - never dropped.

No typer, click or rich here. Example::

    read("3 x 20 min a week")                    # Reading(sessions_per_week=3, minutes=20, ...)
    staff_kind("Mrs Hale (TA)")                  # 'teaching-assistant'
    group_size("Small-group language; 1:4")      # 4
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from senpath.errors import UsageError

if TYPE_CHECKING:
    from senpath.models import IEP, Case, Provision

STAFF_KINDS: dict[str, str] = {
    "teaching-assistant": "Teaching assistant",
    "teacher": "Teacher",
    "senco": "SENCO",
    "specialist": "Specialist",
    "other": "Other staff",
}
DEFAULT_WEEKS_PER_YEAR = 39
DAYS_A_WEEK = 5  # "daily": each school day
WEEKS_A_MONTH = 4  # "monthly": once every 4 school weeks

# ---------------------------------------------------------------------------
# Reading the words

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "once": 1,
    "twice": 2,
    "thrice": 3,
}
_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"

# (pattern, sessions a week for one session in that period)
_PERIODS: list[tuple[re.Pattern[str], Fraction]] = [
    (
        re.compile(
            r"\b(daily|every\s+(school\s+)?day|each\s+(school\s+)?day|(a|per)\s+(school\s+)?day|every\s+morning|every\s+afternoon)\b"
        ),
        Fraction(DAYS_A_WEEK),
    ),
    (
        re.compile(r"\b(fortnightly|(a|per|each|every)\s+fortnight|every\s+(two|2)\s+weeks|every\s+other\s+week)\b"),
        Fraction(1, 2),
    ),
    (
        re.compile(r"\b(monthly|(a|per|each|every)\s+month|every\s+(four|4)\s+weeks)\b"),
        Fraction(1, WEEKS_A_MONTH),
    ),
    (re.compile(r"\b(weekly|(a|per|each|every)\s+week|(a|per)\s+wk|/\s*(week|wk)|pw)\b"), Fraction(1)),
]
_COUNT = re.compile(
    rf"(?<![\d:.])\b{_NUM}\s*(?:x|×|times)(?![a-z])|\b(once|twice|thrice)\b",
)
_HOURS = re.compile(rf"(?<![a-wyz\d:.]){_NUM}\s*(?:hours?|hrs?|h)\b")
_HALF_HOUR = re.compile(r"\bhalf\s+an?\s+hour\b|\bhalf-hour\b|\b(an|one)\s+hour\b")
_MINUTES = re.compile(r"(?<![a-wyz\d:.])(\d+)\s*(?:minutes?|mins?|m)\b")


def _number(text: str) -> Fraction:
    return Fraction(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else Fraction(text)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("\u00d7", " x ").replace("-", " ").split())


@dataclass(frozen=True)
class Reading:
    """What the words of an entry say: None for a part they do not say (see ``problems``)."""

    sessions_per_week: Fraction | None
    minutes: int | None
    problems: tuple[str, ...] = ()


def read_duration(text: str) -> int | None:
    """Minutes a session from "20 min", "1 hour", "1 hr 30 mins", "half an hour", "1.5 hours"."""
    t = _norm(text)
    total = Fraction(0)
    found = False
    half = _HALF_HOUR.search(t)
    if half:
        total += 30 if half.group(0).startswith("half") else 60
        found = True
        t = t[: half.start()] + " " + t[half.end() :]
    for m in _HOURS.finditer(t):
        total += _number(m.group(1)) * 60
        found = True
    for m in _MINUTES.finditer(t):
        total += int(m.group(1))
        found = True
    if not found or total <= 0:
        return None
    return round(total)


def read(how_often: str) -> Reading:
    """Sessions a week and minutes a session from the "how often" words.

    "3 x 20 min a week" -> 3 and 20; "daily 10 min" -> 5 and 10; "once a month, 1 hour" ->
    0.25 and 60; "weekly" -> 1 and no duration. Each part the words do not say is None, with
    a line in ``problems`` saying what could not be read.
    """
    t = _norm(how_often)
    problems: list[str] = []
    minutes = read_duration(t)
    # The count is read with the durations blanked out ("3 x 20 min": the 3, never the 20).
    rest = _MINUTES.sub(" ", _HOURS.sub(" ", _HALF_HOUR.sub(" ", t)))
    counts = [_number(m.group(1) or m.group(2)) for m in _COUNT.finditer(rest)]
    periods = [per for pattern, per in _PERIODS if pattern.search(rest)]
    sessions: Fraction | None = None
    if len(counts) > 1 or len(periods) > 1:
        problems.append(f"how often {how_often!r}: more than one frequency; give sessions=N (a week)")
    elif periods:
        sessions = (counts[0] if counts else Fraction(1)) * periods[0]
        if sessions <= 0:
            sessions = None
            problems.append(f"how often {how_often!r}: no sessions")
    elif counts:
        problems.append(
            f"how often {how_often!r}: {counts[0]} sessions, but in what period? (say a week, a day, a month)"
        )
    else:
        problems.append(f"how often {how_often!r}: cannot read how often (e.g. '3 x 20 min a week', 'daily 10 min')")
    if minutes is None:
        problems.append(f"how often {how_often!r}: no duration (e.g. '20 min', '1 hour')")
    return Reading(sessions, minutes, tuple(problems))


_GROUP_OF = re.compile(rf"\bgroups?\s+of\s+{_NUM}\b")
_RATIO = re.compile(r"(?<![\d:])\b1\s*:\s*(\d+)\b(?!\s*:)")
_CHILDREN = re.compile(rf"\b{_NUM}\s+(?:children|pupils|students)\b")
_ONE_TO_ONE = re.compile(r"\b(one\s+to\s+one|individual(ly)?|1\s*to\s*1)\b")
_PAIRS = re.compile(r"\b(in\s+)?pairs?\b|\bpaired\b")


def group_size(*texts: str) -> int | None:
    """Children in the session from the words: "1:1" / "one-to-one" -> 1, "1:4" / "group of 4" ->
    4, "in pairs" -> 2; None when the words do not say (a "small group" has no size)."""
    for text in texts:
        t = _norm(text)
        m = _RATIO.search(t)
        if m:
            return int(m.group(1))
        m = _GROUP_OF.search(t) or _CHILDREN.search(t)
        if m:
            return int(_number(m.group(1)))
        if _ONE_TO_ONE.search(t):
            return 1
        if _PAIRS.search(t):
            return 2
    return None


def mentions_group(*texts: str) -> bool:
    return any(re.search(r"\bgroups?\b", _norm(t)) for t in texts)


_STAFF_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("senco", re.compile(r"\bsenco\b|\bsen co ordinator\b|\bsenco\)")),
    (
        "teaching-assistant",
        re.compile(
            r"\b(h?lta|ta|lsa|sna|teaching\s+assistants?|learning\s+support\s+assistants?|classroom\s+assistants?)\b"
        ),
    ),
    (
        "specialist",
        re.compile(
            r"\b(therapists?|salt|slt|ot|physio(therapist)?|ep|psychologists?|specialists?|outreach|advisory|"
            r"dr|counsellors?|nurse|sensory\s+support|qtvi|qtod|peripatetic)\b"
        ),
    ),
    ("teacher", re.compile(r"\b(teachers?|class\s+teacher|teacher\s+in\s+charge|hlt)\b")),
]


def staff_kind(who: str) -> str | None:
    """The kind of staff from the "who" words: "Mrs Hale (TA)" -> teaching-assistant, "Ms T. Okafor
    (SALT)" -> specialist, "Mr Khan (class teacher)" -> teacher; None when the words do not say."""
    t = " ".join(re.sub(r"[().,;/]", " ", who.casefold()).replace("-", " ").split())
    for kind, pattern in _STAFF_WORDS:
        if pattern.search(t):
            return kind
    return None


def parse_staff(text: str) -> str:
    """A typed kind of staff -> its id: "TA", "teaching assistant", "teacher", "SENCO", "specialist"."""
    word = "-".join(text.strip().casefold().split())
    if word in STAFF_KINDS:
        return word
    found = staff_kind(text)
    if found is not None:
        return found
    raise UsageError(f"staff {text!r}: use one of {', '.join(STAFF_KINDS)}")


# ---------------------------------------------------------------------------
# Entering a provision entry: "WHAT; WHO; HOW OFTEN[; key=value ...]"

PART_KEYS = {
    "sessions": "sessions a week (a number: 3, 0.5 for fortnightly, 0.25 for once every 4 weeks)",
    "minutes": "minutes a session",
    "group": "children in the session (1 = one-to-one)",
    "staff": "kind of staff: " + ", ".join(STAFF_KINDS),
    "from": "the day it starts (YYYY-MM-DD)",
    "to": "the day it ends (YYYY-MM-DD)",
}
_PART = re.compile(r"^\s*([a-z]+)\s*=\s*(.*?)\s*$")
PROVISION_FORMAT = (
    '"WHAT; WHO; HOW OFTEN", then any of "; sessions=N; minutes=N; group=N; staff=KIND; from=DATE; to=DATE" '
    'to give or correct a part, e.g. "Small-group language session; Mrs Hale (TA); 3 x 20 min a week; group=4"'
)


@dataclass(frozen=True)
class Entered:
    """A provision entry as typed (its words, and the parts given to correct them), what the
    words and parts say together, and what could not be read."""

    provision: Provision
    read_as: str  # "3 sessions a week of 20 min, group of 4, teaching assistant"
    notes: tuple[str, ...]


def _positive_number(key: str, value: str, *, whole: bool) -> Fraction:
    try:
        number = Fraction(value)
    except (ValueError, ZeroDivisionError):
        number = Fraction(-1)
    if number <= 0 or (whole and number.denominator != 1):
        kind = "a whole number" if whole else "a number"
        raise UsageError(f"{{opt:provision}} {key}={value!r}: use {kind} above 0 ({PART_KEYS[key]})")
    return number


def enter(spec: str) -> Entered:
    """Parse one ``--provision`` value (usage error, exit 2, when the form is wrong).

    The words are the record; a part given as ``key=value`` is stored beside them and
    overrides them; the rest is read from the words whenever the map is made (so correcting
    the words corrects the figures). ``notes`` say what neither gives, so is not counted.
    """
    from senpath.dates import parse_iso
    from senpath.models import Provision

    pieces = spec.split(";")
    given: dict[str, str] = {}
    while pieces:
        m = _PART.match(pieces[-1])
        if not m or "=" not in pieces[-1]:
            break
        key = m.group(1)
        if key not in PART_KEYS:
            raise UsageError(f"{{opt:provision}} {key}=: not a part of a provision entry; use {', '.join(PART_KEYS)}")
        if key in given:
            raise UsageError(f"{{opt:provision}} {key}= is given twice")
        given[key] = m.group(2)
        pieces.pop()
    parts = [p.strip() for p in ";".join(pieces).rsplit(";", 2)]
    if len(parts) != 3 or not all(parts):
        raise UsageError(f"{{opt:provision}} {spec!r}: use {PROVISION_FORMAT}")
    what, who, how_often = parts
    sessions: Fraction | None = None
    minutes: int | None = None
    size: int | None = None
    staff: str | None = None
    if "sessions" in given:
        sessions = _positive_number("sessions", given["sessions"], whole=False)
        if sessions > 50:
            raise UsageError(f"{{opt:provision}} sessions={given['sessions']}: at most 50 a week")
    if "minutes" in given:
        minutes = int(_positive_number("minutes", given["minutes"], whole=True))
        if minutes > 600:
            raise UsageError(f"{{opt:provision}} minutes={given['minutes']}: at most 600 (10 hours) a session")
    if "group" in given:
        size = int(_positive_number("group", given["group"], whole=True))
        if size > 100:
            raise UsageError(f"{{opt:provision}} group={given['group']}: at most 100 children")
    if "staff" in given:
        staff = parse_staff(given["staff"])
    start = parse_iso(given["from"], "provision", key="from") if "from" in given else None
    end = parse_iso(given["to"], "provision", key="to") if "to" in given else None
    if start is not None and end is not None and end < start:
        raise UsageError(f"{{opt:provision}} to={given['to']} is before from={given['from']}")
    provision = Provision(
        what=what,
        who=who,
        how_often=how_often,
        sessions_per_week=float(sessions) if sessions is not None else None,
        minutes=minutes,
        group_size=size,
        staff=staff,  # parse_staff returns one of STAFF_KINDS (checked by the model)
        start=start,
        end=end,
    )
    e = effective(provision)
    reading = read(how_often)
    notes = []
    if e.sessions_per_week is None:
        problem = next(p for p in reading.problems if "duration" not in p)
        notes.append(f"{problem}; add '; sessions=N' (a week) or it is not counted")
    if e.minutes is None:
        notes.append(f"how often {how_often!r}: no duration; add '; minutes=N' or it is not counted")
    if e.group_size is None:
        notes.append(f"{what!r}: no group size read (1:1, 1:4, group of 4); add '; group=N' or it is not costed")
    if e.staff is None:
        notes.append(
            f"who {who!r}: no kind of staff read (e.g. 'Mrs Hale (TA)'); add '; staff=KIND' or it is not costed"
        )
    return Entered(provision, describe(e), tuple(notes))


def describe(e: Effective) -> str:
    """ "3 sessions a week of 20 min, group of 4, teaching assistant" (what is known)."""
    out = []
    if e.sessions_per_week is not None:
        n = e.sessions_per_week
        number = str(n.numerator) if n.denominator == 1 else f"{float(n):g}"
        out.append(f"{number} session{'' if n == 1 else 's'} a week" + (f" of {e.minutes} min" if e.minutes else ""))
    elif e.minutes is not None:
        out.append(f"{e.minutes} min a session")
    if e.group_size is not None:
        out.append("one-to-one" if e.group_size == 1 else f"group of {e.group_size}")
    if e.staff is not None:
        out.append(STAFF_KINDS[e.staff].lower() if e.staff != "senco" else "SENCO")
    return ", ".join(out) or "nothing"


# ---------------------------------------------------------------------------
# Counting: the structure of an entry, what it costs


@dataclass(frozen=True)
class Costs:
    """From the register's settings: the hourly cost of each kind of staff, the school's weeks a year."""

    hourly: Mapping[str, Decimal] = field(default_factory=dict)
    weeks_per_year: int = DEFAULT_WEEKS_PER_YEAR


@dataclass(frozen=True)
class Effective:
    """An entry's structure: what the record holds, the rest read from its words."""

    sessions_per_week: Fraction | None
    minutes: int | None
    group_size: int | None
    staff: str | None
    read_from_words: tuple[str, ...]  # which parts came from the words, not the record


def effective(p: Provision) -> Effective:
    reading = read(p.how_often)
    from_words = []
    sessions: Fraction | None
    if p.sessions_per_week is not None:
        sessions = Fraction(p.sessions_per_week).limit_denominator(1000)
    else:
        sessions = reading.sessions_per_week
        from_words.append("sessions")
    minutes = p.minutes
    if minutes is None:
        minutes = reading.minutes
        from_words.append("minutes")
    size = p.group_size
    if size is None:
        size = group_size(p.what, p.how_often)
        from_words.append("group")
    staff: str | None = p.staff
    if staff is None:
        staff = staff_kind(p.who)
        from_words.append("staff")
    return Effective(sessions, minutes, size, staff, tuple(from_words))


def money(value: Fraction | Decimal) -> Decimal:
    """Rounded to 2 places, half up (pence; hundredths of an hour)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    """One provision entry of a child's IEP, counted (or not, and why)."""

    number: int
    what: str
    who: str
    how_often: str
    sessions_per_week: Fraction | None
    minutes: int | None
    group_size: int | None
    staff: str | None
    hours: Decimal | None  # the child's hours a week
    cost: Decimal | None  # the staff cost a year, this child's share
    note: str | None  # "not counted: no duration", "not costed: ..."

    @property
    def grouping(self) -> str:
        if self.group_size is None:
            return "unknown"
        return "individual" if self.group_size == 1 else "group"


def count_line(number: int, p: Provision, costs: Costs) -> Line:
    e = effective(p)
    hours: Decimal | None = None
    cost: Decimal | None = None
    note: str | None = None
    if e.minutes is None:
        note = "not counted: no duration"
    elif e.sessions_per_week is None:
        note = "not counted: how often not given"
    else:
        exact = e.sessions_per_week * e.minutes / 60
        hours = money(exact)
        if e.staff is None:
            note = "not costed: kind of staff not given"
        elif e.group_size is None:
            note = "not costed: group size not given"
        elif e.staff not in costs.hourly:
            note = f"not costed: no hourly cost for {STAFF_KINDS.get(e.staff, e.staff).lower()} in the settings"
        else:
            rate = Fraction(costs.hourly[e.staff])
            cost = money(exact * costs.weeks_per_year * rate / e.group_size)
    return Line(
        number=number,
        what=p.what,
        who=p.who,
        how_often=p.how_often,
        sessions_per_week=e.sessions_per_week,
        minutes=e.minutes,
        group_size=e.group_size,
        staff=e.staff,
        hours=hours,
        cost=cost,
        note=note,
    )


def iep_on(case: Case, day: date) -> tuple[int, IEP] | None:
    """The IEP in force on ``day`` (number, IEP): started by then, not lapsed, the child not left."""
    from senpath.stages import lapsed_on

    if case.left is not None and case.left.date <= day:
        return None
    found: tuple[int, IEP] | None = None
    for number, iep in enumerate(case.ieps, start=1):
        if iep.start <= day:
            found = (number, iep)
    if found is None:
        return None
    lapsed = lapsed_on(case, found[1])
    if lapsed is not None and lapsed <= day:
        return None
    return found


@dataclass(frozen=True)
class ChildProvision:
    """One child's provision in place on a day."""

    case: Case
    iep_number: int | None
    lines: tuple[Line, ...]
    not_in_place: tuple[str, ...]  # entries of the IEP that had not started or had ended

    @property
    def hours(self) -> Decimal:
        return sum((ln.hours for ln in self.lines if ln.hours is not None), ZERO)

    @property
    def cost(self) -> Decimal:
        return sum((ln.cost for ln in self.lines if ln.cost is not None), ZERO)

    def hours_by(self, key: str) -> dict[str, Decimal]:
        """Hours a week by ``staff`` or by ``grouping`` (individual, group, unknown)."""
        out: dict[str, Decimal] = {}
        for ln in self.lines:
            if ln.hours is None:
                continue
            k = (ln.staff or "unknown") if key == "staff" else ln.grouping
            out[k] = out.get(k, ZERO) + ln.hours
        return out

    def cost_by(self, key: str) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for ln in self.lines:
            if ln.cost is None:
                continue
            k = (ln.staff or "unknown") if key == "staff" else ln.grouping
            out[k] = out.get(k, ZERO) + ln.cost
        return out


def child_provision(case: Case, day: date, costs: Costs) -> ChildProvision:
    """The provision of the IEP in force on ``day``: entries without dates, or whose dates cover it."""
    found = iep_on(case, day)
    if found is None:
        return ChildProvision(case, None, (), ())
    number, iep = found
    lines = []
    skipped = []
    for i, p in enumerate(iep.provision, start=1):
        if p.start is not None and p.start > day:
            skipped.append(f"{p.what}: starts {p.start.isoformat()}")
        elif p.end is not None and p.end < day:
            skipped.append(f"{p.what}: ended {p.end.isoformat()}")
        else:
            lines.append(count_line(i, p, costs))
    return ChildProvision(case, number, tuple(lines), tuple(skipped))


ORDER_GROUPING = ("individual", "group", "unknown")


def totals(children: Iterable[ChildProvision]) -> dict[str, Any]:
    """The totals of a map: each the sum of the children's rounded figures."""
    hours = ZERO
    cost = ZERO
    by_staff_hours: dict[str, Decimal] = {}
    by_staff_cost: dict[str, Decimal] = {}
    by_group_hours: dict[str, Decimal] = {}
    by_group_cost: dict[str, Decimal] = {}
    not_counted = 0
    not_costed = 0
    count = 0
    for child in children:
        count += 1
        hours += child.hours
        cost += child.cost
        for target, src in (
            (by_staff_hours, child.hours_by("staff")),
            (by_staff_cost, child.cost_by("staff")),
            (by_group_hours, child.hours_by("grouping")),
            (by_group_cost, child.cost_by("grouping")),
        ):
            for k, v in src.items():
                target[k] = target.get(k, ZERO) + v
        not_counted += sum(1 for ln in child.lines if ln.hours is None)
        not_costed += sum(1 for ln in child.lines if ln.hours is not None and ln.cost is None)
    staff_order = [*STAFF_KINDS, "unknown"]
    return {
        "children": count,
        "hours_per_week": hours,
        "cost_per_year": cost,
        "hours_by_staff": {k: by_staff_hours[k] for k in staff_order if k in by_staff_hours},
        "cost_by_staff": {k: by_staff_cost[k] for k in staff_order if k in by_staff_cost},
        "hours_by_grouping": {k: by_group_hours[k] for k in ORDER_GROUPING if k in by_group_hours},
        "cost_by_grouping": {k: by_group_cost[k] for k in ORDER_GROUPING if k in by_group_cost},
        "entries_not_counted": not_counted,
        "entries_not_costed": not_costed,
    }


# ---------------------------------------------------------------------------
# Choosing the children


def year_code(case: Case, day: date) -> str:
    from senpath.register import derived_year_code

    return case.year_group if case.year_group is not None else derived_year_code(case.dob, day)


@dataclass(frozen=True)
class Filters:
    stage: str | None = None
    year: str | None = None  # a year group code (R, 1..14, N1, N2, EY, P19)
    need: str | None = None  # a census type-of-need code (primary or secondary)
    senco: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.stage, self.year, self.need, self.senco))


def parse_filters(stage: str | None, year: str | None, need: str | None, senco: str | None) -> Filters:
    """Typed filter values -> Filters (usage error, exit 2, for a year group or need that is none)."""
    from senpath.register import need_code, parse_year_group

    try:
        year_c = parse_year_group(year) if year is not None else None
    except ValueError as exc:
        raise UsageError(f"{{opt:year}}: {exc}") from None
    try:
        need_c = need_code(need) if need is not None else None
    except ValueError as exc:
        raise UsageError(f"{{opt:need}}: {exc}") from None
    stage_w = "-".join(stage.strip().casefold().split()) if stage is not None else None
    return Filters(stage=stage_w, year=year_c, need=need_c, senco=senco)


def _senco_matches(value: str | None, wanted: str) -> bool:
    from senpath.matching import matches

    return matches(value, wanted)


def choose(cases: Sequence[Case], day: date, filters: Filters) -> list[Case]:
    """The children a map or report covers: on roll on ``day`` and matching every filter.

    A filter that matches none of them is a usage error (exit 2) naming the values there are:
    an empty map must never read as "no provision".
    """
    from senpath.register import year_code_name

    chosen = list(cases)
    checks: list[tuple[str, str | None, Any, Any]] = [
        ("stage", filters.stage, lambda c: c.stage, lambda c: c.stage),
        ("year", filters.year, lambda c: year_code(c, day), lambda c: year_code_name(year_code(c, day))),
        ("need", filters.need, None, lambda c: c.primary_need or "not recorded"),
        ("senco", filters.senco, None, lambda c: c.senco or "none"),
    ]
    for option, wanted, key, shown in checks:
        if wanted is None:
            continue
        if option == "need":
            kept = [c for c in chosen if wanted == c.primary_need or wanted in c.secondary_needs]
        elif option == "senco":
            kept = [c for c in chosen if _senco_matches(c.senco, wanted)]
        else:
            kept = [c for c in chosen if key(c) == wanted]
        if not kept:
            if option == "year":  # in school order: Reception, Year 1, ... Year 11
                from senpath.register import YEAR_CODES

                codes = sorted({year_code(c, day) for c in chosen}, key=YEAR_CODES.index)
                there = [year_code_name(code) for code in codes]
            else:
                there = sorted({shown(c) for c in chosen})
            listed = ", ".join(there) if there else "no children to choose from"
            raise UsageError(f"{{opt:{option}}} {wanted!r} matches none of the children here ({listed})")
        chosen = kept
    return chosen


def on_roll(case: Case, day: date) -> bool:
    """Opened by ``day`` and not left by then."""
    return case.opened <= day and (case.left is None or case.left.date > day)


def in_map(case: Case, day: date) -> bool:
    """On the provision map on ``day``: on roll, and at an SEN stage or with an IEP in force
    (a child with no SEN provision and no plan has nothing to map)."""
    from senpath.stages import stage_on

    if not on_roll(case, day):
        return False
    return stage_on(case, day) != case.fw.start or iep_on(case, day) is not None


# ---------------------------------------------------------------------------
# The map as data (--json, --csv)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def line_json(ln: Line) -> dict[str, Any]:
    return {
        "number": ln.number,
        "what": ln.what,
        "who": ln.who,
        "how_often": ln.how_often,
        "sessions_per_week": float(ln.sessions_per_week) if ln.sessions_per_week is not None else None,
        "minutes": ln.minutes,
        "group_size": ln.group_size,
        "grouping": ln.grouping,
        "staff": ln.staff,
        "hours_per_week": _num(ln.hours),
        "cost_per_year": _num(ln.cost),
        "note": ln.note,
    }


def _decimals(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, Decimal):
            out[k] = str(v)
        elif isinstance(v, Mapping):
            out[k] = _decimals(v)
        else:
            out[k] = v
    return out


def map_json(children: Sequence[ChildProvision], day: date, costs: Costs) -> dict[str, Any]:
    """``senpath provision --json``: figures as decimal strings ("146.25"), exact to the penny."""
    from senpath.stages import census_code, stage_name

    rows = []
    for child in children:
        c = child.case
        rows.append(
            {
                "id": c.id,
                "name": c.name,
                "stage": c.stage,
                "stage_name": stage_name(c),
                "census": census_code(c),
                "year_group": year_code(c, day),
                "primary_need": c.primary_need,
                "senco": c.senco,
                "iep": child.iep_number,
                "hours_per_week": str(child.hours),
                "cost_per_year": str(child.cost),
                "hours_by_staff": _decimals(child.hours_by("staff")),
                "hours_by_grouping": _decimals(child.hours_by("grouping")),
                "cost_by_staff": _decimals(child.cost_by("staff")),
                "entries": [line_json(ln) for ln in child.lines],
                "not_in_place": list(child.not_in_place),
            }
        )
    return {
        "on": day.isoformat(),
        "weeks_per_year": costs.weeks_per_year,
        "hourly_cost": {k: str(money(v)) for k, v in costs.hourly.items()},
        "children": rows,
        "totals": _decimals(totals(children)),
    }


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one beginning = + - @ (or a tab or return) gets a ' first."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def map_csv(children: Sequence[ChildProvision], day: date) -> str:
    """``senpath provision --csv``: one row a child, then a TOTAL row that is the sum of the rows.

    UTF-8 with a byte-order mark (so a spreadsheet reads the accents), CRLF line ends.
    """
    import csv
    import io

    from senpath.register import year_code_name
    from senpath.stages import stage_name

    staff_cols = [*STAFF_KINDS, "unknown"]
    header = [
        "id",
        "name",
        "stage",
        "year group",
        "primary need",
        "senco",
        "hours a week",
        "individual hours",
        "group hours",
        "hours (group size unknown)",
        *(f"{STAFF_KINDS.get(k, 'Kind of staff unknown')} hours" for k in staff_cols),
        "cost a year",
        "not in the figures",
    ]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)

    def figures(
        hours: Decimal, by_group: Mapping[str, Decimal], by_staff: Mapping[str, Decimal], cost: Decimal
    ) -> list[str]:
        return [
            str(hours),
            *(str(by_group.get(k, ZERO)) for k in ORDER_GROUPING),
            *(str(by_staff.get(k, ZERO)) for k in staff_cols),
            str(cost),
        ]

    for child in children:
        c = child.case
        notes = "; ".join(f"{ln.number}. {ln.what}: {ln.note}" for ln in child.lines if ln.note)
        writer.writerow(
            [
                csv_cell(v)
                for v in [
                    c.id,
                    c.name,
                    stage_name(c),
                    year_code_name(year_code(c, day)),
                    c.primary_need or "",
                    c.senco or "",
                    *figures(child.hours, child.hours_by("grouping"), child.hours_by("staff"), child.cost),
                    notes,
                ]
            ]
        )
    t = totals(children)
    writer.writerow(
        [
            "TOTAL",
            f"{t['children']} children",
            "",
            "",
            "",
            "",
            *figures(t["hours_per_week"], t["hours_by_grouping"], t["hours_by_staff"], t["cost_per_year"]),
            f"{t['entries_not_counted']} entries not counted; {t['entries_not_costed']} not costed",
        ]
    )
    return "\ufeff" + buf.getvalue()
