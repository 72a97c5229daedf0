"""`senpath letter` and `senpath prep`: the parent's letters and meeting sheet, filled from the record.

The documents are built by :mod:`senpath.letters` and :mod:`senpath.prep`; this module parses the
options, writes the result (stdout, or ``--output`` atomically, 0600, never over an existing file
unless ``--force``) in text, Markdown, Word or PDF (:mod:`senpath.letter_formats`) and, with
``--record``, logs the letter through the store's locked ``change``. ``senpath letters`` lists the
letters kept and prints one again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from senpath.cli.common import ChildArg, JsonOpt, SenpathGroup, _done, _store, free_text
from senpath.errors import ExistsError, UsageError
from senpath.vocab import LetterKind

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

if TYPE_CHECKING:
    from senpath.letter_formats import OutFormat
    from senpath.letters import Document
    from senpath.models import Case

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="text|markdown|docx|pdf",
        help="text, markdown, docx (Word) or pdf (A4) [default: from the --output file's extension, else text].",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (0600; never in the cases folder) instead of printing; its extension .txt, .md, "
        ".docx or .pdf gives the format; - prints.",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")]


def _clean(values: list[str] | None, option: str) -> list[str]:
    """Refuse control characters (escape codes) in text that goes into a document."""
    from senpath.models import bad_character

    for value in values or []:
        ch = bad_character(value, allow_newlines=True)
        if ch is not None:
            raise UsageError(f"{option}: {value!r:.60} contains a control character (U+{ord(ch):04X}); remove it")
    return [v for v in values or [] if v.strip()]


def _one(value: str | None, option: str) -> str | None:
    found = _clean([value] if value is not None else [], option)
    return found[0].strip() if found else None


def _format(fmt: str | None, output: Path | None, ctx: typer.Context) -> OutFormat:
    """The format from --format and the --output file's extension (refusing an extension senpath
    cannot write, or one that contradicts --format); never a Word document or PDF on a terminal.
    Called before anything is written or logged."""
    from senpath.letter_formats import BINARY, SUFFIX, format_of

    if output is not None:  # a path never to be written (the cases folder, a link) is refused first, whatever its name
        from senpath.store import check_output

        check_output(output, "--output", _store(ctx).root, force=True)
    chosen = format_of(str(output) if output is not None else None, fmt)
    if chosen in BINARY and output is None and sys.stdout.isatty():
        raise UsageError(
            f"--format {chosen}: a {chosen.upper() if chosen == 'pdf' else 'Word'} file cannot be shown on the "
            f"terminal; write it with --output FILE{SUFFIX[chosen]} (or redirect: > FILE{SUFFIX[chosen]})"
        )
    return chosen


def _output(output: Path | None) -> Path | None:
    """``--output -`` means standard output."""
    return None if output is not None and str(output) == "-" else output


def _check_output(ctx: typer.Context, path: Path, force: bool) -> None:
    """Refuse before anything is written or recorded."""
    from senpath.store import check_output

    parent = path.parent
    if not parent.is_dir() and not path.is_dir():
        raise UsageError(f"--output: the folder {parent} does not exist; create it or choose another path")
    check_output(path, "output", _store(ctx).root, force=force)


def write_file(path: Path, text: str | bytes, force: bool) -> None:
    """Write atomically, mode 0600; without ``force``, never over a file that exists (even one just made)."""
    from senpath.files import write_atomic

    try:
        write_atomic(path, text.encode("utf-8") if isinstance(text, str) else text, overwrite=force)
    except FileExistsError:
        raise ExistsError(
            f"{path} already exists; nothing was written. Choose another --output, or add --force to replace it"
        ) from None


def _emit(doc: Document, fmt: OutFormat, output: Path | None, force: bool) -> None:
    from senpath.letter_formats import BINARY, render

    data = render(doc, fmt)
    if output is not None:
        write_file(output, data, force)
    elif fmt in BINARY:
        from senpath.render import write_bytes

        write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


def _meeting_time(value: str) -> str:
    """'15:30' -> '3.30pm', '09:00' -> '9am' (the UK way of writing a time in a letter)."""
    import re

    m = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", value.strip())
    if m is None:
        raise UsageError(f"--time: {value!r} is not a time of day; give it as HH:MM (e.g. 15:30)")
    hour, minute = int(m[1]), int(m[2])
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{'' if minute == 0 else f'.{minute:02d}'}{suffix}"


@app.command()
def letter(
    ctx: typer.Context,
    child: ChildArg,
    kind: Annotated[
        LetterKind,
        typer.Option(
            "--kind",
            help="The parent's meeting-request (to the head teacher) or assessment-request (to the LA); the "
            "school's provision-notice or review-invitation (to the parents).",
        ),
    ] = "meeting-request",
    sender: Annotated[
        list[str] | None,
        typer.Option(
            "--from",
            help="A parent or carer on the record who signs it (repeatable: two sign as 'we'; the first "
            "gives the address) [default: the first on the record].",
            show_default=False,
        ),
    ] = None,
    advisor: Annotated[
        str | None, typer.Option("--advisor", help="A friend or advisor who will come to the meeting.")
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option("--question", callback=free_text, help="A question to discuss at the meeting (repeatable)."),
    ] = None,
    concern: Annotated[
        list[str] | None,
        typer.Option("--concern", callback=free_text, help="A concern to add to those on record (repeatable)."),
    ] = None,
    la: Annotated[
        str | None, typer.Option("--la", help="The local authority, for an assessment request (required there).")
    ] = None,
    la_address: Annotated[
        str | None,
        typer.Option(
            "--la-address", callback=free_text, help="The local authority's address, for an assessment request."
        ),
    ] = None,
    reason: Annotated[
        list[str] | None,
        typer.Option(
            "--reason",
            callback=free_text,
            help="Why the school cannot meet the needs alone, for an assessment request (repeatable).",
        ),
    ] = None,
    enclose: Annotated[
        list[str] | None,
        typer.Option(
            "--enclose",
            callback=free_text,
            help="A document you enclose, for an assessment request (repeatable; none is needed).",
        ),
    ] = None,
    meeting_date: Annotated[
        str | None,
        typer.Option(
            "--meeting-date", metavar="YYYY-MM-DD", help="The review meeting's date, for a review invitation."
        ),
    ] = None,
    time: Annotated[
        str | None, typer.Option("--time", metavar="HH:MM", help="The review meeting's time, for a review invitation.")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place", help='Where the review meeting is (e.g. "the SENCO\'s office"), for a review invitation.'
        ),
    ] = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The letter's date [default: today].", show_default=False),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Also keep the letter in the case's correspondence (senpath letters prints it again)."
        ),
    ] = False,
) -> None:
    """Write a letter filled in from the record: the parent's meeting request or assessment
    request, or the school's provision notice or review invitation to the parents.

    Nothing is left blank: if the record lacks something the letter needs, it says what and how to add it.

    Example: senpath letter amira-khan --advisor "Jo Brown (Parent Partnership)"
    --question "What extra help is Amira getting now?" --record
    """
    from senpath import letters
    from senpath.dates import iso, not_future, parse_iso, today
    from senpath.letter_formats import check_printable
    from senpath.store import check_id

    check_id(child)
    senders = [_one(s, "--from") or "" for s in sender or []]
    the_advisor = _one(advisor, "--advisor")
    questions = _clean(question, "--question")
    concerns = _clean(concern, "--concern")
    the_la = _one(la, "--la")
    the_la_address = _one(la_address, "--la-address")
    reasons = _clean(reason, "--reason")
    enclosures = _clean(enclose, "--enclose")
    the_place = _one(place, "--place")
    given = {
        "--from": bool(sender), "--advisor": advisor is not None, "--question": bool(question),
        "--concern": bool(concern), "--la": la is not None, "--la-address": la_address is not None,
        "--reason": bool(reason), "--enclose": bool(enclose), "--meeting-date": meeting_date is not None,
        "--time": time is not None, "--place": place is not None,
    }  # fmt: skip
    allowed = {
        "meeting-request": {"--from", "--advisor", "--question", "--concern"},
        "assessment-request": {"--from", "--concern", "--la", "--la-address", "--reason", "--enclose"},
        "provision-notice": set(),
        "review-invitation": {"--meeting-date", "--time", "--place"},
    }[kind]
    wrong = [opt for opt, on in given.items() if on and opt not in allowed]
    if wrong:
        raise UsageError(
            f"{', '.join(wrong)}: not for --kind {kind}"
            + (f" (it takes {', '.join(sorted(allowed))})" if allowed else " (it takes none of the letter options)")
        )
    on = parse_iso(date_, "date") if date_ is not None else today()
    meeting = None
    if kind == "review-invitation":
        lacking = [o for o in ("--meeting-date", "--time", "--place") if not given[o]]
        if lacking or not the_place:
            raise UsageError(
                f"a review invitation needs the meeting's date, time and place: give {', '.join(lacking or ['--place'])}"
                ' (e.g. --meeting-date 2026-12-04 --time 15:30 --place "the SENCO\'s office")'
            )
        assert meeting_date is not None and time is not None and the_place is not None
        day = parse_iso(meeting_date, "meeting_date")
        if day < on:
            raise UsageError(
                f"--meeting-date: {iso(day)} is before the letter's date ({iso(on)}); invite to a meeting ahead"
            )
        meeting = letters.Meeting(day=day, time=_meeting_time(time), place=the_place)
    if record:
        not_future(on, "date")
    output = _output(output)
    out_format = _format(fmt, output, ctx)
    if output is not None:
        _check_output(ctx, output, force)

    def make(case: Case) -> Document:
        return letters.build(
            kind,
            case,
            on=on,
            senders=senders,
            advisor=the_advisor,
            questions=questions,
            concerns=concerns,
            la=the_la,
            la_address=the_la_address,
            reasons=reasons,
            enclosures=enclosures,
            meeting=meeting,
        )

    if record:
        built: list[Document] = []

        def apply(case: Case) -> Case:
            doc = make(case)  # built under the lock, from the record as it is saved
            built.append(doc)
            logged = letters.record(case, doc)  # refuses a letter too long to keep before any file is written
            check_printable(doc, out_format)  # a PDF its font cannot print is refused before anything is logged
            if output is not None:  # written before the record: a file that cannot be written logs nothing
                _emit(doc, out_format, output, force)
            return logged

        _, new, written = _store(ctx).change(child, apply)
        if output is None:
            _emit(built[-1], out_format, output, force)
        if written:
            _done(
                f"{child}: logged in the correspondence (letter {len(new.correspondence)}); see senpath show {child}."
            )
        else:
            _done(f"{child}: this letter was already in the correspondence; not logged again.")
        if kind == "assessment-request" and new.stage != new.fw.process.stage:
            _done(
                f"When you send it, record the request in the stage history too: senpath escalate {child} "
                f"--to {new.fw.process.stage} --requested-by parent --date {iso(on)}"
            )
    else:
        document = make(_store(ctx).load(child))
        _emit(document, out_format, output, force)
    if output is not None:
        _done(f"{child}: {letters.KIND_WORDS[kind]} written to {output}.")


@app.command()
def prep(
    ctx: typer.Context,
    child: ChildArg,
    want: Annotated[
        list[str] | None,
        typer.Option(
            "--want", callback=free_text, help="A change you want to see (repeatable) [default: lines to write on]."
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Print a meeting preparation sheet: the questions to be ready for, answered from the record.

    Where the record cannot answer, the sheet says what is missing instead of guessing.

    Example: senpath prep amira-khan --want "A weekly note home about speech" --output prep.md
    """
    from senpath import render
    from senpath.dates import today
    from senpath.hints import words
    from senpath.prep import prep_sheet
    from senpath.store import check_id

    check_id(child)
    wants = _clean(want, "--want")
    output = _output(output)
    out_format = _format(fmt, output, ctx)
    if output is not None:
        _check_output(ctx, output, force)
    doc = prep_sheet(_store(ctx).load(child), on=today(), wants=wants, say=words)
    if output is None and fmt is None and sys.stdout.isatty():
        render.document(doc)
        return
    _emit(doc, out_format, output, force)
    if output is not None:
        _done(f"{child}: preparation sheet written to {output}.")


@app.command("letters")
def letters_(
    ctx: typer.Context,
    child: ChildArg,
    number: Annotated[
        int | None,
        typer.Argument(
            metavar="[N]", help="The letter to print again, numbered as in senpath show.", show_default=False
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List the letters recorded for a child (senpath letter --record), or print letter N again.

    A letter prints again as it was recorded, in any format: text, Markdown, Word or PDF. A letter
    recorded before senpath kept letters' layout is printed from its text.

    Example: senpath letters amira-khan; senpath letters amira-khan 2 --output letter.pdf
    """
    from senpath import render
    from senpath.dates import iso
    from senpath.letters import KIND_WORDS, kept_letter
    from senpath.store import check_id

    check_id(child)
    if number is None and (fmt is not None or output is not None):
        raise UsageError(f"--format and --output print one letter: give its number (senpath letters {child} N)")
    if number is not None and json_:
        raise UsageError(f"--json lists the letters: leave out the number (senpath letters {child} --json)")
    output = _output(output)
    out_format = _format(fmt, output, ctx) if number is not None else None
    if output is not None:
        _check_output(ctx, output, force)
    case = _store(ctx).load(child)
    kept = case.correspondence
    if number is None:
        if json_:
            render.print_json(
                [
                    {"number": n, "date": iso(x.date), "kind": x.kind, "to": x.to, "layout_kept": x.blocks is not None}
                    for n, x in enumerate(kept, start=1)
                ]
            )
        elif kept:
            render.case_correspondence(case, f"Letters recorded for {case.name} ({case.id})")
        else:
            sys.stdout.write(f"No letters recorded for {case.name} ({case.id}).\n")
        if not kept and not json_:
            render.message(f"To keep a copy of a letter, write it with senpath letter {child} --record.")
        return
    if not kept:
        raise UsageError(
            f"letter {number}: no letters are recorded for {case.name} ({case.id}); "
            f"keep one with senpath letter {child} --record"
        )
    if not 1 <= number <= len(kept):
        which = {1: "only letter 1", 2: "letters 1 and 2"}.get(len(kept), f"letters 1 to {len(kept)}")
        raise UsageError(f"letter {number}: {case.name} ({case.id}) has {which}; see senpath letters {child}")
    assert out_format is not None
    letter = kept[number - 1]
    doc, layout = kept_letter(letter)
    if not layout and out_format != "text":
        render.message(
            f"note: letter {number} was recorded without its layout (or its text was changed since); "
            "printed from its text"
        )
    if out_format == "text":  # the copy kept, exactly
        if output is not None:
            write_file(output, letter.text, force)
        else:
            sys.stdout.write(letter.text)
    else:
        _emit(doc, out_format, output, force)
    if output is not None:
        _done(f"{child}: letter {number} ({KIND_WORDS[letter.kind]}, {iso(letter.date)}) written to {output}.")
