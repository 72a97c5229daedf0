"""Docs that cannot go stale: the CLI reference matches --help, every command is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "docs" / "generate_cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    expected = _generator().render()
    actual = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli-reference.md is stale: run .venv/bin/python docs/generate_cli_reference.py"


def test_every_command_has_help_with_an_example_and_a_readme_entry():
    import typer.main

    from senpath.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    for path in _generator().command_paths():
        cmd = root
        for name in path:
            cmd = cmd.get_command(None, name)  # type: ignore[attr-defined]
        assert cmd.help, f"senpath {' '.join(path)} has no help text"
        if path and not hasattr(cmd, "list_commands"):
            assert "Example:" in cmd.help, f"senpath {' '.join(path)}: its help needs an Example"
            assert f"senpath {' '.join(path)}" in readme, f"README does not mention senpath {' '.join(path)}"


def test_case_format_example_is_a_valid_case():
    import re

    from senpath.checked import parse_case

    text = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"## A full example.*?```toml\n(.*?)```", text, re.S)
    case = parse_case(example.encode(), "docs/case-format.md", "amira-khan")
    assert case.stage == "action-plus"
    assert case.ieps[0].reviews[0].target_outcomes == ["not-met", "partly"]


def test_frameworks_doc_is_current_and_documents_every_key():
    spec = importlib.util.spec_from_file_location("genfw", ROOT / "docs" / "generate_frameworks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    actual = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    assert actual == module.render(), "docs/frameworks.md is stale: run .venv/bin/python docs/generate_frameworks.py"
    from pydantic import BaseModel

    from senpath import framework

    models = [v for v in vars(framework).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    models = [m for m in models if m.__module__ == "senpath.framework"]
    for model in models:
        for name, field in model.model_fields.items():
            key = field.alias or name
            assert f"`{key}`" in actual, f"docs/frameworks.md does not document {model.__name__}.{key}"


def test_no_merge_conflict_left_in_the_docs():
    """A merge conflict committed into the README once hid a whole section; markers are allowed only
    inside fenced examples (the README shows what a conflicted case file looks like)."""
    import re

    marker = re.compile(r"^(<{7} |={7}$|>{7} )")
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = []
    for path in files:
        fenced = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                fenced = not fenced
            elif not fenced and marker.match(line):
                found.append(f"{path.name}:{number}: {line}")
    assert not found, "merge conflict markers outside code blocks:\n" + "\n".join(found)
