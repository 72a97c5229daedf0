"""Holes a hostile review found (issue 9): each reproduced as a user would meet it.

Reproduce: .venv/bin/python -m pytest tests/test_holes.py -q
"""

from __future__ import annotations

import json
import subprocess
import tomllib
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from senpath.models import Consultation, Parent
from tests.conftest import AMIRA

NFD_ZOE = unicodedata.normalize("NFD", "Zoë O'Neill")
NFC_ZOE = unicodedata.normalize("NFC", "Zoë O'Neill")

# --- Unicode format characters and NFC names -------------------------------------------


@pytest.mark.parametrize("bad", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u00ad"])
def test_format_characters_are_refused_in_names_and_text(bad):
    with pytest.raises(ValidationError) as info:
        Parent(name=f"Amira{bad}Khan")
    assert f"invisible format character (U+{ord(bad):04X})" in str(info.value)
    with pytest.raises(ValidationError):
        Consultation(date=date(2026, 9, 8), with_=["Sara Khan"], method="meeting", summary=f"Agreed {bad}support")


def test_joiners_are_allowed():
    assert Parent(name="Mehr\u200cnoush").name == "Mehr\u200cnoush"
    assert Parent(name="Ana\u200dya").name == "Ana\u200dya"


def test_format_character_on_the_command_line_is_refused_and_nothing_written(run, cases_dir):
    result = run("new-child", "--id", "bea-jones", "--name", "Bea \u202eJones", "--dob", "2019-03-02",
                 "--setting", "primary", "--school", "Hill Primary")  # fmt: skip
    assert result.exit_code == 2
    assert "--name:" in result.stderr and "U+202E" in result.stderr
    assert not (cases_dir / "bea-jones.toml").exists()


def test_an_existing_file_with_a_format_character_fails_with_its_field_path(run, amira):
    data = amira.read_bytes().replace(b"Sara Khan", "Sara\u202e Khan".encode())
    amira.write_bytes(data)
    for args in (["validate"], ["show", "amira-khan"], ["update", "amira-khan", "--senco", "Mr T. Ní Bhriain"]):
        result = run(*args)
        assert result.exit_code == 4, (args, result)
        assert "parents[0].name" in result.stdout + result.stderr
        assert "U+202E" in result.stdout + result.stderr
    assert amira.read_bytes() == data


@pytest.mark.parametrize(("parent", "with_"), [(NFD_ZOE, NFC_ZOE), (NFC_ZOE, NFD_ZOE)])
def test_a_name_typed_two_ways_is_one_person(run, cases_dir, parent, with_):
    assert NFD_ZOE != NFC_ZOE
    args = [a if a != "Sara Khan" else parent for a in AMIRA]
    assert run(*args).exit_code == 0
    result = run("consult", "amira-khan", "--date", "2026-09-08", "--with", with_, "--method", "phone",
                 "--summary", "Agreed support")  # fmt: skip
    assert result.exit_code == 0, result
    record = tomllib.loads((cases_dir / "amira-khan.toml").read_text("utf-8"))
    assert record["parents"][0]["name"] == NFC_ZOE
    assert record["consultations"][0]["with"] == [NFC_ZOE]


# --- Markdown letters: a concern cannot start a heading, a rule or a strike-through -----------

HOSTILE_MD = "Speech\n\t\tindented\n===\n--- then\n~~struck~~ and ~one~\n# shout\n> quoted\n+ plus\n* star\n-dash\n1. one\n```code```"
MD_TAGS = ("<h1", "<h2", "<h3", "<hr", "<blockquote", "<ol", "<pre", "<code", "<s>", "<del>", "<em>", "<strong>")


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough").render(markdown)


def _tag_counts(markdown: str) -> dict[str, int]:
    html = _html(markdown)
    return {tag: html.count(tag) for tag in MD_TAGS} | {"<li": html.count("<li")}


@pytest.mark.parametrize("command", ["letter", "prep"])
def test_markdown_output_escapes_line_starts_and_tildes(run, amira, command):
    option = "--concern" if command == "letter" else "--want"
    plain = run(command, "amira-khan", option, "A plain line", "--format", "markdown")
    hostile = run(command, "amira-khan", option, HOSTILE_MD, "--format", "markdown")
    assert plain.exit_code == hostile.exit_code == 0, hostile
    assert _tag_counts(hostile.stdout) == _tag_counts(plain.stdout)  # no new structure at all
    html = _html(hostile.stdout)
    for shown in ("===", "--- then", "~~struck~~ and ~one~", "# shout", "&gt; quoted", "+ plus", "* star",
                  "-dash", "1. one", "```code```"):  # fmt: skip
        assert shown in html, shown


# --- --output: never the cases folder, never over something that is not a regular file --------


@pytest.mark.parametrize("command", ["letter", "prep"])
def test_output_inside_the_cases_folder_is_refused_even_with_force(run, amira, cases_dir, command):
    before = amira.read_bytes()
    for target in (cases_dir / "amira-khan.toml", cases_dir / "letter.md", cases_dir / ".senpath" / "x.md"):
        result = run(command, "amira-khan", "--output", str(target), "--force")
        assert result.exit_code == 2, (target, result)
        assert "inside the cases folder" in result.stderr
    relative = run(command, "amira-khan", "--output", "cases/amira-khan.toml", "--force")  # cwd is tmp_path
    assert relative.exit_code == 2 and "inside the cases folder" in relative.stderr
    assert amira.read_bytes() == before
    assert sorted(p.name for p in cases_dir.iterdir()) == [".senpath", "amira-khan.toml"]


def test_output_through_a_link_into_the_cases_folder_is_refused(run, amira, cases_dir, tmp_path):
    (tmp_path / "shortcut").symlink_to(cases_dir)
    before = amira.read_bytes()
    result = run("letter", "amira-khan", "--output", str(tmp_path / "shortcut" / "amira-khan.toml"), "--force")
    assert result.exit_code == 2 and "inside the cases folder" in result.stderr
    assert amira.read_bytes() == before


@pytest.mark.parametrize("command", ["letter", "prep"])
def test_force_never_replaces_a_link_or_a_device(run, amira, tmp_path, command):
    link = tmp_path / "stdout-link"
    link.symlink_to("/dev/stdout")
    elsewhere = tmp_path / "real.md"
    elsewhere.write_text("keep me")
    other = tmp_path / "other-link.md"
    other.symlink_to(elsewhere)
    for target, what in ((link, "symbolic link"), (other, "symbolic link"), (Path("/dev/null"), "regular file")):
        result = run(command, "amira-khan", "--output", str(target), "--force")
        assert result.exit_code == 2, (target, result)
        assert what in result.stderr
    assert link.is_symlink() and other.is_symlink() and elsewhere.read_text() == "keep me"


def test_output_dash_is_standard_output(run, amira, tmp_path):
    result = run("letter", "amira-khan", "--output", "-")
    assert result.exit_code == 0, result
    assert "Dear" in result.stdout
    assert not (tmp_path / "-").exists()
    sheet = run("prep", "amira-khan", "-o", "-", "--format", "markdown")
    assert sheet.exit_code == 0 and sheet.stdout.startswith("#")
    assert not (tmp_path / "-").exists()


def test_ics_inside_the_cases_folder_or_over_a_link_is_refused(run, amira, cases_dir, tmp_path):
    assert run("reviews", "--ics", str(cases_dir / "r.ics")).exit_code == 2
    link = tmp_path / "r.ics"
    link.symlink_to(tmp_path / "target.ics")
    result = run("reviews", "--ics", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert not (tmp_path / "target.ics").exists() and not (cases_dir / "r.ics").exists()


def test_a_letter_too_long_to_log_is_refused_before_its_file_is_written(run, amira, tmp_path):
    out = tmp_path / "letter.md"
    questions = [arg for i in range(30) for arg in ("--question", f"Question {i}: " + "why " * 200)]
    before = amira.read_bytes()
    result = run("letter", "amira-khan", *questions, "--output", str(out), "--record")
    assert result.exit_code == 3, result
    assert "more than the 20,000 a record keeps" in result.stderr
    assert not out.exists()
    assert amira.read_bytes() == before


# --- SENPATH_TODAY and SENPATH_LOCK_TIMEOUT are read like --date: never an internal error -----


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("9999-12-31", "is out of range: a date must be between 1900-01-01 and 2199-12-31"),
        ("0001-01-01", "is out of range: a date must be between 1900-01-01 and 2199-12-31"),
        ("20270601", "is not a date"),
        ("2027-W01-1", "is not a date"),
        ("2027-02-30", "is not a date"),
    ],
)
def test_a_bad_senpath_today_is_refused_like_date(run, amira, monkeypatch, value, why):
    before = amira.read_bytes()
    monkeypatch.setenv("SENPATH_TODAY", value)
    for args in (["reviews"], ["reviews", "--json"], ["consult", "amira-khan", "--date", "2026-09-08",
                 "--with", "Sara Khan", "--method", "phone", "--summary", "Agreed"]):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 2, (args, result)
        assert result.stderr == f"senpath: SENPATH_TODAY={value!r} {why}: use YYYY-MM-DD, or unset it\n"
        assert result.stdout == ""
    assert amira.read_bytes() == before


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "601", "soon", "1e400"])
def test_a_bad_lock_timeout_is_a_one_line_usage_error(run, amira, monkeypatch, value):
    before = amira.read_bytes()
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", value)
    result = run("consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "phone",
                 "--summary", "Agreed")  # fmt: skip
    assert result.exit_code == 2, result
    assert "SENPATH_LOCK_TIMEOUT" in result.stderr and "from 0 to 600" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert amira.read_bytes() == before


def test_a_good_lock_timeout_is_used(run, amira, monkeypatch):
    monkeypatch.setenv("SENPATH_LOCK_TIMEOUT", " 0.5 ")
    result = run("update", "amira-khan", "--senco", "Mr T. Ní Bhriain")
    assert result.exit_code == 0, result


def test_reviews_json_items_name_the_today_they_were_worked_out_from(run, amira_action, monkeypatch):
    assert run("iep", "new", "amira-khan", "--start", "2026-10-01", "--target", "Say 20 sounds").exit_code == 0
    items = json.loads(run("reviews", "--json").stdout)
    assert isinstance(items, list) and items
    assert all(item["today"] == "2026-11-22" and item["name"] == "Amira Khan" for item in items)
    monkeypatch.setenv("SENPATH_TODAY", "2026-12-01")
    assert {item["today"] for item in json.loads(run("reviews", "--json").stdout)} == {"2026-12-01"}


@pytest.mark.slow
def test_an_overridden_today_is_said_on_a_terminal(amira, tmp_path):
    """Under a real pseudo-terminal, the installed command says which today it uses (one line)."""
    import os
    import pty
    import subprocess
    import sys

    senpath = Path(sys.executable).parent / "senpath"
    main, child = pty.openpty()
    env = {**os.environ, "SENPATH_TODAY": "2026-12-01"}
    done = subprocess.run([str(senpath), "reviews", "--json"], stdout=subprocess.PIPE, stderr=child, env=env,
                          timeout=60, check=False)  # fmt: skip
    os.close(child)
    said = os.read(main, 4096).decode()
    os.close(main)
    assert done.returncode == 0
    assert said.splitlines() == ["senpath: today is 1 Dec 2026 (SENPATH_TODAY)"]
    assert all(item["today"] == "2026-12-01" for item in json.loads(done.stdout))
    unset = {k: v for k, v in env.items() if k != "SENPATH_TODAY"}
    main, child = pty.openpty()
    done = subprocess.run([str(senpath), "list"], stdout=subprocess.PIPE, stderr=child, env=unset, timeout=60,
                          check=False)  # fmt: skip
    os.close(child)
    os.set_blocking(main, False)
    try:
        quiet = os.read(main, 4096).decode()
    except OSError:  # nothing written: EAGAIN, or EIO once the other end is closed
        quiet = ""
    os.close(main)
    assert "SENPATH_TODAY" not in quiet


@pytest.mark.parametrize("value", ["2027-W01-1", "20270601", "２０２６-０９-０８"])
def test_date_refuses_what_is_not_yyyy_mm_dd(run, amira, value):
    before = amira.read_bytes()
    result = run("consult", "amira-khan", "--date", value, "--with", "Sara Khan", "--method", "phone",
                 "--summary", "Agreed")  # fmt: skip
    assert result.exit_code == 2 and "is not a date; use YYYY-MM-DD" in result.stderr
    assert amira.read_bytes() == before


# --- senpath edit stopped by SIGTERM / SIGHUP ----------------------------------------------

STOPPING_EDITOR = """#!/bin/sh
# A fake editor: optionally changes the copy, then the terminal goes away (senpath gets a signal).
if [ -n "$CHANGE" ]; then sed -i 's/Ms R. Evans/Mr T. Ni Bhriain/' "$1"; fi
kill -$SIGNAL $PPID
sleep 20
"""


def _senpath_edit(tmp_path: Path, cases_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    script = tmp_path / "stopping-editor.sh"
    script.write_text(STOPPING_EDITOR)
    script.chmod(0o700)
    full = {**os.environ, "SENPATH_CASES_DIR": str(cases_dir), "EDITOR": str(script), **env}
    senpath = Path(sys.executable).parent / "senpath"
    return subprocess.run([str(senpath), "edit", "amira-khan"], capture_output=True, text=True, env=full,
                          stdin=subprocess.DEVNULL, timeout=60, check=False)  # fmt: skip


def _work_files(cases_dir: Path) -> list[str]:
    return sorted(p.name for p in (cases_dir / ".senpath").iterdir() if p.name.startswith("edit-"))


@pytest.mark.slow
@pytest.mark.parametrize("signal", ["TERM", "HUP"])
def test_an_unchanged_edit_stopped_by_a_signal_leaves_no_copy(amira, cases_dir, tmp_path, signal):
    before = amira.read_bytes()
    done = _senpath_edit(tmp_path, cases_dir, SIGNAL=signal)
    assert done.returncode == 128 + {"TERM": 15, "HUP": 1}[signal], done
    assert f"stopped (SIG{signal}); nothing was changed or written" in done.stderr
    assert "Traceback" not in done.stderr
    assert _work_files(cases_dir) == []
    assert amira.read_bytes() == before


@pytest.mark.slow
def test_a_changed_edit_stopped_by_a_signal_is_kept_and_offered_next_time(run, amira, cases_dir, tmp_path, monkeypatch):
    before = amira.read_bytes()
    done = _senpath_edit(tmp_path, cases_dir, SIGNAL="TERM", CHANGE="1")
    assert done.returncode == 143, done
    assert "unsaved changes are kept at" in done.stderr and "senpath edit amira-khan opens them again" in done.stderr
    kept = _work_files(cases_dir)
    assert len(kept) == 2 and kept[1] == kept[0] + ".base"  # the copy and the file it began from
    assert b"Mr T. Ni Bhriain" in (cases_dir / ".senpath" / kept[0]).read_bytes()
    assert amira.read_bytes() == before  # nothing written to the record
    # the next edit opens the kept copy (the editor here saves it as it is)
    monkeypatch.setenv("EDITOR", "true")
    result = run("edit", "amira-khan")
    assert result.exit_code == 0, result
    assert "opening your unsaved edit of amira-khan" in result.stderr
    assert "saved your edit" in result.stderr + result.stdout
    assert 'senco = "Mr T. Ni Bhriain"' in amira.read_text()
    assert _work_files(cases_dir) == []


def test_a_kept_edit_whose_case_changed_meanwhile_is_not_written_over_it(run, amira, cases_dir, monkeypatch):
    """The kept copy began from an older record: saving it must not undo another person's change."""
    work = cases_dir / ".senpath"
    copy = work / "edit-amira-khan-abcd1234.toml"
    copy.write_bytes(amira.read_bytes().replace(b"Ms R. Evans", b"Mr T. Ni Bhriain"))
    (work / (copy.name + ".base")).write_bytes(amira.read_bytes())
    assert run("update", "amira-khan", "--head-teacher", "Mrs D. Dawiśka").exit_code == 0
    changed = amira.read_bytes()
    monkeypatch.setenv("EDITOR", "true")
    result = run("edit", "amira-khan")
    assert result.exit_code == 1, result
    assert "changed by someone else" in result.stderr
    assert amira.read_bytes() == changed
    assert _work_files(cases_dir) == [copy.name]  # kept for reference, no longer offered
    again = run("edit", "amira-khan")
    assert again.exit_code == 0 and "opening your unsaved edit" not in again.stderr


# --- permissions after a git clone under umask 022 ------------------------------------------

BOB = ["new-child", "--id", "bob-stone", "--name", "Bob Stone", "--dob", "2019-03-02", "--setting", "primary",
       "--school", "Hill Primary", "--parent", "Jo Stone", "--opened", "2026-09-01"]  # fmt: skip


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def cloned(run, tmp_path, monkeypatch):
    """A register made by senpath, then cloned by git under umask 022 (files 0644, folder 0755)."""
    origin = tmp_path / "origin"
    origin.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=origin, check=True)
    for key, value in (("user.name", "Ms R. Evans"), ("user.email", "evans@school.example")):
        subprocess.run(["git", "config", key, value], cwd=origin, check=True)
    monkeypatch.setenv("SENPATH_CASES_DIR", str(origin / "cases"))
    assert run(*AMIRA).exit_code == 0 and run(*BOB).exit_code == 0
    subprocess.run(["sh", "-c", "umask 022 && git clone -q origin clone"], cwd=tmp_path, check=True)
    cases = tmp_path / "clone" / "cases"
    monkeypatch.setenv("SENPATH_CASES_DIR", str(cases))
    assert _mode(cases / "amira-khan.toml") == 0o644 and _mode(cases) == 0o755
    return cases


LOOSE = "senpath: warning: 2 case files and the cases folder can be read by other users; run senpath validate --fix-permissions"


@pytest.mark.parametrize("args", [["list"], ["list", "--no-index"], ["reviews"], ["reviews", "--json"], ["validate"]])
def test_readable_case_files_are_reported_on_every_run(run, cloned, args):
    for _ in range(2):  # cold and warm index
        result = run(*args)
        assert result.exit_code == 0, result
        lines = [line for line in result.stderr.splitlines() if "can be read by other users" in line]
        assert len(lines) == 1 and lines[0] == LOOSE, result.stderr


def test_a_single_child_command_reports_its_file(run, cloned):
    result = run("show", "amira-khan")
    assert result.exit_code == 0
    assert "1 case file and the cases folder can be read by other users" in result.stderr


def test_the_next_write_makes_the_file_and_folder_private(run, cloned):
    result = run("update", "amira-khan", "--senco", "Mr T. Ní Bhriain")
    assert result.exit_code == 0, result
    assert _mode(cloned / "amira-khan.toml") == 0o600 and _mode(cloned) == 0o700
    assert _mode(cloned / "bob-stone.toml") == 0o644  # not written: still reported
    after = run("list")
    assert "1 case file can be read by other users" in after.stderr


def test_validate_fix_permissions(run, cloned):
    result = run("validate", "--fix-permissions")
    assert result.exit_code == 0, result
    assert "Made 2 case files (0600) and 1 folder (0700) private." in result.stderr
    assert _mode(cloned / "amira-khan.toml") == _mode(cloned / "bob-stone.toml") == 0o600
    assert _mode(cloned) == 0o700
    for args in (["list"], ["reviews"], ["validate"], ["show", "bob-stone"]):
        assert "read by other users" not in run(*args).stderr


def test_intermediate_folders_are_created_private(run, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        result = run("--cases-dir", str(tmp_path / "school" / "sen" / "cases"), *AMIRA)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result
    for folder in (tmp_path / "school", tmp_path / "school" / "sen", tmp_path / "school" / "sen" / "cases"):
        assert _mode(folder) == 0o700, folder


# --- free text from standard input or a file, never only from the command line --------------

FREE_TEXT = {
    "--concern", "--diagnosis", "--summary", "--parent-views", "--child-views", "--reason", "--evidence",
    "--advice", "--add-concern", "--remove-concern", "--add-diagnosis", "--remove-diagnosis", "--target",
    "--strategy", "--home", "--monitoring", "--notes", "--question", "--enclose", "--want",
}  # fmt: skip


def _every_free_text_option() -> list[tuple[list[str], str]]:
    import typer.main

    from senpath.cli import app

    found = []

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "list_commands"):  # a group (the root loads its commands lazily)
            for name in command.list_commands(None):
                walk(command.get_command(None, name), [*path, name])
            return
        args = [("amira-khan" if p.name == "child" else "Ms T. Okafor") for p in command.params
                if p.param_type_name == "argument"]  # fmt: skip
        for param in command.params:
            if param.param_type_name == "option" and param.opts[0] in FREE_TEXT:
                found.append(([*path, *args], param.opts[0]))

    walk(typer.main.get_command(app), [])
    return found


OPTIONS = _every_free_text_option()


def test_the_free_text_options_are_all_found():
    names = {option for _, option in OPTIONS}
    assert names == FREE_TEXT
    assert len(OPTIONS) >= 25  # --reason, --notes, --concern... on several commands each


@pytest.mark.parametrize(("args", "option"), OPTIONS, ids=[f"{' '.join(a[:2])} {o}" for a, o in OPTIONS])
def test_every_free_text_option_reads_a_file(run, amira, args, option):
    before = amira.read_bytes()
    result = run(*args, option, "@no-such-folder/notes.txt")
    assert result.exit_code == 2, result
    assert result.stderr.startswith(f"senpath: {option} @no-such-folder/notes.txt: cannot read")
    assert "No such file or directory" in result.stderr
    assert amira.read_bytes() == before


def test_summary_from_standard_input_and_views_from_a_file(run, amira, tmp_path):
    views = tmp_path / "views.txt"
    views.write_bytes("\ufeffZoë says she is happy to try it.\r\nShe asked for weekly notes.\r\n\r\n".encode())
    result = run("consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
                 "--summary", "-", "--parent-views", f"@{views}", "--child-views", "@@home is best",
                 input="Diagnosis discussed: developmental language disorder.\n")  # fmt: skip
    assert result.exit_code == 0, result
    consultation = tomllib.loads(amira.read_text("utf-8"))["consultations"][0]
    assert consultation["summary"] == "Diagnosis discussed: developmental language disorder."
    assert consultation["parent_views"] == "Zoë says she is happy to try it.\nShe asked for weekly notes."
    assert consultation["child_views"] == "@home is best"


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "is empty"),
        (b"\xff\xfe bad", [], "is not UTF-8 text"),
        (b"x" * 1_000_001, [], "holds more than 1,000,000 bytes"),
        (b"fine", ["--parent-views", "-"], "standard input is already read for --summary"),
    ],
)
def test_free_text_input_refusals(run, amira, tmp_path, content, extra, message):
    before = amira.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    summary = "-" if extra else f"@{notes}"
    result = run("consult", "amira-khan", "--date", "2026-09-08", "--with", "Sara Khan", "--method", "meeting",
                 "--summary", summary, *extra, input=content.decode("utf-8", "replace"))  # fmt: skip
    assert result.exit_code == 2, result
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert amira.read_bytes() == before
    bare = run("leave", "amira-khan", "--date", "2026-11-01", "--reason", "@")
    assert bare.exit_code == 2 and "give a file name after @" in bare.stderr
