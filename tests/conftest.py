"""Test isolation: every test gets its own cases folder and a fixed, plain environment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

TODAY = "2026-11-22"
FIGURES_KEY = pytest.StashKey[dict[str, Any]]()  # the hostile-input figures (tests/test_hostile.py)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The hostile-input figures, when those tests ran (no ``-s`` needed)."""
    import json

    found = config.stash.get(FIGURES_KEY, None)
    if found is not None:
        terminalreporter.write_sep("-", "hostile-input figures")
        terminalreporter.write_line(json.dumps(found, indent=2))


@pytest.fixture(autouse=True)
def senpath_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point SENPATH_CASES_DIR at tmp_path/cases and fix today, colour and width."""
    cases = tmp_path / "cases"
    monkeypatch.setenv("SENPATH_CASES_DIR", str(cases))
    monkeypatch.setenv("SENPATH_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("SENPATH_DEBUG", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    # Git must never pick up the developer's own settings in a test.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return cases


@pytest.fixture
def cases_dir(senpath_env: Path) -> Path:
    return senpath_env


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture(scope="session")
def cli_command() -> Any:
    """The click command, built once per session with Typer's public ``typer.main.get_command``.

    ``typer.testing.CliRunner.invoke`` takes a Typer app and builds the command again on every
    call (~0.1 s); this runs the built command inside the runner's public ``isolation`` instead,
    exactly as ``invoke`` does (the same streams, prog name and exit code rules).
    """
    import typer.main

    from senpath.cli import app

    return typer.main.get_command(app)


def invoke(command: Any, args: list[str], input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
    """``CliRunner.invoke`` for a built command: exceptions propagate (``catch_exceptions=False``)."""
    import sys

    runner = CliRunner()
    with runner.isolation(input=input, env=env) as (out, err, _):
        code: int
        try:
            command.main(args=args, prog_name="senpath")
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                sys.stdout.write(f"{exc.code}\n")
                code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return Result(
        code,
        stdout.decode(runner.charset, "replace").replace("\r\n", "\n"),
        stderr.decode(runner.charset, "replace").replace("\r\n", "\n"),
    )


@pytest.fixture
def run(cli_command: Any) -> Callable[..., Result]:
    """Run the CLI in-process: ``run("consult", "amira-khan", "--date", ...)``."""

    def _run(*args: str, input: str | None = None) -> Result:
        return invoke(cli_command, list(args), input=input)

    return _run


AMIRA = [
    "new-child", "--id", "amira-khan", "--name", "Amira Khan", "--dob", "2021-05-14",
    "--setting", "early-years", "--school", "Little Acorns Nursery",
    "--head-teacher", "Mrs J. Patel", "--senco", "Ms R. Evans", "--parent", "Sara Khan",
    "--concern", "slow progress in speech", "--concern", "finds it hard to join in play",
    "--diagnosis", "Developmental language disorder", "--opened", "2026-09-01",
]  # fmt: skip


@pytest.fixture
def amira(run: Callable[..., Result], cases_dir: Path) -> Path:
    """A fresh early-years case for Amira Khan (fictional), opened 1 Sep 2026, at stage none."""
    result = run(*AMIRA)
    assert result.exit_code == 0, result
    return cases_dir / "amira-khan.toml"


@pytest.fixture
def amira_action(run: Callable[..., Result], amira: Path) -> Path:
    """Amira at Early Years Action from 10 Sep 2026, after a consultation on 8 Sep."""
    assert run("consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan",
               "--method", "meeting", "--summary", "Agreed extra small-group support").exit_code == 0  # fmt: skip
    result = run("escalate", "amira-khan", "--to", "action", "--date", "2026-09-10",
                 "--reason", "Speech well behind peers", "--evidence", "Checklist: 12 of 40 sounds")  # fmt: skip
    assert result.exit_code == 0, result
    return amira
