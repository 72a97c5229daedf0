"""The benchmark runs (CI, small N): cases generated with senpath's own writer, one timed round.

Only that it runs, and that the due list is the same with and without the index; the timing
targets are met in docs/performance.md, never in a test.
"""

from __future__ import annotations

import os
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
    for name in ("import typer", "reviews --due (warm)", "reviews --due (cold)", "list (warm)", "show", "consult"):
        assert name in report
    assert "failed" not in report
