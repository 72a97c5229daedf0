"""Case files of schema_version 1 (the release before frameworks) are read as england-2001, shown
by validate as "will be upgraded", and written as version 2 on their next change, by one upgrade
function. tests/data/v1/ holds the sample cases exactly as that release wrote them."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from senpath.checked import Store, parse_case
from senpath.store import dump_case, upgrade_v1

V1 = Path(__file__).resolve().parent / "data" / "v1"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.name for p in V1.glob("*.toml"))


def test_every_sample_has_a_version_1_copy():
    assert SAMPLES == sorted(p.name for p in (ROOT / "cases").glob("*.toml"))
    for name in SAMPLES:
        assert tomllib.loads((V1 / name).read_text())["schema_version"] == 1


def _without_contacts(case):
    """The sample without the contact details added to it after version 1 (the parents'
    relationship, address, phone and email; the schools' addresses), which a version 1 file never had."""
    from senpath.models import Parent

    c = case.model_copy(deep=True)
    c.parents = [Parent(name=p.name) for p in c.parents]
    for spell in c.settings:
        spell.address = None
    return c


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_upgrades_to_exactly_the_version_2_file(name):
    """A v1 file reads as the same record the current release writes: only the version and the
    framework are added, and writing it gives the committed v2 sample byte for byte, less the
    contact details the samples have had since."""
    old = (V1 / name).read_bytes()
    case = parse_case(old, name, name[:-5])
    assert (case.schema_version, case.framework) == (2, "england-2001")
    current = (ROOT / "cases" / name).read_bytes()
    sample = parse_case(current, name, name[:-5])
    assert dump_case(sample) == current
    assert dump_case(case) == dump_case(_without_contacts(sample))
    raw = tomllib.loads(old.decode())
    assert upgrade_v1(raw) == {**raw, "schema_version": 2, "framework": "england-2001"}
    assert raw["schema_version"] == 1  # the input is not changed


def test_upgrade_leaves_a_file_that_names_a_framework_to_the_model():
    raw = {"schema_version": 1, "framework": "england-2001", "id": "x"}
    assert upgrade_v1(raw) is raw


@pytest.fixture
def v1_register(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    shutil.copytree(V1, cases)
    cases.chmod(0o700)
    monkeypatch.setenv("SENPATH_CASES_DIR", str(cases))
    return cases


def test_validate_reports_version_1_files_as_will_be_upgraded_not_as_errors(run, v1_register):
    result = run("validate")
    assert result.exit_code == 0, result
    assert "8 case files checked: all valid." in result.stdout
    for name in SAMPLES:
        assert f"{name}: schema_version 1, read as england-2001; will be upgraded to version 2" in (
            result.stdout + result.stderr
        )
    data = json.loads(run("validate", "--json").stdout)
    assert data["ok"] is True
    assert len([n for n in data["notes"] if "will be upgraded" in n]) == 8


def test_a_version_1_file_is_written_as_version_2_on_its_next_change(run, v1_register):
    path = v1_register / "amira-khan.toml"
    before = path.read_bytes()
    assert run("show", "amira-khan").exit_code == 0
    assert path.read_bytes() == before  # reading never rewrites
    result = run("update", "amira-khan", "--senco", "Mr D. Lowe")
    assert result.exit_code == 0, result
    data = tomllib.loads(path.read_text())
    assert (data["schema_version"], data["framework"], data["senco"]) == (2, "england-2001", "Mr D. Lowe")
    assert "will be upgraded" not in run("validate", "amira-khan").stdout


def test_the_index_works_on_a_folder_of_version_1_and_version_2_files(run, v1_register):
    shutil.copy(ROOT / "cases" / "amira-khan.toml", v1_register / "amira-khan.toml")  # one v2 file
    cold = run("list", "--json", "--all")
    warm = run("list", "--json", "--all")
    plain = run("--no-index", "list", "--json", "--all")
    assert cold.exit_code == warm.exit_code == plain.exit_code == 0
    assert json.loads(cold.stdout) == json.loads(warm.stdout) == json.loads(plain.stdout)
    rows = json.loads(cold.stdout)
    assert len(rows) == 8 and {r["framework"] for r in rows} == {"england-2001"}
    assert run("reviews", "--json").stdout == run("--no-index", "reviews", "--json").stdout


def test_store_loads_a_version_1_file_as_england_2001(v1_register):
    case = Store(v1_register).load("zainab-okoro")
    assert case.framework == "england-2001"
    assert case.stage == "statutory-assessment"
