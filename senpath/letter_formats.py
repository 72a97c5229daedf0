"""Letters and sheets as files: plain text, Markdown, an editable Word document, or an A4 PDF.

Input: a :class:`senpath.letters.Document` (headings, paragraphs, lines kept together, bullet
lists). :func:`render` gives the bytes of any format; text and Markdown are
:func:`senpath.letters.to_text` and :func:`~senpath.letters.to_markdown` in UTF-8. Word and PDF
are made by python-docx and fpdf2, imported only when such a file is written, so no other
command pays for them.

Both are A4 with 25 mm margins. The PDF embeds Source Sans Pro (SIL Open Font License, from
the ``font-source-sans-pro`` package), which has every accented Latin letter (Zoë, Dawiśka,
Ní Bhriain, Łukasz, Nguyễn) as well as Greek and Cyrillic; a character it lacks is refused
rather than printed as an empty box. The Word document names Arial, which Word replaces with a
font that has the letter where needed. Both are reproducible: their dates are the document's
date, so the same letter gives the same bytes.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from senpath.errors import SenpathError, UsageError
from senpath.letters import Document, Heading, Lines, Para, to_markdown, to_text

if TYPE_CHECKING:
    from fpdf import FPDF

OutFormat = Literal["text", "markdown", "docx", "pdf"]
FORMATS: tuple[OutFormat, ...] = ("text", "markdown", "docx", "pdf")
BINARY: frozenset[str] = frozenset({"docx", "pdf"})
FORMAT_WORDS: dict[OutFormat, str] = {
    "text": "plain text",
    "markdown": "Markdown",
    "docx": "a Word document",
    "pdf": "a PDF",
}
# The extension of a file name -> the format written to it.
EXTENSIONS: dict[str, OutFormat] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUFFIX: dict[OutFormat, str] = {"text": ".txt", "markdown": ".md", "docx": ".docx", "pdf": ".pdf"}

MARGIN_MM = 25
FONT_PT = 11


def format_of(name: str | None, chosen: str | None) -> OutFormat:
    """The format to write: ``chosen`` (--format) and the file's extension must agree; a file with
    no extension (or standard output, ``name`` None) is text unless chosen otherwise. Text and
    Markdown may go in a file named for either (plain text in a .md file is Markdown too). What
    follows a name's last dot counts as an extension when it looks like one (a letter, then up to
    seven letters or digits): "letter 22.11.2026" has none.

    Raises :class:`UsageError` for an unknown format, an extension senpath cannot write (.odt,
    .rtf, .doc, ...) or a format that contradicts the extension."""
    if chosen is not None and chosen not in FORMATS:
        raise UsageError(f"{{opt:format}}: {chosen!r} is not one of {', '.join(FORMATS)}")
    suffix = Path(name).suffix.lower() if name is not None else ""
    if not re.fullmatch(r"\.[a-z][a-z0-9]{0,7}", suffix):
        return chosen or "text"
    by_name = EXTENSIONS.get(suffix)
    if by_name is None:
        raise UsageError(
            f"{{opt:output}} {name}: senpath cannot write a {suffix} file; give a name ending .txt, .md, .docx or .pdf "
            "(text, Markdown, Word, PDF)"
        )
    if chosen is not None and chosen != by_name and BINARY & {chosen, by_name}:  # text in a .md file is fine
        raise UsageError(
            f"{{opt:format}} {chosen} does not match {{opt:output}} {name}, which would be {FORMAT_WORDS[by_name]}; "
            f"leave out {{opt:format}}, or give a file name ending {SUFFIX[chosen]}"
        )
    return chosen or by_name


def render(doc: Document, fmt: OutFormat) -> bytes:
    """The document in ``fmt``, as the bytes of a file."""
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "pdf":
        return to_pdf(doc)
    return (to_markdown(doc) if fmt == "markdown" else to_text(doc)).encode("utf-8")


def _title(doc: Document) -> str:
    """The document's title: its first heading or subject line."""
    for block in doc.blocks:
        if isinstance(block, Heading) or (isinstance(block, Para) and block.strong):
            return block.text
    return doc.to


def _when(doc: Document) -> datetime:
    return datetime(doc.date.year, doc.date.month, doc.date.day)


class MissingPackageError(SenpathError):
    """A package senpath depends on is not installed (a broken install)."""


# ---------------------------------------------------------------------------
# Word


def to_docx(doc: Document) -> bytes:
    """An editable Word document: A4, Arial 11 pt, UK English; headings in Word's heading styles,
    address and signature lines as one paragraph with line breaks, bullets in "List Bullet"."""
    try:
        import docx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor
    except ImportError:
        raise MissingPackageError(
            "cannot write a Word document: the python-docx package is missing; reinstall senpath"
        ) from None

    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)

    normal = out.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(FONT_PT)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for side in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(side), "Arial")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    for level, size in ((1, 16), (2, 13), (3, FONT_PT)):
        style = out.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level < 3 else 8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    def breaks(paragraph: object, text: str, bold: bool = False) -> None:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        run.bold = bold or None
        for n, line in enumerate(text.split("\n")):
            if n:
                run.add_break()
            if line:
                run.add_text(line)

    for block in doc.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            breaks(out.add_paragraph(), block.text, bold=block.strong)
        elif isinstance(block, Lines):
            paragraph = out.add_paragraph()
            paragraph.paragraph_format.keep_together = True
            breaks(paragraph, "\n".join(block.lines))
        else:
            for n, item in enumerate(block.items):
                paragraph = out.add_paragraph(style="List Bullet")
                last = n == len(block.items) - 1
                paragraph.paragraph_format.space_after = Pt(8 if last else 2)
                breaks(paragraph, item)

    props = out.core_properties
    props.title = _title(doc)
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.created = props.modified = props.last_printed = _when(doc)
    props.revision = 1
    raw = io.BytesIO()
    out.save(raw)
    return _fixed_zip_times(raw.getvalue(), _when(doc))


def _fixed_zip_times(data: bytes, when: datetime) -> bytes:
    """The same zip with each member dated ``when``: the same document gives the same bytes."""
    import zipfile

    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info))
    return out.getvalue()


# ---------------------------------------------------------------------------
# PDF

LINE_MM = 5.6  # the line height for 11 pt text
GAP_MM = 3.2  # between blocks
BULLET_INDENT_MM = 6.0
IGNORED = "\u200c\u200d"  # the joiners: allowed in a record, invisible, and not in the font


def font_files() -> tuple[Path, Path]:
    """The regular and bold TrueType files of the PDF's font."""
    try:
        import font_source_sans_pro
    except ImportError:
        raise MissingPackageError(
            "cannot write a PDF: its font (the font-source-sans-pro package) is missing; reinstall senpath"
        ) from None
    folder = Path(font_source_sans_pro.__file__).parent / "files"
    return folder / "SourceSansPro-Regular.ttf", folder / "SourceSansPro-Semibold.ttf"


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` the PDF's font cannot print (line breaks and joiners aside)."""
    from fontTools.ttLib import TTFont

    regular, _ = font_files()
    font = TTFont(str(regular), lazy=True)
    try:
        cmap = font.getBestCmap()
    finally:
        font.close()
    return sorted({ch for ch in text if ch not in "\n\t" + IGNORED and ord(ch) not in cmap})


def _printed(text: str) -> str:
    return "".join(ch for ch in text if ch not in IGNORED).replace("\t", "    ")


def check_printable(doc: Document, fmt: OutFormat) -> None:
    """Refuse a PDF whose font lacks a character of the document (it would print an empty box)."""
    if fmt != "pdf":
        return
    lacking = missing_characters(to_text(doc))
    if lacking:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in lacking[:5])
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        raise UnprintableError(
            f"cannot write this PDF: its font has no {shown}{more}; nothing was written or logged. "
            "Write a Word document instead ({opt:format} docx, or an {opt:output} ending .docx)"
        )


class UnprintableError(SenpathError):
    """A character the PDF's font lacks."""


def to_pdf(doc: Document) -> bytes:
    """An A4 PDF: Source Sans Pro 11 pt, text wrapped to the page; a page number at the foot of
    each page when the document runs to more than one; headings and blocks of lines never left
    at the foot of a page."""
    check_printable(doc, "pdf")
    first = _pdf(doc, numbered=False)
    if first.pages_count > 1:
        return bytes(_pdf(doc, numbered=True).output())
    return bytes(first.output())


def _pdf(doc: Document, *, numbered: bool) -> FPDF:
    try:
        from fpdf import FPDF
        from fpdf.enums import XPos, YPos
    except ImportError:
        raise MissingPackageError("cannot write a PDF: the fpdf2 package is missing; reinstall senpath") from None

    regular, bold = font_files()

    class Page(FPDF):
        def footer(self) -> None:
            if numbered:
                self.set_y(-MARGIN_MM + 8)
                self.set_font("body", size=9)
                self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Page(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(_when(doc))
    pdf.set_title(_title(doc))
    pdf.set_lang("en-GB")
    pdf.set_creator("senpath")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    bottom = pdf.h - MARGIN_MM

    def room_for(height: float) -> None:
        """A new page when ``height`` does not fit below (a block taller than a page just starts)."""
        if pdf.get_y() + height > bottom and pdf.get_y() > pdf.t_margin + 1:
            pdf.add_page()

    def para(text: str, *, indent: float = 0.0, bold: bool = False, size: float = FONT_PT) -> None:
        pdf.set_font("body", "B" if bold else "", size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, LINE_MM * size / FONT_PT, _printed(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    for n, block in enumerate(doc.blocks):
        if n:
            pdf.ln(GAP_MM)
        if isinstance(block, Heading):
            size = {1: 16.0, 2: 13.0}.get(block.level, float(FONT_PT))
            room_for(LINE_MM * 4)  # the heading and the start of what it heads
            para(block.text, bold=True, size=size)
        elif isinstance(block, Para):
            para(block.text, bold=block.strong)
        elif isinstance(block, Lines):
            room_for(LINE_MM * sum(line.count("\n") + 1 for line in block.lines))
            for line in block.lines:
                if line:
                    para(line)
                else:
                    pdf.ln(LINE_MM)
        else:
            for i, item in enumerate(block.items):
                if i:
                    pdf.ln(1.0)
                room_for(LINE_MM)
                pdf.set_font("body", "", FONT_PT)
                pdf.set_x(pdf.l_margin + 1.5)
                pdf.cell(BULLET_INDENT_MM - 1.5, LINE_MM, "\u2022")
                pdf.multi_cell(0, LINE_MM, _printed(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf
