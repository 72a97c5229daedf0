"""Commands that keep the records safe: ``validate``, ``edit`` and ``history``.

``validate`` reads every case file and reports every problem (exit 4 when any);
``edit`` opens a private copy of a case in ``$VISUAL``/``$EDITOR`` and writes it back only
when it is valid and nobody changed the case meanwhile; ``history`` shows the change log
of a case (from the record, and from git when the cases folder is a repository).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from senpath.cli.common import JsonOpt, SenpathGroup, _listing_store, _store
from senpath.errors import EXIT_INVALID, InvalidCaseError, SenpathError, UsageError

app = typer.Typer(cls=SenpathGroup, rich_markup_mode=None)

if TYPE_CHECKING:
    from senpath.checked import Store
    from senpath.models import Case

ChildArg = Annotated[
    str, typer.Argument(help="The child's id (see senpath list).", show_default=False, metavar="CHILD")
]


@app.command()
def validate(
    ctx: typer.Context,
    children: Annotated[
        list[str] | None,
        typer.Argument(
            help="Ids of the cases to check [default: every case file].", show_default=False, metavar="[CHILDREN]..."
        ),
    ] = None,
    json_: JsonOpt = False,
    fix_permissions: Annotated[
        bool,
        typer.Option(
            "--fix-permissions",
            help="Make every case file private (0600) and the cases folder 0700, as after a git clone or pull.",
        ),
    ] = False,
) -> None:
    """Check case files: TOML syntax, the format, the stage rules, dates, git conflict markers.

    Prints every problem (file, field path, message) and a summary; exits 4 if there is any.
    Warnings (a move recorded as made without consulting the parents) are printed but pass.
    Case files or folders that other users can read are reported on stderr.

    Example: senpath validate            (or: senpath validate amira-khan)
    """
    from senpath import render
    from senpath.hints import placeholders
    from senpath.validation import check_folder

    store = _store(ctx)  # the register's senpath.toml is checked too (exit 4 when bad)
    if not children:
        _listing_store(ctx)  # a folder with no case file that senpath init did not make is not "all valid"
    if fix_permissions:
        _fix_permissions(store)
    report = check_folder(store, list(children) if children else None)
    store.report_permissions()
    if json_:
        render.print_json(
            {
                "ok": report.ok,
                "files": [
                    {
                        "id": f.id,
                        "file": f.file,
                        "valid": f.ok,
                        "problems": [placeholders(p) for p in f.problems],
                        "warnings": [placeholders(w) for w in f.warnings],
                    }
                    for f in report.files
                ],
                "notes": [placeholders(n) for n in report.notes],
            }
        )
    else:
        render.validation_report(
            [placeholders(p) for p in report.problem_lines()],
            [placeholders(n) for n in report.notes],
            placeholders(report.summary()),
            [placeholders(w) for w in report.warning_lines()],
        )
    if not report.ok:
        raise typer.Exit(EXIT_INVALID)


def _fix_permissions(store: Store) -> None:
    """chmod 0600 every case file and 0700 the cases folder and senpath's work folders (never through a link)."""
    import stat

    from senpath import render
    from senpath.files import DIR_MODE, FILE_MODE
    from senpath.store import SUFFIX

    store.require_root()
    files = 0
    for child_id in store.ids():
        path = store.root / f"{child_id}{SUFFIX}"
        st = path.lstat()
        if stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
            path.chmod(FILE_MODE)
            files += 1
    folders = store.loose_folders()
    for folder in folders:
        folder.chmod(DIR_MODE)
    n = len(folders)
    render.message(
        f"Made {files} case file{'s' if files != 1 else ''} (0600) and {n} folder{'s' if n != 1 else ''} "
        "(0700) private."
    )


@app.command()
def history(ctx: typer.Context, child: ChildArg, json_: JsonOpt = False) -> None:
    """Show everything recorded for a child in date order, and the git log of the case file.

    Example: senpath history amira-khan
    """
    from senpath import render
    from senpath.changelog import timeline
    from senpath.errors import GitError
    from senpath.gitsync import log

    store = _store(ctx)
    case = store.load(child)
    entries = timeline(case)
    commits = None
    note = None
    try:
        repo = store.repo()
    except GitError as exc:
        repo, note = None, str(exc)
    if repo is not None:
        commits = log(repo, store.path(child))
    if json_:
        render.print_json(
            {
                "id": case.id,
                "entries": [{"date": e.date.isoformat(), "kind": e.kind, "text": e.text} for e in entries],
                "commits": None
                if commits is None
                else [{"commit": c.short, "date": c.date, "author": c.author, "subject": c.subject} for c in commits],
            }
        )
    else:
        render.history_view(
            case.id,
            [(e.date, e.kind, e.text) for e in entries],
            None if commits is None else [(c.short, c.date, c.author, c.subject) for c in commits],
        )
    if note:
        render.error(f"warning: {note}")


def _editor() -> list[str]:
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not value:
        if sys.stdin.isatty() and shutil.which("vi"):
            return ["vi"]
        raise UsageError("no editor: set EDITOR (e.g. export EDITOR=nano) and run senpath edit again")
    try:
        words = shlex.split(value)
    except ValueError:
        words = []
    if not words:
        raise UsageError(f"EDITOR={value!r} cannot be run; set it to a command such as nano or 'code --wait'")
    return words


def _interactive() -> bool:
    return sys.stdin.isatty()


def _again() -> bool:
    try:
        return bool(typer.confirm("Edit again? (no abandons the edit)", default=True))
    except typer.Abort:
        return False


def _edit_message(old: Case | None, new: Case) -> str:
    from senpath.changelog import describe_change

    if old is None:
        return f"{new.id}: repaired by hand [senpath edit]"
    return describe_change(old, new, how="senpath edit")


class _Stopped(Exception):
    """SIGTERM or SIGHUP arrived while a case was being edited."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _stoppable() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so an edit is tidied up (or kept) on the way out."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


BASE = ".base"  # beside a kept edit copy: the case file as it was when the edit began


def _kept_edit(work: Path, child: str) -> tuple[Path, bytes] | None:
    """The newest copy kept by an interrupted ``senpath edit`` of ``child``, and the file it began from."""
    import re

    from senpath.files import read_private
    from senpath.store import SUFFIX

    pattern = re.compile(rf"edit-{re.escape(child)}-[a-z0-9_]{{8}}{re.escape(SUFFIX)}")
    try:
        names = [p.name for p in work.iterdir() if pattern.fullmatch(p.name) and (work / (p.name + BASE)).exists()]
    except OSError:
        return None
    for name in sorted(names, key=lambda n: (work / n).lstat().st_mtime, reverse=True):
        try:
            return work / name, read_private(work / (name + BASE))
        except OSError:
            continue
    return None


@app.command()
def edit(ctx: typer.Context, child: ChildArg) -> None:
    """Edit a case file in $VISUAL or $EDITOR; it is saved only if the whole record is valid.

    The copy you edit is private (0600) and inside the cases folder. If someone changes the
    case while you edit, nothing is overwritten and your copy is kept. If senpath is stopped
    (SIGTERM, a closed terminal) your unsaved changes are kept, and the next senpath edit of
    the child opens them again.

    Example: EDITOR=nano senpath edit amira-khan
    """
    from senpath import render
    from senpath.checked import parse_case
    from senpath.files import FILE_MODE, read_private, write_atomic
    from senpath.hints import placeholders
    from senpath.store import SUFFIX, WORK_DIR, check_id
    from senpath.validation import check_bytes

    check_id(child)
    store = _store(ctx)
    original = store.read_bytes(child)
    store.report_permissions()
    command = _editor()
    store.ensure_root()
    kept = _kept_edit(store.root / WORK_DIR, child)
    fd = -1
    if kept is not None:  # the unsaved work of an edit that was stopped: carry on from it
        copy, original = kept
        render.error(
            f"opening your unsaved edit of {child}, kept when an earlier senpath edit was stopped; "
            f"to start again from the record instead, delete {copy}"
        )
    else:
        fd, name = tempfile.mkstemp(dir=store.root / WORK_DIR, prefix=f"edit-{child}-", suffix=SUFFIX)
        copy = Path(name)
    base = copy.with_name(copy.name + BASE)
    keep = reopen = False
    try:
        if fd >= 0:
            os.fchmod(fd, FILE_MODE)
            os.write(fd, original)
            os.close(fd)
            fd = -1
        label = f"{child}{SUFFIX} (your edit)"
        with _stoppable():
            try:
                while True:
                    try:
                        done = subprocess.run([*command, str(copy)], check=False)
                    except OSError as exc:
                        raise UsageError(
                            f"cannot run the editor {command[0]!r} ({exc.strerror}); check EDITOR"
                        ) from None
                    if done.returncode != 0:
                        raise SenpathError(
                            f"the editor exited with status {done.returncode}; nothing was written to {child}"
                        )
                    data = read_private(copy)
                    problems = [placeholders(p) for p in check_bytes(data, label, child)]
                    if not problems:
                        new = parse_case(data, label, child)
                        try:
                            old: Case | None = parse_case(original, label, child)
                        except InvalidCaseError:
                            old = None
                        if data == original or new == old:
                            render.message(f"{child}: no changes; nothing written.")
                            return
                        try:
                            replaced = store.replace(child, original, new, message=_edit_message)
                        except (SenpathError, OSError) as exc:  # a lock not obtained, a disk error: keep the work
                            keep = True
                            raise SenpathError(
                                f"{exc}. Nothing was written to {child}; your edited copy is kept at {copy}: "
                                f"run senpath edit {child} again and paste your changes in"
                            ) from None
                        if not replaced:
                            keep = True
                            raise SenpathError(
                                f"{child} was changed by someone else while you were editing (another senpath "
                                f"command or a git pull), so nothing was written. Your edited copy is kept at "
                                f"{copy}: compare it with senpath show {child}, then run senpath edit {child} again"
                            )
                        render.message(f"{child}: saved your edit.")
                        return
                    render.edit_problems(problems)
                    if not (_interactive() and _again()):
                        raise InvalidCaseError(f"{child}: edit abandoned; the case file is unchanged")
            except _Stopped as stop:
                import signal

                why = signal.Signals(stop.signum).name
                try:
                    changed = read_private(copy) != original
                except OSError:
                    changed = False
                if changed:  # the user's unsaved work: kept, with the file it began from
                    write_atomic(base, original)
                    keep = reopen = True
                    render.error(
                        f"edit of {child} stopped ({why}); nothing was written to {child}. Your unsaved "
                        f"changes are kept at {copy}: senpath edit {child} opens them again"
                    )
                else:
                    render.error(f"edit of {child} stopped ({why}); nothing was changed or written")
                raise typer.Exit(128 + stop.signum) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if not keep:
            with contextlib.suppress(OSError):
                copy.unlink()
        if not reopen:
            with contextlib.suppress(OSError):
                base.unlink()  # a copy kept after a conflict is for reference: not reopened
