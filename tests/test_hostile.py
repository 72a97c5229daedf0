"""Hostile and broken input: at least 10,000 generated bad inputs, never a traceback.

Each example puts a broken case file, a hostile value or a hostile id in front of a command
(run in-process, the click command built once so an example costs milliseconds). Every one
must end with a documented exit code (1 other, 2 usage, 3 refused, 4 invalid file), a message
on stderr, no traceback (an exception fails the test), and, unless the command legitimately
succeeded on valid input, every file on disk byte-for-byte unchanged. A case file that does
not validate is never rewritten.

Figures are printed in pytest's summary after the last hostile test (whatever the order, or
which of these tests were selected) and written to $SENPATH_FIGURES_DIR/hostile.json if set.
Reproduce: .venv/bin/python -m pytest -m slow tests/test_hostile.py
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer.main
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from senpath.changes import add_consultation, new_case
from senpath.checked import parse_case
from senpath.cli import app
from senpath.errors import InvalidCaseError, SenpathError
from senpath.framework import get as get_framework
from senpath.stages import advance
from senpath.store import dump_case
from tests.conftest import FIGURES_KEY

STAGES = get_framework("england-2001").stage_ids
pytestmark = pytest.mark.slow  # the slow tier: pytest -m slow (run by .ci/run)

COUNTS: dict[str, int] = {}
CODES: dict[str, int] = {}

_COMMAND = None


def _cli(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """The CLI in-process, with the click command built once."""
    global _COMMAND
    if _COMMAND is None:
        _COMMAND = typer.main.get_command(app)
    runner = CliRunner()
    with runner.isolation(env={"EDITOR": "true", "VISUAL": None, **(env or {})}) as (out, err, _):
        code: int
        try:
            _COMMAND.main(args=list(args), prog_name="senpath")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            import sys

            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    CODES[str(code)] = CODES.get(str(code), 0) + 1
    return code, stdout, stderr


def _base_case() -> bytes:
    case = new_case(
        child_id="amira-khan",
        name="Amira Khan",
        dob=date(2021, 5, 14),
        setting="early-years",
        school="Little Acorns Nursery",
        opened=date(2026, 9, 1),
        senco="Ms R. Evans",
        parents=["Sara Khan"],
        concerns=["slow progress in speech"],
    )
    case = add_consultation(
        case, on=date(2026, 9, 8), with_=["Sara Khan"], method="meeting", summary="Agreed small-group support"
    )
    case = advance(case, to="action", on=date(2026, 9, 10), reason="Speech behind peers", evidence=["12 of 40"])
    case = add_consultation(case, on=date(2026, 10, 8), with_=["Sara Khan"], method="phone", summary="Progress")
    return dump_case(case)


BASE = _base_case()
BASE_DICT: dict[str, Any] = __import__("tomllib").loads(BASE.decode())

SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCALE = float(os.environ.get("SENPATH_HOSTILE_SCALE", "1"))


def _settings(n: int) -> settings:
    return settings(SETTINGS, max_examples=max(1, int(n * SCALE)))


CONSULT = ["--date", "2026-11-01", "--with", "Sara Khan", "--method", "meeting", "--summary", "Hostile test"]
COMMANDS: dict[str, list[str]] = {
    "consult": ["consult", "amira-khan", *CONSULT],
    "escalate": ["escalate", "amira-khan", "--to", "action-plus", "--date", "2026-11-02", "--reason", "r",
                 "--evidence", "e", "--professional", "educational-psychologist:Dr P. Jones"],
    "update": ["update", "amira-khan", "--add-concern", "Hostile concern"],
    "leave": ["leave", "amira-khan", "--date", "2026-11-03", "--reason", "Moved away"],
    "show": ["show", "amira-khan"],
    "show-json": ["show", "amira-khan", "--json"],
    "list": ["list"],
    "validate": ["validate"],
    "history": ["history", "amira-khan"],
    "edit": ["edit", "amira-khan"],
    "letters": ["letters", "amira-khan"],
}  # fmt: skip
WRITES = {"consult", "escalate", "update", "leave", "edit"}


def _snapshot(top: Path) -> dict[str, bytes | str]:
    """Every file under ``top`` (symlinks by target), except inside senpath's working folder."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        for name in filenames + [d for d in dirnames if Path(dirpath, d).is_symlink()]:
            path = Path(dirpath, name)
            rel = str(path.relative_to(top))
            if "/.senpath/" in f"/{rel}" and not Path(top, rel.split(".senpath")[0], ".senpath").is_symlink():
                continue  # senpath's own working folder (locks, .gitignore): never a case
            out[rel] = f"-> {path.readlink()}" if path.is_symlink() else path.read_bytes()
    return out


def _reset(cases: Path) -> None:
    """An empty cases folder, keeping senpath's working folder (as between two real commands)."""
    if not cases.is_dir():
        cases.mkdir(mode=0o700)
        return
    for entry in cases.iterdir():
        if entry.name == ".senpath" and entry.is_dir() and not entry.is_symlink():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _valid(data: bytes) -> bool:
    try:
        parse_case(data, "amira-khan.toml", "amira-khan")
    except (InvalidCaseError, SenpathError):
        return False
    return True


def _check_result(code: int, stdout: str, stderr: str) -> None:
    assert code in (0, 1, 2, 3, 4), (code, stderr)
    assert "Traceback" not in stderr + stdout
    if code:
        assert (stderr + stdout).strip(), "a failure must say why (validate reports on stdout)"
        assert "senpath: " in stderr or "Error: " in stderr or "problem" in stdout, stderr


def _broken_file_case(tmp_path: Path, data: bytes, command: str, category: str) -> None:
    COUNTS[category] = COUNTS.get(category, 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(data)
    before = _snapshot(tmp_path)
    code, stdout, stderr = _cli(*COMMANDS[command])
    _check_result(code, stdout, stderr)
    if _valid(data):
        COUNTS[category + " (still valid)"] = COUNTS.get(category + " (still valid)", 0) + 1
        if command not in WRITES:
            assert _snapshot(tmp_path) == before
        return
    assert code == 4, (code, stderr)
    assert "amira-khan.toml" in stderr + stdout
    assert _snapshot(tmp_path) == before, "a command rewrote a case file that does not validate"


# 1. Mangled TOML: bytes inserted, deleted, replaced, truncated ------------------------------

mutations = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "replace", "truncate"]), st.floats(0, 1), st.binary(max_size=8)),
    min_size=1,
    max_size=4,
)
TOML_JUNK = [b"=", b"[", b"]", b'"', b"'''", b"\n", b"[[history]]\n", b"\x00", b"\xff\xfe", b"<<<<<<< HEAD\n", b"#"]


def _mangle(data: bytes, ops: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, junk in ops:
        at = int(where * len(data))
        if not junk:
            junk = TOML_JUNK[at % len(TOML_JUNK)]
        if kind == "insert":
            data = data[:at] + junk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + 1 + len(junk) :]
        elif kind == "replace":
            data = data[:at] + junk + data[at + len(junk) :]
        else:
            data = data[:at]
    return data


@_settings(3300)
@given(ops=mutations, command=st.sampled_from(sorted(COMMANDS)))
def test_mangled_toml(tmp_path, ops, command):
    _broken_file_case(tmp_path, _mangle(BASE, ops), command, "mangled TOML bytes")


# 2. Wrong types, missing and unknown keys, impossible dates, huge strings ---------------------

scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates(),
    st.just("x" * 25_000),
    st.just("2026-02-30"),
    st.just("9999-99-99"),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn", "So"]), max_size=20),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3))


values = st.recursive(scalars, _containers, max_leaves=6)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


ALL_PATHS = _paths(BASE_DICT)


@_settings(3000)
@given(
    path=st.sampled_from(ALL_PATHS),
    op=st.sampled_from(["delete", "set", "unknown-key", "set-id"]),
    value=values,
    command=st.sampled_from(sorted(COMMANDS)),
)
def test_wrong_types_missing_and_unknown_keys(tmp_path, path, op, value, command):
    import copy

    doc = copy.deepcopy(BASE_DICT)
    parent: Any = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if op == "delete":
        if isinstance(parent, list):
            parent.pop(last)
        else:
            del parent[last]
    elif op == "set":
        parent[last] = value
    elif op == "set-id":
        doc["id"] = value
    else:
        target = parent[last] if isinstance(parent[last], dict) else doc
        target["unknown_" + str(abs(hash(str(value))) % 1000)] = value
    try:
        data = tomli_w.dumps(doc).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        data = b"id = [" + repr(value).encode("utf-8", "replace")
    _broken_file_case(tmp_path, data, command, "wrong types, missing/unknown keys, bad dates, huge strings")


# 3. Histories that break the stage machine ------------------------------------------------

events = st.fixed_dictionaries(
    {
        "date": st.dates(min_value=date(2026, 8, 1), max_value=date(2026, 11, 30)),
        "event": st.sampled_from(
            ["escalate", "step-down", "request-assessment", "cease", "assessment-decision", "assessment",
             "proposed-statement", "final-statement", "bogus"]
        ),
        "from": st.sampled_from([*STAGES, "nowhere"]),
        "to": st.sampled_from(STAGES),
    },
    optional={
        "reason": st.text(min_size=1, max_size=10),
        "evidence": st.lists(st.text(min_size=1, max_size=5), max_size=2),
        "consultation": st.integers(-1, 4),
        "requested_by": st.sampled_from(["parent", "school", "professional"]),
        "outcome": st.sampled_from(["assess", "decline", "done", "statement", "note-in-lieu"]),
    },
)  # fmt: skip


@_settings(1500)
@given(history=st.lists(events, min_size=1, max_size=5), command=st.sampled_from(sorted(COMMANDS)))
def test_histories_that_break_the_stage_machine(tmp_path, history, command):
    doc = dict(BASE_DICT)
    doc["history"] = [dict(ev) for ev in history]
    _broken_file_case(tmp_path, tomli_w.dumps(doc).encode(), command, "stage-machine histories")


# 4. Hostile values on the command line: control characters, odd Unicode, huge strings -------

hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Co", "Zl", "Zp", "Zs", "Mn", "So"]), max_size=30
    ),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from(
        ["", " ", "\t", "x" * 25_000, "Ａｍｉｒａ", "Amira\u202eKhan", "Amira\x1b[31mKhan", "\u0000", "O'Neill"]
    ),
)


@_settings(1500)
@given(
    field=st.sampled_from(["--name", "--school", "--parent", "--concern", "--known-as", "--summary", "--date"]),
    value=hostile_text,
)
def test_hostile_values_on_the_command_line(tmp_path, field, value):
    COUNTS["hostile command-line values"] = COUNTS.get("hostile command-line values", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(BASE)
    before = _snapshot(tmp_path)
    if field in ("--summary", "--date"):
        args = ["consult", "amira-khan", *CONSULT]
        args[args.index(field) + 1] = value
    else:
        args = ["new-child", "--id", "new-one", "--name", "Test Child", "--dob", "2021-01-01", "--setting",
                "primary", "--school", "Hill Primary", "--opened", "2026-09-01", "--parent", "Pat"]  # fmt: skip
        if field in args:
            args[args.index(field) + 1] = value
        else:
            args += [field, value]
    code, stdout, stderr = _cli(*args)
    _check_result(code, stdout, stderr)
    assert code in (0, 2, 3), (code, stderr)
    if code != 0:
        assert _snapshot(tmp_path) == before
    else:  # accepted: what was written loads back and is valid
        for name in ("amira-khan", "new-one"):
            path = cases / f"{name}.toml"
            if path.exists():
                parse_case(path.read_bytes(), path.name, name)


# 5. Hostile ids --------------------------------------------------------------------------

bad_ids = st.one_of(
    st.sampled_from(["../x", "a/b", "CON", "con", "nul", "com1", "LPT9", "", ".", "..", "-a", "A", "a" * 65,
                     "/etc/passwd", "amira-khan/../x", "a\x00b", ".senpath", "amira-khan.toml", "x\n", " amira-khan",
                     "--help", "-h"]),
    st.text(max_size=70),
)  # fmt: skip
ID_COMMANDS = {
    "show": lambda i: ["show", i],
    "consult": lambda i: ["consult", i, *CONSULT],
    "escalate": lambda i: ["escalate", i, "--to", "action", "--date", "2026-11-02", "--reason", "r", "--evidence", "e"],
    "history": lambda i: ["history", i],
    "validate": lambda i: ["validate", i],
    "edit": lambda i: ["edit", i],
    "letters": lambda i: ["letters", i, "1", "--format", "pdf"],
    "new-child": lambda i: ["new-child", "--id", i, "--name", "Test Child", "--dob", "2021-01-01", "--setting",
                            "primary", "--school", "Hill Primary", "--opened", "2026-09-01"],
}  # fmt: skip


@_settings(1200)
@given(child=bad_ids, command=st.sampled_from(sorted(ID_COMMANDS)))
def test_hostile_ids(tmp_path, child, command):
    from senpath.models import check_id

    COUNTS["hostile ids"] = COUNTS.get("hostile ids", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(BASE)
    before = _snapshot(tmp_path)
    code, stdout, stderr = _cli(*ID_COMMANDS[command](child))
    _check_result(code, stdout, stderr)
    try:
        check_id(child)
        ok = True
    except ValueError:
        ok = False
    if child in ("-h", "--help") and command != "new-child":  # a help option as the argument asks for help
        assert code == 0 and "Usage:" in stdout, (child, code, stderr)
        assert _snapshot(tmp_path) == before
    elif not ok:
        assert code == 2, (child, code, stderr)
        assert _snapshot(tmp_path) == before
    elif command == "new-child" and code == 0:
        assert set(_snapshot(tmp_path)) - set(before) <= {f"cases/{child}.toml", "cases/.senpath/.gitignore"}
    else:
        assert code in (0, 1, 2, 3, 4)
        if code != 0:
            assert _snapshot(tmp_path) == before


# 6. Symbolic links in the cases folder pointing outside it ---------------------------------


@_settings(300)
@given(
    target=st.sampled_from(["valid case", "junk", "missing", "folder"]),
    link=st.sampled_from(["amira-khan.toml", ".senpath"]),
    command=st.sampled_from(sorted(COMMANDS)),
)
def test_symlinks_pointing_outside(tmp_path, target, link, command):
    COUNTS["symlinks pointing outside"] = COUNTS.get("symlinks pointing outside", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    outside = tmp_path / "outside"
    if outside.exists():
        shutil.rmtree(outside)
    outside.mkdir()
    if link == ".senpath":
        shutil.rmtree(cases / ".senpath", ignore_errors=True)
        (cases / "amira-khan.toml").write_bytes(BASE)
        (cases / ".senpath").symlink_to(outside, target_is_directory=True)
    else:
        dest = outside / "secret.toml"
        if target == "valid case":
            dest.write_bytes(BASE)
        elif target == "junk":
            dest.write_bytes(b"not = [a case")
        elif target == "folder":
            dest.mkdir()
        (cases / "amira-khan.toml").symlink_to(dest)
    before = _snapshot(tmp_path)
    code, stdout, stderr = _cli(*COMMANDS[command])
    _check_result(code, stdout, stderr)
    if link == "amira-khan.toml":
        assert code == 4, (command, target, code, stderr)
        assert "symbolic link" in stderr + stdout
    elif command in WRITES:
        assert code in (2, 4), (command, code, stderr)  # refused before anything is written
    assert _snapshot(tmp_path) == before, "nothing written through (or next to) a symbolic link"


# 7. Holes of issue 9: hostile environment values, --output targets, @FILE text, Markdown, git, modes --

ENV_COMMANDS = {
    "reviews": ["reviews"],
    "reviews-json": ["reviews", "--json"],
    "list": ["list"],
    "consult": ["consult", "amira-khan", *CONSULT],
    "letter": ["letter", "amira-khan"],
}
hostile_env = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["9999-12-31", "0001-01-01", "20270601", "2027-W01-1", "2026-02-30", "nan", "inf", "-inf",
                     "-1", "1e400", "0", "600", "600.1", "2026-11-22", " 2026-11-22 ", "5", "0x10", "1_0"]),
)  # fmt: skip


@_settings(600)
@given(variable=st.sampled_from(["SENPATH_TODAY", "SENPATH_LOCK_TIMEOUT"]), value=hostile_env,
       command=st.sampled_from(sorted(ENV_COMMANDS)))  # fmt: skip
def test_hostile_environment_values(tmp_path, variable, value, command):
    COUNTS["hostile SENPATH_TODAY / SENPATH_LOCK_TIMEOUT"] = (
        COUNTS.get("hostile SENPATH_TODAY / SENPATH_LOCK_TIMEOUT", 0) + 1
    )
    if "\x00" in value:
        return  # an environment variable cannot hold NUL
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(BASE)
    before = _snapshot(tmp_path)
    code, stdout, stderr = _cli(*ENV_COMMANDS[command], env={variable: value})
    _check_result(code, stdout, stderr)
    assert code in (0, 1, 2, 3), (variable, value, code, stderr)
    if code == 2 and variable in stderr:
        assert len(stderr.splitlines()) == 1, stderr
    if code != 0 or command != "consult":
        assert _snapshot(tmp_path) == before


# A record a letter can be written from (the meeting request is addressed to the head teacher).
LETTER_BASE = BASE.replace(b"senco = ", b'head_teacher = "Mrs J. Patel"\nsenco = ', 1)
parse_case(LETTER_BASE, "amira-khan.toml", "amira-khan")

OUTPUT_TARGETS = ["cases/amira-khan.toml", "cases/new.md", "cases/.senpath/x.md", "via-link/amira-khan.toml",
                  "link-to-devnull", "link-to-outside.md", "/dev/null", "-", "existing.md", "folder",
                  "missing/x.md", "new.md", "cases", ".", "cases/../cases/y.toml"]  # fmt: skip


@_settings(400)
@given(target=st.sampled_from(OUTPUT_TARGETS), force=st.booleans(), command=st.sampled_from(["letter", "prep"]),
       fmt=st.sampled_from([None, "markdown", "text"]))  # fmt: skip
def test_hostile_output_targets(tmp_path, target, force, command, fmt):
    COUNTS["hostile --output targets"] = COUNTS.get("hostile --output targets", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(LETTER_BASE)
    for name in ("via-link", "link-to-devnull", "link-to-outside.md", "existing.md", "outside.md", "new.md"):
        (tmp_path / name).unlink(missing_ok=True)
    (tmp_path / "via-link").symlink_to(cases)
    (tmp_path / "link-to-devnull").symlink_to("/dev/null")
    (tmp_path / "outside.md").write_text("keep")
    (tmp_path / "link-to-outside.md").symlink_to(tmp_path / "outside.md")
    (tmp_path / "existing.md").write_text("old letter")
    (tmp_path / "folder").mkdir(exist_ok=True)
    before = _snapshot(tmp_path)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        args = [command, "amira-khan", "--output", target, *(["--force"] if force else []),
                *(["--format", fmt] if fmt else [])]  # fmt: skip
        code, stdout, stderr = _cli(*args)
    finally:
        os.chdir(cwd)
    _check_result(code, stdout, stderr)
    after = _snapshot(tmp_path)
    # never anything in the cases folder, never through a link
    assert {k: v for k, v in after.items() if k.startswith("cases/")} == {
        k: v for k, v in before.items() if k.startswith("cases/")
    }
    for name in ("via-link", "link-to-devnull", "link-to-outside.md", "outside.md"):
        assert after[name] == before[name], name
    if code != 0:
        assert after == before
    else:
        assert target in ("-", "existing.md", "new.md"), (target, force)
        assert set(after) - set(before) <= {"new.md"}


@_settings(500)
@given(content=st.one_of(st.binary(max_size=200), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       option=st.sampled_from(["--summary", "--parent-views", "--reason", "--add-concern", "--question"]),
       prefix=st.sampled_from(["@", "@@", "@missing/"]))  # fmt: skip
def test_hostile_text_files(tmp_path, content, option, prefix):
    COUNTS["hostile @FILE text"] = COUNTS.get("hostile @FILE text", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(LETTER_BASE)
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    value = f"{prefix}{notes}" if prefix != "@missing/" else "@missing/notes.txt"
    args = {
        "--summary": ["consult", "amira-khan", *CONSULT[:-1], value],
        "--parent-views": ["consult", "amira-khan", *CONSULT, "--parent-views", value],
        "--reason": ["leave", "amira-khan", "--date", "2026-11-03", "--reason", value],
        "--add-concern": ["update", "amira-khan", "--add-concern", value],
        "--question": ["letter", "amira-khan", "--question", value],
    }[option]
    before = _snapshot(tmp_path)
    code, stdout, stderr = _cli(*args)
    _check_result(code, stdout, stderr)
    assert code in (0, 1, 2, 3), (code, stderr)  # 1: the letter lacks a head teacher to address
    if code != 0:
        assert _snapshot(tmp_path) == before
    else:
        parse_case((cases / "amira-khan.toml").read_bytes(), "amira-khan.toml", "amira-khan")


MD_STRUCTURE = ("<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<hr", "<blockquote", "<ol", "<pre", "<code", "<s>",
                "<em>", "<strong>", "<a ", "<img", "<table", "<li")  # fmt: skip
markdown_text = st.text(alphabet=st.sampled_from(list("=-~#>*+_`|[]()!<&1. \n\tx:")), min_size=1, max_size=40)


@_settings(500)
@given(concern=markdown_text, command=st.sampled_from(["letter", "prep"]))
def test_hostile_markdown_in_documents(tmp_path, concern, command):
    from markdown_it import MarkdownIt

    COUNTS["hostile Markdown text"] = COUNTS.get("hostile Markdown text", 0) + 1
    assume(concern.strip())  # a blank one is left out of the document
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(LETTER_BASE)
    option = "--concern" if command == "letter" else "--want"
    md = MarkdownIt("commonmark").enable(["strikethrough", "table"])
    code, plain, stderr = _cli(command, "amira-khan", option, "plain words", "--format", "markdown")
    assert code == 0, stderr
    code, stdout, stderr = _cli(command, "amira-khan", option, concern, "--format", "markdown")
    _check_result(code, stdout, stderr)
    if code != 0:
        return
    counts = [{tag: md.render(text).count(tag) for tag in MD_STRUCTURE} for text in (plain, stdout)]
    assert counts[0] == counts[1], concern


@_settings(300)
@given(file_mode=st.sampled_from([0o600, 0o640, 0o644, 0o604, 0o666, 0o400]),
       folder_mode=st.sampled_from([0o700, 0o750, 0o755, 0o711]),
       command=st.sampled_from(["show", "list", "validate", "history", "reviews"]))  # fmt: skip
def test_hostile_permissions_are_reported_never_changed_by_a_read(tmp_path, file_mode, folder_mode, command):
    COUNTS["case file and folder modes"] = COUNTS.get("case file and folder modes", 0) + 1
    cases = tmp_path / "cases"
    _reset(cases)
    path = cases / "amira-khan.toml"
    path.write_bytes(BASE)
    path.chmod(file_mode)
    cases.chmod(folder_mode)
    try:
        before = _snapshot(tmp_path)
        args = COMMANDS.get(command, [command])
        code, stdout, stderr = _cli(*args)
        _check_result(code, stdout, stderr)
        assert code == 0, stderr
        warned = [line for line in stderr.splitlines() if "can be read by other users" in line]
        assert len(warned) == (1 if (file_mode | folder_mode) & 0o077 else 0), stderr
        assert _snapshot(tmp_path) == before
        assert path.stat().st_mode & 0o777 == file_mode and cases.stat().st_mode & 0o777 == folder_mode
    finally:
        cases.chmod(0o700)
        path.chmod(0o600)


@pytest.fixture(scope="module")
def _git_ok() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


@_settings(40)
@given(author=hostile_text, subject=hostile_text)
def test_hostile_git_authors_and_subjects(tmp_path, _git_ok, author, subject):
    import subprocess
    import unicodedata

    COUNTS["hostile git authors and subjects"] = COUNTS.get("hostile git authors and subjects", 0) + 1
    if not (tmp_path / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    cases = tmp_path / "cases"
    _reset(cases)
    (cases / "amira-khan.toml").write_bytes(BASE + os.urandom(4).hex().encode().join([b"# ", b"\n"]))
    try:
        env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_COMMITTER_NAME": "x", "GIT_AUTHOR_EMAIL": "a@b.c",
               "GIT_COMMITTER_EMAIL": "a@b.c"}  # fmt: skip
        subprocess.run(["git", "add", "cases/amira-khan.toml"], cwd=tmp_path, check=True)
        made = subprocess.run(["git", "commit", "-q", "--allow-empty-message", "--no-verify", "-m", subject],
                              cwd=tmp_path, env=env, capture_output=True, check=False)  # fmt: skip
    except (ValueError, UnicodeEncodeError):  # NUL or a lone surrogate cannot be passed to git
        return
    if made.returncode != 0:
        return
    before = _snapshot(tmp_path / "cases")
    for args in (["history", "amira-khan"], ["history", "amira-khan", "--json"]):
        code, stdout, stderr = _cli(*args)
        _check_result(code, stdout, stderr)
        assert code == 0, stderr
        for ch in stdout + stderr:
            assert ch in "\n" or ch in "\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf"), repr(ch)
    assert _snapshot(tmp_path / "cases") == before


GENERATORS = (
    "test_mangled_toml",
    "test_wrong_types_missing_and_unknown_keys",
    "test_histories_that_break_the_stage_machine",
    "test_hostile_values_on_the_command_line",
    "test_hostile_ids",
    "test_symlinks_pointing_outside",
    "test_hostile_environment_values",
    "test_hostile_output_targets",
    "test_hostile_text_files",
    "test_hostile_markdown_in_documents",
    "test_hostile_permissions_are_reported_never_changed_by_a_read",
    "test_hostile_git_authors_and_subjects",
)


def figures() -> dict[str, Any]:
    """How many inputs were generated so far this session (the figure in docs/reliability.md)."""
    generated = sum(v for k, v in COUNTS.items() if not k.endswith("(still valid)"))
    total = generated - sum(v for k, v in COUNTS.items() if k.endswith("(still valid)"))
    return {"generated_inputs": generated, "bad_inputs": total, "by_category": COUNTS, "exit_codes": CODES}


@pytest.fixture(scope="module", autouse=True)
def hostile_figures(request: pytest.FixtureRequest) -> Any:
    """After the last hostile test of the session, whatever the order or selection: the figures.

    They are printed in pytest's summary (tests/conftest.py), written to
    $SENPATH_FIGURES_DIR/hostile.json if set, and, when every generator ran at full scale and
    passed, must reach 10,000 bad inputs.
    """
    yield
    found = figures()
    request.config.stash[FIGURES_KEY] = found
    if os.environ.get("SENPATH_FIGURES_DIR"):
        Path(os.environ["SENPATH_FIGURES_DIR"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["SENPATH_FIGURES_DIR"]) / "hostile.json").write_text(json.dumps(found, indent=2))
    ran = {item.name for item in request.session.items if item.module is request.module}
    if SCALE >= 1 and ran.issuperset(GENERATORS) and request.session.testsfailed == 0:
        assert all(COUNTS.get(c, 0) > 0 for c in ("hostile ids", "symlinks pointing outside"))
        assert found["bad_inputs"] >= 10_000, found
