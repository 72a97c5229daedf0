"""Guards of the architecture (internal on purpose): the rules of the record run once per write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import senpath.checks
import senpath.stages
from tests.conftest import Result


@pytest.fixture
def rule_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the whole-record check (checks.problems) and its replay of the history run."""
    counts = {"problems": 0, "replay": 0}
    problems, replay = senpath.checks.problems, senpath.checks.replay

    def counted_problems(case: Any) -> list[str]:
        counts["problems"] += 1
        return problems(case)

    def counted_replay(case: Any) -> Any:
        counts["replay"] += 1
        return replay(case)

    monkeypatch.setattr(senpath.checks, "problems", counted_problems)
    monkeypatch.setattr(senpath.checks, "replay", counted_replay)
    return counts


def test_the_rules_run_once_per_write(run: Callable[..., Result], amira: Path, rule_runs: dict[str, int]) -> None:
    writes = [
        ["consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
         "--summary", "Agreed extra small-group support"],
        ["escalate", "amira-khan", "--to", "action", "--date", "2026-09-10", "--reason", "Speech well behind peers",
         "--evidence", "Checklist: 12 of 40 sounds"],
        ["update", "amira-khan", "--add-concern", "tires easily"],
    ]  # fmt: skip
    for args in writes:
        before = amira.read_bytes()
        rule_runs.update(problems=0, replay=0)
        result = run(*args)
        assert result.exit_code == 0, result
        assert amira.read_bytes() != before  # it was a write
        assert rule_runs == {"problems": 1, "replay": 1}, args[0]


def test_a_broken_file_is_still_reported_as_broken_on_a_write(run: Callable[..., Result], amira_action: Path) -> None:
    # The file is checked against the rules only when a write fails, so a hand edit that breaks a
    # rule must still be exit 4 (the file), not exit 3 (a refusal of the change).
    amira_action.write_bytes(amira_action.read_bytes().replace(b'reason = "Speech well behind peers"\n', b""))
    result = run("update", "amira-khan", "--add-concern", "tires easily")
    assert result.exit_code == 4, result
    assert "a move to action needs a reason" in result.stderr
