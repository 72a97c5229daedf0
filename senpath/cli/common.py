"""What every command module shares: the error handler, options, prompts, the store.

Rules are never checked here; the stage machine and the store raise SenpathError,
which ``SenpathGroup.invoke`` turns into one line on stderr and an exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer
from typer.core import TyperGroup

from senpath import __version__
from senpath.errors import EXIT_ERROR, EXIT_REFUSED, EXIT_USAGE, SenpathError, UsageError

T = TypeVar("T", bound=str)

if TYPE_CHECKING:
    from senpath.checked import Store
    from senpath.models import Case
    from senpath.store import Located


class SenpathGroup(TyperGroup):
    """Catches every SenpathError in one place: one line on stderr, the mapped exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SenpathError as exc:
            from senpath import render

            if exc.exit_code == 0:  # already recorded: a re-run changes nothing, and that is fine
                render.message(str(exc))
                raise typer.Exit(0) from None
            if os.environ.get("SENPATH_DEBUG") == "1":
                raise

            prefix = "refused: " if exc.exit_code == EXIT_REFUSED else ""
            for line in str(exc).splitlines():
                render.error(prefix + line)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # the disk said no: a full disk, a read-only folder, no permission
            if os.environ.get("SENPATH_DEBUG") == "1" or isinstance(exc, BrokenPipeError):
                raise  # a closed pipe (`senpath show x | head`) is worded by main(), not as a disk error
            from senpath import render

            where = f" {exc.filename}" if exc.filename else ""
            render.error(
                f"cannot read or write{where}: {exc.strerror or exc}. Check the folder exists, has space, "
                "and that you may write to it; the case file itself is only ever replaced whole"
            )
            raise typer.Exit(EXIT_ERROR) from None
        except Exception as exc:
            from pydantic import ValidationError

            if not isinstance(exc, ValidationError) or os.environ.get("SENPATH_DEBUG") == "1":
                raise
            from senpath import render
            from senpath.hints import option_for_path

            for err in exc.errors():
                option = option_for_path(ctx.invoked_subcommand, tuple(err["loc"]))
                render.error(f"{option}: {err['msg']} ({err.get('input')!r:.60})")
            raise typer.Exit(EXIT_USAGE) from None


# ---------------------------------------------------------------------------
# Shared helpers: options, prompts, the store


def _version(value: bool) -> None:
    if value:
        print(f"senpath {__version__}")
        raise typer.Exit()


NoIndexOpt = typer.Option(
    "--no-index",
    help="Read every case file; neither use nor update the index in <cases>/.senpath (see docs/performance.md).",
)


def use_index(ctx: typer.Context, no_index: bool = False) -> bool:
    """False when --no-index was given, before the command or after it."""
    return not (no_index or ctx.meta.get("senpath.no_index"))


def progress_bar(total: int) -> Any:
    """A progress bar on stderr while the index reads changed files (terminal only)."""
    from senpath import render

    return render.progress(total, "Reading case files")


def _located(ctx: typer.Context) -> Located:
    """The cases folder (--cases-dir, SENPATH_CASES_DIR, else the register found upwards), once per run."""
    from senpath.store import locate

    found = ctx.meta.get("senpath.located")
    if found is None:
        found = ctx.meta["senpath.located"] = locate(ctx.meta.get("senpath.cases_dir"))
    return cast("Located", found)


def _store(ctx: typer.Context, *, check_settings: bool = True) -> Store:
    """The store of the register, its senpath.toml checked (exit 4 when bad) unless ``check_settings``
    is false (list and reviews, which never load the model layer on a warm index)."""
    from senpath.checked import Store

    located = _located(ctx)
    if check_settings and located.settings is not None and "senpath.settings" not in ctx.meta:
        from senpath.settings import load_settings

        ctx.meta["senpath.settings"] = load_settings(located.settings)
    return Store(located.cases)


def _listing_store(ctx: typer.Context) -> tuple[Store, bool]:
    """For list and reviews: the store, and whether it is a register with no children yet.

    A folder with no case file that senpath init did not make is an error (exit 1), never an
    empty register; it is refused before anything (the index's .senpath folder) is created in it.
    """
    from senpath.store import has_case_files, no_case_files

    store = _store(ctx, check_settings=False)
    store.require_root()
    if has_case_files(store.root):
        return store, False
    if _located(ctx).settings is None:
        raise no_case_files(store.root)
    return store, True


NO_CHILDREN_YET = "No children on the register here yet. Add one with: senpath new-child --help"


TEXT_FILE_MAX = 1_000_000  # bytes read for one @FILE or - (a record's text field holds 20,000 characters)


def free_text(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """The callback of every free-text option (summaries, views, reasons, evidence, notes...).

    ``--summary -`` reads the text from standard input (one option per run), ``--summary @FILE``
    from a UTF-8 file, so a diagnosis never shows in ``ps`` or the shell's history; ``@@`` starts
    a text that really begins with ``@`` (``--summary @@home`` is the text ``@home``).
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_text_value(ctx, param, v) for v in value]
    return _text_value(ctx, param, value)


def _text_value(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    option = param.opts[0] if param.opts else "--" + str(param.name)
    if value.startswith("@@"):
        return value[1:]
    if value == "-":
        root = ctx.find_root()
        if root.meta.get("senpath.stdin"):
            raise UsageError(
                f"{option} -: standard input is already read for {root.meta['senpath.stdin']}; "
                f"give only one option as - and the others as @FILE"
            )
        root.meta["senpath.stdin"] = option
        where = "standard input"
        if sys.stdin.isatty():
            print(f"senpath: type the {option} text, then press Ctrl-D on a line of its own", file=sys.stderr)
        data = sys.stdin.buffer.read(TEXT_FILE_MAX + 1)
    elif value.startswith("@"):
        name = value[1:]
        where = f"the file {name}"
        if not name:
            raise UsageError(
                f"{option} @: give a file name after @ (e.g. {option} @notes.txt), or @@ for a text starting @"
            )
        try:
            with open(name, "rb") as handle:  # noqa: PTH123 - a name the user typed, read once
                data = handle.read(TEXT_FILE_MAX + 1)
        except OSError as exc:
            raise UsageError(
                f"{option} {value}: cannot read {name} ({exc.strerror}); check the file name "
                "(write @@ for a text that starts with @)"
            ) from None
    else:
        return value
    if len(data) > TEXT_FILE_MAX:
        raise UsageError(f"{option}: {where} holds more than {TEXT_FILE_MAX:,} bytes; a text must be shorter")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise UsageError(f"{option}: {where} is not UTF-8 text; save it as UTF-8 and try again") from None
    text = text.rstrip("\n")
    if not text.strip():
        raise UsageError(f"{option}: {where} is empty; write the text in it, or give it on the command line")
    return text


PROMPT_TRIES = 5  # a bad answer is asked again, with the reason, this many times at most


def ask(prompt: str, parse: Callable[[str], Any] = lambda text: text) -> Any:
    """Ask on the terminal until ``parse`` accepts the answer: a bad answer is asked again with the
    reason (on stderr), never a lost command. Out of answers (end of input), the last reason is
    the usage error (exit 2)."""
    from senpath import render

    last: UsageError | None = None
    for _ in range(PROMPT_TRIES):
        try:
            answer = str(typer.prompt(prompt)).strip()
        except typer.Abort:
            if last is not None:
                raise last from None
            raise
        try:
            return parse(answer)
        except UsageError as exc:
            render.error(f"{exc}; try again")
            last = exc
    assert last is not None
    raise last


def require(
    value: T | None,
    option: str,
    prompt: str,
    choices: tuple[str, ...] = (),
    parse: Callable[[str], Any] | None = None,
) -> T:
    """A required option: prompted for on a terminal (asked again while the answer is wrong),
    a usage error (exit 2) otherwise. ``parse`` checks a typed answer (raising UsageError)."""
    if value is not None:
        return value
    if sys.stdin.isatty():
        _find_register_before_asking()

        def check(answer: str) -> Any:
            if not answer:
                raise UsageError(f"{option}: an answer is needed")
            if choices and answer not in choices:
                raise UsageError(f"{option}: {answer!r} is not one of {', '.join(choices)}")
            if parse is not None:
                parse(answer)
            return answer

        return cast(T, ask(prompt, check))
    raise UsageError(f"missing option {option}: {prompt}. Give it on the command line (see --help)")


def _find_register_before_asking() -> None:
    """Say there is no register before asking questions, not after (senpath init asks its own)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - another typer: the command says so after asking
        return
    ctx = get_current_context(silent=True)
    if ctx is not None and not ctx.meta.get("senpath.init"):
        _located(cast(typer.Context, ctx))


def ask_list(prompt: str, *, commas: bool = False) -> list[str]:
    """Several values at a terminal: one per line, an empty line (or the end of input) ends them;
    with ``commas``, a line may also hold several separated by commas (names, words)."""
    values: list[str] = []
    hint = "one per line" + (" or comma-separated" if commas else "") + "; an empty line ends"
    while True:
        try:
            line = str(
                typer.prompt(f"{prompt} ({hint})" if not values else "  next", default="", show_default=False)
            ).strip()
        except typer.Abort:
            break
        if not line:
            if values:
                break
            from senpath import render

            render.error("at least one is needed; try again")
            continue
        values.extend(v.strip() for v in line.split(",") if v.strip()) if commas else values.append(line)
    return values


def require_list(values: list[str] | None, option: str, prompt: str, *, commas: bool = False) -> list[str]:
    """A required repeatable option: several values prompted for on a terminal."""
    if values:
        return values
    if sys.stdin.isatty():
        _find_register_before_asking()
        found = ask_list(prompt, commas=commas)
        if found:
            return found
    raise UsageError(f"missing option {option}: {prompt}. Give it on the command line (see --help)")


def field_of(option: str) -> str:
    """The domain's field for an option (``--review-on`` -> ``review_on``); ``senpath.hints`` words it back."""
    return option.removeprefix("--").replace("-", "_")


def past_date(value: str | None, option: str, *, default_today: bool = False, prompt: str | None = None) -> date:
    """A date (ISO or DD/MM/YYYY) no later than today (prompted for, or today, when missing)."""
    from senpath.dates import not_future, parse_iso, today

    if value is None and default_today:
        return today()

    field = field_of(option)

    def check(text: str) -> date:
        return not_future(parse_iso(text, field), field)

    text = require(
        value, option, prompt or f"{option.lstrip('-').capitalize()} (DD/MM/YYYY or YYYY-MM-DD)", parse=check
    )
    return check(text)


def any_date(value: str | None, option: str) -> date | None:
    from senpath.dates import parse_iso

    return None if value is None else parse_iso(value, field_of(option))


def _done(text: str) -> None:
    from senpath import render

    render.message(text)


def _change(ctx: typer.Context, child: str, apply: Callable[[Case], Case]) -> tuple[Case, Case, bool]:
    """Load, apply, save under the lock: the one write path of every command."""
    return _store(ctx).change(child, apply)


def _stage_move_text(new: Case) -> str:
    """The confirmation of a move: the same words as its commit message."""
    from senpath.changelog import describe_move
    from senpath.dates import uk

    return f"{new.id}: {describe_move(new, len(new.history) - 1)[0]} ({uk(new.history[-1].date)})"


def complete_child_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the ids on the register that start with what is typed (never an error)."""
    from senpath.checked import Store
    from senpath.store import locate

    try:
        given = ctx.find_root().params.get("cases_dir")
        return [i for i in Store(locate(str(given) if given else None).cases).ids() if i.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


ChildArg = Annotated[
    str,
    typer.Argument(
        help="The child's id (see senpath list).", show_default=False, autocompletion=complete_child_id, metavar="CHILD"
    ),
]
DateOpt = Annotated[
    str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="When it happened, YYYY-MM-DD (required).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout for scripts.")]
ParentViewsOpt = Annotated[str | None, typer.Option("--parent-views", callback=free_text, help="The parent's views.")]
ChildViewsOpt = Annotated[str | None, typer.Option("--child-views", callback=free_text, help="The child's views.")]


def _report_bad(bad: list[Any]) -> None:
    if not bad:
        return
    from senpath import render
    from senpath.errors import EXIT_INVALID

    for exc in bad:
        for line in exc.problems:
            render.error(line)
    render.error(f"{len(bad)} case file(s) could not be read; the others are shown. Run senpath validate.")
    raise typer.Exit(EXIT_INVALID)
