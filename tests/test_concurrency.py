"""Concurrent writers: no lost update, one commit per change, a clear lock timeout.

Four worker processes start at once; each runs 50 ``senpath consult`` commands one after
another (the CLI invoked in-process in a loop, so the processes really do overlap rather than
spend their time starting Python). Figures are printed (run with ``-s``) and written to
$SENPATH_FIGURES_DIR/concurrency.json if set.

Reproduce: .venv/bin/python -m pytest tests/test_concurrency.py -s
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from senpath.checked import Store

pytestmark = pytest.mark.slow  # the slow tier: pytest -m slow (run by .ci/run)

WORKERS = 4
PER_WORKER = 50

WORKER = r"""
import json, sys
import typer.main
from senpath.cli import app
command = typer.main.get_command(app)  # built once: the loop measures senpath, not typer's setup
child, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
codes = []
for i in range(count):
    rc = command.main(
        ["consult", child, "--date", "2026-10-01", "--with", "Pat Example", "--method", "meeting",
         "--summary", f"worker {worker} consultation {i}"],
        prog_name="senpath", standalone_mode=False,
    )
    codes.append(rc or 0)
print(json.dumps(codes))
"""

NEW = ["--dob", "2021-05-14", "--setting", "primary", "--school", "Hill Primary", "--opened", "2026-09-01"]


def _figures(name: str, data: dict[str, object]) -> None:
    print(f"\n{name} figures:", json.dumps(data))
    out = os.environ.get("SENPATH_FIGURES_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        path = Path(out) / "concurrency.json"
        old = json.loads(path.read_text()) if path.exists() else {}
        old[name] = data
        path.write_text(json.dumps(old, indent=2))


def _new_child(run, child: str) -> None:
    result = run("new-child", "--id", child, "--name", f"{child.title()} Example", "--parent", "Pat Example", *NEW)
    assert result.exit_code == 0, result


def _workers(children: list[str]) -> tuple[list[list[int]], list[str], float]:
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, children[w % len(children)], str(w), str(PER_WORKER)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    codes, errors = [], []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        codes.append(json.loads(out.strip().splitlines()[-1]))
        errors.append(err)
    return codes, errors, time.monotonic() - started


def test_four_writers_same_child_lose_nothing(run, cases_dir):
    _new_child(run, "amira-khan")
    codes, errors, seconds = _workers(["amira-khan"])
    assert all(c == 0 for worker in codes for c in worker), (codes, errors)
    case = Store(cases_dir).load("amira-khan")
    summaries = [c.summary for c in case.consultations]
    expected = {f"worker {w} consultation {i}" for w in range(WORKERS) for i in range(PER_WORKER)}
    assert len(summaries) == WORKERS * PER_WORKER
    assert set(summaries) == expected
    # Each worker's own consultations are in the order it made them.
    for w in range(WORKERS):
        mine = [s for s in summaries if s.startswith(f"worker {w} ")]
        assert mine == [f"worker {w} consultation {i}" for i in range(PER_WORKER)]
    assert run("validate").exit_code == 0
    _figures(
        "same_child",
        {
            "processes": WORKERS,
            "commands_each": PER_WORKER,
            "consultations_expected": WORKERS * PER_WORKER,
            "consultations_in_file": len(summaries),
            "lost_updates": WORKERS * PER_WORKER - len(set(summaries)),
            "seconds": round(seconds, 1),
        },
    )


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_four_writers_different_children_with_git(run, tmp_path, cases_dir):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.name", "Ms R. Evans")
    _git(tmp_path, "config", "user.email", "evans@school.example")
    children = [f"child-{w}" for w in range(WORKERS)]
    for child in children:
        _new_child(run, child)
    codes, errors, seconds = _workers(children)
    assert all(c == 0 for worker in codes for c in worker), (codes, errors)
    assert not any("warning" in e for e in errors), errors
    commits = int(_git(tmp_path, "rev-list", "--count", "HEAD"))
    assert commits == WORKERS + WORKERS * PER_WORKER  # one per new-child, one per consult
    # Every commit changed exactly one case file.
    touched = _git(tmp_path, "log", "--format=%x40", "--name-only").split("@")[1:]
    assert all(len(block.split()) == 1 for block in touched)
    assert _git(tmp_path, "status", "--porcelain", "--untracked-files=all") == ""
    for child in children:
        assert len(Store(cases_dir).load(child).consultations) == PER_WORKER
    subjects = _git(tmp_path, "log", "--format=%s").splitlines()
    assert "child-0: consultation 50 with Pat Example (meeting) (1 Oct 2026)" in subjects
    _figures(
        "different_children_git",
        {
            "processes": WORKERS,
            "commands_each": PER_WORKER,
            "commits_expected": WORKERS * PER_WORKER + WORKERS,
            "commits": commits,
            "untracked_or_modified_after": 0,
            "seconds": round(seconds, 1),
        },
    )


def test_lock_timeout_says_so_and_writes_nothing(run, cases_dir, monkeypatch):
    _new_child(run, "amira-khan")
    path = cases_dir / "amira-khan.toml"
    before = path.read_bytes()
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", "1")
    with Store(cases_dir).locked("amira-khan", timeout=1):
        started = time.monotonic()
        result = run("consult", "amira-khan", "--date", "2026-10-01", "--with", "Pat Example",
                     "--method", "meeting", "--summary", "Blocked")  # fmt: skip
        waited = time.monotonic() - started
    assert result.exit_code == 1
    assert "being changed by another senpath process; nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert 0.9 <= waited < 3
    _figures("lock_timeout", {"timeout_seconds": 1, "waited_seconds": round(waited, 2), "exit_code": 1})
    # Once the lock is free the same command goes through.
    assert run("consult", "amira-khan", "--date", "2026-10-01", "--with", "Pat Example",
               "--method", "meeting", "--summary", "Unblocked").exit_code == 0  # fmt: skip


def test_git_lock_timeout_keeps_the_change_and_warns(run, tmp_path, cases_dir, monkeypatch):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.name", "Ms R. Evans")
    _git(tmp_path, "config", "user.email", "evans@school.example")
    _new_child(run, "amira-khan")
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", "0.1")
    with Store(cases_dir).locked("_git", timeout=1):
        result = run("consult", "amira-khan", "--date", "2026-10-01", "--with", "Pat Example",
                     "--method", "meeting", "--summary", "Saved anyway")  # fmt: skip
    assert result.exit_code == 0, result
    assert "saved but not committed" in result.stderr
    assert len(Store(cases_dir).load("amira-khan").consultations) == 1
    assert run("consult", "amira-khan", "--date", "2026-10-02", "--with", "Pat Example",
               "--method", "phone", "--summary", "Second").exit_code == 0  # fmt: skip
    assert _git(tmp_path, "status", "--porcelain") == ""
    shown = _git(tmp_path, "show", "HEAD:cases/amira-khan.toml")
    assert "Saved anyway" in shown and "Second" in shown
