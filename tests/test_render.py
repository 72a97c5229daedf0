"""render's table layout (Grid) at narrow and wide widths, and output a person can trust.

The layout rules (docs/reviews.md, "At any width"): key values are never cut or split, the
optional columns shorten, wrap or drop in a fixed order, and below the width where the key
values fit on one line the table is stacked. tests/test_pty.py checks the same on a real pty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from senpath import render
from senpath.render import Col, Grid, cell_width

SAMPLES = Path(__file__).resolve().parent.parent / "cases"

NAMES = ["Zoë O'Neill", "Dawiśka Nowak-Kowalczyk", "Caoimhe Ní Bhriain", "Tom Gallagher"]


def review_grid() -> Grid:
    grid = Grid(render.REVIEW_COLUMNS, "Overdue or due by 6 Dec 2026 (today 22 Nov 2026)")
    for n, name in enumerate(NAMES):
        overdue = n % 2 == 0
        grid.add_row(
            name,
            name.lower().replace(" ", "-").replace("'", ""),
            "St Aidan's Church of England Primary School",
            "School Action Plus",
            "Proposed statement or note in lieu (18 weeks)" if n == 1 else "IEP 2 review",
            f"{n + 3} Nov 2026",
            "OVERDUE by 12 days" if overdue else "due in 3 days",
            "Mrs S. Ahmed-Richardson",
            "parent not at last review; requested 12 Oct 2026 by school; final statement by 12 Apr 2027",
            red=overdue,
        )
    return grid


def key_values(n: int, name: str) -> list[str]:
    what = "Proposed statement or note in lieu (18 weeks)" if n == 1 else "IEP 2 review"
    when = "OVERDUE by 12 days" if n % 2 == 0 else "due in 3 days"
    return [name, what, f"{n + 3} Nov 2026", when]


@pytest.mark.parametrize("width", [40, 50, 60, 72, 80, 100, 110, 120, 140, 160, 200, 260])
def test_key_values_are_whole_on_one_line_and_no_line_is_too_wide(width: int) -> None:
    lines = review_grid().lines(width)
    # no line is wider than the terminal, except a key value that is wider on its own (written
    # whole, on a line of its own: the terminal folds it, senpath never cuts it)
    longest = "Proposed statement or note in lieu (18 weeks)"
    assert all(cell_width(line) <= width or line == "    " + longest for line in lines), lines
    if width >= len(longest) + 4:
        assert all(cell_width(line) <= width for line in lines), lines
    for n, name in enumerate(NAMES):
        for value in key_values(n, name):
            assert any(value in line for line in lines), (width, value, lines)
    assert sum(line.count("OVERDUE") for line in lines) == 2


def test_a_table_while_the_key_values_fit_and_stacked_below() -> None:
    key = sum(
        max(cell_width(v) for v in [c.header, *(key_values(n, name)[k] for n, name in enumerate(NAMES))])
        for k, c in enumerate(c for c in render.REVIEW_COLUMNS if c.rank is None)
    )
    need = key + render.GAP * 3
    table = review_grid().lines(need)
    assert table[1].split() == ["child", "what", "is", "due", "due", "when"]  # only the key columns
    assert len(table) == 1 + 2 + len(NAMES) + 0  # title, header, rule, one line a row
    row = next(line for line in table if "Dawiśka" in line)
    assert all(v in row for v in key_values(1, "Dawiśka Nowak-Kowalczyk"))
    stacked = review_grid().lines(need - 1)
    assert "child" not in stacked[1]
    assert stacked[1] == "Zoë O'Neill"  # a block per row, headed by the child
    assert stacked[2].startswith("  what is due: IEP 2 review · due: 3 Nov 2026 · when: OVERDUE by 12 days")
    assert "" in stacked  # blocks are separated by a blank line


def test_optional_columns_join_in_order_id_stage_senco_setting_notes() -> None:
    seen = []
    for width in range(90, 320, 2):
        header = review_grid().lines(width)[1]
        shown = [c.header for c in render.REVIEW_COLUMNS if re.search(rf"(^|  ){re.escape(c.header)}(  |$)", header)]
        if shown not in seen:
            seen.append(shown)
    optional = [[h for h in s if h in ("id", "stage", "SENCO", "setting", "notes")] for s in seen]
    firsts = []
    for s in optional:
        firsts.extend(h for h in s if h not in firsts)
    assert firsts == ["id", "stage", "SENCO", "setting", "notes"]
    # and once there, a column stays as the terminal widens
    for before, after in zip(optional, optional[1:], strict=False):
        assert set(before) <= set(after)


def test_shortened_columns_end_in_an_ellipsis_and_notes_wrap() -> None:
    lines = review_grid().lines(174)
    assert "notes" not in lines[1]  # notes, the last to join, are not there yet
    rows = [line for line in lines if "Nov 2026" in line and "today" not in line]
    assert len(rows) == len(NAMES)
    assert all(re.search(r" St Aida[^ ]*… ", row) for row in rows), rows  # the school, shortened
    assert all("Mrs S. Ahmed-R…" in row for row in rows)
    wide = review_grid().lines(320)
    assert "notes" in wide[1]
    # notes wrap at spaces within their column (at most 60 wide), never cut
    starts = [line for line in wide if "parent not at last review; requested 12 Oct 2026 by school;" in line]
    ends = [line for line in wide if line.rstrip().endswith("final statement by 12 Apr 2027")]
    assert len(starts) == len(ends) == len(NAMES)
    assert not any("…" in line.split("  ")[-1] for line in starts + ends)


def test_colour_marks_overdue_rows_red_only_when_asked() -> None:
    plain = review_grid().lines(200)
    assert not any("\x1b" in line for line in plain)
    coloured = review_grid().lines(200, colour=True)
    red = [line for line in coloured if line.startswith("\x1b[31m") and "Nov 2026  " in line]
    assert len(red) == 2 and all("OVERDUE" in line and line.endswith("\x1b[0m") for line in red)
    assert not any(line.startswith("\x1b[31m") and "due in 3 days" in line for line in coloured)


def test_wide_characters_and_controls() -> None:
    assert cell_width("Zoë") == 3 and cell_width("Zoe\u0308") == 3 and cell_width("山田") == 4
    grid = Grid([Col("name"), Col("notes", "wrap")])
    grid.add_row("山田 花子", "clear \x1b[2J screen\x07 and \u202e")
    lines = grid.lines(40)
    assert all("\x1b" not in line and "\x07" not in line for line in lines)
    assert any("山田 花子" in line for line in lines)
    assert all(cell_width(line) <= 40 for line in lines)


def test_a_word_longer_than_its_column_is_split_not_lost() -> None:
    assert render._wrap("a Pneumonoultramicroscopic word", 10) == ["a", "Pneumonoul", "tramicrosc", "opic word"]
    assert render._cut("Little Acorns Nursery", 10) == "Little Ac…"


# ---------------------------------------------------------------------------
# Through the CLI (in process): a terminal at a narrow COLUMNS


@pytest.fixture
def samples(cases_dir: Path) -> Path:
    shutil.copytree(SAMPLES, cases_dir, ignore=shutil.ignore_patterns(".senpath", ".git"))
    return cases_dir


@pytest.mark.parametrize("columns", ["50", "60", "80", "100", "120", "200"])
def test_reviews_and_list_on_a_narrow_terminal(
    run: Any, samples: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    items = json.loads(run("reviews", "--json").stdout)
    rows = json.loads(run("list", "--json").stdout)
    monkeypatch.setattr(render, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", columns)
    from senpath.dates import uk

    lines = run("reviews").stdout.splitlines()
    assert all(cell_width(line) <= int(columns) for line in lines)
    for item in items:
        from datetime import date

        for value in (item["name"], item["what"], uk(date.fromisoformat(item["due"]))):
            assert any(value in line for line in lines), (columns, value)
    assert sum(line.count("OVERDUE") for line in lines) == sum(i["overdue"] for i in items)
    lines = run("list").stdout.splitlines()
    assert all(cell_width(line) <= int(columns) for line in lines)
    for row in rows:
        for value in (row["name"], row["id"], row["stage_name"]):
            assert any(value in line for line in lines), (columns, value)


def test_record_text_is_printed_as_typed_no_emoji_codes_or_markup(run: Any, samples: Path) -> None:
    path = samples / "amira-khan.toml"
    path.write_text(path.read_text().replace('name = "Amira Khan"', 'name = "Amira :skull: [bold]Khan[/bold]"'))
    path.chmod(0o600)
    for args in (("show", "amira-khan"), ("iep", "show", "amira-khan"), ("list",), ("reviews",)):
        out = run(*args).stdout
        assert "Amira :skull: [bold]Khan[/bold]" in out, args
        assert "💀" not in out


@pytest.mark.slow
def test_an_encoding_that_cannot_hold_a_name_loses_no_rows(tmp_path: Path) -> None:
    """PYTHONIOENCODING=latin-1 and a name like Dawiśka: the name is written with "?", every row is
    there, nothing says "internal error"; --json escapes it, so scripts get the exact name."""
    cases = tmp_path / "register"
    shutil.copytree(SAMPLES, cases, ignore=shutil.ignore_patterns(".senpath", ".git"))
    case = cases / "amira-khan.toml"
    case.write_text(case.read_text().replace('name = "Amira Khan"', 'name = "Amira Dawiśka"'))
    env = {k: v for k, v in os.environ.items() if k != "SENPATH_DEBUG"}
    env.update(PYTHONIOENCODING="latin-1", SENPATH_CASES_DIR=str(cases), SENPATH_TODAY="2026-12-01")
    senpath = [sys.executable, "-m", "senpath"]
    for args in (["reviews"], ["list"], ["show", "amira-khan"], ["iep", "show", "amira-khan"]):
        done = subprocess.run([*senpath, *args], env=env, capture_output=True, timeout=60)
        out, err = done.stdout.decode("latin-1"), done.stderr.decode("latin-1")
        assert done.returncode == 0 and "internal error" not in err, (args, err)
        assert "Amira Dawi?ka" in out, args
    done = subprocess.run([*senpath, "reviews", "--json"], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0
    items = json.loads(done.stdout.decode("latin-1"))
    assert "Amira Dawiśka" in {i["name"] for i in items} and len(items) == 6
    # a message on stderr that names the child is replaced too, never a crash
    done = subprocess.run([*senpath, "show", "dawiśka"], env=env, capture_output=True, timeout=60)
    assert done.returncode != 0 and b"internal error" not in done.stderr
