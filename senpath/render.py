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
    from rich.console import Console

    from senpath.models import Case


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


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*row)
    console().print(t)


def case_list(rows: list[dict[str, Any]]) -> None:
    from senpath.dates import uk as _uk

    if not rows:
        message("No children on the register here yet. Add one with: senpath new-child --help")
        return
    from datetime import date

    table(
        None,
        ["id", "name", "setting", "stage", "SENCO", "since"],
        (
            [
                r["id"],
                r["name"],
                r["setting"],
                r["stage_name"] + (" (left)" if r.get("left") else ""),
                r["senco"] or "",
                _uk(date.fromisoformat(r["since"])),
            ]
            for r in rows
        ),
    )


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def case_detail(case: Case) -> None:
    """The whole record, readable."""
    from rich.table import Table

    from senpath.stages import stage_name

    out = console()
    out.print(f"[bold]{_esc(case.name)}[/bold] ({case.id})")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row("Known as", _esc(case.first_name))
    facts.add_row("Date of birth", uk(case.dob))
    facts.add_row("Setting", f"{case.setting} — {_esc(case.school)}")
    facts.add_row("Stage", f"{stage_name(case.stage, case.setting)} since {uk(case.since)}")
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
        t = Table(title="Settings", title_justify="left")
        for col in ("from", "setting", "school"):
            t.add_column(col, overflow="fold")
        for s in case.settings:
            t.add_row(uk(s.date), s.setting, _esc(s.school))
        out.print(t)

    t = Table(title="Stage timeline", title_justify="left")
    for col in ("date", "step", "from → to", "details", "consulted"):
        t.add_column(col, overflow="fold")
    t.add_row(uk(case.opened), "opened", stage_name("none", case.setting_on(case.opened)), "", "")
    for ev in case.history:
        setting = case.setting_on(ev.date)
        move = (
            f"{stage_name(ev.from_, setting)} → {stage_name(ev.to, setting)}"
            if ev.from_ != ev.to
            else stage_name(ev.to, setting)
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
        t = Table(title="Consultations with parents", title_justify="left")
        for col in ("#", "date", "with", "how", "summary", "views"):
            t.add_column(col, overflow="fold")
        for n, c in enumerate(case.consultations, start=1):
            views = []
            if c.parent_views:
                views.append(f"parent: {c.parent_views}")
            if c.child_views:
                views.append(f"child: {c.child_views}")
            t.add_row(str(n), uk(c.date), _esc(", ".join(c.with_)), c.method, _esc(c.summary), _esc("\n".join(views)))
        out.print(t)

    if case.professionals:
        t = Table(title="Professionals", title_justify="left")
        for col in ("role", "name", "requested", "seen and advice"):
            t.add_column(col, overflow="fold")
        for p in case.professionals:
            role = p.role_name if p.role == "other" and p.role_name else p.role.replace("-", " ")
            seen = "\n".join(uk(v.date) + (f": {v.advice}" if v.advice else "") for v in p.visits) or "not seen yet"
            t.add_row(_esc(role), _esc(p.name), uk(p.requested), _esc(seen))
        out.print(t)
