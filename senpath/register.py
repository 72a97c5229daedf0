"""What a register records about a child beyond the Code's stages: year group, type of need, UPN.

No typer, click or rich here. Example::

    year_group(date(2021, 5, 14), today=date(2026, 11, 22))       # 'Year 1'
    upn_problem("Q207000016049")                                # None (a good UPN)
    NEEDS["SEMH"]                                               # 'Social, emotional and mental health'
"""

from __future__ import annotations

from datetime import date

# Type of need: the school census codes (primary and secondary need), shown by name.
# BESD is the 2001-era code that SEMH replaced in 2014; older registers and spreadsheets carry it.
NEEDS: dict[str, str] = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
    "BESD": "Behaviour, emotional and social difficulties (the pre-2014 code, now SEMH)",
}


def need_code(text: str) -> str:
    """A typed need (a code in any case, or its name) -> the census code; ValueError otherwise."""
    wanted = text.strip()
    if wanted.upper() in NEEDS:
        return wanted.upper()
    folded = wanted.casefold()
    for code, name in NEEDS.items():
        if name.casefold() == folded or name.casefold().split(" (")[0] == folded:
            return code
    raise ValueError(f"{text!r} is not a type of need; use a census code: {', '.join(NEEDS)}")


def need_name(code: str) -> str:
    return f"{NEEDS.get(code, code)} ({code})"


# ---------------------------------------------------------------------------
# Year group (England and Wales)
#
# The school year runs from 1 September; a child's year group is fixed by their age on the
# 31 August before it: aged 4 -> Reception (the school year in which they turn 5), 5 -> Year 1,
# ... 17 -> Year 13. Before Reception: aged 3 -> N2 (the nursery year in which they turn 4),
# aged 2 -> N1, younger -> "Early years" (below nursery age). Aged 18 -> Year 14 (as the school
# census records it); older -> "Post-19". Stored overrides use the codes below.

YEAR_CODES: tuple[str, ...] = ("EY", "N1", "N2", "R", *(str(n) for n in range(1, 15)), "P19")


def year_code_name(code: str) -> str:
    """'R' -> 'Reception', '3' -> 'Year 3', 'N1' -> 'N1', 'EY' -> 'Early years', 'P19' -> 'Post-19'."""
    if code == "R":
        return "Reception"
    if code == "EY":
        return "Early years"
    if code == "P19":
        return "Post-19"
    if code.isdigit():
        return f"Year {code}"
    return code


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def school_year_start(today: date) -> int:
    """The calendar year in which the current school year began (1 September)."""
    return today.year if today.month >= 9 else today.year - 1


def year_number(dob: date, today: date) -> int:
    """The year group as a number: 0 is Reception (the school year in which the child turns 5),
    1 is Year 1, ...; negative before Reception (-1 is N2). The age on the 31 August before the
    school year, less 4. Example: born 1 September 2015, the child is 4 on 31 August 2020, so in
    Reception in 2020-21 and in Year 6 in 2026-27; born 31 August 2015, Reception in 2019-20."""
    return age_on(dob, date(school_year_start(today), 8, 31)) - 4


def year_group_starts(dob: date, group: int) -> date:
    """1 September of the school year in which the child is in year ``group`` (0 = Reception):
    the inverse of :func:`year_number`."""
    return date(dob.year + group + 4 + (1 if (dob.month, dob.day) > (8, 31) else 0), 9, 1)


def derived_year_code(dob: date, today: date) -> str:
    age = year_number(dob, today) + 4
    if age < 2:
        return "EY"
    if age == 2:
        return "N1"
    if age == 3:
        return "N2"
    if age == 4:
        return "R"
    if age <= 18:
        return str(age - 4)
    return "P19"


def year_group(dob: date, today: date, override: str | None = None) -> str:
    """The year group to show: the override when set, else derived from the date of birth."""
    return year_code_name(override if override is not None else derived_year_code(dob, today))


def parse_year_group(text: str) -> str:
    """'Year 3', 'Y3', '3', 'R', 'Reception', 'N1', 'Nursery 2', 'Early years' -> a code; ValueError otherwise."""
    t = " ".join(text.strip().casefold().replace("-", " ").split())
    t = t.removeprefix("year ").removeprefix("yr ")
    if t.startswith("y") and t[1:].isdigit():
        t = t[1:]
    aliases = {
        "r": "R",
        "reception": "R",
        "rec": "R",
        "n1": "N1",
        "nursery 1": "N1",
        "n2": "N2",
        "nursery 2": "N2",
        "nursery": "N2",
        "ey": "EY",
        "early years": "EY",
        "p19": "P19",
        "post 19": "P19",
    }
    if t in aliases:
        return aliases[t]
    if t.isdigit() and 1 <= int(t) <= 14:
        return str(int(t))
    raise ValueError(
        f"{text!r} is not a year group; use Reception (R), Year 1 to Year 14 (1-14), N1, N2, Early years or Post-19"
    )


# ---------------------------------------------------------------------------
# UPN: the 13-character unique pupil number.
#
# The DfE's check-letter rule (UK Government Data Standards Catalogue, "Unique Pupil Number"
# v2.0, 2004; the school census validation error 1510 repeats it): characters 2-13 are the LA
# number (3 digits), the establishment number (4), the last two digits of the year of issue (2)
# and a serial (3 digits; a temporary UPN has 2 digits and a letter). Multiply the character at
# position p (p = 2..13) by p, a temporary UPN's final letter counting as its value in the
# alphabet below; the remainder of the sum divided by 23 indexes that alphabet (A=0 ... Z=22,
# without I, O and S), which gives the check letter at position 1.
# Worked example: for B801200005001 (python-stdnum's documented valid UPN) the characters at
# positions 2-13 are 8 0 1 2 0 0 0 0 5 0 0 1, so the sum is 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93,
# 93 mod 23 = 1 -> B. (The census error-1510 help pages' example, ?207000016049, adds to 267 and
# gives Q; the sum is in fact 266, remainder 13 -> P: senpath computes P207000016049.)

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters)."""
    total = 0
    for position, ch in enumerate(body, start=2):
        value = UPN_LETTERS.index(ch) if ch.isalpha() else int(ch)
        total += value * position
    return UPN_LETTERS[total % 23]


def normalise_upn(text: str) -> str:
    return "".join(text.split()).upper()


def upn_problem(upn: str) -> str | None:
    """Why ``upn`` is not a valid UPN, or None when it is."""
    if len(upn) != 13:
        return f"{upn!r} is not a UPN: a UPN has 13 characters (a check letter and 12 more), e.g. B801200005001"
    first, body = upn[0], upn[1:]
    ok_body = (
        body[:11].isascii()
        and body[:11].isdigit()
        and ((body[11].isascii() and body[11].isdigit()) or body[11] in UPN_LETTERS)
    )
    if first not in UPN_LETTERS or not ok_body:
        return (
            f"{upn!r} is not a UPN: it is a check letter then 12 digits (a temporary UPN ends in a letter), "
            "e.g. B801200005001"
        )
    expected = upn_check_letter(body)
    if first != expected:
        return f"{upn!r}: the check letter does not match the rest (it would be {expected}); check the UPN for a typo"
    return None


# ---------------------------------------------------------------------------
# Typed values, checked: a UsageError naming the input (exit 2): ``option`` is a label such as
# ``{opt:need}`` (the CLI words it as its option) or a spreadsheet's column


def typed_need(text: str, option: str = "{opt:need}") -> str:
    from senpath.errors import UsageError

    try:
        return need_code(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def typed_year_group(text: str, option: str = "{opt:year_group}") -> str:
    """A year group as typed, or ``auto`` (derive it from the date of birth again)."""
    from senpath.errors import UsageError

    if text.strip().casefold() == "auto":
        return "auto"
    try:
        return parse_year_group(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}, or auto to derive it from the date of birth") from None


def typed_upn(text: str, option: str = "{opt:upn}") -> str:
    """A UPN as typed (spaces and case ignored; ``""`` clears it), its check letter checked."""
    from senpath.errors import UsageError

    upn = normalise_upn(text)
    if upn == "":
        return ""
    problem = upn_problem(upn)
    if problem is not None:
        raise UsageError(f"{option}: {problem}")
    return upn
