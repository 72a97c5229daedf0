"""Privacy: private modes kept on every rewrite, nothing written outside the cases folder,
and no command prints another child's data."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import AMIRA

BOB = ["new-child", "--id", "bob-stone", "--name", "Bob Stone", "--dob", "2019-03-02", "--setting", "primary",
       "--school", "Quillfield Primary", "--parent", "Grace Stone", "--concern", "Zebra-striped handwriting",
       "--opened", "2026-09-01"]  # fmt: skip
BOB_SECRETS = ["Bob Stone", "bob-stone", "Grace Stone", "Quillfield", "Zebra-striped"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_private_modes_on_creation(run, amira, cases_dir):
    assert mode(cases_dir) == 0o700
    assert mode(cases_dir / ".senpath") == 0o700
    assert mode(amira) == 0o600
    for lock in (cases_dir / ".senpath" / "locks").iterdir():
        assert mode(lock) == 0o600


def test_rewrite_is_private_even_after_a_chmod(run, amira):
    amira.chmod(0o644)
    result = run("consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "phone",
                 "--summary", "Talked")  # fmt: skip
    assert result.exit_code == 0
    assert mode(amira) == 0o600


def test_private_under_a_permissive_umask(run, cases_dir):
    old = os.umask(0)
    try:
        assert run(*AMIRA).exit_code == 0
        assert run("update", "amira-khan", "--senco", "Mr D. Lowe").exit_code == 0
    finally:
        os.umask(old)
    assert mode(cases_dir) == 0o700
    assert mode(cases_dir / "amira-khan.toml") == 0o600


def _tree(top: Path) -> set[str]:
    return {str(p.relative_to(top)) for p in top.rglob("*")}


EDITOR = "import sys; p = sys.argv[1]; t = open(p).read(); open(p, 'w').write(t.replace('Ms R. Evans', 'Mr D. Lowe'))"


def test_nothing_written_outside_the_cases_folder(tmp_path, cases_dir):
    """Every command, as a real process, with TMPDIR pointing at a folder that must stay empty."""
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    env = dict(os.environ, TMPDIR=str(temp), EDITOR=f"{sys.executable} {script}", PYTHONDONTWRITEBYTECODE="1")
    before = _tree(tmp_path) - {"cases"}
    commands = [
        AMIRA,
        BOB,
        [
            "consult",
            "amira-khan",
            "--date",
            "2026-09-08",
            "--with",
            "Sara Khan",
            "--method",
            "meeting",
            "--summary",
            "x",
        ],
        ["escalate", "amira-khan", "--to", "action", "--date", "2026-09-10", "--reason", "r", "--evidence", "e"],
        ["edit", "amira-khan"],
        ["show", "amira-khan"],
        ["show", "bob-stone", "--json"],
        ["list"],
        ["validate"],
        ["history", "amira-khan"],
    ]
    for args in commands:
        result = subprocess.run(
            [sys.executable, "-m", "senpath", *args], cwd=work, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, (args, result.stderr)
    assert list(temp.iterdir()) == []
    assert list(work.iterdir()) == []
    outside = _tree(tmp_path) - {p for p in _tree(tmp_path) if p == "cases" or p.startswith("cases/")}
    assert outside == before
    assert 'senco = "Mr D. Lowe"' in (cases_dir / "amira-khan.toml").read_text()


def test_json_and_errors_never_show_another_child(run, amira_action, cases_dir):
    assert run(*BOB).exit_code == 0
    outputs = []
    for args in (
        ["show", "amira-khan", "--json"],
        ["show", "amira-khan"],
        ["history", "amira-khan", "--json"],
        ["validate", "amira-khan", "--json"],
        ["consult", "amira-khan", "--date", "2026-09-12", "--with", "Nobody Known", "--method", "phone",
         "--summary", "x"],
        ["escalate", "amira-khan", "--to", "statement", "--date", "2026-09-12"],
        ["show", "nobody"],
        ["edit", "amira-khan"],
    ):  # fmt: skip
        result = run(*args)
        outputs.append(result.stdout + result.stderr)
    for text in outputs:
        for secret in BOB_SECRETS:
            assert secret not in text, (secret, text)
    # A broken file of one child: the report names that file and nothing of the other child.
    (cases_dir / "bob-stone.toml").write_text(
        (cases_dir / "bob-stone.toml").read_text().replace("primary", "university")
    )
    result = run("validate", "--json")
    data = json.loads(result.stdout)
    amira_report = [f for f in data["files"] if f["id"] == "amira-khan"][0]
    assert amira_report["valid"] and amira_report["problems"] == []
    for line in [p for f in data["files"] for p in f["problems"]]:
        assert line.startswith("bob-stone.toml: ")
        assert "Grace Stone" not in line and "Zebra" not in line
