"""Dates: "today", ISO or UK input, UK output, month arithmetic.

Every date a user types goes through :func:`parse_iso`: ``2019-03-14`` (ISO) or ``14/03/2019``
(UK day/month/year, the order a British spreadsheet shows). A two-digit year (``14/03/19``), a
month-first date (``03/14/2019``) or a date that does not exist (``30/02/2019``) is refused.

``SENPATH_TODAY=YYYY-MM-DD`` fixes "today" everywhere (tests, planning ahead).
"""

from __future__ import annotations

import calendar
import os
import re
import sys
from datetime import date, timedelta

from senpath.errors import Hint, UsageError

# Every date senpath stores or accepts lies in this range (a typo such as 9999 is refused
# at the boundary, so month arithmetic on a stored date never overflows).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_RANGE = "between 1900-01-01 and 2199-12-31"

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


_announced: set[str] = set()
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today() -> date:
    """Return today, or ``SENPATH_TODAY`` when it is set.

    ``SENPATH_TODAY`` is read like ``--date`` (YYYY-MM-DD, in the same range); a date that is
    not today's is said once on a terminal's stderr, so a forgotten override is never silently in
    force (``reviews`` also names today in its title, and ``reviews --json`` in every item).
    """
    fixed = os.environ.get("SENPATH_TODAY", "").strip()
    if not fixed:
        return date.today()
    try:
        day = parse_iso(fixed, "today")
    except UsageError as exc:  # the same parser and range as --date
        why = f"is out of range: a date must be {DATE_RANGE}" if "out of range" in str(exc) else "is not a date"
        raise UsageError(f"SENPATH_TODAY={fixed!r} {why}: use YYYY-MM-DD, or unset it") from None
    if fixed not in _announced and sys.stderr.isatty():  # for a person; scripts get "today" in --json
        _announced.add(fixed)
        print(f"senpath: today is {uk(day)} (SENPATH_TODAY)", file=sys.stderr)
    return day


_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (day first, four-digit year) -> a date; ValueError otherwise."""
    text = text.strip()
    uk_form = _UK_DATE.fullmatch(text)
    if uk_form is not None:
        day_, month, year = (int(part) for part in uk_form.groups())
        return date(year, month, day_)
    if not _ISO_DAY.fullmatch(text):  # not 20270601, nor the week date 2027-W01-1 fromisoformat takes
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_iso(value: str, field: str, *, key: str | None = None) -> date:
    """Parse a typed date strictly (ISO or UK day/month/year); the error names the ``field``
    (the CLI words it as its option), and ``key`` within it (``from`` in ``--provision ...; from=``)."""
    where = "{field}" + (f" {key}=" if key else "")
    try:
        day = parse_date(value)
    except ValueError:
        raise UsageError(
            f"{where}: {value!r} is not a date; use YYYY-MM-DD or DD/MM/YYYY (day first), e.g. 2026-09-08 or 08/09/2026",
            Hint(field=field),
        ) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise UsageError(f"{where}: {iso(day)} is out of range; a date must be {DATE_RANGE}", Hint(field=field))
    return day


def not_future(day: date, field: str) -> date:
    """Refuse a date after today (input check; never applied to stored records)."""
    now = today()
    if day > now:
        raise UsageError(
            f"{{field}}: {iso(day)} is in the future (today is {iso(now)}); record things once they happen",
            Hint(field=field),
        )
    return day


def check_dob(dob: date) -> date:
    """Refuse a date of birth that makes the child unborn or over 25."""
    now = today()
    if dob > now:
        raise UsageError(
            f"{{field}}: {iso(dob)} is after today ({iso(now)}); check the date of birth", Hint(field="dob")
        )
    if add_months(dob, 25 * 12) < now:
        raise UsageError(
            f"{{field}}: {iso(dob)} makes the child over 25; senpath covers children and young people up to 25",
            Hint(field="dob"),
        )
    return dob


def iso(day: date) -> str:
    return day.isoformat()


def uk(day: date) -> str:
    """14 May 2021."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def uk_long(day: date) -> str:
    """14 May 2021, with the month in full (letters)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_weeks(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


def describe_days(days: int) -> str:
    """'5 days overdue', 'due today', 'due in 1 day'."""
    if days < 0:
        n = -days
        return f"{n} day{'s' if n != 1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


# ---------------------------------------------------------------------------
# Working days in England (the year group is senpath.register.year_number)


def _easter_free_bank_holiday(day: date) -> bool:
    """England and Wales bank holidays that can fall near the windows counted here: New Year's
    Day, the summer bank holiday (last Monday of August), Christmas Day and Boxing Day, each
    with its substitute weekday. (Easter and May holidays are not needed by any rule here.)"""
    y = day.year
    found: set[date] = set()
    new_year = date(y, 1, 1)
    found.add(new_year if new_year.weekday() < 5 else new_year + timedelta(days=7 - new_year.weekday()))
    last_aug = date(y, 8, 31)
    found.add(last_aug - timedelta(days=last_aug.weekday()))
    christmas, boxing = date(y, 12, 25), date(y, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Mon 27 and Tue 28
        found.update({date(y, 12, 27), date(y, 12, 28)})
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Mon 26, Christmas Tue 27
        found.update({boxing, date(y, 12, 27)})
    elif christmas.weekday() == 4:  # Friday: Boxing Day Sat -> Mon 28
        found.update({christmas, date(y, 12, 28)})
    else:
        found.update({christmas, boxing})
    return day in found


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England (see ``_easter_free_bank_holiday``)."""
    return day.weekday() < 5 and not _easter_free_bank_holiday(day)


def first_working_day_from(day: date) -> date:
    """``day`` if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def in_span(day: date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Whether ``day`` falls between ``start`` and ``end`` (month, day), inclusive; a span may run
    over the new year (25 December to 1 January)."""
    md = (day.month, day.day)
    if start <= end:
        return start <= md <= end
    return md >= start or md <= end


def after_span(day: date, end: tuple[int, int]) -> date:
    """The first day after the span that ends (month, day) ``end`` and contains ``day``."""
    year = day.year if (day.month, day.day) <= end else day.year + 1
    return date(year, *end) + timedelta(days=1)
