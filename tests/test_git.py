"""Git as the shared store: one commit per change, two clones of one remote, conflicts caught.

Reproduce: .venv/bin/python -m pytest tests/test_git.py -s
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AMIRA

CONSULT = ["--with", "Sara Khan", "--method", "meeting", "--summary"]
BOB = ["new-child", "--id", "bob-stone", "--name", "Bob Stone", "--dob", "2019-03-02", "--setting", "primary",
       "--school", "Hill Primary", "--parent", "Jo Stone", "--opened", "2026-09-01"]  # fmt: skip


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def identity(repo: Path, name: str) -> None:
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", f"{name.split()[-1].lower()}@school.example")


def subjects(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s").stdout.splitlines()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    identity(tmp_path, "Ms R. Evans")
    return tmp_path


def test_one_readable_commit_per_change(run, repo, cases_dir):
    assert run(*AMIRA).exit_code == 0
    assert run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "Agreed support").exit_code == 0
    result = run("escalate", "amira-khan", "--to", "action", "--date", "2026-09-10", "--reason", "Speech",
                 "--evidence", "Checklist")  # fmt: skip
    assert result.exit_code == 0, result
    assert subjects(repo) == [
        "amira-khan: No SEN provision → Early Years Action (10 Sep 2026)",
        "amira-khan: consultation 1 with Sara Khan (meeting) (8 Sep 2026)",
        "amira-khan: case opened (1 Sep 2026)",
    ]
    # Exactly the case file, by the user's own identity; senpath's working files never show.
    assert git(repo, "show", "--name-only", "--format=%an", "HEAD").stdout.split() == [
        "Ms", "R.", "Evans", "cases/amira-khan.toml"
    ]  # fmt: skip
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout == ""


def test_no_commit_when_nothing_changed_or_refused(run, repo, cases_dir):
    assert run(*AMIRA).exit_code == 0
    before = subjects(repo)
    assert run("update", "amira-khan", "--senco", "Ms R. Evans").exit_code == 0  # the same SENCO
    refused = run(
        "escalate", "amira-khan", "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e"
    )
    assert refused.exit_code == 3
    assert subjects(repo) == before


def test_not_a_repository_means_no_git(run, amira, tmp_path):
    assert run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "x").exit_code == 0
    assert not (tmp_path / ".git").exists()


def test_commit_failure_keeps_the_change_and_the_next_commit_picks_it_up(run, tmp_path, cases_dir):
    git(tmp_path, "init", "-q")  # no identity anywhere (HOME and the global config are empty)
    assert run(*AMIRA).exit_code == 0
    result = run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "Saved without a commit")
    assert result.exit_code == 0
    assert "saved but not committed" in result.stderr
    assert "git config --global user.email" in result.stderr
    assert "Saved without a commit" in (cases_dir / "amira-khan.toml").read_text()
    assert git(tmp_path, "rev-parse", "--verify", "HEAD", check=False).returncode != 0  # no commit yet
    identity(tmp_path, "Ms R. Evans")
    result = run("consult", "amira-khan", "--date", "2026-09-09", *CONSULT, "Second")
    assert result.exit_code == 0 and "warning" not in result.stderr
    committed = git(tmp_path, "show", "HEAD:cases/amira-khan.toml").stdout
    assert "Saved without a commit" in committed and "Second" in committed
    assert git(tmp_path, "status", "--porcelain").stdout == ""


def test_git_needed_and_missing_fails_clearly(run, repo, cases_dir, monkeypatch, tmp_path):
    assert run(*AMIRA).exit_code == 0
    before = (cases_dir / "amira-khan.toml").read_bytes()
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "x")
    assert result.exit_code == 1
    assert "git is not installed" in result.stderr and "SENPATH_GIT=0" in result.stderr
    assert (cases_dir / "amira-khan.toml").read_bytes() == before
    monkeypatch.setenv("SENPATH_GIT", "0")
    assert run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "x").exit_code == 0


def test_history_shows_record_and_git_log(run, repo, cases_dir):
    assert run(*AMIRA).exit_code == 0
    assert run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "Agreed support").exit_code == 0
    result = run("history", "amira-khan", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [e["kind"] for e in data["entries"]] == ["opened", "consultation"]
    assert [c["subject"] for c in data["commits"]] == [
        "amira-khan: consultation 1 with Sara Khan (meeting) (8 Sep 2026)",
        "amira-khan: case opened (1 Sep 2026)",
    ]
    text = run("history", "amira-khan")
    assert "git log of amira-khan.toml" in text.stdout and "Ms R. Evans" in text.stdout


# Two clones of one remote ------------------------------------------------------------------

RESOLVE = """
import os, subprocess, sys, tomllib, tomli_w
# What a person does by hand: keep both clones' consultations, in date order.
def side(n):
    out = subprocess.run(["git", "show", f":{n}:cases/amira-khan.toml"], cwd=os.environ["RESOLVE_IN"],
                         capture_output=True, text=True, check=True).stdout
    return tomllib.loads(out)
ours, theirs = side(2), side(3)
both = []
for c in ours["consultations"] + theirs["consultations"]:
    if c not in both:
        both.append(c)
ours["consultations"] = sorted(both, key=lambda c: c["date"])
open(sys.argv[1], "w", encoding="utf-8").write(tomli_w.dumps(ours))
"""


def two_clones(run, tmp_path: Path):
    """A bare remote and two clones (a: Ms R. Evans, b: Mr T. Obi) sharing Amira's case; (a, b, sp)."""
    (tmp_path / "gitconfig").write_text("[pull]\n\trebase = false\n[init]\n\tdefaultBranch = main\n")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    a, b = tmp_path / "a", tmp_path / "b"
    git(tmp_path, "clone", "-q", str(remote), str(a))
    identity(a, "Ms R. Evans")

    def sp(clone: Path, *args: str):
        return run("--cases-dir", str(clone / "cases"), *args)

    assert sp(a, *AMIRA).exit_code == 0
    git(a, "push", "-q", "origin", "HEAD")
    git(tmp_path, "clone", "-q", str(remote), str(b))
    identity(b, "Mr T. Obi")
    return a, b, sp


def test_two_clones_share_and_conflicts_are_caught(run, tmp_path, monkeypatch):
    a, b, sp = two_clones(run, tmp_path)

    # Different children in each clone: both see everything after push and pull.
    assert sp(b, *BOB).exit_code == 0
    git(b, "push", "-q")
    assert sp(a, "consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "From clone A").exit_code == 0
    git(a, "pull", "-q", "--no-edit")
    git(a, "push", "-q")
    git(b, "pull", "-q")
    lists = [json.loads(sp(c, "list", "--json").stdout) for c in (a, b)]
    assert lists[0] == lists[1]
    assert [row["id"] for row in lists[0]] == ["amira-khan", "bob-stone"]
    assert git(a, "status", "--porcelain").stdout == git(b, "status", "--porcelain").stdout == ""

    # The same child changed in both: the pull conflicts, and senpath will not load it.
    assert sp(a, "consult", "amira-khan", "--date", "2026-10-01", *CONSULT, "Second from A").exit_code == 0
    git(a, "push", "-q")
    assert sp(b, "consult", "amira-khan", "--date", "2026-10-02", *CONSULT, "Second from B").exit_code == 0
    pulled = git(b, "pull", "--no-edit", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    conflicted = (b / "cases" / "amira-khan.toml").read_bytes()
    assert b"<<<<<<<" in conflicted

    checked = sp(b, "validate")
    assert checked.exit_code == 4
    assert "amira-khan.toml: line" in checked.stdout and "git merge conflict marker" in checked.stdout
    assert "1 with problems" in checked.stdout
    listed = sp(b, "list", "--json")
    assert listed.exit_code == 4
    assert [row["id"] for row in json.loads(listed.stdout)] == ["bob-stone"]  # not silently loaded
    assert "amira-khan.toml" in listed.stderr
    refused = sp(b, "consult", "amira-khan", "--date", "2026-10-03", *CONSULT, "x")
    assert refused.exit_code == 4
    assert (b / "cases" / "amira-khan.toml").read_bytes() == conflicted

    # Resolve with senpath edit (keeping both consultations), finish the merge, share it.
    script = tmp_path / "resolve.py"
    script.write_text(RESOLVE)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("RESOLVE_IN", str(b))
    edited = sp(b, "edit", "amira-khan")
    assert edited.exit_code == 0, edited
    assert "a git merge is in progress" in edited.stderr
    assert sp(b, "validate").exit_code == 0
    git(b, "add", "cases/amira-khan.toml")
    git(b, "commit", "-q", "--no-edit")
    git(b, "push", "-q")
    git(a, "pull", "-q")
    for clone in (a, b):
        shown = json.loads(sp(clone, "show", "amira-khan", "--json").stdout)
        assert [c["summary"] for c in shown["consultations"]] == ["From clone A", "Second from A", "Second from B"]


def test_history_strips_escape_sequences_and_format_characters_from_git(run, repo, cases_dir):
    """Author names and subjects pushed to a shared register never reach the terminal raw."""
    assert run(*AMIRA).exit_code == 0
    (cases_dir / "amira-khan.toml").write_bytes((cases_dir / "amira-khan.toml").read_bytes() + b"\n")
    evil_name = "Zoë \x1b]0;pwned\x07O'Neill\x1b[2J\u202e"
    evil_subject = "amira-khan: tidy \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \x9b31m\u200bdone\x1bc"
    git(repo, "-c", f"user.name={evil_name}", "commit", "-qam", evil_subject)
    result = run("history", "amira-khan")
    assert result.exit_code == 0, result
    shown = result.stdout + result.stderr
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u200b"):
        assert bad not in shown
    assert "Zoë O'Neill" in shown
    assert "tidy click done" in shown
    as_json = json.loads(run("history", "amira-khan", "--json").stdout)
    assert as_json["commits"][0]["author"] == "Zoë O'Neill"
    assert as_json["commits"][0]["subject"] == "amira-khan: tidy click done"


def test_git_runs_no_hooks_and_no_fsmonitor(run, repo, cases_dir, tmp_path):
    """A hook or an fsmonitor command in a shared register never runs from senpath's own git calls."""
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    spy = tmp_path / "copied"
    for hook in ("pre-commit", "post-commit", "commit-msg", "prepare-commit-msg", "post-index-change"):
        (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> {spy}\n")
        (hooks / hook).chmod(0o755)
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\necho fsmonitor >> {spy}\n")
    monitor.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(monitor))
    git(repo, "config", "commit.gpgSign", "true")  # would fail the commit if gpg were run
    assert run(*AMIRA).exit_code == 0
    result = run("consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "Agreed support")
    assert result.exit_code == 0, result
    assert "not committed" not in result.stderr
    assert subjects(repo)[0].startswith("amira-khan: consultation 1")
    assert not spy.exists(), spy.read_text()
    # the hooks are real: plain git runs them
    git(repo, "-c", "core.fsmonitor=false", "commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", "x")
    assert "post-commit" in spy.read_text()


def test_a_temp_file_left_by_a_killed_write_is_never_committed(run, repo, cases_dir):
    assert run(*AMIRA).exit_code == 0
    left = cases_dir / ".amira-khan.toml.k3j9x_q1.tmp"  # what write_atomic leaves when killed
    left.write_bytes(b"half a record")
    assert run("update", "amira-khan", "--senco", "Mr T. Ní Bhriain").exit_code == 0
    git(repo, "add", "-A")
    staged = git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored").stdout
    assert ".amira-khan.toml.k3j9x_q1.tmp" in staged and staged.count("!!") >= 1  # ignored, not added
    assert "A  cases/.amira" not in staged
    assert git(repo, "ls-files", "cases").stdout.split() == ["cases/amira-khan.toml"]
    exclude = (repo / ".git" / "info" / "exclude").read_text()
    assert exclude.count(".*.toml.*.tmp") == 1
    assert run("update", "amira-khan", "--senco", "Ms R. Evans").exit_code == 0
    assert (repo / ".git" / "info" / "exclude").read_text() == exclude  # added once


def test_changes_to_different_parts_of_one_child_merge_cleanly_and_validate_checks_the_result(
    run, tmp_path, monkeypatch
):
    """What the README says: same child, different lines -> a clean merge; validate checks the rules."""
    a, b, sp = two_clones(run, tmp_path)

    assert sp(a, "update", "amira-khan", "--add-concern", "struggles with transitions").exit_code == 0
    git(a, "push", "-q")
    assert sp(b, "consult", "amira-khan", "--date", "2026-09-08", *CONSULT, "Agreed support").exit_code == 0
    pulled = git(b, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr  # no conflict
    merged = json.loads(sp(b, "show", "amira-khan", "--json").stdout)
    assert "struggles with transitions" in merged["concerns"]
    assert merged["consultations"][0]["summary"] == "Agreed support"
    assert sp(b, "validate").exit_code == 0
    git(b, "push", "-q")
    git(a, "pull", "-q", "--no-edit")

    # A clean merge of two valid changes can still break a rule: validate says so.
    assert sp(a, "leave", "amira-khan", "--date", "2026-11-01", "--reason", "Moved away").exit_code == 0
    git(a, "push", "-q")
    added = sp(b, "professional", "add", "amira-khan", "--role", "educational-psychologist", "--name",
               "Dr A. Rowe", "--requested", "2026-11-10")  # fmt: skip
    assert added.exit_code == 0, added
    assert git(b, "pull", "-q", "--no-edit", check=False).returncode == 0
    checked = sp(b, "validate")
    assert checked.exit_code == 4
    assert "professionals[0].requested" in checked.stdout and "after the child left" in checked.stdout
