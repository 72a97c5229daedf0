"""The case store: one TOML file per child in a private folder, written atomically.

Storage only: ``CaseFiles(root)`` reads and writes the file format (the strict model) and never
applies the rules of the record, nor imports the CLI; ``senpath.checked.Store`` is the one path
that runs them (load, apply, check once, save, commit). Reads refuse symbolic links, ids are
checked before any path is built, writes go through a temp file in the same folder (fsync,
``os.replace``, fsync of the folder), and files are 0600 in a 0700 folder.

Example::

    files = CaseFiles(Path("cases"))
    case = files.load("amira-khan")  # the file format, not the rules
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from senpath.errors import (
    ExistsError,
    GitError,
    InvalidCaseError,
    LockError,
    NotFoundError,
    RefusedError,
    UsageError,
    worded,
)
from senpath.files import (
    DIR_MODE,
    FILE_MODE,
    absolute_path,
    fsync_dir,
    make_private_dirs,
    read_private,
    write_atomic,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

    from senpath.gitsync import Repo
    from senpath.models import Case

SUFFIX = ".toml"
WORK_DIR = ".senpath"
LOCK_TIMEOUT_S = 5.0
LOCK_TIMEOUT_MAX = 600.0  # SENPATH_LOCK_TIMEOUT: seconds, 0 to 600


def lock_timeout() -> float:
    """Seconds to wait for a case's lock: ``SENPATH_LOCK_TIMEOUT`` (a finite number, 0 to 600), else 5."""
    text = os.environ.get("SENPATH_LOCK_TIMEOUT", "").strip()
    if not text:
        return LOCK_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= LOCK_TIMEOUT_MAX:  # also refuses nan and inf
        raise UsageError(
            f"SENPATH_LOCK_TIMEOUT: {text[:40]!r} is not a number of seconds from 0 to {LOCK_TIMEOUT_MAX:g}; "
            "set it (e.g. SENPATH_LOCK_TIMEOUT=5) or unset it"
        )
    return value


def is_case_id(stem: str) -> bool:
    """Whether a file name stem is a case id (the cheap test: no pydantic)."""
    from senpath.vocab import ID_PATTERN, RESERVED_IDS

    return ID_PATTERN.fullmatch(stem) is not None and stem not in RESERVED_IDS


def stray_problem(name: str) -> str:
    return (
        f"{name}: not a case id (ids are lower-case slugs such as amira-khan, and not a Windows device "
        "name), so senpath does not read it; rename it or move it out of the cases folder"
    )


def stray_names_in(names: list[str]) -> list[str]:
    """The stray ``*.toml`` names of a folder listing, sorted (see ``Store.stray_names``)."""
    return sorted(
        name
        for name in names
        if name[-len(SUFFIX) :].lower() == SUFFIX
        and not name.startswith(".")
        and not (name.endswith(SUFFIX) and is_case_id(name[: -len(SUFFIX)]))
    )


def check_id(child_id: str) -> str:
    """Refuse anything but a lower-case slug, so an id can never leave the cases folder."""
    from senpath.models import check_id as _check

    try:
        return _check(child_id)
    except ValueError as exc:
        raise UsageError(f"child id {child_id!r} {exc}") from None


def format_validation_error(source: str, exc: ValidationError) -> list[str]:
    """One line per problem: ``file: field.path[2]: message``."""
    lines = []
    for err in exc.errors():
        path = ""
        for part in err["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (not part of the case format; see docs/case-format.md)"
        elif err["type"] == "missing":
            msg = "missing: this key is required"
        lines.append(f"{source}: {path or '(top level)'}: {msg}")
    return lines


SCHEMA_VERSION = 2


def upgrade_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """The one upgrade of a case file's data: version 1 (no framework) -> version 2.

    A version 1 file was written for the 2001 Code in England, so it follows ``england-2001``;
    nothing else changed. The file on disk is rewritten as version 2 on its next change.
    """
    from senpath.framework_files import DEFAULT_FRAMEWORK

    if "framework" in raw:
        return raw  # not a version 1 file: the model refuses schema_version 1 by name
    return {**raw, "schema_version": 2, "framework": DEFAULT_FRAMEWORK}


def file_version(data: bytes) -> int | None:
    """The schema_version a case file's text declares (None when it cannot be read)."""
    import tomllib

    try:
        version = tomllib.loads(data.decode("utf-8")).get("schema_version")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return version if isinstance(version, int) else None


def parse_format(
    data: bytes, source: str, child_id: str | None = None, *, loads: Callable[[str], dict[str, Any]] | None = None
) -> Case:
    """Bytes of a case file -> a Case in the file format (the strict model), or InvalidCaseError
    naming every problem. The rules of the record are not checked here: ``senpath.checked`` does.

    ``loads`` replaces ``tomllib.loads`` (the reference); it must raise ``tomllib.TOMLDecodeError``
    exactly where tomllib would (``senpath.index.fast_loads`` does, for the index's bulk reads).
    """
    import tomllib

    from pydantic import ValidationError

    from senpath.models import Case

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidCaseError(
            f"{source}: not UTF-8 text (byte {exc.start}); restore it from a backup or git"
        ) from None
    if "\n<<<<<<< " in "\n" + text or "\n>>>>>>> " in "\n" + text:
        raise InvalidCaseError(
            f"{source}: contains git merge conflict markers (<<<<<<< ... >>>>>>>); "
            "resolve the conflict, then run {cmd:validate}"
        )
    try:
        raw = (loads or tomllib.loads)(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidCaseError(f"{source}: not valid TOML: {exc}") from None
    except (RecursionError, MemoryError):
        raise InvalidCaseError(f"{source}: not a case file: nested too deeply or too large to read") from None
    version = raw.get("schema_version")
    if version == 1:
        raw = upgrade_v1(raw)
    elif version != SCHEMA_VERSION:
        raise InvalidCaseError(
            f"{source}: schema_version: {version!r} is not a version this senpath reads (1 or 2); "
            + (f"add schema_version = {SCHEMA_VERSION}" if version is None else "upgrade senpath")
        )
    try:
        case = Case.model_validate(raw)
    except (RecursionError, MemoryError):
        raise InvalidCaseError(f"{source}: not a case file: nested too deeply or too large to read") from None
    except ValidationError as exc:
        from senpath.names import raw_name_problems

        lines = format_validation_error(source, exc)
        lines += [f"{source}: {p}" for p in raw_name_problems(raw)]
        raise InvalidCaseError(lines[0], lines) from None
    if child_id is not None and case.id != child_id:
        raise InvalidCaseError(f"{source}: id: {case.id!r} does not match the file name; rename the file or fix the id")
    return case


def dump_case(case: Case) -> bytes:
    import tomli_w

    return tomli_w.dumps(case.to_toml_dict()).encode("utf-8")


def check_output(path: Path, field: str, cases: Path, *, force: bool) -> None:
    """Refuse a file the user names for output (a letter, a calendar) before anything is written.

    ``field`` names the input that gave the path (the CLI words it as its option). Never inside the cases folder (``--output cases/x.toml --force`` would replace a child's
    record), never over anything but a regular file (a symbolic link such as /dev/stdout, a
    device, a FIFO), and over a regular file only with ``force``.
    """
    import stat

    opt = f"{{opt:{field}}}"

    def inside(p: Path, folder: Path) -> bool:
        return p == folder or folder in p.parents

    try:
        target = path.resolve()
        folder = cases.resolve()
    except (OSError, RuntimeError):
        raise UsageError(f"{opt} {path}: cannot resolve the path (a loop of links?); choose another") from None
    if inside(target, folder):
        raise UsageError(
            f"{opt} {path}: is inside the cases folder {cases}, which holds only case files; write it somewhere else"
        )
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"{opt} {path}: cannot be checked ({exc.strerror}); choose another path") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{opt} {path}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        raise UsageError(
            f"{opt} {path}: is {what}; senpath writes only new or regular files"
            + (" (use {opt:output} - for standard output)" if field == "output" else "")
        )
    if mode is not None and not force:
        raise ExistsError(
            f"{path} already exists; nothing was written. Choose another {opt}, or add {{opt:force}} to replace it"
        )


class CaseFiles:
    """A folder of case files: paths, reads, atomic writes, locks, the undo journal and git.

    Storage only: it reads and writes the file format and never applies the rules of the
    record (``senpath.checked.Store`` runs them, once per write).
    """

    def __init__(self, root: Path, warn: Callable[[str], None] | None = None) -> None:
        self.root = root
        sink = warn or _warn_stderr
        self.warn: Callable[[str], None] = lambda text: sink(worded(text))  # {cmd:...} in the CLI's words
        from senpath.framework_files import add_search_dir

        add_search_dir(self.frameworks_dir)
        self._repo: Repo | None | bool = False  # False: not looked up yet
        self.loose: set[str] = set()  # ids of case files other users may read (mode & 0o077)
        self._batch = 0  # > 0 while many files are read: permissions are reported once, at the end
        self._told = False

    # Paths -------------------------------------------------------------

    @property
    def frameworks_dir(self) -> Path:
        """The register's own framework files: a ``frameworks/`` folder beside the cases folder."""
        return self.root.parent / "frameworks"

    def path(self, child_id: str) -> Path:
        return self.root / f"{check_id(child_id)}{SUFFIX}"

    def ensure_root(self) -> None:
        """Create the cases folder (0700) and senpath's work folder inside it."""
        if not self.root.exists():
            make_private_dirs(self.root)
        elif not self.root.is_dir():
            raise UsageError(f"cases folder {self.root} is not a folder; use {{opt:cases_dir}} to choose one")
        work = self.root / WORK_DIR
        if work.is_symlink():
            raise UsageError(
                f"{work} is a symbolic link; senpath keeps its working files only inside the cases folder. "
                "Remove the link and run the command again"
            )
        if work.exists() and not work.is_dir():
            raise UsageError(
                f"{work} is a file, but senpath keeps its working files in a folder of that name; "
                "move the file away and run the command again"
            )
        if not work.is_dir():
            work.mkdir(mode=DIR_MODE, exist_ok=True)
        ignore = work / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, b"# senpath's own working files (locks, index): never commit them\n*\n")

    def require_root(self) -> None:
        """Refuse a cases folder that is missing or not a folder: "nothing due" must never mean "not found"."""
        if not self.root.exists():
            raise NotFoundError(
                f"cases folder {self.root} does not exist; check {{opt:cases_dir}} or SENPATH_CASES_DIR "
                "({cmd:new-child} creates the folder with the first case)"
            )
        if not self.root.is_dir():
            raise UsageError(f"cases folder {self.root} is not a folder; use {{opt:cases_dir}} to choose one")

    def _names(self) -> list[str]:
        self.require_root()
        with os.scandir(self.root) as entries:
            return [entry.name for entry in entries]

    def ids(self) -> list[str]:
        """Ids of every case file in the folder, sorted (temp and hidden files are never cases)."""
        found = []
        for name in self._names():
            stem = name[: -len(SUFFIX)]
            if name.endswith(SUFFIX) and is_case_id(stem):
                found.append(stem)
        return sorted(found)

    def stray_names(self, names: list[str] | None = None) -> list[str]:
        """``*.toml`` files whose names are not case ids: never read, but never silently skipped.

        The suffix is matched ignoring case (``oliver-bennett.TOML`` is a stray, not a case);
        hidden files (senpath's own temp files among them) are not. ``names`` is a listing of
        the folder already made (the index passes its own), so the folder is listed once a run.
        """
        return stray_names_in(self._names() if names is None else names)

    def exists(self, child_id: str) -> bool:
        return os.path.lexists(self.path(child_id))

    # Reading -----------------------------------------------------------

    def no_such_child(self, child_id: str) -> NotFoundError:
        close = self.closest_ids(child_id)
        if close:
            return NotFoundError(
                f"no child {child_id!r} in {self.root}; did you mean {' or '.join(close)}? "
                "({cmd:find} NAME searches names)"
            )
        return NotFoundError(
            f"no child {child_id!r} in {self.root}; run {{cmd:list}} to see the children in {self.root}"
        )

    def closest_ids(self, child_id: str, n: int = 3) -> list[str]:
        """Up to ``n`` ids on the register like ``child_id`` (a typo, or part of the id), closest first."""
        from difflib import get_close_matches

        try:
            ids = self.ids()
        except (NotFoundError, UsageError, OSError):
            return []
        close = get_close_matches(child_id, ids, n=n, cutoff=0.6)
        if len(close) < n and len(child_id) >= 3:
            close += [i for i in ids if child_id in i and i not in close][: n - len(close)]
        return close

    def read_bytes(self, child_id: str) -> bytes:
        path = self.path(child_id)
        try:
            data = read_private(path)
            self.note_mode(child_id, path.lstat().st_mode)
            return data
        except FileNotFoundError:
            raise self.no_such_child(child_id) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InvalidCaseError(
                    f"{path.name}: is a symbolic link; senpath reads only real files in the cases folder"
                ) from None
            raise InvalidCaseError(f"{path.name}: cannot be read ({exc.strerror})") from None

    def parse(self, data: bytes, child_id: str) -> Case:
        """A case file's bytes -> a Case: here the file format only (``senpath.checked.Store`` adds the rules)."""
        return parse_format(data, f"{child_id}{SUFFIX}", child_id)

    def load(self, child_id: str) -> Case:
        data = self.read_bytes(child_id)
        if not self._batch:
            self.report_permissions()
        return self.parse(data, child_id)

    def load_all(self, ids: list[str] | None = None) -> Iterator[tuple[str, Case | InvalidCaseError]]:
        """Every case, or the error that stops it loading: one bad file never hides the rest."""
        self._batch += 1
        try:
            for child_id in self.ids() if ids is None else ids:
                try:
                    yield child_id, self.load(child_id)
                except InvalidCaseError as exc:
                    yield child_id, exc
        finally:
            self._batch -= 1
        self.report_permissions()

    # Permissions -------------------------------------------------------

    def note_mode(self, child_id: str, mode: int) -> None:
        """Remember a case file that other users may read (from a stat already made)."""
        if mode & 0o077:
            self.loose.add(child_id)
        else:
            self.loose.discard(child_id)

    def loose_folders(self) -> list[Path]:
        """The cases folder and senpath's work folders, where other users may read or enter them."""
        found = []
        for folder in (self.root, self.root / WORK_DIR, self.root / WORK_DIR / "locks"):
            with contextlib.suppress(OSError):
                st = folder.lstat()
                if not _is_link(st.st_mode) and st.st_mode & 0o077:
                    found.append(folder)
        return found

    def report_permissions(self) -> None:
        """One line on stderr (once) when case files or the folder are open to other users.

        A ``git clone`` or ``git pull`` under umask 022 makes them 0644 and 0755.
        """
        if self._told:
            return
        folders = self.loose_folders()
        if not self.loose and not folders:
            return
        self._told = True
        n = len(self.loose)
        parts = [f"{n} case file{'s' if n != 1 else ''}"] if n else []
        parts += ["the cases folder"] if folders else []
        self.warn(f"{' and '.join(parts)} can be read by other users; run {{cmd:validate}} {{opt:fix_permissions}}")

    # Writing -----------------------------------------------------------

    def write(self, child_id: str, data: bytes) -> Path:
        """Write a case file's bytes atomically (checked by the caller: see ``senpath.checked``)."""
        path = self.path(child_id)
        self.ensure_root()
        repo = self.repo()
        if repo is not None:  # before the write: a temp file a kill leaves behind is never committed
            from senpath.gitsync import exclude_temp_files

            exclude_temp_files(repo)
        write_atomic(path, data)
        self.note_mode(child_id, FILE_MODE)
        for folder in self.loose_folders():  # a folder cloned 0755: made private with the first write
            with contextlib.suppress(OSError):
                folder.chmod(DIR_MODE)
        return path

    # Undo ---------------------------------------------------------------
    #
    # How ``senpath undo`` knows the last change: every write keeps, in the register's private
    # ``.senpath/undo/<id>.json`` (0600), the file as it was before and a hash of what was
    # written. Undo puts the earlier file back only while the case file is still exactly what
    # senpath last wrote (a hand edit, a git pull or a merge since then is refused: use git's
    # history then), and it is itself a change that is remembered, so undoing an undo puts the
    # change back: nothing is ever lost. With git, an undo is one more commit.

    def _journal(self, child_id: str) -> Path:
        return self.root / WORK_DIR / "undo" / f"{check_id(child_id)}.json"

    def remember(self, child_id: str, before: bytes | None) -> None:
        import hashlib
        import json

        folder = self.root / WORK_DIR / "undo"
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise UsageError(f"{folder} is not a real folder; remove it and run the command again")
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        written = read_private(self.path(child_id))
        record = {
            "written_sha256": hashlib.sha256(written).hexdigest(),
            "before": before.decode("utf-8") if before is not None else None,
        }
        write_atomic(self._journal(child_id), json.dumps(record).encode("utf-8"))

    def last_change(self, child_id: str) -> tuple[bytes, bytes | None]:
        """(the case file now, the file before senpath's last change to it: None if that change opened it).

        Raises NotFoundError when senpath has no record of a change it can reverse.
        """
        import hashlib
        import json

        current = self.read_bytes(child_id)
        journal = self._journal(child_id)
        try:
            record = json.loads(read_private(journal))
        except FileNotFoundError:
            raise NotFoundError(
                f"senpath has no record of a change to {child_id} it can undo (changes are remembered "
                "from this version on); with git, see {cmd:history} and git revert"
            ) from None
        except (OSError, ValueError) as exc:
            raise NotFoundError(f"the undo record of {child_id} cannot be read ({exc}); nothing was changed") from None
        if record.get("written_sha256") != hashlib.sha256(current).hexdigest():
            raise RefusedError(
                f"{child_id}.toml changed since senpath's last change to it (edited by hand, or a git pull); "
                "nothing was changed. Use git's history to go back further"
            )
        before = record.get("before")
        return current, before.encode("utf-8") if isinstance(before, str) else None

    # Renaming -------------------------------------------------------------

    def move(self, old_id: str, new_id: str, data: bytes) -> Path:
        """Put ``data`` (the case under its new id) at ``new_id``, never over another case, then
        remove ``old_id``; with git, one commit holds both. The caller holds both locks."""
        new_path, old_path = self.path(new_id), self.path(old_id)
        repo = self.repo()
        try:
            write_atomic(new_path, data, overwrite=False)
        except FileExistsError:
            raise ExistsError(f"a case {new_id!r} already exists in {self.root}; choose another new id") from None
        old_path.unlink()
        fsync_dir(self.root)
        with contextlib.suppress(FileNotFoundError):
            self._journal(old_id).unlink()
        self.remember(new_id, None)
        if repo is not None:
            from senpath.gitsync import GIT_LOCK, commit_paths

            text = f"{new_id}: renamed from {old_id}"
            try:
                with self.locked(GIT_LOCK, timeout=4 * LOCK_TIMEOUT_S):
                    warning = commit_paths(repo, [old_path, new_path], text)
            except (GitError, LockError) as exc:
                warning = f"{new_path.name} is saved but not committed: {exc}"
            if warning:
                self.warn(warning)
        return new_path

    # Git ---------------------------------------------------------------

    def repo(self) -> Repo | None:
        """The git repository the cases folder is in (looked up once), or None."""
        if self._repo is False:
            from senpath.gitsync import find_repo

            self._repo = find_repo(self.root)
        return self._repo if not isinstance(self._repo, bool) else None

    def commit(self, path: Path, text: str) -> None:
        """Commit the file just written, in a git work tree; a failure is a warning, never a lost change."""
        repo = self.repo()
        if repo is None:
            return
        from senpath.gitsync import GIT_LOCK, commit_file

        timeout = 4 * lock_timeout()
        try:
            with self.locked(GIT_LOCK, timeout=timeout):
                warning = commit_file(repo, path, text)
        except GitError as exc:
            warning = f"{path.name} is saved but not committed: {exc}"
        except LockError:
            warning = (
                f"{path.name} is saved but not committed: other senpath processes held the git lock "
                f"for {timeout:g}s. The next senpath change to this child commits it"
            )
        if warning:
            self.warn(warning)

    # Locking -----------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, name: str, timeout: float | None = None) -> Iterator[None]:
        """Hold ``<cases>/.senpath/locks/<name>.lock`` (flock) for a read-modify-write."""
        if timeout is None:
            timeout = lock_timeout()
        from senpath.gitsync import GIT_LOCK

        if name != GIT_LOCK:
            check_id(name)
        locks = self.root / WORK_DIR / "locks"
        if locks.is_symlink() or (locks.exists() and not locks.is_dir()):
            raise UsageError(
                f"{locks} is not a real folder; senpath keeps its locks only inside the cases folder. "
                "Remove it and run the command again"
            )
        locks.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd = os.open(locks / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        try:
            if not _wait_flock(fd, timeout):
                raise LockError(
                    f"{name} is being changed by another senpath process; nothing was written. Try again in a moment"
                )
            yield
        finally:
            os.close(fd)


def _is_link(mode: int) -> bool:
    import stat

    return stat.S_ISLNK(mode)


class _LockTimeout(Exception):
    pass


def _wait_flock(fd: int, timeout: float) -> bool:
    """Take an exclusive flock on ``fd`` within ``timeout`` seconds.

    Waits in the kernel (woken the moment the holder lets go, so busy writers cannot starve
    a waiter), bounded by a one-shot SIGALRM timer; off the main thread, or when another
    timer is running, it polls instead.
    """
    import fcntl
    import signal
    import threading

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if timeout <= 0:
        return False
    if threading.current_thread() is threading.main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] == 0:

        def on_alarm(signum: int, frame: object) -> None:
            raise _LockTimeout

        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            try:
                signal.setitimer(signal.ITIMER_REAL, timeout)
                fcntl.flock(fd, fcntl.LOCK_EX)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _LockTimeout:
            pass
        finally:
            signal.signal(signal.SIGALRM, previous)
    else:
        deadline = time.monotonic() + timeout
        delay = 0.001
        while time.monotonic() < deadline:
            time.sleep(delay)
            delay = min(delay * 2, 0.01)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                continue
    try:  # held already (the timer fired just as the lock came), or free at the deadline
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _warn_stderr(text: str) -> None:
    line = f"senpath: warning: {text}"
    if sys.stderr.isatty():  # one message, wrapped at spaces to the terminal rather than split by it
        import shutil
        import textwrap

        width = shutil.get_terminal_size().columns
        line = "\n".join(textwrap.wrap(line, max(width, 20), subsequent_indent="  ", break_on_hyphens=False))
    print(line, file=sys.stderr)


REGISTER_FILE = "senpath.toml"  # marks a register: the folder holding it and its cases/ folder
CASES_FOLDER = "cases"


@dataclass(frozen=True)
class Located:
    """Where the cases are, and how senpath knows: ``explicit`` when --cases-dir or
    SENPATH_CASES_DIR named the folder (which ``new-child`` may then create), else found by
    walking up to a ``senpath.toml``. ``settings`` is the register's ``senpath.toml`` beside
    the cases folder, when there is one."""

    cases: Path
    explicit: bool
    settings: Path | None


def settings_beside(cases: Path) -> Path | None:
    """The ``senpath.toml`` of the register whose ``cases/`` folder this is, if it is one."""
    folder = absolute_path(cases)
    if folder.name != CASES_FOLDER:
        return None
    settings = folder.parent / REGISTER_FILE
    return settings if settings.is_file() else None


def find_register(start: Path, home: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` that holds a ``senpath.toml``, as git finds ``.git``.

    The walk stops at the file-system root, and never goes above the home folder (it does not
    look into the folder that holds everyone's home folders, nor beyond it).
    """
    here = absolute_path(start)
    stop = absolute_path(home).parent if home is not None else None
    while True:
        if stop is not None and here == stop:
            return None
        if (here / REGISTER_FILE).is_file():
            return here
        if here.parent == here:
            return None
        here = here.parent


def locate(option: str | None, start: Path | None = None) -> Located:
    """``--cases-dir``, else ``SENPATH_CASES_DIR``, else the register found from ``start`` (the current folder).

    An empty override is a usage error; no register and no override is an error that says how
    to make one. Nothing is created.
    """
    env = os.environ.get("SENPATH_CASES_DIR")
    for value, name in ((option, "{opt:cases_dir}"), (env, "SENPATH_CASES_DIR")):
        if value is None:
            continue
        if not value.strip():
            unset = "unset SENPATH_CASES_DIR" if name == "SENPATH_CASES_DIR" else "leave out {opt:cases_dir}"
            raise UsageError(
                f"{name} is empty; give the folder that holds the case files, or {unset} "
                "to use the register found from the current folder"
            )
        cases = Path(value)
        return Located(cases, explicit=True, settings=settings_beside(cases))
    here = start if start is not None else Path.cwd()
    home_env = os.environ.get("HOME")
    found = find_register(here, Path(home_env) if home_env else None)
    if found is None:
        raise NotFoundError(
            f"no senpath register in {here} or any folder above it; make one with {{cmd:init}} "
            "(see {cmd:init} {opt:help}), or name a cases folder with {opt:cases_dir} or SENPATH_CASES_DIR"
        )
    cases = found / CASES_FOLDER
    if not cases.exists():
        raise NotFoundError(
            f"the register in {found} has no cases folder ({cases} is missing); restore it from git or a "
            f"backup, or if the register is new, make it with: mkdir -m 700 {cases}"
        )
    if not cases.is_dir():
        raise UsageError(f"{cases} is not a folder; the register in {found} keeps its case files there")
    return Located(cases, explicit=False, settings=found / REGISTER_FILE)


def has_case_files(root: Path) -> bool:
    """Whether the folder holds anything senpath would read or report as a stray: a ``*.toml`` file
    other than a register's ``senpath.toml``. Stops at the first one."""
    with os.scandir(root) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(SUFFIX) and not name.startswith(".") and name != REGISTER_FILE:
                return True
    return False


def _case_files_in(folder: str) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(
                1
                for e in entries
                if e.name.endswith(SUFFIX) and e.name != REGISTER_FILE and is_case_id(e.name[: -len(SUFFIX)])
            )
    except OSError:
        return 0


def no_case_files(root: Path, limit: int = 200) -> NotFoundError:
    """The error for a folder with no case file that ``senpath init`` did not make: never an empty register.

    Names a ``cases/`` folder, or folders of case files, one level down (they are probably what was meant).
    """
    found: list[str] = []
    try:
        with os.scandir(root) as entries:
            subfolders = sorted(
                e.path for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
            )
    except OSError:
        subfolders = []
    for path in subfolders[:limit]:
        count = _case_files_in(path)
        if Path(path, REGISTER_FILE).is_file():
            found.append(f"{path} (a register: run senpath in it, or use its {CASES_FOLDER} folder)")
        elif count or Path(path).name == CASES_FOLDER:
            found.append(f"{path} ({count} case file{'' if count == 1 else 's'})")
    where = f"no case files in {root}"
    if found:
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        return NotFoundError(
            f"{where}; one level down: {shown}. Point {{opt:cases_dir}} (or SENPATH_CASES_DIR) at the folder "
            "that holds the case files"
        )
    return NotFoundError(
        f"{where}, and it is not a register made by {{cmd:init}} (no {REGISTER_FILE} beside it). Check "
        "{opt:cases_dir} or SENPATH_CASES_DIR for a typo or a share that is not mounted; to start a register, "
        "run {cmd:init}"
    )
