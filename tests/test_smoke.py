"""A first end-to-end check of the CLI layer (the full suites live in test_cli_*.py)."""

from __future__ import annotations


def test_refused_escalation_writes_nothing(run, amira):
    before = amira.read_bytes()
    result = run("escalate", "amira-khan", "--to", "action", "--date", "2026-09-10",
                 "--reason", "r", "--evidence", "e")  # fmt: skip
    assert result.exit_code == 3
    assert "not consulted" in result.stderr
    assert "senpath consult amira-khan" in result.stderr
    assert amira.read_bytes() == before


def test_list_json_keys(run, amira_action):
    import json

    result = run("list", "--json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert row["id"] == "amira-khan"
    assert row["stage"] == "action"
    assert row["stage_name"] == "Early Years Action"
    assert row["since"] == "2026-09-10"
    assert row["senco"] == "Ms R. Evans"
