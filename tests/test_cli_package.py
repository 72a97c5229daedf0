"""The CLI package: one command index, lazy loading, no import cycle (issue 11, section 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from senpath.cli.index import COMMANDS

MODULES = sorted(
    {target.split(":")[0] for target in COMMANDS.values()} | {"senpath.cli", "senpath.cli.common", "senpath.cli.index"}
)
COMMAND_MODULES = sorted({target.split(":")[0] for target in COMMANDS.values()})


def _python(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.mark.parametrize("module", MODULES)
def test_each_cli_module_imports_alone(module):
    result = _python(f"import {module}")
    assert result.returncode == 0, result.stderr


def test_no_command_module_imports_another_nor_the_root():
    for module in COMMAND_MODULES:
        code = (
            f"import sys, {module}\n"
            f"others = [m for m in {COMMAND_MODULES!r} if m != {module!r} and m in sys.modules]\n"
            "print(others)"
        )
        result = _python(code)
        assert (result.returncode, result.stdout.strip()) == (0, "[]"), (module, result.stderr)


def test_the_index_names_every_command_once_and_each_is_found(run):
    import typer.main

    from senpath.cli import app

    root = typer.main.get_command(app)
    assert root.list_commands(None) == list(COMMANDS)  # type: ignore[attr-defined]
    for name in COMMANDS:
        assert root.get_command(None, name) is not None, name  # type: ignore[attr-defined]
    assert root.get_command(None, "frobnicate") is None  # type: ignore[attr-defined]


def test_a_run_of_show_imports_only_its_own_command_module(tmp_path):
    from tests.make_samples import build

    build(tmp_path / "cases")
    env = {**os.environ, "SENPATH_CASES_DIR": str(tmp_path / "cases"), "PYTHONDONTWRITEBYTECODE": "1"}
    typer_path = {**env, "SENPATH_NO_FAST_PATH": "1"}
    for args, own, run_env in ((["show", "amira-khan"], {"senpath.cli.cases"}, env),
                               (["list", "--help"], {"senpath.cli.cases"}, env),
                               (["reviews", "--due"], {"senpath.cli.reviews"}, typer_path),
                               (["reviews", "--due"], set(), env)):  # fmt: skip  # the fast path: no command module
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "senpath", *args], capture_output=True, text=True, env=run_env
        )
        assert result.returncode == 0, result.stderr[-500:]
        imported = {
            line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
        }
        loaded = {m for m in COMMAND_MODULES if m in imported}
        assert loaded == own, (args, loaded)
