"""Spreadsheets out: ``list --csv`` and ``reviews --csv``, with stable, documented columns.

The file is UTF-8 with a byte-order mark (so Excel shows accents), one header row, CRLF line
ends (RFC 4180). A cell that a spreadsheet would read as a formula (it begins with ``=``, ``+``,
``-`` or ``@``, or a tab or carriage return) is written with a leading apostrophe (numbers, such
as a negative count of days, are written as numbers), so a name can
never run a formula (OWASP "CSV injection"). Columns are only ever added at the end.

Example::

    data = to_csv(LIST_COLUMNS, [list_cells(row) for row in rows])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from senpath.reviews import Duty

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The columns of ``senpath list --csv``, in order (documented in docs/case-format.md).
LIST_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "known as",
    "date of birth",
    "year group",
    "setting",
    "school",
    "framework",
    "stage",
    "stage name",
    "census code",
    "since",
    "primary need",
    "secondary needs",
    "UPN",
    "looked after",
    "SENCO",
    "parents and carers",
    "left",
)

# The columns of ``senpath reviews --csv``.
REVIEW_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "year group",
    "school",
    "stage name",
    "what is due",
    "due",
    "days",
    "overdue",
    "SENCO",
    "notes",
)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading apostrophe before = + - @ tab CR."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            ["" if value is None else neutralise(value) if isinstance(value, str) else str(value) for value in row]
        )
    return (BOM + out.getvalue()).encode("utf-8")


def list_cells(row: dict[str, Any]) -> list[Any]:
    """One ``senpath list`` row (see ``index.list_row``) as LIST_COLUMNS."""
    from senpath.register import need_name

    return [
        row["id"],
        row["name"],
        row.get("known_as") or "",
        row.get("dob") or "",
        row.get("year_group") or "",
        row["setting"],
        row["school"],
        row["framework"],
        row["stage"],
        row["stage_name"],
        row["census"],
        row["since"],
        need_name(row["primary_need"]) if row.get("primary_need") else "",
        "; ".join(need_name(n) for n in row.get("secondary_needs") or []),
        row.get("upn") or "",
        "yes" if row.get("looked_after") else "no",
        row.get("senco") or "",
        "; ".join(row.get("parents") or []),
        row.get("left") or "",
    ]


def review_cells(duty: Duty, today: date) -> list[Any]:
    days = duty.days(today)
    return [
        duty.id,
        duty.name,
        duty.year_group(today),
        duty.school,
        duty.stage_name,
        duty.what,
        duty.due.isoformat(),
        days,
        "yes" if days < 0 else "no",
        duty.senco or "",
        "; ".join(duty.notes),
    ]
