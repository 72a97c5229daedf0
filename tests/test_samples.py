"""The sample cases in cases/ are written by the CLI itself and never go stale."""

from __future__ import annotations

from pathlib import Path

from tests.make_samples import build, settings_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_sample_cases_match_what_the_cli_writes(tmp_path):
    build(tmp_path / "fresh")
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "fresh").glob("*.toml")}
    committed = {p.name: p.read_bytes() for p in (ROOT / "cases").glob("*.toml")}
    assert sorted(fresh) == sorted(committed), "run: .venv/bin/python -m tests.make_samples cases"
    for name, data in fresh.items():
        assert committed[name] == data, f"cases/{name} is stale: run .venv/bin/python -m tests.make_samples cases"


def test_samples_cover_every_stage_and_setting(run, monkeypatch):
    import json

    monkeypatch.setenv("SENPATH_CASES_DIR", str(ROOT / "cases"))
    result = run("list", "--json", "--all")
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    assert 6 <= len(rows) <= 10
    assert {r["stage"] for r in rows} == {"none", "action", "action-plus", "statutory-assessment", "statement"}
    assert {r["setting"] for r in rows} == {"early-years", "primary", "secondary"}
    moved = run("show", "chloe-davies", "--json")
    settings = [s["setting"] for s in json.loads(moved.stdout)["settings"]]
    assert settings == ["early-years", "primary"]


def test_the_sample_register_has_its_settings_beside_the_cases():
    # senpath.toml makes cases/ a register that commands find from the repository and below.
    assert (ROOT / "senpath.toml").read_bytes() == settings_bytes(), "run: .venv/bin/python -m tests.make_samples cases"
