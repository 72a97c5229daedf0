"""The real entry point, as a user runs it: a whole process, or main() with its last-resort handler."""

from __future__ import annotations

import subprocess
import sys

import pytest

import senpath
import senpath.cli


def senpath_process(*args: str, env_cases: str) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "SENPATH_CASES_DIR": env_cases}
    return subprocess.run([sys.executable, "-m", "senpath", *args], capture_output=True, text=True, env=env, timeout=60)


def test_version(cases_dir):
    result = senpath_process("--version", env_cases=str(cases_dir))
    assert (result.returncode, result.stdout) == (0, f"senpath {senpath.__version__}\n")


def test_help_lists_every_command_although_only_the_one_run_is_built(cases_dir):
    import typer.main

    names = set(typer.main.get_command(senpath.cli.app).list_commands(None))  # type: ignore[attr-defined]
    result = senpath_process("--help", env_cases=str(cases_dir))
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == names
    group = senpath_process("iep", "--help", env_cases=str(cases_dir))
    assert group.returncode == 0 and "review" in group.stdout


def test_an_unknown_command_is_a_usage_error(cases_dir):
    result = senpath_process("frobnicate", env_cases=str(cases_dir))
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_global_options_before_the_command(cases_dir, tmp_path):
    (tmp_path / "other").mkdir(mode=0o700)
    (tmp_path / "other" / "senpath.toml").write_text('schema_version = 1\nname = "Hill Primary School"\n')
    other = tmp_path / "other" / "cases"  # an empty register made by senpath init
    other.mkdir(mode=0o700)
    result = senpath_process("--cases-dir", str(other), "--no-index", "list", "--json", env_cases=str(cases_dir))
    assert (result.returncode, result.stdout) == (0, "[]\n")


@pytest.fixture
def broken_app(monkeypatch):
    """main() around an app that hits a bug."""

    def bug(**_):
        raise RuntimeError("a bug")

    monkeypatch.setattr(senpath.cli, "app", bug)


def test_a_bug_is_one_line_with_what_to_do(broken_app, capsys):
    with pytest.raises(SystemExit) as exit_:
        senpath.cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: a bug)" in err and "SENPATH_DEBUG=1" in err


def test_senpath_debug_shows_the_traceback(broken_app, monkeypatch):
    monkeypatch.setenv("SENPATH_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        senpath.cli.main()


def test_interrupted_exits_130(monkeypatch, capsys):
    def interrupted(**_):
        raise KeyboardInterrupt

    monkeypatch.setattr(senpath.cli, "app", interrupted)
    with pytest.raises(SystemExit) as exit_:
        senpath.cli.main()
    assert exit_.value.code == 130
    assert "interrupted" in capsys.readouterr().err


def test_senpath_debug_shows_the_traceback_of_a_user_error_too(run, cases_dir, monkeypatch):
    from senpath.errors import NotFoundError

    cases_dir.mkdir(mode=0o700)
    assert run("show", "nobody").exit_code == 1  # normally: one line, exit 1
    monkeypatch.setenv("SENPATH_DEBUG", "1")
    with pytest.raises(NotFoundError, match="no child 'nobody'"):
        run("show", "nobody")


def test_a_closed_pipe_is_not_reported_as_a_disk_error(run, amira):
    """`senpath show amira-khan | head -0`: the reader went away; no "cannot read or write" line."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "senpath", "show", "amira-khan"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert "cannot read or write" not in result.stderr and "Traceback" not in result.stderr
