"""The benchmark runs (CI, small N): cases generated with senpath's own writer, one timed round.

Only that it runs, and that the due list is the same with and without the index; the timing
targets are met in docs/performance.md, never in a test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the slow tier: pytest -m slow (run by .ci/run)

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_at_small_n(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENPATH_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--n", "30", "--rounds", "1", "--slow-rounds", "1",
         "--work", str(tmp_path), "--out", str(tmp_path / "report.md")],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "due list identical with and without the index: True" in result.stderr
    report = (tmp_path / "report.md").read_text()
    for name in ("import typer", "reviews --due (warm", "reviews --due (cold", "list (warm", "show", "consult"):
        assert name in report
    assert "failed" not in report
    # The honest figures: the terminal table on a pty, the floor, a write with its git commit,
    # paired ratios, and the "cold" caveat in the docs.
    for name in ("reviews --due (warm, pty)", "reference.py (minimal Python, piped)", "consult (one case, git commit)",
                 "warm piped / minimal-Python floor piped", "before/after: strays", "Date: ", "Machine: "):  # fmt: skip
        assert name in report, name
    if shutil.which("task"):
        assert "warm pty / Taskwarrior pty" in report
    else:
        assert "Taskwarrior is not installed: its comparisons are skipped" in report


def test_the_benchmark_runs_without_taskwarrior(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENPATH_")}
    env["PATH"] = str(Path(sys.executable).parent) + ":/usr/local/nonexistent"  # python and git only
    bindir = tmp_path / "bin"
    bindir.mkdir()
    git = shutil.which("git")
    assert git is not None
    (bindir / "git").symlink_to(git)
    env["PATH"] = f"{Path(sys.executable).parent}:{bindir}"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--n", "10", "--rounds", "1", "--slow-rounds", "1",
         "--no-wins", "--work", str(tmp_path / "work"), "--out", str(tmp_path / "report.md")],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = (tmp_path / "report.md").read_text()
    assert "Taskwarrior is not installed: its comparisons are skipped" in report
    assert "Taskwarrior, piped" not in report and "failed" not in report
