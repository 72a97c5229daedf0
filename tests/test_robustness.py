"""Folders and files a real school share can hold: strays, hostile nesting, links, a busy lock.

Each case: one clear line, the documented exit code, nothing written, no good case hidden.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import AMIRA


@pytest.fixture
def two_cases(run, cases_dir):
    assert run(*AMIRA).exit_code == 0
    result = run("new-child", "--id", "ben-ade", "--name", "Ben Ade", "--dob", "2018-01-02", "--setting", "primary",
                 "--school", "Hill Primary", "--parent", "Ola Ade", "--opened", "2026-09-01")  # fmt: skip
    assert result.exit_code == 0, result
    return cases_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.toml")}


@pytest.mark.parametrize("name", ["Amira-Khan.toml", "amira_khan.toml", "con.toml"])
@pytest.mark.parametrize("command", [("list",), ("list", "--no-index"), ("reviews",), ("reviews", "--no-index")])
def test_a_toml_file_with_a_name_that_is_no_id_is_named_not_skipped(run, two_cases, name, command):
    (two_cases / "amira-khan.toml").rename(two_cases / name)
    result = run(*command)
    assert result.exit_code == 4, result
    assert f"{name}: not a case id" in result.stderr
    if command[0] == "list":
        assert "Ben Ade" in result.stdout  # the good case is still shown
    else:
        assert "No open reviews" in result.stdout  # Ben has nothing due; the table is still printed


def test_a_deeply_nested_file_is_reported_and_hides_nothing(run, two_cases):
    (two_cases / "deep-one.toml").write_text("schema_version = 1\nx = " + "[" * 2000 + "]" * 2000 + "\n")
    before = snapshot(two_cases)
    for command in (("list",), ("reviews",), ("validate",), ("list", "--no-index")):
        result = run(*command)
        assert result.exit_code == 4, (command, result)
        assert "deep-one.toml" in result.stderr + result.stdout  # validate reports on stdout
        assert "Traceback" not in result.stderr
    assert "Amira Khan" in run("list").stdout
    assert snapshot(two_cases) == before


def test_a_linked_index_is_replaced_never_written_through(run, two_cases, tmp_path):
    precious = tmp_path / "precious.db"
    with sqlite3.connect(precious) as conn:
        conn.execute("CREATE TABLE pupils (name TEXT)")
    index = two_cases / ".senpath" / "index.sqlite"
    index.unlink(missing_ok=True)
    index.symlink_to(precious)
    assert run("list").exit_code == 0
    with sqlite3.connect(precious) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["pupils"]
    assert not index.is_symlink()


def test_a_linked_locks_folder_is_refused(run, two_cases, tmp_path):
    outside = tmp_path / "outside-locks"
    outside.mkdir()
    locks = two_cases / ".senpath" / "locks"
    for child in locks.iterdir():
        child.unlink()
    locks.rmdir()
    locks.symlink_to(outside)
    before = snapshot(two_cases)
    result = run(
        "consult", "ben-ade", "--date", "2026-11-20", "--with", "Ola Ade", "--method", "phone", "--summary", "x"
    )
    assert result.exit_code == 2, result
    assert "not a real folder" in result.stderr
    assert list(outside.iterdir()) == []
    assert snapshot(two_cases) == before


def test_a_file_called_senpath_in_the_cases_folder_is_a_clear_error(run, cases_dir):
    cases_dir.mkdir(mode=0o700)
    (cases_dir / ".senpath").write_text("")
    result = run(*AMIRA)
    assert result.exit_code == 2, result
    assert ".senpath is a file" in result.stderr
    assert list(cases_dir.glob("*.toml")) == []


def test_edit_keeps_the_copy_when_the_lock_is_busy(run, two_cases, tmp_path, monkeypatch):
    # The editor changes the name, then another senpath process holds the case while we save.
    lock_path = two_cases / ".senpath" / "locks" / "ben-ade.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('name = \"Ben Ade\"', 'name = \"Benjamin Ade\"'))\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", "0.2")
    before = (two_cases / "ben-ade.toml").read_bytes()
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run("edit", "ben-ade")
    finally:
        os.close(fd)
    assert result.exit_code == 1, result
    assert "your edited copy is kept at" in result.stderr
    kept = list((two_cases / ".senpath").glob("edit-ben-ade-*.toml"))
    assert len(kept) == 1 and 'name = "Benjamin Ade"' in kept[0].read_text()
    assert (two_cases / "ben-ade.toml").read_bytes() == before


def test_a_disk_error_is_one_line_not_a_traceback(run, two_cases, monkeypatch):
    import senpath.store

    def no_space(path, data, **_):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(senpath.store, "write_atomic", no_space)
    before = snapshot(two_cases)
    result = run(
        "consult", "ben-ade", "--date", "2026-11-20", "--with", "Ola Ade", "--method", "phone", "--summary", "x"
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert snapshot(two_cases) == before


def test_a_letter_that_cannot_be_written_is_not_logged(run, two_cases, tmp_path):
    locked_dir = tmp_path / "no-such-folder"
    before = snapshot(two_cases)
    result = run("letter", "amira-khan", "--advisor", "Jo Brown", "--record", "--output", str(locked_dir / "letter.md"))
    assert result.exit_code in (1, 2), result
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert snapshot(two_cases) == before  # not logged in the correspondence either


def test_a_letter_output_the_disk_refuses_is_one_line_and_not_logged(run, two_cases, monkeypatch):
    import senpath.store

    def read_only(path, data, **_):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(senpath.store, "write_atomic", read_only)
    before = snapshot(two_cases)
    result = run("letter", "amira-khan", "--advisor", "Jo Brown", "--record", "--output", "letter.md", "--force")
    assert result.exit_code == 1, result
    assert "Permission denied" in result.stderr and "internal error" not in result.stderr
    assert snapshot(two_cases) == before
