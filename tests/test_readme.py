"""The README's step-by-step journey is run as written: a new user who follows it is never stopped."""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = "/tmp/senpath-try"


def section_blocks(heading: str) -> list[str]:
    """The ```sh blocks of one section of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (section,) = re.findall(rf"\n## {re.escape(heading)}\n(.*?)(?=\n## |\Z)", text, re.S)
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def journey(heading: str = "A child's journey, step by step") -> list[tuple[dict[str, str], list[str]]]:
    """Each line of the section's blocks: (VAR=value set for that command only, words); ``cd`` too."""
    joined = "".join(section_blocks(heading)).replace("\\\n", " ")
    steps = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        env: dict[str, str] = {}
        while "=" in words[0] and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] != "export", f"the README exports a variable for good: {line}"
        assert words[0] in ("senpath", "cd"), line
        steps.append((env, words))
    return steps


def test_the_readme_journey_runs_as_written(run, monkeypatch, tmp_path):
    steps = journey()
    # Then the next sections, in the same scratch register
    after = journey("IEPs, reviews and what is due") + journey("Letters and meeting preparation (for parents)")
    assert steps[0][1][:3] == ["senpath", "init", SCRATCH], "the journey starts by making a scratch register"
    # As a new reader runs it: no cases folder named, no "today" set but where a line sets it,
    # starting in a folder that is in no register.
    monkeypatch.delenv("SENPATH_CASES_DIR")
    monkeypatch.delenv("SENPATH_TODAY")
    scratch = tmp_path / "senpath-try"  # never the real /tmp folder
    start = tmp_path / "elsewhere"
    start.mkdir()
    monkeypatch.chdir(start)
    ran = []
    for env, words in steps + after:
        words = [w.replace(SCRATCH, str(scratch)) for w in words]
        if words[0] == "cd":
            monkeypatch.chdir(words[1])
            continue
        with monkeypatch.context() as m:
            for name, value in env.items():
                m.setenv(name, value)
            result = run(*words[1:])
        assert result.exit_code == 0, (words, result)
        assert "Traceback" not in result.stderr
        ran.append((env, words[1], result))
    assert (scratch / "senpath.toml").is_file() and (scratch / "cases" / "amira-khan.toml").is_file()
    assert oct((scratch / "cases").stat().st_mode & 0o777) == "0o700"
    assert os.environ.get("SENPATH_TODAY") is None  # set for one command only
    ((today, due),) = [(env, r) for env, _, r in ran if env]  # the one line that sets "today"
    assert today == {"SENPATH_TODAY": "2024-09-02"}
    assert "(today 2 Sep 2024)" in due.stdout and "New IEP needed" in due.stdout, due
    assert len(ran) == len(steps) + len(after) - 1  # every line ran (the cd is not a command)
    assert (scratch / "reviews.ics").is_file() and (scratch / "request.md").is_file()
    oliver = json.loads(run("show", "oliver-bennett", "--json").stdout)
    assert oliver["history"][-1]["to"] == "action-plus" and len(oliver["ieps"]) == 1
    record = json.loads(run("show", "amira-khan", "--json").stdout)
    moves = [(e["event"], e["to"]) for e in record["history"]]
    assert ("final-statement", "statement") in moves
    assert moves[-1] == ("cease", "action-plus")
    assert record["left"]["reason"] == "Moved out of the area"
    assert [s["setting"] for s in record["settings"]] == ["early-years", "primary"]


def test_the_readme_works_from_the_repository_and_below(run, monkeypatch):
    # The quick start's reviews --due, run from the repository root and a folder below it,
    # finds the sample register (senpath.toml beside cases/) with no --cases-dir.
    monkeypatch.delenv("SENPATH_CASES_DIR")
    for folder in (ROOT, ROOT / "docs"):
        monkeypatch.chdir(folder)
        result = run("list", "--json", "--all", "--no-index")
        assert result.exit_code == 0, result
        assert len(json.loads(result.stdout)) >= 6
