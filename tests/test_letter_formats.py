"""Letters printable and kept (issue 14, section 3): Word and PDF read back and compared with the
plain letter; ``--output`` takes the format from its extension; ``senpath letters`` lists the
letters recorded and prints one again, in any format."""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from senpath import letters
from senpath.checked import Store, parse_case
from senpath.errors import SenpathError, UsageError
from senpath.letter_formats import format_of, render, to_docx, to_pdf
from senpath.letters import Bullets, Document, Heading, Lines, Para, kept_letter, to_markdown, to_text
from senpath.models import Letter, LetterBlock
from senpath.store import dump_case
from tests.letters_data import REASON, basic, with_help

SAMPLES = Path(__file__).resolve().parent.parent / "cases"
ON = date(2026, 12, 1)
A4_PT = (595.28, 841.89)  # 210 x 297 mm in points (72 to the inch)
NAMES = ("Zoë O'Neill", "Dawiśka", "Ní Bhriain", "Łukasz", "Nguyễn")


def sample_letters() -> list[tuple[str, Document]]:
    """Every letter the sample children can have on 1 Dec 2026 (a child who left, has a
    statement or has a request under way is refused one; a child with no plan to review is
    refused the review invitation: not a letter to print)."""
    from senpath.errors import MissingItemError, RefusedError

    found = []
    store = Store(SAMPLES)
    meeting = letters.Meeting(day=date(2026, 12, 7), time="3.30pm", place="the SENCO's room")
    for child in store.ids():
        case = store.load(child)
        for kind in ("meeting-request", "assessment-request", "provision-notice", "review-invitation"):
            try:
                doc = letters.build(
                    kind,  # type: ignore[arg-type]
                    case,
                    on=ON,
                    la="Northshire County Council",
                    reasons=[REASON],
                    enclosures=["GP letter"],
                    meeting=meeting,
                )
            except (RefusedError, MissingItemError):
                continue
            found.append((f"{child}-{kind}", doc))
    return found


SAMPLE_LETTERS = sample_letters()


def accented() -> Document:
    """A meeting request that names Zoë, Dawiśka, Ní Bhriain, Łukasz and Nguyễn."""
    case = basic(
        child_id="zoe-oneill",
        name="Zoë O'Neill",
        head_teacher="Mrs Ní Bhriain",
        parents=["Łukasz Dawiśka"],
        concerns=["Zoë's friend Nguyễn reads to her: she cannot read the board"],
    )
    return letters.build("meeting-request", case, on=ON)


def long_letter() -> Document:
    """A meeting request with 40 concerns: more than a page."""
    case = basic(concerns=[f"concern number {n}: finds the {n}th step of a routine hard to follow" for n in range(40)])
    return letters.build("meeting-request", case, on=ON)


# ---------------------------------------------------------------------------
# Reading the files back


def docx_text(data: bytes) -> str:
    """The Word document's paragraphs as plain text, laid out as senpath's text letters are:
    blank lines between paragraphs, bulleted paragraphs ("List Bullet") as '- ' lines together."""
    import docx

    parts: list[str] = []
    bulleted = False
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        if p.style.name == "List Bullet":
            item = "- " + p.text.replace("\n", "\n  ")
            if bulleted:
                parts[-1] += "\n" + item
            else:
                parts.append(item)
            bulleted = True
        else:
            parts.append(p.text)
            bulleted = False
    return "\n\n".join(parts) + "\n"


def pdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [unicodedata.normalize("NFC", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def words(text: str) -> list[str]:
    """The words of a letter, whatever the wrapping: bullets ('- ' or '•') and page numbers aside."""
    text = re.sub(r"^Page \d+ of \d+$", "", text, flags=re.M)
    text = re.sub(r"^(- |•)", "", text, flags=re.M)
    return text.split()


@pytest.mark.parametrize(("name", "doc"), SAMPLE_LETTERS, ids=[n for n, _ in SAMPLE_LETTERS])
def test_each_sample_letter_in_word_reads_back_as_the_plain_letter(name, doc):
    import docx
    from docx.shared import Mm

    data = to_docx(doc)
    assert docx_text(data) == to_text(doc)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.left_margin - Mm(25)) < Mm(0.5)


@pytest.mark.parametrize(("name", "doc"), SAMPLE_LETTERS, ids=[n for n, _ in SAMPLE_LETTERS])
def test_each_sample_letter_in_pdf_is_one_or_two_a4_pages_of_the_plain_letter(name, doc):
    import pypdf

    data = to_pdf(doc)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_PT
    pages = pdf_pages(data)
    assert words("\n".join(pages)) == words(to_text(doc))
    if len(pages) == 2:
        assert [p.strip().splitlines()[-1] for p in pages] == ["Page 1 of 2", "Page 2 of 2"]
    else:
        assert "Page 1" not in pages[0]


def test_the_sample_letters_include_one_and_two_page_letters():
    counts = {len(pdf_pages(to_pdf(doc))) for _, doc in SAMPLE_LETTERS}
    assert counts == {1, 2}
    assert len(SAMPLE_LETTERS) >= 10


def test_every_accent_survives_in_the_pdf_and_the_word_document():
    doc = accented()
    text = "\n".join(pdf_pages(to_pdf(doc)))
    for name in NAMES:
        assert name in text, name
    assert words(text) == words(to_text(doc))
    assert docx_text(to_docx(doc)) == to_text(doc)


def test_the_pdf_embeds_its_font():
    import pypdf

    page = pypdf.PdfReader(io.BytesIO(to_pdf(accented()))).pages[0]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("SourceSansPro" in str(f["/BaseFont"]) for f in fonts)
    for f in fonts:
        descriptor = f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded: prints the same on any computer


def test_a_long_letter_breaks_onto_numbered_pages():
    doc = long_letter()
    pages = pdf_pages(to_pdf(doc))
    assert len(pages) == 2
    assert [p.strip().splitlines()[-1] for p in pages] == ["Page 1 of 2", "Page 2 of 2"]
    assert words("\n".join(pages)) == words(to_text(doc))
    # The signature block is never split from its name across a page.
    assert "Yours sincerely," in pages[1] and "Sara Khan" in pages[1]


def test_a_heading_or_block_of_lines_is_never_left_at_the_foot_of_a_page():
    """40 one-line paragraphs fill page 1; a heading and an address then start page 2 whole."""
    filler = tuple(Para(f"Line {n} of a long letter.") for n in range(28))
    doc = Document(
        kind="meeting-request",
        to="x",
        date=ON,
        blocks=(*filler, Heading("What happens next"), Para("After the heading."), Lines(("A", "B", "C", "D"))),
    )
    pages = pdf_pages(to_pdf(doc))
    assert len(pages) == 2
    assert "What happens next" in pages[1] and "What happens next" not in pages[0]


def test_the_same_letter_gives_the_same_bytes_dated_as_the_letter():
    import docx
    import pypdf

    doc = accented()
    assert to_pdf(doc) == to_pdf(doc)
    assert to_docx(doc) == to_docx(doc)
    meta = pypdf.PdfReader(io.BytesIO(to_pdf(doc))).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date() == ON
    props = docx.Document(io.BytesIO(to_docx(doc))).core_properties
    assert props.created is not None and props.created.date() == ON
    assert props.author == ""  # no name of the machine's user


def test_word_keeps_headings_bullets_and_lines_as_their_styles():
    import docx

    doc = Document(
        kind="prep",
        to="",
        date=ON,
        blocks=(
            Heading("Title", 1),
            Lines(("Mrs J. Patel", "Head teacher", "Little Acorns Nursery")),
            Bullets(("one", "two\nmore")),
        ),
    )
    paragraphs = docx.Document(io.BytesIO(to_docx(doc))).paragraphs
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Heading 1", "Title"),
        ("Normal", "Mrs J. Patel\nHead teacher\nLittle Acorns Nursery"),  # one paragraph: no blank lines inside
        ("List Bullet", "one"),
        ("List Bullet", "two\nmore"),
    ]


def test_a_character_the_pdf_font_lacks_is_refused_not_printed_as_a_box():
    case = basic(concerns=["writes her name as 王芳 at home"])
    doc = letters.build("meeting-request", case, on=ON)
    with pytest.raises(SenpathError, match=r"U\+738B") as caught:
        to_pdf(doc)
    assert caught.value.exit_code == 1
    assert "--format docx" in str(caught.value)
    assert "王芳" in docx_text(to_docx(doc))  # Word finds a font for it


@pytest.mark.parametrize(
    ("name", "chosen", "expected"),
    [
        ("letter.txt", None, "text"),
        ("letter.md", None, "markdown"),
        ("letter.markdown", None, "markdown"),
        ("letter.docx", None, "docx"),
        ("Letter.PDF", None, "pdf"),
        ("letter", None, "text"),
        ("letter", "pdf", "pdf"),
        (None, None, "text"),
        (None, "docx", "docx"),
        ("letter.pdf", "pdf", "pdf"),
        ("letter.md", "text", "text"),  # text and Markdown go in a file named for either
        ("letter.txt", "markdown", "markdown"),
        ("letter 22.11.2026", None, "text"),  # digits after the dot: not an extension
        ("Letter to Mrs. Carter", "docx", "docx"),  # a space after the dot: not an extension
    ],
)
def test_format_from_the_extension(name, chosen, expected):
    assert format_of(name, chosen) == expected


@pytest.mark.parametrize(
    ("name", "chosen", "needle"),
    [
        ("letter.odt", None, "cannot write a .odt file"),
        ("letter.rtf", None, "cannot write a .rtf file"),
        ("letter.doc", None, "cannot write a .doc file"),
        ("letter.odt", "docx", "cannot write a .odt file"),
        ("letter.docx", "pdf", "--format pdf does not match --output letter.docx, which would be a Word document"),
        ("letter.pdf", "text", "--format text does not match --output letter.pdf, which would be a PDF"),
        ("letter.txt", "docx", "--format docx does not match"),
        ("letter.txt", "html", "'html' is not one of text, markdown, docx, pdf"),
    ],
)
def test_format_refusals(name, chosen, needle):
    with pytest.raises(UsageError, match=re.escape(needle)):
        format_of(name, chosen)


# ---------------------------------------------------------------------------
# The letter kept in the correspondence


def test_a_recorded_letter_keeps_its_layout_and_prints_again_as_it_was():
    case = with_help()
    for doc in (
        letters.build("meeting-request", case, on=ON, questions=["What extra help is Amira getting now?"]),
        letters.build("assessment-request", case, on=ON, la="Northshire County Council", reasons=[REASON]),
    ):
        kept = letters.record(case, doc).correspondence[-1]
        assert kept.text == to_text(doc)
        assert kept.blocks is not None
        again, layout = kept_letter(kept)
        assert layout
        assert again == doc
        # ...through the case file too
        reloaded = parse_case(dump_case(letters.record(case, doc)), "t", "amira-khan").correspondence[-1]
        assert kept_letter(reloaded) == (doc, True)
        assert render(again, "pdf") == render(doc, "pdf")


def test_a_letter_recorded_without_its_layout_prints_from_its_text():
    doc = letters.build("assessment-request", with_help(), on=ON, la="Northshire County Council", reasons=[REASON])
    old = Letter(date=doc.date, kind=doc.kind, to=doc.to, text=to_text(doc))
    again, layout = kept_letter(old)
    assert not layout
    assert to_text(again) == old.text  # the text read back into paragraphs, lists and lines, losslessly
    assert any(isinstance(b, Bullets) for b in again.blocks) and any(isinstance(b, Lines) for b in again.blocks)
    assert docx_text(to_docx(again)) == old.text


def test_a_letter_whose_text_was_edited_since_prints_from_the_text():
    doc = accented()
    kept = letters.record(basic(), doc).correspondence[-1]
    edited = kept.model_copy(update={"text": kept.text.replace("Yours sincerely", "With best wishes")})
    again, layout = kept_letter(edited)
    assert not layout
    assert to_text(again) == edited.text


def test_the_same_letter_is_logged_once_with_or_without_its_layout():
    doc = accented()
    case = basic()
    case.correspondence.append(Letter(date=doc.date, kind=doc.kind, to=doc.to, text=to_text(doc)))
    assert letters.record(case, doc) is case


def test_a_case_file_without_layouts_still_loads_and_is_written_as_it_was():
    text = dump_case(basic()).decode().replace("correspondence = []\n", "")
    extra = '\n[[correspondence]]\ndate = 2026-11-01\nkind = "meeting-request"\nto = "Mrs J. Patel"\ntext = "Dear Mrs J. Patel,"\n'
    case = parse_case((text + extra).encode(), "t", "amira-khan")
    assert case.correspondence[-1].blocks is None
    assert "blocks" not in dump_case(case).decode()
    assert parse_case(dump_case(case), "t", "amira-khan") == case


@pytest.mark.parametrize(
    ("block", "needle"),
    [
        ({"type": "para"}, "a para block needs text"),
        ({"type": "para", "text": "x", "items": ["y"]}, "a para block has no items"),
        ({"type": "heading", "text": "x"}, "a heading block needs level"),
        ({"type": "lines", "lines": []}, "at least 1 item"),
        ({"type": "bullets", "items": ["\x1b[31m"]}, "control"),
        ({"type": "table", "text": "x"}, "'heading', 'para', 'lines' or 'bullets'"),
    ],
)
def test_a_kept_layout_is_checked(block, needle):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=re.escape(needle)):
        LetterBlock.model_validate(block)


# ---------------------------------------------------------------------------
# The CLI: --output and --format, senpath letters


@pytest.fixture
def zoe(run) -> None:
    args = ["new-child", "--id", "zoe-oneill", "--name", "Zoë O'Neill", "--dob", "2018-02-28",
            "--setting", "primary", "--school", "St Brigid's Primary", "--head-teacher", "Mrs Ní Bhriain",
            "--parent", "Łukasz Dawiśka", "--concern", "Nguyễn reads to her: she cannot read the board",
            "--opened", "2026-09-01"]  # fmt: skip
    assert run(*args).exit_code == 0


def test_output_takes_the_format_from_its_extension(run, zoe):
    for name in ("letter.txt", "letter.md", "letter.docx", "Letter.PDF"):
        result = run("letter", "zoe-oneill", "--output", name)
        assert result.exit_code == 0, result
        assert f"written to {name}" in result.stderr
        assert stat.S_IMODE(Path(name).stat().st_mode) == 0o600
    plain = run("letter", "zoe-oneill").stdout
    assert Path("letter.txt").read_text(encoding="utf-8") == plain
    assert Path("letter.md").read_text(encoding="utf-8") == run("letter", "zoe-oneill", "--format", "markdown").stdout
    assert docx_text(Path("letter.docx").read_bytes()) == plain
    pdf = Path("Letter.PDF").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert words("\n".join(pdf_pages(pdf))) == words(plain)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--output", "letter.odt"], "cannot write a .odt file"),
        (["--output", "letter.rtf"], "cannot write a .rtf file"),
        (["--output", "letter.doc", "--format", "docx"], "cannot write a .doc file"),
        (["--output", "letter.docx", "--format", "pdf"], "does not match --output letter.docx"),
        (["--format", "odt"], "is not one of text, markdown, docx, pdf"),
    ],
)
def test_an_extension_or_format_it_cannot_write_is_refused_and_nothing_is_written(run, zoe, cases_dir, args, needle):
    before = (cases_dir / "zoe-oneill.toml").read_bytes()
    result = run("letter", "zoe-oneill", "--record", *args)
    assert result.exit_code == 2, result
    assert needle in result.stderr
    assert result.stdout == ""
    assert [p.name for p in Path().iterdir() if p.name.startswith("letter")] == []
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == before  # nothing logged


def test_word_and_pdf_keep_the_output_rules(run, zoe, cases_dir):
    result = run("letter", "zoe-oneill", "--output", str(cases_dir / "letter.pdf"))
    assert result.exit_code == 2 and "inside the cases folder" in result.stderr
    assert not (cases_dir / "letter.pdf").exists()
    Path("letter.docx").write_bytes(b"mine")
    result = run("letter", "zoe-oneill", "--output", "letter.docx")
    assert result.exit_code == 1 and "--force" in result.stderr
    assert Path("letter.docx").read_bytes() == b"mine"
    assert run("letter", "zoe-oneill", "--output", "letter.docx", "--force").exit_code == 0
    assert docx_text(Path("letter.docx").read_bytes()) == run("letter", "zoe-oneill").stdout
    Path("link.pdf").symlink_to("letter.docx")
    result = run("letter", "zoe-oneill", "--output", "link.pdf", "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr


def test_a_pdf_piped_to_stdout_is_written(run, zoe):
    result = run("letter", "zoe-oneill", "--format", "pdf")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("%PDF-")


def test_a_pdf_with_a_character_its_font_lacks_is_refused_and_not_logged(run, zoe, cases_dir):
    before = (cases_dir / "zoe-oneill.toml").read_bytes()
    result = run("letter", "zoe-oneill", "--concern", "writes 王芳 at home", "--record", "--format", "pdf")
    assert result.exit_code == 1, result
    assert "U+738B" in result.stderr and "--format docx" in result.stderr
    assert result.stdout == ""
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == before
    result = run("letter", "zoe-oneill", "--concern", "writes 王芳 at home", "--output", "letter.pdf")
    assert result.exit_code == 1 and not Path("letter.pdf").exists()


SENPATH = shutil.which("senpath", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(
    SENPATH is None or shutil.which("script") is None, reason="needs the installed senpath and script(1)"
)
def test_word_or_pdf_on_a_terminal_is_refused_with_the_way_to_write_it(tmp_path, zoe, cases_dir):
    import os
    import shlex

    env = {**os.environ, "SENPATH_CASES_DIR": str(cases_dir), "NO_COLOR": "1"}
    before = (cases_dir / "zoe-oneill.toml").read_bytes()
    for args, suffix in ((["letter", "zoe-oneill", "--format", "pdf", "--record"], ".pdf"),
                         (["letters", "zoe-oneill", "1", "--format", "docx"], ".docx")):  # fmt: skip
        assert SENPATH is not None
        done = subprocess.run(
            ["script", "-qec", shlex.join([SENPATH, *args]), "/dev/null"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
        )
        out = done.stdout.decode("utf-8", "replace")
        assert done.returncode == 2, out
        assert f"--output FILE{suffix}" in out
        assert "%PDF" not in out and "PK" not in out
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == before


def test_letters_lists_the_letters_recorded_numbered_as_in_show(run, zoe):
    result = run("letters", "zoe-oneill")
    assert result.exit_code == 0
    assert result.stdout == "No letters recorded for Zoë O'Neill (zoe-oneill).\n"
    assert "senpath letter zoe-oneill --record" in result.stderr
    assert run("letters", "zoe-oneill", "--json").stdout == "[]\n"

    assert run("letter", "zoe-oneill", "--record", "--date", "2026-11-20").exit_code == 0
    assert run("letter", "zoe-oneill", "--record", "--question", "Who helps her?").exit_code == 0
    result = run("letters", "zoe-oneill")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if re.match(r"\d+ ", line)]
    assert [r.split("  ")[:3] for r in rows] == [["1", "20 Nov 2026", "meeting request"],
                                                 ["2", "22 Nov 2026", "meeting request"]]  # fmt: skip
    assert "Letters recorded for Zoë O'Neill (zoe-oneill)" in result.stdout
    show = run("show", "zoe-oneill").stdout
    assert "1  20 Nov 2026  meeting request" in show and "2  22 Nov 2026  meeting request" in show
    import json

    assert json.loads(run("letters", "zoe-oneill", "--json").stdout) == [
        {"number": 1, "date": "2026-11-20", "kind": "meeting-request",
         "to": "Mrs Ní Bhriain, Head Teacher, St Brigid's Primary", "layout_kept": True},
        {"number": 2, "date": "2026-11-22", "kind": "meeting-request",
         "to": "Mrs Ní Bhriain, Head Teacher, St Brigid's Primary", "layout_kept": True},
    ]  # fmt: skip


def test_letters_prints_a_letter_again_in_every_format_as_it_was_written(run, zoe):
    written = {}
    for suffix in ("txt", "md", "docx", "pdf"):
        first = f"first.{suffix}"
        args = ["letter", "zoe-oneill", "--date", "2026-11-20", "--question", "Who helps her?", "--output", first]
        assert run(*args, *(["--record"] if suffix == "txt" else [])).exit_code == 0
        written[suffix] = Path(first).read_bytes()
    run("letter", "zoe-oneill", "--record")  # a second letter, so N picks the right one
    for suffix, data in written.items():
        result = run("letters", "zoe-oneill", "1", "--output", f"again.{suffix}")
        assert result.exit_code == 0, result
        assert "letter 1 (meeting request, 2026-11-20) written to" in result.stderr
        assert Path(f"again.{suffix}").read_bytes() == data, suffix  # byte for byte
        assert stat.S_IMODE(Path(f"again.{suffix}").stat().st_mode) == 0o600
    assert run("letters", "zoe-oneill", "1").stdout == written["txt"].decode()
    assert run("letters", "zoe-oneill", "1", "--format", "markdown").stdout == written["md"].decode()


def test_letters_prints_an_old_letter_from_its_text(run, zoe, cases_dir):
    text = (
        "22 November 2026\n\nMrs Ní Bhriain\nHead teacher\n\nDear Mrs Ní Bhriain,\n\n- one\n- two\n\nŁukasz Dawiśka\n"
    )
    store = Store(cases_dir)
    case = store.load("zoe-oneill")
    case.correspondence.append(Letter(date=date(2026, 11, 22), kind="meeting-request", to="Mrs Ní Bhriain", text=text))
    store.save(case)
    result = run("letters", "zoe-oneill", "1", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == to_markdown(kept_letter(case.correspondence[0])[0])
    assert "Mrs Ní Bhriain\\\nHead teacher" in result.stdout and "- one\n- two" in result.stdout
    assert "printed from its text" in result.stderr
    assert run("letters", "zoe-oneill", "1").stdout == text
    assert run("letters", "zoe-oneill", "--json").stdout.count('"layout_kept": false') == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["3"], "letter 3: Zoë O'Neill (zoe-oneill) has letters 1 and 2; see senpath letters zoe-oneill"),
        (["0"], "has letters 1 and 2"),
        (["two"], "'two' is not a valid int"),
        (["--format", "pdf"], "give its number (senpath letters zoe-oneill N)"),
        (["--output", "x.pdf"], "give its number"),
        (["1", "--json"], "--json lists the letters"),
        (["1", "--output", "x.odt"], "cannot write a .odt file"),
    ],
)
def test_letters_refusals(run, zoe, args, needle):
    assert run("letter", "zoe-oneill", "--record", "--date", "2026-11-20").exit_code == 0
    assert run("letter", "zoe-oneill", "--record").exit_code == 0
    result = run("letters", "zoe-oneill", *args)
    assert result.exit_code == 2, result
    assert needle in result.stderr
    assert result.stdout == ""
    assert not Path("x.pdf").exists() and not Path("x.odt").exists()


def test_letters_of_a_child_with_none_or_unknown(run, zoe):
    result = run("letters", "zoe-oneill", "1")
    assert result.exit_code == 2
    assert "no letters are recorded for Zoë O'Neill (zoe-oneill)" in result.stderr
    result = run("letters", "nobody")
    assert result.exit_code == 1 and "no child 'nobody'" in result.stderr


def test_printing_a_letter_as_text_or_markdown_imports_no_word_or_pdf_library(tmp_path):
    import os

    from tests.make_samples import build

    build(tmp_path / "cases")
    env = {**os.environ, "SENPATH_CASES_DIR": str(tmp_path / "cases"), "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["letter", "amira-khan"], ["reviews", "--due"], ["show", "amira-khan"]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "senpath", *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr[-500:]
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
        assert not imported & {"docx", "fpdf", "fontTools", "lxml", "PIL"}, args


def test_prep_and_iep_sheets_print_as_word_and_pdf(run, cases_dir):
    """The meeting sheet and the printable IEP take the same formats: their words, headings'
    underlines aside, read back from each file."""
    Store(cases_dir).create(with_help())
    for command in (["prep", "amira-khan"], ["iep", "show", "amira-khan"]):
        plain = run(*command, "--format", "text").stdout
        expected = [w for w in words(plain) if not re.fullmatch(r"[=-]+", w)]
        for suffix in ("docx", "pdf"):
            target = f"{command[0]}.{suffix}"
            result = run(*command, "--output", target)
            assert result.exit_code == 0, result
            data = Path(target).read_bytes()
            text = docx_text(data) if suffix == "docx" else "\n".join(pdf_pages(data))
            assert words(text) == expected, (command, suffix)
        result = run(*command, "--output", f"{command[0]}.odt")
        assert result.exit_code == 2 and "cannot write a .odt file" in result.stderr
