"""Write docs/cli-reference.md from the CLI's own --help (tests/test_docs.py checks it is current).

Run: .venv/bin/python docs/generate_cli_reference.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HEADER = """# senpath command reference

Generated from `senpath --help` by `docs/generate_cli_reference.py`; do not edit by hand
(`tests/test_docs.py` fails when this file is out of date: rerun the script).

Exit codes: 0 ok; 1 other error; 2 usage; 3 refused by the rules of the record; 4 a case file
is invalid or unreadable (see the README).
"""


def command_paths() -> list[list[str]]:
    """Every command path, in the order --help lists them: [[], ["new-child"], ["professional", "add"], ...]."""
    import typer.main

    from senpath.cli import app

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        paths.append(path)
        if hasattr(cmd, "list_commands"):  # a group (the root's commands are loaded lazily)
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), [*path, name])

    walk(root, [])
    return paths


def render() -> str:
    from typer.testing import CliRunner

    from senpath.cli import app

    runner = CliRunner()
    parts = [HEADER]
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"}, prog_name="senpath")
        if result.exit_code != 0:
            raise SystemExit(f"senpath {' '.join(path)} --help failed: {result.output}")
        title = " ".join(["senpath", *path])
        parts.append(f"\n## `{title}`\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "".join(parts)


def main() -> None:
    target = Path(__file__).resolve().parent / "cli-reference.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "100")
    main()
