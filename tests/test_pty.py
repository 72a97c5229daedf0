"""The installed ``senpath`` on a real pseudo-terminal (``script``), at 60 to 200 columns.

What a SENCO sees must hold every key value whole: each child's name, each due date with its
year, OVERDUE (by how many days), and in ``list`` the id, stage and since date. "Whole on screen" means: the value
sits inside one line, and no line is wider than the terminal (so the terminal never wraps one).
Expected values come from ``--json`` for the same register.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from senpath.dates import uk
from senpath.render import cell_width

SAMPLES = Path(__file__).resolve().parent.parent / "cases"
SENPATH = shutil.which("senpath", path=str(Path(sys.executable).parent))
WIDTHS = (60, 80, 100, 120, 200)
TODAY = "2026-12-01"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

pytestmark = pytest.mark.skipif(
    SENPATH is None or shutil.which("script") is None, reason="needs the installed senpath and script(1)"
)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    cases = tmp_path / "register"
    shutil.copytree(SAMPLES, cases, ignore=shutil.ignore_patterns(".senpath", ".git"))
    return cases


def _env(cases: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "SENPATH_DEBUG")}
    env.update(NO_COLOR="1", SENPATH_TODAY=TODAY, SENPATH_CASES_DIR=str(cases), TERM="xterm")
    return env


def on_pty(cases: Path, width: int, *args: str) -> list[str]:
    """The lines senpath writes on a terminal ``width`` columns wide; none may be wider."""
    assert SENPATH is not None
    command = f"stty cols {width} rows 50; {shlex.join([SENPATH, *args])}"
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        env=_env(cases),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    text = ANSI.sub("", done.stdout.decode("utf-8")).replace("\r", "")
    lines = text.split("\n")
    assert "internal error" not in text and "Traceback" not in text, text
    too_wide = [line for line in lines if cell_width(line) > width]
    assert not too_wide, f"wider than {width} columns (the terminal would split them): {too_wide}"
    return lines


def as_json(cases: Path, *args: str) -> Any:
    assert SENPATH is not None
    done = subprocess.run([SENPATH, *args, "--json"], env=_env(cases), capture_output=True, timeout=60, check=True)
    return json.loads(done.stdout)


def whole(value: str, lines: list[str]) -> bool:
    return any(value in line for line in lines)


def check_reviews(lines: list[str], items: list[dict[str, Any]]) -> None:
    assert items, "the sample register has open items"
    for item in items:
        due = uk(date.fromisoformat(item["due"]))
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", due)  # day, month and year
        for value in (item["name"], item["what"], due):
            assert whole(value, lines), f"{value!r} is not whole on screen:\n" + "\n".join(lines)
    overdue = sum(item["overdue"] for item in items)
    assert sum(line.count("OVERDUE") for line in lines) == overdue
    for item in items:
        days = item["days"]
        if days < 0:
            assert whole(f"OVERDUE by {-days} day{'s' if days != -1 else ''}", lines)


def test_reviews_at_80_columns_names_every_child_whole(register: Path) -> None:
    """The check the project's before-stop hook makes, in the default tier."""
    check_reviews(on_pty(register, 80, "reviews"), as_json(register, "reviews"))


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "args",
    [("reviews",), ("reviews", "--due"), ("reviews", "--overdue"), ("reviews", "--within", "90", "--senco", "Grant")],
)
def test_reviews_keep_every_key_value_whole(register: Path, width: int, args: tuple[str, ...]) -> None:
    check_reviews(on_pty(register, width, *args), as_json(register, *args))


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_list_keeps_name_id_stage_and_since_whole(register: Path, width: int) -> None:
    rows = as_json(register, "list")
    lines = on_pty(register, width, "list")
    assert rows
    for row in rows:
        since = uk(date.fromisoformat(row["since"]))
        for value in (row["name"], row["id"], row["stage_name"], since):
            assert whole(value, lines), f"{value!r} is not whole at {width} columns:\n" + "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_show_and_iep_show_keep_dates_and_names_whole(register: Path, width: int) -> None:
    case = as_json(register, "show", "zainab-okoro")
    lines = on_pty(register, width, "show", "zainab-okoro")
    assert whole(case["name"], lines)
    dates = [case["dob"], case["opened"], *(ev["date"] for ev in case["history"])]
    dates += [c["date"] for c in case["consultations"]]
    for day in dates:
        assert whole(uk(date.fromisoformat(day)), lines), f"{day} at {width} columns:\n" + "\n".join(lines)

    plans = as_json(register, "iep", "show", "amira-khan", "--all")
    lines = on_pty(register, width, "iep", "show", "amira-khan", "--all")
    assert whole("Amira Khan", lines)
    text = json.dumps(plans)
    iso_dates = sorted(set(re.findall(r'"(\d{4}-\d{2}-\d{2})"', text)))
    assert iso_dates
    shown = [d for d in iso_dates if whole(uk(date.fromisoformat(d)), lines)]
    # every IEP's start and every review's date and next review are on screen, whole
    for iep in plans["ieps"]:
        for day in [iep["start"], *(r["date"] for r in iep.get("reviews", []))]:
            assert day in shown, f"{day} at {width} columns:\n" + "\n".join(lines)


def _script_bytes(cases: Path, width: int, args: list[str], extra: dict[str, str]) -> bytes:
    """What the installed senpath writes on a real terminal ``width`` columns wide, and its exit code."""
    assert SENPATH is not None
    command = f"stty cols {width} rows 50; {shlex.join([SENPATH, *args])}; echo exit=$?"
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        env={**_env(cases), **extra},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["reviews", "--due"], ["reviews"], ["reviews", "--overdue", "--all"], ["reviews", "--senco", "Nobody"],
     ["reviews", "--within=90", "--senco", "Grant", "--json"], ["reviews", "--within", "-3"]],
)  # fmt: skip
def test_the_fast_path_draws_what_the_typer_path_draws_at_120_columns(register: Path, args: list[str]) -> None:
    for colour in ({"NO_COLOR": "1"}, {"NO_COLOR": "", "TERM": "xterm-256color"}):
        fast = _script_bytes(register, 120, args, colour)
        typer_path = _script_bytes(register, 120, args, {**colour, "SENPATH_NO_FAST_PATH": "1"})
        assert b"exit=" in fast and fast == typer_path, (args, colour, fast[-300:], typer_path[-300:])
