"""All terminal output: tables for people, JSON for scripts, messages on stderr.

Tables are laid out here (``Grid``), so that the values a reader must see (a child's name, a
date with its year, OVERDUE) are never cut or split at any terminal width. Rich draws only
letters and the progress bar; it is imported inside those functions, never at module level.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from senpath.dates import uk

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from senpath.models import Case
    from senpath.reviews import Duty


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # No markup and no emoji codes: record text such as "[b]" or ":skull:" is printed as typed.
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


def tolerant_streams() -> None:
    """Never lose the whole output to an encoding (PYTHONIOENCODING=latin-1, an old terminal):
    a character stdout or stderr cannot encode is written as "?" instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or detached stream: leave it alone
                pass


def message(text: str) -> None:
    """A note for the person at the terminal: always on stderr, so stdout stays parseable."""
    print(text, file=sys.stderr)


def error(text: str) -> None:
    print(f"senpath: {text}", file=sys.stderr)


def write_bytes(data: bytes) -> None:
    """Data (a spreadsheet) on stdout, byte for byte."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _stdout_is_unicode() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "").startswith("utf")


def print_json(data: Any) -> None:
    """JSON on stdout; \\u escapes when stdout is not UTF-8, so no name is ever lost."""
    import json  # here: plain output never pays for it

    ascii_only = not _stdout_is_unicode()
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=ascii_only, default=str) + "\n")


# ---------------------------------------------------------------------------
# Tables for people, laid out here (no Rich): key values are never cut or split.
#
# Every column is one of three kinds:
#   "key"  - the values a reader must see whole (a name, a date, OVERDUE): never shortened,
#            never wrapped (and, without a rank, never dropped). When the columns that cannot be
#            dropped do not fit on one line at the terminal's width, even with the others at
#            their narrowest, the table is drawn stacked instead: one short block per row.
#   "wrap" - free text, wrapped at spaces to the width left over.
#   "cut"  - short extras (a school, a SENCO): shortened with "…" when space is short.
# A column with a ``rank`` may be dropped: the highest rank goes first. Spare width goes to
# unranked columns, then to ranked ones by rank, each up to its widest value. See docs/reviews.md ("At any width").

GAP = 2  # spaces between columns
MIN_WRAP = 16  # a wrapped column narrower than this is not worth drawing
MIN_CUT = 8  # nor a shortened one narrower than this


class Col(NamedTuple):
    header: str
    kind: str = "key"  # "key", "wrap" or "cut"
    rank: int | None = None  # droppable: the highest rank is dropped first
    widest: int | None = None  # never drawn wider than this ("cut" and "wrap" columns)


def _clean(text: str) -> str:
    """Record text made safe for a terminal: controls (escape sequences) become U+FFFD, tabs spaces."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else (" " if c == "\t" else "\ufffd") for c in text)


def cell_width(text: str) -> int:
    """Columns a line takes on a terminal: wide (East Asian) characters 2, combining marks 0."""
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(c) else 2 if east_asian_width(c) in "WF" else 1 for c in text)


def _take(text: str, width: int) -> str:
    """The longest start of ``text`` that fits in ``width`` columns (at least one character)."""
    if cell_width(text) <= width:
        return text
    used = 0
    for n, c in enumerate(text):
        used += cell_width(c)
        if used > width:
            return text[: max(n, 1)]
    return text


def _cut(text: str, width: int) -> str:
    """The line shortened to ``width`` columns, ending in "…" when it was longer."""
    if cell_width(text) <= width:
        return text
    return _take(text, width - 1) + "…"


def _wrap(text: str, width: int) -> list[str]:
    """Word-wrapped lines no wider than ``width`` (a word longer than a line is split)."""
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split():
            while cell_width(word) > width:
                if current:
                    lines.append(current)
                    current = ""
                head = _take(word, width)
                lines.append(head)
                word = word[len(head) :]
            if not word:
                continue
            if current and cell_width(current) + 1 + cell_width(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def use_colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR (https://no-color.org) or TERM=dumb."""
    return stdout_is_terminal() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def terminal_width() -> int:
    """The width of the terminal stdout is on (what is really on screen), else COLUMNS, else 80."""
    if stdout_is_terminal():
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
            if columns > 0:
                return columns
        except (AttributeError, ValueError, OSError):
            pass
    columns_env = os.environ.get("COLUMNS", "")
    return int(columns_env) if columns_env.isdigit() and int(columns_env) > 0 else 80


def _encodes(text: str) -> bool:
    """Whether stdout can write ``text`` as it is (it cannot in PYTHONIOENCODING=latin-1, say)."""
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _rule_char() -> str:
    return "─" if _encodes("─") else "-"


def _fit(cols: Sequence[Col], natural: Sequence[int], width: int) -> list[int] | None:
    """Each column's width (0: dropped), or None when the key columns cannot share one line."""
    low = [0] * len(cols)
    for i, c in enumerate(cols):
        if c.kind == "key":
            low[i] = natural[i]
        else:
            floor = MIN_WRAP if c.kind == "wrap" else MIN_CUT
            low[i] = min(natural[i], max(floor, cell_width(c.header)))
    must = [i for i, c in enumerate(cols) if c.rank is None]

    def need(shown: list[int]) -> int:
        return sum(low[i] for i in shown) + GAP * (len(shown) - 1)

    if need(must) > width:
        return None
    shown = list(must)
    for i in sorted((i for i, c in enumerate(cols) if i not in must), key=lambda i: cols[i].rank or 0):
        if need([*shown, i]) > width:
            break  # strictly in rank order: a column never shows while a lower rank is hidden
        shown.append(i)
    widths = [low[i] if i in shown else 0 for i in range(len(cols))]
    spare = width - need(shown)
    # Spare room goes to the unranked columns first, shared out a column at a time, then to the
    # ranked ones by rank; each grows up to its widest value (or ``widest``).
    target = [min(natural[i], cols[i].widest or natural[i]) for i in range(len(cols))]
    growing = [i for i in shown if cols[i].kind != "key" and cols[i].rank is None]
    while spare and (growing := [i for i in growing if widths[i] < target[i]]):
        for i in growing[:spare]:
            widths[i] += 1
            spare -= 1
    for i in sorted(
        (i for i in shown if cols[i].kind != "key" and cols[i].rank is not None), key=lambda i: cols[i].rank or 0
    ):
        grow = min(spare, max(0, target[i] - widths[i]))
        widths[i] += grow
        spare -= grow
    return widths


class Grid:
    """A table of plain strings (a cell may hold several lines), drawn by ``lines``."""

    def __init__(self, cols: Sequence[Col], title: str | None = None, *, header: bool = True, head: int = 0) -> None:
        self.cols = list(cols)
        self.head = head  # the column that starts each block of the stacked layout
        self.title = title
        self.header = header
        self.rows: list[list[str]] = []
        self.red: list[bool] = []
        self.caption: str | None = None

    def add_row(self, *cells: str, red: bool = False) -> None:
        self.rows.append([_clean(c) for c in cells])
        self.red.append(red)

    def lines(self, width: int, colour: bool = False) -> list[str]:
        bold, redc, off = ("\x1b[1m", "\x1b[31m", "\x1b[0m") if colour else ("", "", "")
        out = [f"{bold}{line}{off}" for line in _wrap(_clean(self.title), width)] if self.title else []
        cells = [[c.split("\n") for c in row] for row in self.rows]
        natural = [
            max([cell_width(col.header) if self.header else 0, *(cell_width(line) for r in cells for line in r[i])])
            for i, col in enumerate(self.cols)
        ]
        widths = _fit(self.cols, natural, width)
        if widths is None:
            out.extend(self._stacked(cells, width, bold, redc, off))
        else:
            shown = [i for i, w in enumerate(widths) if w]
            if self.header:
                head = "".join(_pad(self.cols[i].header, widths[i]) + " " * GAP for i in shown).rstrip()
                out.append(f"{bold}{head}{off}")
                out.append(_rule_char() * min(width, sum(widths) + GAP * (len(shown) - 1)))
            for row, red in zip(cells, self.red, strict=True):
                parts: list[list[str]] = []
                for i in shown:
                    kind, w = self.cols[i].kind, widths[i]
                    if kind == "wrap":
                        parts.append([x for line in row[i] for x in _wrap(line, w)])
                    elif kind == "cut":
                        parts.append([_cut(line, w) for line in row[i]])
                    else:
                        parts.append(row[i])
                for n in range(max(len(p) for p in parts)):
                    text = "".join(
                        _pad(p[n] if n < len(p) else "", widths[i]) + " " * GAP
                        for i, p in zip(shown, parts, strict=True)
                    ).rstrip()
                    out.append(f"{redc}{text}{off}" if red and redc else text)
        if self.caption:
            out.extend(_wrap(self.caption, width))
        return out

    def _stacked(self, cells: list[list[list[str]]], width: int, bold: str, redc: str, off: str) -> list[str]:
        """One block per row: the head column's value (bold), then the other values as
        "label: value" items packed onto indented lines (the columns that cannot be dropped
        first), each item whole; wrapped columns last, on lines of their own."""
        sep = " · " if _encodes("·") else " | "
        order = sorted(
            (i for i in range(len(self.cols)) if i != self.head), key=lambda i: self.cols[i].rank is not None
        )
        out: list[str] = []
        for n, (row, red) in enumerate(zip(cells, self.red, strict=True)):
            block = [f"{bold}{line}{off}" if line else line for line in row[self.head]]
            items: list[tuple[str, str, str]] = []  # (label, value, kind)
            wrapped: list[str] = []
            for i in order:
                col = self.cols[i]
                lines = [line for line in row[i] if line]
                if not lines:
                    continue
                label = f"{col.header}: " if self.header and col.header else ""
                if col.kind == "wrap":
                    lead = "  " + label
                    room = max(MIN_WRAP, width - cell_width(lead))
                    for k, part in enumerate(x for line in lines for x in _wrap(line, room)):
                        wrapped.append((lead if k == 0 else " " * cell_width(lead)) + part)
                else:
                    items.append((label, "; ".join(lines), col.kind))
            line = ""
            for label, value, kind in items:
                item = label + value
                if line and cell_width(line + sep + item) <= width:
                    line += sep + item
                    continue
                if line:
                    block.append(line)
                line = "  " + item
                if cell_width(line) > width:  # the label on a line of its own, the value below it
                    if label:
                        block.append("  " + label.rstrip())
                    # a key value wider than the terminal is still written whole (the terminal
                    # folds it); a shortened column is cut to fit
                    line = "    " + (value if kind == "key" else _cut(value, max(1, width - 4)))
            if line:
                block.append(line)
            block.extend(wrapped)
            if red and redc:
                block = [f"{redc}{line}{off}" for line in block]
            if n:
                out.append("")
            out.extend(block)
        return out


def emit(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def draw(grid: Grid) -> None:
    """Write the grid to stdout at the terminal's width (COLUMNS or 80 when not a terminal);
    a titled grid is set off from what comes before it by a blank line."""
    emit([*([""] if grid.title else []), *grid.lines(terminal_width(), use_colour())])


def _titled(title: str | None, columns: Sequence[str]) -> Grid:
    """A grid whose first column is a key value (a date) and whose other columns wrap."""
    return Grid([Col(c, "key" if n == 0 else "wrap") for n, c in enumerate(columns)], title)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    t = _titled(title, columns)
    for row in rows:
        t.add_row(*row)
    draw(t)


LIST_COLUMNS = (
    Col("id", "key"),
    Col("name", "key"),
    Col("year", "key", rank=3),
    Col("setting", "cut", rank=2, widest=11),
    Col("stage", "key"),
    Col("SENCO", "cut", rank=1, widest=22),
    Col("since", "key"),
)


def case_list(rows: list[dict[str, Any]], show_all: bool = False) -> None:
    from senpath.dates import uk as _uk

    if not rows:
        message("No children on the register here yet. Add one with: senpath new-child --help")
        return
    from datetime import date

    fast_table(
        [("id", 30), ("name", 28), ("year", 11), ("setting", 11), ("stage", 30), ("SENCO", 22), ("since", 11)],
        [
            [
                r["id"],
                r["name"],
                r.get("year_group", ""),
                r["setting"],
                r["stage_name"] + (" (left)" if r.get("left") else ""),
                r["senco"] or "",
                _uk(date.fromisoformat(r["since"])),
            ]
            for r in rows
        ],
        show_all=show_all,
        layout=LIST_COLUMNS,
        head=1,
    )


def _say(text: str = "", bold: bool = False) -> None:
    """A line of text for the person reading, wrapped at spaces to the terminal's width."""
    on, off = ("\x1b[1m", "\x1b[0m") if bold and use_colour() else ("", "")
    emit(f"{on}{line}{off}" if line else line for line in _wrap(_clean(text), terminal_width()))


def _facts() -> Grid:
    return Grid([Col("", "key"), Col("", "wrap")], header=False)


def parent_line(p: Any) -> str:
    """'Sara Khan (mother), 07700 900123, sara@example.org, 3 Mill Lane, Leeds'."""
    parts = [p.name + (f" ({p.relationship})" if p.relationship else "")]
    parts += [x.replace("\n", ", ") for x in (p.phone, p.email, p.address) if x]
    return ", ".join(parts)


def case_detail(case: Case) -> None:
    """The whole record, readable."""
    from senpath.stages import census_code, entry_words, stage_name

    _say(f"{case.name} ({case.id})", bold=True)
    facts = _facts()
    facts.add_row("Known as", case.first_name)
    facts.add_row("Date of birth", uk(case.dob))
    from senpath.dates import today as _today
    from senpath.register import need_name

    facts.add_row("Year group", case.year_group_on(_today()) + (" (set for this child)" if case.year_group else ""))
    facts.add_row("Type of need", need_name(case.primary_need) if case.primary_need else "not recorded")
    if case.secondary_needs:
        facts.add_row("Secondary needs", "; ".join(need_name(n) for n in case.secondary_needs))
    facts.add_row("UPN", case.upn or "not recorded")
    facts.add_row("Looked after", "yes: a looked-after child" if case.looked_after else "no")
    facts.add_row("Setting", f"{case.setting} — {case.school}")
    if case.settings[-1].address:
        facts.add_row("School address", case.settings[-1].address)
    facts.add_row("Stage", f"{stage_name(case)} since {uk(case.since)}")
    facts.add_row("Census code", census_code(case))
    facts.add_row("Framework", case.fw.title)
    entered = entry_words(case)
    if entered is not None:
        facts.add_row("Entered", entered)
    facts.add_row("Head teacher", case.head_teacher or "not recorded")
    facts.add_row("SENCO", case.senco or "not recorded")
    facts.add_row("Parents/carers", "; ".join(parent_line(p) for p in case.parents) or "none recorded")
    facts.add_row("Concerns", "; ".join(case.concerns) or "none recorded")
    facts.add_row("Diagnoses", "; ".join(case.diagnoses) or "none recorded")
    facts.add_row("Opened", uk(case.opened))
    for gone in case.past_leavings:
        facts.add_row("Left before", f"{uk(gone.date)}: {gone.reason}; returned {uk(gone.returned)}")
    if case.left:
        facts.add_row("Left", f"{uk(case.left.date)}: {case.left.reason}")
    draw(facts)

    if len(case.settings) > 1:
        t = Grid([Col("from"), Col("setting"), Col("school", "wrap")], "Settings")
        for s in case.settings:
            t.add_row(uk(s.date), s.setting, s.school)
        draw(t)

    t = Grid([Col("date"), Col("step"), Col("from → to"), Col("details", "wrap"), Col("consulted")], "Stage timeline")
    if case.converted:
        # the earlier record's stage steps, in its own framework's words, then each conversion
        from senpath.changelog import conversion_entries
        from senpath.framework import get

        first = case.converted[0]
        old = get(first.from_framework)
        start = first.entered.stage if first.entered is not None else old.start
        t.add_row(uk(case.opened), "opened", old.stage_name(start, case.setting_on(case.opened)), "", "")
        for e in conversion_entries(case):
            if e.kind not in ("iep", "iep-review", "annual-review"):
                t.add_row(uk(e.date), e.kind, e.short, e.text.removeprefix(e.short).lstrip("; "), "")
    else:
        t.add_row(
            uk(case.opened), "opened", stage_name(case, case.first_stage, case.opened), entry_words(case) or "", ""
        )
    for ev in case.history:
        move = (
            f"{stage_name(case, ev.from_, ev.date)} → {stage_name(case, ev.to, ev.date)}"
            if ev.from_ != ev.to
            else stage_name(case, ev.to, ev.date)
        )
        details = []
        if ev.outcome:
            details.append(f"outcome: {ev.outcome}")
        if ev.requested_by:
            details.append(f"requested by {ev.requested_by}")
        if ev.reason:
            details.append(ev.reason)
        details.extend(f"evidence: {e}" for e in ev.evidence)
        t.add_row(
            uk(ev.date),
            ev.event,
            move,
            "\n".join(details),
            f"#{ev.consultation}" if ev.consultation else ("not consulted" if ev.not_consulted else ""),
        )
    draw(t)

    if case.consultations:
        t = Grid(
            [Col("#"), Col("date"), Col("with", "wrap"), Col("how"), Col("summary", "wrap"), Col("views", "wrap")],
            "Consultations with parents",
        )
        for n, c in enumerate(case.consultations, start=1):
            views = []
            if c.parent_views:
                views.append(f"parent: {c.parent_views}")
            if c.child_views:
                views.append(f"child: {c.child_views}")
            t.add_row(str(n), uk(c.date), ", ".join(c.with_), c.method, c.summary, "\n".join(views))
        draw(t)

    if case.professionals:
        t = Grid([Col("role"), Col("name"), Col("requested"), Col("seen and advice", "wrap")], "Professionals")
        for p in case.professionals:
            role = p.role_name if p.role == "other" and p.role_name else p.role.replace("-", " ")
            seen = "\n".join(uk(v.date) + (f": {v.advice}" if v.advice else "") for v in p.visits) or "not seen yet"
            t.add_row(role, p.name, uk(p.requested), seen)
        draw(t)

    case_plans(case)
    case_correspondence(case)


def case_plans(case: Case) -> None:
    """IEPs (with their reviews) and annual reviews, one line each, for ``show``."""

    if case.ieps:
        t = Grid(
            [Col("IEP"), Col("from"), Col("targets", "wrap"), Col("reviews", "wrap"), Col("next review")],
            "IEPs (senpath iep show for the full plans)",
        )
        for number, iep in enumerate(case.ieps, start=1):
            reviews = []
            for r in iep.reviews:
                met = sum(o == "met" for o in r.target_outcomes)
                flag = "" if "parent" in r.attended else " (parent not at review)"
                reviews.append(f"{uk(r.date)}: {met} of {len(iep.targets)} met, {r.outcome}{flag}")
            nxt = iep.reviews[-1].next_review if iep.reviews else iep.review_on
            current = number == len(case.ieps)
            t.add_row(
                f"{number}" + (" (current)" if current else ""),
                uk(iep.start),
                "\n".join(iep.targets),
                "\n".join(reviews) or "none yet",
                uk(nxt) if current else "superseded",
            )
        draw(t)
    if case.annual_reviews:
        draw(_annual_reviews(case))


def _annual_reviews(case: Case) -> Grid:
    t = Grid([Col("date"), Col("attended"), Col("notes", "wrap")], "Annual reviews of the statement")
    for ar in case.annual_reviews:
        who = ", ".join(ar.attended) or "not recorded"
        if "parent" not in ar.attended:
            who += "\nPARENT NOT PRESENT"
        t.add_row(uk(ar.date), who, ar.notes or "")
    return t


# --- validate, edit, history (senpath/cli/safety.py) ------------------


def validation_report(
    problems: Sequence[str], notes: Sequence[str], summary: str, warnings: Sequence[str] = ()
) -> None:
    """Every problem, one per line, then warnings, notes and the summary; all on stdout (it is the report)."""
    out = sys.stdout
    for line in problems:
        out.write(f"{line}\n")
    for line in warnings:
        out.write(f"warning: {line}\n")
    for line in notes:
        out.write(f"note: {line}\n")
    out.write(f"{summary}\n")


def edit_problems(problems: Sequence[str]) -> None:
    """Why an edited case cannot be saved (stderr)."""
    for line in problems:
        error(line)
    error("the case file has not been changed")


def history_view(
    child_id: str,
    entries: Sequence[tuple[Any, str, str]],
    commits: Sequence[tuple[str, str, str, str]] | None,
) -> None:
    """The record's change log (date, kind, text), then the git log of the file if any."""
    table(
        f"{child_id}: history from the record",
        ["date", "what", "details"],
        ([uk(day), kind, text] for day, kind, text in entries),
    )
    if commits is None:
        message("The cases folder is not a git repository, so there is no commit log.")
    elif not commits:
        message(f"No commits of {child_id}.toml yet.")
    else:
        table(
            f"{child_id}: git log of {child_id}.toml",
            ["commit", "date", "author", "change"],
            ([c, d, a, s] for c, d, a, s in commits),
        )


# --- letters and preparation sheets (senpath letter / senpath prep) ---------------------------


def case_correspondence(case: Case, title: str = "Correspondence") -> None:
    """The letters logged with ``senpath letter --record``, numbered from 1: part of ``senpath
    show``, and ``senpath letters``."""
    if not case.correspondence:
        return

    from senpath.letters import KIND_WORDS

    t = Grid([Col("#"), Col("date"), Col("letter"), Col("to", "wrap")], title)
    for n, item in enumerate(case.correspondence, start=1):
        t.add_row(str(n), uk(item.date), KIND_WORDS[item.kind], item.to)
    draw(t)


def document(doc: Any) -> None:
    """A senpath.letters.Document for a person at a terminal: bold headings, hanging bullets."""
    from rich.table import Table
    from rich.text import Text

    from senpath.letters import Bullets, Heading, Lines, Para

    out = console()
    for i, block in enumerate(doc.blocks):
        if i:
            out.print()
        if isinstance(block, Heading):
            style = "bold underline" if block.level == 1 else "bold"
            out.print(Text(block.text, style=style))
        elif isinstance(block, Para):
            out.print(Text(block.text, style="bold" if block.strong else ""))
        elif isinstance(block, Lines):
            out.print(Text("\n".join(block.lines)))
        elif isinstance(block, Bullets):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for item in block.items:
                grid.add_row("•", Text(item))
            out.print(grid)


# ---------------------------------------------------------------------------
# IEPs and what is due (senpath iep show, senpath reviews)


def nothing_due(text: str) -> None:
    """The plain answer when no review or deadline matches: on stdout, it is the result."""
    sys.stdout.write(text + "\n")


REVIEW_COLUMNS = (
    Col("child", "key"),
    Col("id", "key", rank=1),
    Col("setting", "cut", rank=4, widest=22),
    Col("stage", "key", rank=2),
    Col("what is due", "key"),
    Col("due", "key"),
    Col("when", "key"),
    Col("SENCO", "cut", rank=3, widest=18),
    Col("notes", "wrap", rank=5, widest=60),
)


def due_table(items: Sequence[Duty], today: date, title: str, show_all: bool = False) -> None:
    """One row per duty, overdue ones first (in red on a terminal, with the word OVERDUE).

    Plain text when stdout is not a terminal; on one, a table capped at TABLE_CAP rows whose
    key columns (REVIEW_COLUMNS) are always whole: docs/reviews.md, "At any width".
    """
    from senpath.dates import describe_days

    rows: list[list[str]] = []
    late: list[bool] = []
    for d in items:
        days = d.days(today)
        when = describe_days(days)
        late.append(days < 0 and d.exception is None)
        rows.append(
            [
                f"{d.name} ({d.year_group(today)})" if d.dob else d.name,  # the year group with the name: always shown
                d.id,
                d.school,
                d.stage_name,
                d.what + (" (parents not consulted)" if d.not_consulted else ""),
                uk(d.due),
                (
                    f"exception recorded: {d.exception}, {when}"
                    if d.exception
                    else f"OVERDUE by {-days} day{'s' if days != -1 else ''}"
                )
                if days < 0
                else when,
                d.senco or "",
                "; ".join(d.notes),
            ]
        )
    caption = f"{len(items)} item{'s' if len(items) != 1 else ''}, {sum(late)} overdue"
    fast_table(
        [
            ("child", 22),
            ("id", 24),
            ("setting", 22),
            ("stage", 24),
            ("what is due", 30),
            ("due", 11),
            ("when", 26),
            ("SENCO", 18),
            ("notes", 50),
        ],
        rows,
        title=title,
        caption=caption,
        red=late,
        show_all=show_all,
        layout=REVIEW_COLUMNS,
    )


def iep_detail(case: Case, today: date, *, show_all: bool = False) -> None:
    """The current IEP (or every IEP) with its targets, provision and reviews; annual reviews."""
    from senpath.dates import describe_days
    from senpath.ieps import TARGET_WORDS, lapsed_on, next_review_due
    from senpath.reviews import duties
    from senpath.stages import stage_name

    _say(f"{case.name} ({case.id}): {stage_name(case)}", bold=True)
    open_duties = duties(case)
    for d in open_duties:
        if d.kind.startswith("new-"):
            _say(f"New IEP needed: {d.what}; {describe_days(d.days(today))}")
    if not case.ieps:
        _say(f"No IEP yet. Write one: senpath iep new {case.id} --start YYYY-MM-DD --target ...")
    count = len(case.ieps)
    for number, iep in enumerate(case.ieps, start=1):
        current = number == count
        if not current and not show_all:
            continue
        if current:
            status = "current"
        else:
            status = f"superseded by IEP {number + 1} on {uk(case.ieps[number].start)}"
        _say()
        _say(f"IEP {number} ({status}), from {uk(iep.start)}", bold=True)
        facts = _facts()
        lapsed = lapsed_on(case, iep)
        if current and lapsed is not None:
            facts.add_row("Review", f"none due: the child left SEN provision on {uk(lapsed)}")
        elif current and case.left is None:
            due = next_review_due(iep)
            facts.add_row("Next review", f"{uk(due)} ({describe_days((due - today).days)})")
        facts.add_row("Monitoring", iep.monitoring or "not recorded")
        facts.add_row("Strategies", "\n".join(f"- {s}" for s in iep.strategies) or "none recorded")
        facts.add_row("Help at home", "\n".join(f"- {h}" for h in iep.home) or "none recorded")
        draw(facts)

        t = Grid([Col("#"), Col("target", "wrap"), *(Col(f"review {uk(r.date)}") for r in iep.reviews)], "Targets")
        for i, target in enumerate(iep.targets):
            cells = [
                TARGET_WORDS[r.target_outcomes[i]] if i < len(r.target_outcomes) else "not recorded"
                for r in iep.reviews
            ]
            t.add_row(str(i + 1), target, *cells)
        draw(t)

        if iep.provision:
            t = Grid([Col("what", "wrap"), Col("who", "wrap"), Col("how often", "wrap")], "Provision")
            for p in iep.provision:
                t.add_row(p.what, p.who, p.how_often)
            draw(t)

        if iep.reviews:
            t = Grid(
                [
                    Col("date"),
                    Col("attended"),
                    Col("agreed"),
                    Col("next review"),
                    Col("views", "wrap"),
                    Col("notes", "wrap"),
                ],
                "Reviews",
            )
            for r in iep.reviews:
                who = ", ".join(r.attended) or "not recorded"
                if "parent" not in r.attended:
                    who += "\nPARENT NOT PRESENT"
                views = []
                if r.parent_views:
                    views.append(f"parent: {r.parent_views}")
                if r.child_views:
                    views.append(f"child: {r.child_views}")
                t.add_row(
                    uk(r.date),
                    who,
                    r.outcome,
                    uk(r.next_review),
                    "\n".join(views),
                    r.notes or "",
                    red="parent" not in r.attended,
                )
            draw(t)
        else:
            _say("No reviews yet.")
    if count > 1 and not show_all:
        _say()
        _say(f"{count - 1} superseded IEP(s) kept in the record: senpath iep show {case.id} --all")

    if case.annual_reviews or case.stage == case.fw.plans.statutory.stage:
        _say()
        draw(_annual_reviews(case))
        for d in open_duties:
            if d.kind in ("annual-review", "transition-review"):
                _say(f"Next: {d.what} by {uk(d.due)} ({describe_days(d.days(today))})")


# ---------------------------------------------------------------------------
# Long lists (senpath list, senpath reviews): plain text when piped, a capped table on a
# terminal. See docs/performance.md: the table is laid out here with measured column widths,
# so a row costs about what a plain row does.

TABLE_CAP = 200  # rows drawn on a terminal before "N more — use --all or --json"


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def fast_table(
    columns: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    red: Sequence[bool] | None = None,
    show_all: bool = False,
    layout: Sequence[Col] | None = None,
    head: int = 0,
) -> None:
    """Rows of plain strings; ``columns`` gives each header and the widest it may be drawn.

    Not a terminal: aligned plain text, every row, no escape codes and no Rich import.
    A terminal: a Grid at the terminal's width, at most TABLE_CAP rows unless ``show_all``;
    ``layout`` says which columns are key values (default: the first one; the others are
    shortened with "…" to their widest), ``head`` which starts a block when stacked, and
    ``red`` marks rows to draw in red.
    """
    if not stdout_is_terminal():
        _plain_table(columns, rows, title=title, caption=caption)
        return
    shown = rows if show_all else rows[:TABLE_CAP]
    cols = layout or [Col(h, "key" if n == 0 else "cut", widest=w) for n, (h, w) in enumerate(columns)]
    grid = Grid(cols, title, head=head)
    grid.caption = caption
    for i, r in enumerate(shown):
        grid.add_row(*r, red=bool(red and red[i]))
    more = [f"{len(rows) - len(shown)} more — use --all or --json"] if len(shown) < len(rows) else []
    emit([*grid.lines(terminal_width(), use_colour()), *more])


def _plain_table(
    columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[str]], *, title: str | None, caption: str | None
) -> None:
    headers = [h for h, _ in columns]
    rows = [r if "".join(r).isprintable() else [_clean(c) for c in r] for r in rows]  # one check a row
    cols = list(zip(*rows, strict=True)) or [()] * len(headers)
    widths = [max([len(h), *map(len, col)]) for h, col in zip(headers, cols, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"  # one format for every row
    lines = [title] if title else []
    lines.extend(line.format(*r).rstrip() for r in [headers, *rows])
    if caption:
        lines.append(caption)
    sys.stdout.write("\n".join(lines) + "\n")


class _NoProgress:
    def __enter__(self) -> Any:
        return lambda n: None

    def __exit__(self, *exc: object) -> None:
        return None


def progress(total: int, label: str) -> Any:
    """A context manager giving ``advance(n)``: a bar on stderr when it is a terminal, else nothing."""
    try:
        on_terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if not on_terminal:
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    @contextmanager
    def bar() -> Any:
        with Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console(stderr=True),
            transient=True,
        ) as p:
            task = p.add_task(label, total=total)
            yield lambda n: p.advance(task, n)

    return bar()


# ---------------------------------------------------------------------------
# The provision map and the report


def provision_map(children: Sequence[Any], day: date, costs: Any) -> None:
    """``senpath provision``: a row a child and the totals; then every entry not counted or costed."""
    from senpath import provision as pv
    from senpath.dates import uk
    from senpath.register import year_code_name
    from senpath.stages import stage_name

    rows = []
    for ch in children:
        c = ch.case
        g = ch.hours_by("grouping")
        rows.append(
            [
                c.name,
                stage_name(c),
                year_code_name(pv.year_code(c, day)),
                str(ch.hours),
                str(g.get("individual", pv.ZERO)),
                str(g.get("group", pv.ZERO)),
                str(ch.cost),
            ]
        )
    t = pv.totals(children)
    rows.append(
        [
            f"Total ({t['children']} children)",
            "",
            "",
            str(t["hours_per_week"]),
            str(t["hours_by_grouping"].get("individual", pv.ZERO)),
            str(t["hours_by_grouping"].get("group", pv.ZERO)),
            str(t["cost_per_year"]),
        ]
    )
    table(
        f"Provision in place on {uk(day)}: hours a week, cost a year (£; {costs.weeks_per_year} school weeks)",
        ["child", "stage", "year", "hours", "1:1", "group", "cost"],
        rows,
    )
    staff = [
        [
            pv.STAFF_KINDS.get(k, "Kind of staff not given"),
            str(v),
            str(t["cost_by_staff"].get(k, "not costed")),
        ]
        for k, v in t["hours_by_staff"].items()
    ]
    if staff:
        table("By kind of staff", ["staff", "hours", "cost"], staff)
    notes = [
        [ch.case.name, f"{ln.number}. {ln.what} ({ln.how_often})", ln.note]
        for ch in children
        for ln in ch.lines
        if ln.note and (costs.hourly or ln.hours is None)  # with no costs at all, one note says so
    ]
    if notes:
        table("Entries not in the figures", ["child", "entry", "why"], notes)
    if not costs.hourly:
        message("note: no hourly costs in the register's senpath.toml, so nothing is costed (docs/report.md).")


def report_tables(data: dict[str, Any]) -> None:
    """``senpath report`` in the terminal: each table, its bars in a last column that a narrow
    terminal drops first (the figures stay)."""
    from senpath.report import tables

    for title, columns, rows in tables(data, ascii_only=not _encodes("█")):
        cols = [
            Col(c or "", "wrap" if n == 0 else ("cut" if c == "" else "key"), rank=1 if c == "" else None)
            for n, c in enumerate(columns)
        ]
        grid = Grid(cols, title or None)
        for row in rows:
            grid.add_row(*row)
        draw(grid)
