"""senpath validate and senpath edit, as a user sees them."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

EDITOR = """
import json, os, re, sys
path = sys.argv[1]
log = os.environ["EDIT_LOG"]
with open(log, "a") as f:
    f.write(json.dumps({"path": path, "mode": os.stat(path).st_mode & 0o777}) + "\\n")
runs = sum(1 for _ in open(log))
action = os.environ["EDIT_ACTION"].split(",")[min(runs, len(os.environ["EDIT_ACTION"].split(","))) - 1]
text = open(path, encoding="utf-8").read()
if action == "senco":
    text = text.replace('senco = "Ms R. Evans"', 'senco = "Mr D. Lowe"')
elif action == "break":
    text = text.replace("schema_version = 2", "schema_version = 2\\nname = [")
elif action == "fix":
    text = text.replace("\\nname = [", "").replace('senco = "Ms R. Evans"', 'senco = "Mr D. Lowe"')
elif action == "bad-stage":
    text = text.replace('to = "action"', 'to = "statement"')
elif action == "concurrent":
    real = os.environ["REAL_FILE"]
    other = open(real, encoding="utf-8").read().replace('senco = "Ms R. Evans"', 'senco = "Someone Else"')
    open(real, "w", encoding="utf-8").write(other)
    text = text.replace('senco = "Ms R. Evans"', 'senco = "Mr D. Lowe"')
elif action == "fail":
    sys.exit(3)
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def editor(tmp_path, monkeypatch, cases_dir):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    log = tmp_path / "editor.log"
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("EDIT_LOG", str(log))
    monkeypatch.setenv("REAL_FILE", str(cases_dir / "amira-khan.toml"))

    def use(action: str) -> Path:
        monkeypatch.setenv("EDIT_ACTION", action)
        return log

    return use


def _calls(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_edit_valid_change_is_saved(run, amira_action, editor, cases_dir):
    log = editor("senco")
    result = run("edit", "amira-khan")
    assert result.exit_code == 0, result
    assert "saved your edit" in result.stderr
    assert 'senco = "Mr D. Lowe"' in amira_action.read_text()
    assert stat.S_IMODE(amira_action.stat().st_mode) == 0o600
    (call,) = _calls(log)
    copy = Path(str(call["path"]))
    assert copy.parent == cases_dir / ".senpath" and copy.name.startswith("edit-amira-khan-")
    assert copy.suffix == ".toml" and call["mode"] == 0o600
    assert not copy.exists()  # the private copy is gone
    assert run("list", "--json").stdout.count('"id"') == 1  # never mistaken for a case


def test_edit_unchanged_writes_nothing(run, amira_action, editor):
    editor("none")
    before = amira_action.read_bytes()
    result = run("edit", "amira-khan")
    assert result.exit_code == 0
    assert "no changes; nothing written" in result.stderr
    assert amira_action.read_bytes() == before


@pytest.mark.parametrize(
    ("action", "shown"),
    [("break", "not valid TOML"), ("bad-stage", "history[0]")],
)
def test_edit_invalid_is_abandoned_without_a_terminal(run, amira_action, editor, cases_dir, action, shown):
    editor(action)
    before = amira_action.read_bytes()
    result = run("edit", "amira-khan")
    assert result.exit_code == 4
    assert shown in result.stderr and "edit abandoned" in result.stderr
    assert amira_action.read_bytes() == before
    assert not list((cases_dir / ".senpath").glob("edit-*"))


def test_edit_invalid_then_fixed_on_a_terminal(run, amira_action, editor, monkeypatch):
    from senpath.cli import safety

    monkeypatch.setattr(safety, "_interactive", lambda: True)
    log = editor("break,fix")
    result = run("edit", "amira-khan", input="y\n")
    assert result.exit_code == 0, result
    assert len(_calls(log)) == 2
    assert 'senco = "Mr D. Lowe"' in amira_action.read_text()


def test_edit_conflict_keeps_both(run, amira_action, editor, cases_dir):
    log = editor("concurrent")
    result = run("edit", "amira-khan")
    assert result.exit_code == 1
    assert "changed by someone else while you were editing" in result.stderr
    assert 'senco = "Someone Else"' in amira_action.read_text()  # the other change is kept
    (call,) = _calls(log)
    kept = Path(str(call["path"]))
    assert kept.exists() and 'senco = "Mr D. Lowe"' in kept.read_text()
    assert str(kept) in result.stderr
    assert run("validate").exit_code == 0  # the kept copy is noted, never read as a case
    assert "a copy kept by senpath edit" in run("validate").stdout


def test_edit_editor_failure_and_no_editor(run, amira_action, editor, monkeypatch):
    editor("fail")
    before = amira_action.read_bytes()
    result = run("edit", "amira-khan")
    assert result.exit_code == 1 and "editor exited with status 3" in result.stderr
    monkeypatch.delenv("EDITOR")
    result = run("edit", "amira-khan")
    assert result.exit_code == 2 and "set EDITOR" in result.stderr
    assert amira_action.read_bytes() == before


def test_validate_clean_and_named(run, amira_action):
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == "1 case file checked: all valid.\n"
    assert run("validate", "amira-khan").exit_code == 0
    missing = run("validate", "nobody")
    assert missing.exit_code == 1 and "no child 'nobody'" in missing.stderr
    assert run("validate", "../x").exit_code == 2


def test_validate_reports_every_problem_with_file_and_path(run, amira_action, cases_dir):
    text = amira_action.read_text()
    (cases_dir / "bob-stone.toml").write_text(text.replace('id = "amira-khan"', 'id = "bob-stone"').replace(
        'method = "meeting"', 'method = "telepathy"'))  # fmt: skip
    (cases_dir / "cara-diaz.toml").write_text("schema_version = 1\nid = \n")
    (cases_dir / "dan-eve.toml").write_text(
        text.replace('id = "amira-khan"', 'id = "dan-eve"').replace("date = 2026-09-10", "date = 2026-08-10")
    )
    (cases_dir / "Notes.toml").write_text("x = 1\n")
    (cases_dir / ".amira-khan.toml.abc123.tmp").write_text("half a file")
    result = run("validate")
    assert result.exit_code == 4
    out = result.stdout
    assert "bob-stone.toml: consultations[0].method:" in out
    assert "cara-diaz.toml: not valid TOML" in out and "line 2, column" in out
    assert "dan-eve.toml: history[0]" in out
    assert "Notes.toml: not a case id" in out
    assert "note: .amira-khan.toml.abc123.tmp: left over from an interrupted write" in out
    assert out.strip().splitlines()[-1].startswith("5 case files checked: 4 with problems")
    data = json.loads(run("validate", "--json").stdout)
    assert data["ok"] is False and {f["file"] for f in data["files"] if f["valid"]} == {"amira-khan.toml"}
