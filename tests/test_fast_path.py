"""The fast path of ``senpath reviews`` (senpath/cli/fast.py) answers exactly as the Typer path does.

Every argument form the fast path accepts, and many it must leave to Typer, is run both ways
(SENPATH_NO_FAST_PATH=1 forces the Typer path) against registers in every state that changes
the answer: a warm index, a stale index, no index, a stray file, a file that cannot be read, a
file others may read (a permission warning), an overdue child, filters that match nobody, an
empty register, a folder that is not a register, a missing folder and no register at all. The
stdout, stderr and exit code must be byte for byte the same. Runs are forked from one driver
process (tests/fast_path_driver.py), so hundreds cost seconds; a few whole processes check the
real start-up too, and that the fast path imports neither Typer, click, Rich nor pydantic.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senpath.cli import fast
from tests.make_samples import write_settings

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "cases"
DRIVER = HERE / "fast_path_driver.py"
TODAY = "2026-11-22"

# Forms the fast path answers itself (after "reviews"), each run on every register below.
ACCEPTED: list[list[str]] = [
    [],
    ["--due"],
    ["--overdue"],
    ["--due", "--overdue"],
    ["--within", "28"],
    ["--within=0"],
    ["--within", "3650"],
    ["--within", "0007"],
    ["--due", "--within", "7"],
    ["--within", "7", "--within", "60"],  # the last value counts
    ["--json"],
    ["--due", "--json"],
    ["--json", "--due"],
    ["--csv"],
    ["--due", "--csv"],
    ["--json", "--csv"],
    ["--overdue", "--csv"],
    ["--all"],
    ["--due", "--all", "--all"],
    ["--due", "--due"],
    ["--senco", "Evans"],
    ["--senco=ms r evans", "--due"],
    ["--school", "Little Acorns"],
    ["--school=little acorns", "--senco", "Evans"],
    ["--senco", "Nobody At All"],  # matches nobody: a usage error naming the SENCOs there are
    ["--senco", "Evans", "--school", "Nowhere Academy"],  # each matches someone, not the same child
    ["--senco", "Nobody", "--due", "--json"],
    ["--senco", "Mrs"],  # a title only: a usage error
    ["--senco="],  # empty: a usage error
    ["--senco=-x"],  # a value starting with - given with =
    ["--senco", "Zoë O'Neill"],
    ["--senco", "X", "--senco", "Evans"],
    ["--kind", "iep-review"],
    ["--kind=annual-review", "--due"],
    ["--kind", "assessment-decision", "--json"],
    ["--kind", "bogus"],  # not a kind: a usage error
    ["--no-index"],
    ["--due", "--no-index", "--json"],
    ["--overdue", "--within", "30", "--senco", "Evans", "--kind", "iep-review", "--csv", "--all"],
]
# Forms the fast path must leave to Typer (its own messages for them).
FALLBACK: list[list[str]] = [
    ["--within", "-1"],
    ["--within", "3651"],
    ["--within", "x"],
    ["--within", " 7"],
    ["--within", "+7"],
    ["--within", "\u0667"],  # an Arabic-Indic seven: int() reads it, the fast path does not
    ["--within=99999999999999999999"],
    ["--within"],
    ["--senco"],
    ["--senco", "--due"],
    ["--due=yes"],
    ["--no-index=1"],
    ["--"],
    ["--due", "--"],
    ["--", "--due"],
    ["--help"],
    ["--due", "-h"],
    ["--bogus"],
    ["--Due"],
    ["--du"],
    ["extra"],
    ["--ics", "due.ics"],
    ["--cases-dir", "."],
    ["--version"],
    ["--senco", "caf\udce9"],  # an undecodable byte in the value
]
# Whole command lines: the root group's options and commands that are not reviews.
ROOT_ACCEPTED: list[list[str]] = [
    ["--no-index", "reviews", "--due"],
    ["--no-index", "--no-index", "reviews"],
    ["--cases-dir", "{cases}", "reviews", "--due"],
    ["--cases-dir={cases}", "reviews", "--json"],
    ["--cases-dir", "/nonexistent/folder", "reviews", "--due"],
    ["--cases-dir", "", "reviews"],
    ["--cases-dir", "{cases}", "--no-index", "reviews", "--overdue"],
    ["--cases-dir", "elsewhere", "--cases-dir", "{cases}", "reviews"],
]
ROOT_FALLBACK: list[list[str]] = [
    [],
    ["--version"],
    ["--help"],
    ["--no-index"],
    ["--cases-dir"],
    ["--cases-dir", "{cases}"],
    ["--cases-dir", "-x", "reviews"],
    ["--bogus", "reviews"],
    ["list"],
    ["review"],
    ["--", "reviews"],
]


def _register(base: Path, name: str) -> Path:
    """A copy of the sample register (senpath.toml beside its cases folder); the cases folder."""
    cases = base / name / "cases"
    shutil.copytree(SAMPLES, cases, ignore=shutil.ignore_patterns(".senpath", ".git"))
    for path in cases.iterdir():
        path.chmod(0o600)  # as senpath writes them (a checkout may make them 0644)
    cases.chmod(0o700)
    write_settings(cases)
    return cases


def _driver(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k != "SENPATH_NO_FAST_PATH"}
    done = subprocess.run(
        [sys.executable, str(DRIVER)], input=json.dumps(jobs), capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def _decoded(run: dict[str, Any]) -> dict[str, Any]:
    return {k: (base64.b64decode(v) if isinstance(v, str) else v) for k, v in run.items()}


def _assert_same(jobs: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
    for job, pair in zip(jobs, results, strict=True):
        fast_run, typer_run = _decoded(pair["fast"]), _decoded(pair["typer"])
        assert fast_run == typer_run, (job["label"], job["argv"], fast_run, typer_run)


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The registers and the states of their index, made once."""
    base = tmp_path_factory.mktemp("fast")
    env = {**os.environ, "SENPATH_TODAY": TODAY, "NO_COLOR": "1"}
    env.pop("SENPATH_CASES_DIR", None)
    clean = _register(base, "clean")
    messy = _register(base, "messy")
    (messy / "Notes.TOML").write_text("a stray: not a case id\n")  # a stray file
    (messy / "zoe-oneill.toml").write_text("name = [unclosed\n")  # cannot be read: exit 4
    (messy / "amira-khan.toml").chmod(0o644)  # others may read it: a warning
    for cases in (clean, messy):  # build the index, then its digest
        for _ in range(2):
            subprocess.run(
                [sys.executable, "-m", "senpath", "--cases-dir", str(cases), "reviews"], env=env, capture_output=True
            )
    index = messy / ".senpath" / "index.sqlite"
    stale = base / "stale-index.sqlite"
    shutil.copyfile(index, stale)
    case = messy / "tom-gallagher.toml"  # changed in place after the index was made: the index is stale
    case.write_text(case.read_text().replace("\n", "\n\n", 1))
    empty = base / "empty" / "cases"  # what senpath init makes: no children yet
    empty.mkdir(parents=True, mode=0o700)
    write_settings(empty)
    bare = base / "bare"  # a folder with no case file, not a register
    bare.mkdir()
    nowhere = base / "nowhere"  # no register here or above
    nowhere.mkdir()
    return {
        "clean": clean,
        "messy": messy,
        "index": index,
        "stale": stale,
        "empty": empty,
        "bare": bare,
        "nowhere": nowhere,
        "home": base / "home",
    }


def _job(
    r: dict[str, Any], label: str, argv: list[str], where: Path | None, *, prepare: list[list[str]] | None = None
) -> dict[str, Any]:
    """``argv`` run with SENPATH_CASES_DIR=where (None: no variable, run from r["nowhere"])."""
    cases = str(where) if where is not None else str(r["nowhere"])
    argv = [a.replace("{cases}", cases) for a in argv]
    env: dict[str, str | None] = {
        "SENPATH_TODAY": TODAY,
        "NO_COLOR": "1",
        "SENPATH_CASES_DIR": cases if where is not None else None,
        "HOME": str(r["home"]),
        "SENPATH_DEBUG": None,
        "COLUMNS": None,
    }
    cwd = str(where.parent) if where is not None and where.parent.exists() else str(r["nowhere"])
    return {"label": label, "argv": argv, "env": env, "cwd": cwd, "prepare": prepare or [], "pty": None}


def test_the_fast_path_takes_the_forms_it_claims_and_no_others() -> None:
    env = {"SENPATH_TODAY": TODAY}
    for form in ACCEPTED:
        assert fast.parse(["reviews", *form], env) is not None, form
    for form in FALLBACK:
        assert fast.parse(["reviews", *form], env) is None, form
    for form in ROOT_ACCEPTED:
        assert fast.parse([a.replace("{cases}", "/x") for a in form], env) is not None, form
    for form in ROOT_FALLBACK:
        assert fast.parse([a.replace("{cases}", "/x") for a in form], env) is None, form
    for forced in ({"SENPATH_NO_FAST_PATH": "1"}, {"SENPATH_DEBUG": "1"}, {"_SENPATH_COMPLETE": "complete_bash"}):
        assert fast.parse(["reviews", "--due"], {**env, **forced}) is None, forced
    # The last value counts, and --no-index after the command is the same as before it.
    parsed = fast.parse(["--cases-dir", "a", "--cases-dir=b", "reviews", "--within", "7", "--within=9", "--no-index"])
    assert parsed is not None
    assert (parsed.cases_dir, parsed.no_index, parsed.options) == ("b", True, {"within": 9})


def test_every_form_gives_the_same_bytes_and_exit_code_both_ways(registers: dict[str, Any]) -> None:
    r = registers
    stale = [["copy", str(r["stale"]), str(r["index"])]]
    no_index = [["unlink", str(r["index"])]]
    jobs: list[dict[str, Any]] = []
    for form in ACCEPTED:
        argv = ["reviews", *form]
        jobs.append(_job(r, "clean, warm index", argv, r["clean"]))
        jobs.append(_job(r, "stray, bad file, loose file, stale index", argv, r["messy"], prepare=stale))
    for form in ACCEPTED[:12]:
        argv = ["reviews", *form]
        jobs.append(_job(r, "messy, no index", argv, r["messy"], prepare=no_index))
        jobs.append(_job(r, "empty register", argv, r["empty"]))
    for form in (["--due"], ["--senco", "Evans"], ["--json"]):
        argv = ["reviews", *form]
        jobs.append(_job(r, "not a register", argv, r["bare"]))
        jobs.append(_job(r, "missing folder", argv, r["bare"] / "missing"))
        jobs.append(_job(r, "no register found", argv, None))
    for form in ROOT_ACCEPTED:
        jobs.append(_job(r, "root options", form, r["clean"]))
        jobs.append(_job(r, "root options, no register found", form, None))
    # Typer answers these both ways (the test above shows the fast path leaves them): a check of the driver.
    for form in [["reviews", *f] for f in FALLBACK[::4]] + ROOT_FALLBACK[::3]:
        jobs.append(_job(r, "left to Typer", form, r["clean"]))
    results = _driver(jobs)
    _assert_same(jobs, results)
    # The registers really are in the states named: each state's answer is what it should be.
    by = {(j["label"], tuple(j["argv"])): _decoded(p["fast"]) for j, p in zip(jobs, results, strict=True)}
    warm = by[("clean, warm index", ("reviews", "--due"))]
    assert warm["code"] == 0 and b"OVERDUE" in warm["stdout"] and warm["stderr"] == b""
    messy = by[("stray, bad file, loose file, stale index", ("reviews", "--due"))]
    assert messy["code"] == 4 and messy["stdout"] == warm["stdout"]
    for words in (b"Notes.TOML", b"zoe-oneill.toml", b"can be read by other users"):
        assert words in messy["stderr"], words
    nobody = by[("clean, warm index", ("reviews", "--senco", "Nobody At All"))]
    assert nobody["code"] == 2 and nobody["stdout"] == b"" and b"no child" in nobody["stderr"]
    assert by[("empty register", ("reviews", "--due"))]["code"] == 0
    assert by[("not a register", ("reviews", "--due"))]["code"] == 1
    assert by[("no register found", ("reviews", "--due"))]["code"] == 1
    assert by[("left to Typer", ("reviews", "--within", "-1"))]["code"] == 2


def test_on_a_terminal_120_columns_wide_both_ways_draw_the_same_table(registers: dict[str, Any]) -> None:
    r = registers
    jobs = []
    for form in (["--due"], [], ["--overdue", "--all"], ["--senco", "Nobody"], ["--json"], ["--within", "x"]):
        for colour in ("1", None):
            job = _job(r, f"pty, NO_COLOR={colour}", ["reviews", *form], r["messy"])
            job["pty"] = 120
            job["env"].update({"NO_COLOR": colour, "TERM": "xterm-256color"})
            jobs.append(job)
    results = _driver(jobs)
    _assert_same(jobs, results)
    table = _decoded(results[0]["fast"])["output"]
    assert b"OVERDUE" in table and b"case file(s) could not be read" in table and "─".encode() in table


TOKENS = ["--due", "--overdue", "--json", "--csv", "--all", "--no-index", "--within", "--within=14", "7", "3651",
          "-1", "--senco", "--senco=Evans", "Evans", "Nobody", "--school", "Little Acorns", "--kind", "iep-review",
          "bogus", "--", "-h", "--help", "--ics", "x.ics", "--cases-dir", "", "=", "--due=1", "reviews"]  # fmt: skip


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(TOKENS), max_size=6), min_size=25, max_size=25))
def test_any_mix_of_words_gives_the_same_answer_both_ways(registers: dict[str, Any], forms: list[list[str]]) -> None:
    r = registers
    jobs = [_job(r, "generated", ["reviews", *form], r["clean"]) for form in forms]
    _assert_same(jobs, _driver(jobs))


def _env_for(cases: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SENPATH_NO_FAST_PATH", "SENPATH_DEBUG", "COLUMNS")}
    env.update(SENPATH_TODAY=TODAY, NO_COLOR="1", SENPATH_CASES_DIR=str(cases), PYTHONDONTWRITEBYTECODE="1")
    return env


def test_whole_processes_agree_and_the_fast_path_starts_no_typer(registers: dict[str, Any]) -> None:
    env = _env_for(registers["messy"])
    for form in (["reviews", "--due"], ["reviews", "--senco", "Nobody"], ["--no-index", "reviews", "--json"]):
        fast_run = subprocess.run([sys.executable, "-m", "senpath", *form], env=env, capture_output=True)
        typer_run = subprocess.run(
            [sys.executable, "-m", "senpath", *form], env={**env, "SENPATH_NO_FAST_PATH": "1"}, capture_output=True
        )
        assert (fast_run.stdout, fast_run.stderr, fast_run.returncode) == (
            typer_run.stdout,
            typer_run.stderr,
            typer_run.returncode,
        ), form
    clean_env = _env_for(registers["clean"])
    for form, heavy_allowed in ((["reviews", "--due"], False), (["reviews", "--due", "--help"], True)):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "senpath", *form], env=clean_env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-500:]
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
        heavy = {m for m in imported if m.split(".")[0] in ("typer", "click", "rich", "pydantic")}
        assert bool(heavy) == heavy_allowed, (form, sorted(heavy)[:5])
