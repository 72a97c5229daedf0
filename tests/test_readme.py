"""The README's step-by-step journey is run as written: a new user who follows it is never stopped."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def journey() -> tuple[dict[str, str], list[list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"## A child's journey, step by step.*?```sh\n(.*?)```", text, re.S)
    joined = block.replace("\\\n", " ")
    env: dict[str, str] = {}
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export":
            env.update(w.split("=", 1) for w in words[1:])
            continue
        assert words[0] == "senpath", line
        commands.append(words[1:])
    return env, commands


def test_the_readme_journey_runs_as_written(run, monkeypatch, tmp_path):
    env, commands = journey()
    assert env["SENPATH_CASES_DIR"] == "/tmp/senpath-try"
    monkeypatch.setenv("SENPATH_CASES_DIR", str(tmp_path / "senpath-try"))  # never the real /tmp folder
    monkeypatch.setenv("SENPATH_TODAY", env["SENPATH_TODAY"])
    for args in commands:
        result = run(*args)
        assert result.exit_code == 0, (args, result)
        assert "Traceback" not in result.stderr
    record = json.loads(run("show", "amira-khan", "--json").stdout)
    moves = [(e["event"], e["to"]) for e in record["history"]]
    assert ("final-statement", "statement") in moves
    assert moves[-1] == ("cease", "action-plus")
    assert record["left"]["reason"] == "Moved out of the area"
    assert [s["setting"] for s in record["settings"]] == ["early-years", "primary"]
