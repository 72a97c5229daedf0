"""All terminal output: Rich tables and panels for people, JSON for scripts, messages on stderr.

Rich is imported inside the functions that draw, never at module level, so commands
that print nothing (or JSON) never pay for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from senpath.dates import uk

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console
    from rich.table import Table

    from senpath.models import Case
    from senpath.reviews import Duty


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def message(text: str) -> None:
    """A note for the person at the terminal: always on stderr, so stdout stays parseable."""
    print(text, file=sys.stderr)


def error(text: str) -> None:
    print(f"senpath: {text}", file=sys.stderr)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _titled(title: str | None, columns: Sequence[str]) -> Table:
    """A table with its title on the left and columns that fold long text."""
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for col in columns:
        t.add_column(col, overflow="fold")
    return t


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    t = _titled(title, columns)
    for row in rows:
        t.add_row(*row)
    console().print(t)


def case_list(rows: list[dict[str, Any]], show_all: bool = False) -> None:
    from senpath.dates import uk as _uk

    if not rows:
        message("No children on the register here yet. Add one with: senpath new-child --help")
        return
    from datetime import date

    fast_table(
        [("id", 30), ("name", 28), ("setting", 11), ("stage", 30), ("SENCO", 22), ("since", 11)],
        [
            [
                r["id"],
                r["name"],
                r["setting"],
                r["stage_name"] + (" (left)" if r.get("left") else ""),
                r["senco"] or "",
                _uk(date.fromisoformat(r["since"])),
            ]
            for r in rows
        ],
        show_all=show_all,
    )


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def case_detail(case: Case) -> None:
    """The whole record, readable."""
    from rich.table import Table

    from senpath.stages import census_code, entry_words, stage_name

    out = console()
    out.print(f"[bold]{_esc(case.name)}[/bold] ({case.id})")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row("Known as", _esc(case.first_name))
    facts.add_row("Date of birth", uk(case.dob))
    facts.add_row("Setting", f"{case.setting} — {_esc(case.school)}")
    facts.add_row("Stage", f"{stage_name(case)} since {uk(case.since)}")
    facts.add_row("Census code", census_code(case))
    facts.add_row("Framework", case.fw.title)
    entered = entry_words(case)
    if entered is not None:
        facts.add_row("Entered", _esc(entered))
    facts.add_row("Head teacher", _esc(case.head_teacher or "not recorded"))
    facts.add_row("SENCO", _esc(case.senco or "not recorded"))
    facts.add_row("Parents/carers", _esc(", ".join(p.name for p in case.parents) or "none recorded"))
    facts.add_row("Concerns", _esc("; ".join(case.concerns) or "none recorded"))
    facts.add_row("Diagnoses", _esc("; ".join(case.diagnoses) or "none recorded"))
    facts.add_row("Opened", uk(case.opened))
    if case.left:
        facts.add_row("Left", f"{uk(case.left.date)}: {_esc(case.left.reason)}")
    out.print(facts)

    if len(case.settings) > 1:
        t = _titled("Settings", ("from", "setting", "school"))
        for s in case.settings:
            t.add_row(uk(s.date), s.setting, _esc(s.school))
        out.print(t)

    t = _titled("Stage timeline", ("date", "step", "from → to", "details", "consulted"))
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
                t.add_row(uk(e.date), e.kind, _esc(e.short), _esc(e.text.removeprefix(e.short).lstrip("; ")), "")
    else:
        t.add_row(
            uk(case.opened),
            "opened",
            stage_name(case, case.first_stage, case.opened),
            _esc(entry_words(case) or ""),
            "",
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
            _esc("\n".join(details)),
            f"#{ev.consultation}" if ev.consultation else "",
        )
    out.print(t)

    if case.consultations:
        t = _titled("Consultations with parents", ("#", "date", "with", "how", "summary", "views"))
        for n, c in enumerate(case.consultations, start=1):
            views = []
            if c.parent_views:
                views.append(f"parent: {c.parent_views}")
            if c.child_views:
                views.append(f"child: {c.child_views}")
            t.add_row(str(n), uk(c.date), _esc(", ".join(c.with_)), c.method, _esc(c.summary), _esc("\n".join(views)))
        out.print(t)

    if case.professionals:
        t = _titled("Professionals", ("role", "name", "requested", "seen and advice"))
        for p in case.professionals:
            role = p.role_name if p.role == "other" and p.role_name else p.role.replace("-", " ")
            seen = "\n".join(uk(v.date) + (f": {v.advice}" if v.advice else "") for v in p.visits) or "not seen yet"
            t.add_row(_esc(role), _esc(p.name), uk(p.requested), _esc(seen))
        out.print(t)

    case_plans(case, out)
    case_correspondence(case, out)


def case_plans(case: Case, out: Console) -> None:
    """IEPs (with their reviews) and annual reviews, one line each, for ``show``."""

    if case.ieps:
        t = _titled("IEPs (senpath iep show for the full plans)", ("IEP", "from", "targets", "reviews", "next review"))
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
                _esc("\n".join(iep.targets)),
                _esc("\n".join(reviews) or "none yet"),
                uk(nxt) if current else "superseded",
            )
        out.print(t)
    if case.annual_reviews:
        out.print(_annual_reviews(case))


def _annual_reviews(case: Case) -> Table:
    t = _titled("Annual reviews of the statement", ("date", "attended", "notes"))
    for ar in case.annual_reviews:
        who = ", ".join(ar.attended) or "not recorded"
        if "parent" not in ar.attended:
            who += "\nPARENT NOT PRESENT"
        t.add_row(uk(ar.date), who, _esc(ar.notes or ""))
    return t


# --- validate, edit, history (senpath/commands/safety.py) ------------------


def validation_report(problems: Sequence[str], notes: Sequence[str], summary: str) -> None:
    """Every problem, one per line, then notes and the summary; all on stdout (it is the report)."""
    out = sys.stdout
    for line in problems:
        out.write(f"{line}\n")
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
        ([uk(day), kind, _esc(text)] for day, kind, text in entries),
    )
    if commits is None:
        message("The cases folder is not a git repository, so there is no commit log.")
    elif not commits:
        message(f"No commits of {child_id}.toml yet.")
    else:
        table(
            f"{child_id}: git log of {child_id}.toml",
            ["commit", "date", "author", "change"],
            ([c, d, _esc(a), _esc(s)] for c, d, a, s in commits),
        )


# --- letters and preparation sheets (senpath letter / senpath prep) ---------------------------


def case_correspondence(case: Case, out: Console | None = None) -> None:
    """The letters logged with ``senpath letter --record``: part of ``senpath show``."""
    if not case.correspondence:
        return

    from senpath.letters import KIND_WORDS

    t = _titled("Correspondence", ("#", "date", "letter", "to"))
    for n, item in enumerate(case.correspondence, start=1):
        t.add_row(str(n), uk(item.date), KIND_WORDS[item.kind], _esc(item.to))
    (out or console()).print(t)


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


def due_table(items: Sequence[Duty], today: date, title: str, show_all: bool = False) -> None:
    """One row per duty, overdue ones first (in red on a terminal, with the word OVERDUE).

    Plain text when stdout is not a terminal; a fixed-width table capped at TABLE_CAP rows on one.
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
                d.name,
                d.id,
                d.school,
                d.stage_name,
                d.what,
                uk(d.due),
                (f"exception recorded: {d.exception}, {when}" if d.exception else f"OVERDUE, {when}")
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
    )


def iep_detail(case: Case, today: date, *, show_all: bool = False) -> None:
    """The current IEP (or every IEP) with its targets, provision and reviews; annual reviews."""
    from rich.table import Table

    from senpath.dates import describe_days
    from senpath.ieps import TARGET_WORDS, lapsed_on, next_review_due
    from senpath.reviews import duties
    from senpath.stages import stage_name

    out = console()
    out.print(f"[bold]{_esc(case.name)}[/bold] ({case.id}): {stage_name(case)}")
    open_duties = duties(case)
    for d in open_duties:
        if d.kind.startswith("new-"):
            out.print(f"New IEP needed: {_esc(d.what)}; {describe_days(d.days(today))}")
    if not case.ieps:
        out.print(f"No IEP yet. Write one: senpath iep new {case.id} --start YYYY-MM-DD --target ...")
    count = len(case.ieps)
    for number, iep in enumerate(case.ieps, start=1):
        current = number == count
        if not current and not show_all:
            continue
        if current:
            status = "current"
        else:
            status = f"superseded by IEP {number + 1} on {uk(case.ieps[number].start)}"
        out.print()
        out.print(f"[bold]IEP {number}[/bold] ({status}), from {uk(iep.start)}")
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold")
        facts.add_column(overflow="fold")
        lapsed = lapsed_on(case, iep)
        if current and lapsed is not None:
            facts.add_row("Review", f"none due: the child left SEN provision on {uk(lapsed)}")
        elif current and case.left is None:
            due = next_review_due(iep)
            facts.add_row("Next review", f"{uk(due)} ({describe_days((due - today).days)})")
        facts.add_row("Monitoring", _esc(iep.monitoring or "not recorded"))
        facts.add_row("Strategies", _esc("\n".join(f"- {s}" for s in iep.strategies) or "none recorded"))
        facts.add_row("Help at home", _esc("\n".join(f"- {h}" for h in iep.home) or "none recorded"))
        out.print(facts)

        t = Table(title="Targets", title_justify="left")
        t.add_column("#")
        t.add_column("target", overflow="fold")
        for r in iep.reviews:
            t.add_column(f"review\n{uk(r.date)}", overflow="fold")
        for i, target in enumerate(iep.targets):
            cells = [
                TARGET_WORDS[r.target_outcomes[i]] if i < len(r.target_outcomes) else "not recorded"
                for r in iep.reviews
            ]
            t.add_row(str(i + 1), _esc(target), *cells)
        out.print(t)

        if iep.provision:
            t = _titled("Provision", ("what", "who", "how often"))
            for p in iep.provision:
                t.add_row(_esc(p.what), _esc(p.who), _esc(p.how_often))
            out.print(t)

        if iep.reviews:
            t = _titled("Reviews", ("date", "attended", "agreed", "next review", "views", "notes"))
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
                    _esc("\n".join(views)),
                    _esc(r.notes or ""),
                    style="red" if "parent" not in r.attended else None,
                )
            out.print(t)
        else:
            out.print("No reviews yet.")
    if count > 1 and not show_all:
        out.print(f"\n{count - 1} superseded IEP(s) kept in the record: senpath iep show {case.id} --all")

    if case.annual_reviews or case.stage == case.fw.plans.statutory.stage:
        out.print()
        out.print(_annual_reviews(case))
        for d in open_duties:
            if d.kind in ("annual-review", "transition-review"):
                out.print(f"Next: {_esc(d.what)} by {uk(d.due)} ({describe_days(d.days(today))})")


# ---------------------------------------------------------------------------
# Long lists (senpath list, senpath reviews): plain text when piped, a cheap capped table on a
# terminal. See docs/performance.md: a default Rich table costs ~1-2 ms a row; fixed widths,
# no wrapping and plain Text cells make it a fraction of that, and plain text costs nothing.

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
) -> None:
    """Rows of plain strings; ``columns`` gives each header and the widest it may be drawn.

    Not a terminal: aligned plain text, every row, no escape codes and no Rich import.
    A terminal: a Rich table with fixed widths (no wrapping; long values end in an ellipsis),
    at most TABLE_CAP rows unless ``show_all``; ``red`` marks rows to draw in red.
    """
    if not stdout_is_terminal():
        _plain_table(columns, rows, title=title, caption=caption)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown = rows if show_all else rows[:TABLE_CAP]
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, caption_justify="left")
    for n, (header, widest) in enumerate(columns):
        width = max([len(header)] + [len(r[n]) for r in shown])
        t.add_column(header, width=min(width, widest), no_wrap=True, overflow="ellipsis")
    for i, r in enumerate(shown):
        t.add_row(*(Text(cell) for cell in r), style="red" if red and red[i] else None)
    if caption:
        t.caption = caption
    out = console()
    out.print(t)
    if len(shown) < len(rows):
        out.print(f"{len(rows) - len(shown)} more — use --all or --json", highlight=False)


def _plain_table(
    columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[str]], *, title: str | None, caption: str | None
) -> None:
    headers = [h for h, _ in columns]
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
