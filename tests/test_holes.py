"""Holes a hostile review found (issue 9): each reproduced as a user would meet it.

Reproduce: .venv/bin/python -m pytest tests/test_holes.py -q
"""

from __future__ import annotations

import tomllib
import unicodedata
from datetime import date

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

HOSTILE_MD = "Speech\n===\n--- then\n~~struck~~ and ~one~\n# shout\n> quoted\n+ plus\n* star\n-dash\n1. one\n```code```"
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
