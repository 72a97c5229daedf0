"""Guards of the architecture (internal on purpose): the rules of the record run once per write,
the domain words no option or command in its errors, and no module imports itself round a loop."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import senpath.checks
import senpath.errors
from tests.conftest import Result


@pytest.fixture
def rule_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the whole-record check (checks.problems) and its replay of the history run."""
    counts = {"problems": 0, "replay": 0}
    problems, replay = senpath.checks.problems, senpath.checks.replay

    def counted_problems(case: Any) -> list[str]:
        counts["problems"] += 1
        return problems(case)

    def counted_replay(case: Any) -> Any:
        counts["replay"] += 1
        return replay(case)

    monkeypatch.setattr(senpath.checks, "problems", counted_problems)
    monkeypatch.setattr(senpath.checks, "replay", counted_replay)
    return counts


def test_the_rules_run_once_per_write(run: Callable[..., Result], amira: Path, rule_runs: dict[str, int]) -> None:
    writes = [
        ["consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
         "--summary", "Agreed extra small-group support"],
        ["escalate", "amira-khan", "--to", "action", "--date", "2026-09-10", "--reason", "Speech well behind peers",
         "--evidence", "Checklist: 12 of 40 sounds"],
        ["update", "amira-khan", "--add-concern", "tires easily"],
    ]  # fmt: skip
    for args in writes:
        before = amira.read_bytes()
        rule_runs.update(problems=0, replay=0)
        result = run(*args)
        assert result.exit_code == 0, result
        assert amira.read_bytes() != before  # it was a write
        assert rule_runs == {"problems": 1, "replay": 1}, args[0]


def test_a_broken_file_is_still_reported_as_broken_on_a_write(run: Callable[..., Result], amira_action: Path) -> None:
    # The file is checked against the rules only when a write fails, so a hand edit that breaks a
    # rule must still be exit 4 (the file), not exit 3 (a refusal of the change).
    amira_action.write_bytes(amira_action.read_bytes().replace(b'reason = "Speech well behind peers"\n', b""))
    result = run("update", "amira-khan", "--add-concern", "tires easily")
    assert result.exit_code == 4, result
    assert "a move to action needs a reason" in result.stderr


# --- No command-line words in the domain ------------------------------------------------------

SENPATH = Path(__file__).resolve().parent.parent / "senpath"
# The command line's words for the domain's hints live here: the one domain module allowed them.
WORDING = {"hints.py"}


def _error_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    """Every string constant in a raise statement, or in a call of one of senpath's errors."""
    errors = {name for name in dir(senpath.errors) if name.endswith("Error") or name == "AlreadyRecorded"}
    seen: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            found: ast.AST = node.exc
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in errors:
            found = node
        else:
            continue
        for inner in ast.walk(found):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str) and id(inner) not in seen:
                seen.add(id(inner))
                yield inner


def test_domain_errors_name_no_option_and_no_command() -> None:
    """An error raised by a domain module says what is wrong and carries a hint (a field, an
    action, or an {opt:...}/{cmd:...} placeholder); only senpath.cli and senpath.hints word them."""
    from senpath.cli.index import COMMANDS

    names = "|".join(sorted(map(re.escape, COMMANDS), key=len, reverse=True))
    command = re.compile(rf"\bsenpath ({names})\b")
    option = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
    modules = sorted(p for p in SENPATH.glob("*.py") if p.name not in WORDING)
    assert len(modules) > 30  # the domain, not an empty glob
    found = {
        f"{path.name}:{const.lineno}: {match[0]}"
        for path in modules
        for const in _error_strings(ast.parse(path.read_text(encoding="utf-8")))
        for pattern in (command, option)
        for match in pattern.finditer(const.value)
    }
    assert sorted(found) == []


def test_the_wording_check_finds_command_line_words() -> None:
    source = 'def f(x):\n    raise UsageError(f"--date {x}: see senpath show {x}")\n'
    assert [c.value for c in _error_strings(ast.parse(source))] == ["--date ", ": see senpath show "]


# --- No import cycle ---------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """The senpath modules a file imports, at the top or inside a function (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("senpath."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("senpath"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)  # from senpath import hints
    return found


def test_no_import_cycle() -> None:
    files = {
        ".".join(p.relative_to(SENPATH.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in SENPATH.rglob("*.py")
    }
    graph = {name: {m for m in _imports(path) if m in files and m != name} for name, path in files.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            for nxt in graph[here] - seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    assert len(graph) > 40 and graph["senpath.checked"]  # the package, read
    cycles = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets if reaches(b, a))
    assert cycles == []


def test_a_problem_naming_its_own_option_does_not_repeat_it_in_brackets() -> None:
    from senpath.errors import Hint
    from senpath.hints import words

    said = words('no reason given: give {opt:reason} "WHY" (repeatable)', Hint(field="reason"))
    assert said == 'no reason given: give --reason "WHY" (repeatable)'
    # a problem that does not name the option still gets it in brackets
    assert (
        words("a move to action needs a reason", Hint(field="reason")) == "a move to action needs a reason (--reason)"
    )
