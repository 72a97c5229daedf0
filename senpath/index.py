"""A derived index of what ``senpath list`` and ``senpath reviews`` need, kept beside the cases.

``<cases>/.senpath/index.sqlite`` (0600, git-ignored) holds, per case file, its stat signature
(size, mtime_ns, ctime_ns, inode), its list row and its open duties (``reviews.duties``, which do not
depend on today). The files stay the only truth:

* each run lists the folder once and stats every case file; a file whose signature differs from
  the one indexed, or that is new, is read, validated and re-indexed; rows of removed files are
  dropped. The change time is part of the signature: an edit of the same size whose mtime was
  put back (``touch -d``) still changes the ctime, which no user can set. When every file is
  clean, the index stores a digest of all the signatures, so a warm run compares one digest
  instead of loading and comparing every signature;
* stray files (``*.toml`` names that are not case ids, the suffix in any case) are found in the
  same listing;
* racy timestamps (as git handles them): before it stats anything a run samples the folder's
  own clock (the mtime of ``.senpath/clock`` after touching it); a row remembers that time, and
  a file whose mtime is at or after it is read again next time, since a change in the same
  clock tick as the read would not show in its signature;
* a bad file is never indexed: it is read and reported (named on stderr, exit 4) on every run,
  exactly as without the index;
* a missing, corrupt, older or newer index (or one written by other code) is rebuilt silently;
  an index that cannot be written at all (read-only folder, another process holding the write
  lock) is simply not written: the answer is the same, the next run reads the files again.

Warm runs (nothing changed) import neither pydantic nor a TOML parser. Cold runs read the
changed files with ``fast_loads`` in two worker processes when there are many.

Example::

    duties, bad = index.load_duties(store, due_by=date(2026, 12, 6))
"""

from __future__ import annotations

import marshal
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from senpath.vocab import ID_PATTERN, RESERVED_IDS

if TYPE_CHECKING:
    import sqlite3

    from senpath.checked import Store
    from senpath.errors import InvalidCaseError
    from senpath.models import Case
    from senpath.reviews import Duty

# 2: ctime_ns in the signature, and the signatures' digest; 3: list rows name the framework and the census code;
# 4: register fields (year group, needs, UPN, looked after, parents' names) on one branch, and duties that carry
# an exception recorded and whether they lapse on another; 5: both; 6: duties carry not_consulted
INDEX_VERSION = 6
INDEX_FILE = "index.sqlite"
CLOCK_FILE = "clock"
WORK_DIR = ".senpath"
SUFFIX = ".toml"
_CASE_NAME = re.compile(rf"^({ID_PATTERN.pattern})\.toml$", re.MULTILINE)
_HIDDEN_TOML = re.compile(r"^\..*\.toml$", re.MULTILINE)  # on the lower-cased listing
PARALLEL_MIN = 300  # changed files from which two worker processes pay for their start
PROGRESS_MIN = 200  # changed files from which a progress bar is shown on a terminal
RACY_FALLBACK_NS = 2_000_000_000  # when the folder's clock cannot be sampled: FAT's 2 s tick
BUSY_TIMEOUT_S = 0.5

Sig = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# (id, list row as JSON, duties as tuples) for a good file; (id, None, problems) for a bad one
Result = tuple[str, str | None, list[tuple[Any, ...]] | list[str]]
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


# ---------------------------------------------------------------------------
# What is indexed per case


def list_row(case: Case) -> dict[str, Any]:
    """The row ``senpath list`` shows (and prints with --json)."""
    from senpath.stages import census_code, stage_name

    return {
        "id": case.id,
        "name": case.name,
        "setting": case.setting,
        "school": case.school,
        "framework": case.framework,
        "stage": case.stage,
        "stage_name": stage_name(case),
        "census": census_code(case),
        "senco": case.senco,
        "since": case.since.isoformat(),
        "left": case.left.date.isoformat() if case.left else None,
        "known_as": case.known_as,
        "dob": case.dob.isoformat(),
        "year_group_override": case.year_group,
        "primary_need": case.primary_need,
        "secondary_needs": list(case.secondary_needs),
        "upn": case.upn,
        "looked_after": case.looked_after,
        "parents": [p.name for p in case.parents],
    }


def with_year_group(row: dict[str, Any], today: date) -> dict[str, Any]:
    """A list row with its year group on ``today`` (derived each time: it changes every September)."""
    from senpath.register import year_group

    row["year_group"] = year_group(date.fromisoformat(row["dob"]), today, row.get("year_group_override"))
    return row


_COLUMNS: list[str] = []


def _duty_columns() -> list[str]:
    """Duty's fields, in order: the columns of the duties table."""
    if not _COLUMNS:
        from dataclasses import fields

        from senpath.reviews import Duty

        _COLUMNS.extend(f.name for f in fields(Duty))
    return _COLUMNS


NOTES_SEP = "\x1f"  # a control character: never in a case's text (models refuses them)


def _duty_to_tuple(d: Duty) -> tuple[Any, ...]:
    values: list[Any] = []
    for name in _duty_columns():
        value = getattr(d, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = NOTES_SEP.join(value)
        values.append(value)
    return tuple(values)


def _duty_maker(columns: list[str]) -> Callable[[Sequence[Any]], Duty]:
    """Row -> Duty, positionally (the fast way: ~1 us a row)."""
    from senpath.reviews import Duty

    due, notes, lapses = columns.index("due"), columns.index("notes"), columns.index("lapses")
    iso = date.fromisoformat

    def make(row: Sequence[Any]) -> Duty:
        values = list(row)
        values[due] = iso(values[due])
        values[lapses] = bool(values[lapses])
        values[notes] = tuple(values[notes].split(NOTES_SEP)) if values[notes] else ()
        return Duty(*values)

    return make


# ---------------------------------------------------------------------------
# The fast TOML reader (cold runs only; tomllib stays the reference)

# Text that could use TOML 1.1 syntax (which rtoml accepts and TOML 1.0 refuses): \e and \xHH
# escapes, a byte-order mark, multi-line strings (which could hide a newline inside an inline
# table), times without seconds (_short_time), inline tables over several lines, with a comment
# or a trailing comma (_inline_ok). Plain substring searches: ~20 us for a 4 KB case.
_MAYBE_TOML11 = ("\\e", "\\x", '"""', "'''", "\ufeff")
_TRAILING_COMMA = re.compile(r",\s*\}")


def _short_time(text: str) -> bool:
    """A ``HH:MM`` not followed by ``:SS`` (or anything else that could be one)."""
    at = text.find(":")
    while at != -1:
        if text[at - 1 : at].isdigit() and text[at + 1 : at + 3].isdigit() and text[at + 3 : at + 4] != ":":
            return True
        at = text.find(":", at + 1)
    return False


def _inline_ok(text: str) -> bool:
    """Every inline table sits on one line, with no comment and no trailing comma (TOML 1.0)."""
    at = text.find("{")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start : end if end != -1 else len(text)].rstrip()
        if not (line.endswith("}") or line.endswith("},")) or "#" in line or _TRAILING_COMMA.search(line):
            return False
        if end == -1:
            return True
        at = text.find("{", end)
    return True


def fast_loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, only faster: rtoml when the text cannot hold TOML 1.1-only syntax.

    rtoml (Rust) parses a 4 KB case in ~0.1 ms against tomllib's ~1.3 ms, but it accepts TOML
    1.1, which tomllib and TOML 1.0 refuse: trailing commas, newlines and comments in inline
    tables, ``\\e`` and ``\\xHH`` escapes, times without seconds, a leading byte-order mark.
    Text that could contain any of these goes to tomllib, and so does text rtoml refuses (so a
    bad file gets tomllib's message, and nothing tomllib accepts is ever refused): the result
    is tomllib's, file for file (tests/test_index.py compares them).
    """
    import tomllib

    try:
        import rtoml
    except ImportError:  # pragma: no cover - rtoml is a dependency; tomllib still answers
        return tomllib.loads(text)
    if any(s in text for s in _MAYBE_TOML11) or _short_time(text) or not _inline_ok(text):
        return tomllib.loads(text)
    try:
        data: dict[str, Any] = rtoml.loads(text)
    except Exception:  # rtoml.TomlParsingError and kin: let the reference decide, and word it
        return tomllib.loads(text)
    return data


# ---------------------------------------------------------------------------
# Reading changed files


def _read_one(root: str, child_id: str) -> Result | None:
    """Read, validate and digest one case file; None when it vanished meanwhile."""
    import json

    from senpath.checked import Store, parse_case
    from senpath.errors import InvalidCaseError, NotFoundError
    from senpath.reviews import duties

    try:
        data = Store(Path(root)).read_bytes(child_id)
        case = parse_case(data, f"{child_id}{SUFFIX}", child_id, loads=fast_loads)
    except NotFoundError:
        return None
    except InvalidCaseError as exc:
        return child_id, None, list(exc.problems)
    return child_id, json.dumps(list_row(case), ensure_ascii=False), [_duty_to_tuple(d) for d in duties(case)]


def _read_many(root: Path, ids: list[str], progress: Progress | None) -> Iterator[Result]:
    """Every changed file's result, in two worker processes when there are many (any order)."""
    # Import in the parent once: forked workers share it (and its memory), and the serial path
    # needs it anyway: pydantic and the models cost ~0.1 s to import, per process.
    import senpath.checks  # noqa: F401
    import senpath.reviews  # noqa: F401
    import senpath.store  # noqa: F401

    try:
        import rtoml  # noqa: F401
    except ImportError:  # pragma: no cover
        pass
    import gc

    if not gc.isenabled():  # cli.main turns it off for short runs; reading many files is not one
        gc.freeze()
        gc.enable()

    def results() -> Iterator[Result | None]:
        workers = min(2, os.cpu_count() or 1)
        if len(ids) >= PARALLEL_MIN and workers > 1 and os.environ.get("SENPATH_WORKERS") != "1":
            import multiprocessing
            from functools import partial

            if "fork" in multiprocessing.get_all_start_methods():
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    yield from pool.imap_unordered(partial(_read_one, str(root)), ids, chunksize=32)
                return
        for child_id in ids:
            yield _read_one(str(root), child_id)

    if progress is None or len(ids) < PROGRESS_MIN:
        for r in results():
            if r is not None:
                yield r
        return
    with progress(len(ids)) as advance:
        for r in results():
            advance(1)
            if r is not None:
                yield r


# ---------------------------------------------------------------------------
# The sqlite file


def _schema(duty_cols: list[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in duty_cols)
    return f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files (id TEXT PRIMARY KEY, row TEXT NOT NULL);
        CREATE TABLE sigs (one INTEGER PRIMARY KEY CHECK (one = 1), data BLOB NOT NULL, digest BLOB);
        CREATE TABLE duties (case_id TEXT NOT NULL, {cols});
        CREATE INDEX duties_case ON duties (case_id);
        CREATE INDEX duties_due ON duties (due);
    """


def _fingerprint() -> str:
    """Changes whenever the code that derives the index may have: the version and the sources."""
    from senpath import __version__

    here = Path(__file__).parent
    parts = [f"v{INDEX_VERSION}", __version__]
    for name in ("index", "reviews", "stages", "ieps", "models", "checks", "dates", "vocab", "store", "framework"):
        try:
            st = (here / f"{name}.py").stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    # The framework files (shipped and the register's own) decide every duty: a change to one rebuilds.
    from senpath.framework_files import paths

    for fw_id, fw_path in sorted(paths().items()):
        try:
            st = fw_path.stat()
            parts.append(f"{fw_id}:{fw_path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{fw_id}:-")
    return " ".join(parts)


def _connect(path: Path) -> sqlite3.Connection:
    import sqlite3

    for suffix in ("", "-journal", "-wal", "-shm"):  # never follow a link out of the cases folder
        extra = Path(f"{path}{suffix}")
        if extra.is_symlink() or (extra.exists() and not extra.is_file()):
            extra.unlink()
    if not path.exists():
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        os.close(fd)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _open(path: Path, fingerprint: str) -> sqlite3.Connection | None:
    """The index, checked; recreated when missing, corrupt or from other code; None if impossible."""
    import sqlite3

    for attempt in range(2):
        try:
            conn = _connect(path)
            try:
                ok = (
                    conn.execute("PRAGMA user_version").fetchone()[0] == INDEX_VERSION
                    and conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone() == (fingerprint,)
                    and [r[0] for r in conn.execute("SELECT name FROM pragma_table_info('duties')")]
                    == ["case_id", *_duty_columns()]
                )
            except sqlite3.Error:
                ok = False
            if ok:
                return conn
            _recreate(conn, fingerprint)
            return conn
        except sqlite3.Error:
            # Corrupt (not a database), or unwritable: start again from nothing, once.
            if attempt == 0:
                for suffix in ("", "-journal", "-wal", "-shm"):
                    try:
                        Path(f"{path}{suffix}").unlink()
                    except OSError:
                        pass
        except OSError:
            return None
    return None


def _recreate(conn: sqlite3.Connection, fingerprint: str) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        for statement in _schema(_duty_columns()).split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        conn.execute("INSERT INTO sigs VALUES (1, ?, NULL)", (marshal.dumps({}),))
        conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _folder_clock(work: Path) -> int:
    """Now, by the clock and the tick of the folder's own file system (see the module doc)."""
    clock = work / CLOCK_FILE
    try:
        fd = os.open(clock, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.utime(fd)
            return os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
    except OSError:
        return time.time_ns() - RACY_FALLBACK_NS


def _stat_cases(root: Path, loose: set[str] | None = None) -> tuple[dict[str, Sig], list[str]]:
    """Every case file's signature, and the stray file names: one listing of the folder.

    lstat: a symbolic link is never followed (and never valid). The strays are those of
    ``store.stray_names_in``; counting the ``*.toml`` names (any case) against the case names
    found tells in C whether there are any, so the usual folder pays for no Python loop.
    """
    found: dict[str, Sig] = {}
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        with os.scandir(fd) as entries:
            names = [e.name for e in entries]
        listing = "\n".join(names)
        ids = _CASE_NAME.findall(listing)  # one regex pass over every name
        lstat = os.lstat
        for child_id in ids:
            if child_id in RESERVED_IDS:  # a stray
                continue
            try:
                st = lstat(f"{child_id}{SUFFIX}", dir_fd=fd)  # cheaper than DirEntry.stat
            except OSError:
                continue
            found[child_id] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if loose is not None and st.st_mode & 0o077:
                loose.add(child_id)
    finally:
        os.close(fd)
    lower = listing.lower()
    tomls = (lower + "\n").count(f"{SUFFIX}\n") - len(_HIDDEN_TOML.findall(lower))
    if tomls == len(ids) == len(found) and listing.count("\n") == max(len(names) - 1, 0):
        return found, []  # every *.toml name is a case file's (the usual folder)
    from senpath.store import stray_names_in

    return found, stray_names_in(names)


# ---------------------------------------------------------------------------
# A refreshed view of the folder


@dataclass
class Snapshot:
    """The folder as of this run: the index (if any) plus what was read afresh."""

    conn: sqlite3.Connection | None
    clean: set[str] = field(default_factory=set)  # ids whose indexed rows are current
    fresh_rows: dict[str, str] = field(default_factory=dict)  # id -> list row JSON
    fresh_duties: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    bad: list[InvalidCaseError] = field(default_factory=list)
    strays: list[str] = field(default_factory=list)  # from the same listing

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def refresh(store: Store, progress: Progress | None = None) -> Snapshot:
    """Bring the index up to date with the folder (never raising for the index's sake)."""

    from senpath.errors import InvalidCaseError, SenpathError

    root = store.root
    if not root.is_dir():
        return Snapshot(conn=None)
    work = root / WORK_DIR
    try:
        store.ensure_root()  # .senpath (0700) with its .gitignore
    except (OSError, SenpathError):
        pass
    can_index = work.is_dir() and not work.is_symlink() and os.access(work, os.W_OK)
    seen_ns = _folder_clock(work) if can_index else time.time_ns() - RACY_FALLBACK_NS
    sigs, strays = _stat_cases(root, store.loose)

    fingerprint = _fingerprint()
    db = work / INDEX_FILE
    conn = _open(db, fingerprint) if can_index else None
    digest = _digest(sigs)
    stored: dict[str, Sig] = {}
    if conn is not None:
        if _stored_digest(conn) == digest:  # the usual warm run: nothing changed
            return Snapshot(conn=conn, clean=set(sigs), strays=strays)
        stored = _stored_sigs(conn)
    if sigs == stored:  # clean, but listed in another order (or the digest is missing): one comparison in C
        if conn is not None:
            _write(conn, [], [], sigs, seen_ns)  # store this order's digest
        return Snapshot(conn=conn, clean=set(sigs), strays=strays)
    dirty = sorted(cid for cid, sig in sigs.items() if stored.get(cid) != sig)
    gone = [cid for cid in stored if cid not in sigs]
    snap = Snapshot(conn=conn, clean=set(sigs).difference(dirty), strays=strays)

    good: list[tuple[str, str, list[tuple[Any, ...]]]] = []
    bad: dict[str, InvalidCaseError] = {}
    for child_id, row, payload in _read_many(root, dirty, progress):
        if row is None:
            problems = [str(p) for p in payload]
            bad[child_id] = InvalidCaseError(problems[0], problems)
        else:
            good.append((child_id, row, payload))  # type: ignore[arg-type]
            snap.fresh_rows[child_id] = row
            snap.fresh_duties[child_id] = payload  # type: ignore[assignment]
    snap.bad = [bad[c] for c in sorted(bad)]  # in id order, as without the index
    if conn is not None:
        _write(conn, good, [c for c in dirty if c not in snap.fresh_rows] + gone, sigs, seen_ns)
    return snap


def _digest(sigs: dict[str, Sig]) -> bytes:
    """A digest of the signatures, in listing order (a folder listed in another order just misses)."""
    try:
        from _blake2 import blake2b  # hashlib's own, without loading OpenSSL (~3 ms)
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b

    return blake2b(marshal.dumps(sigs), digest_size=32).digest()


def _stored_digest(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT digest FROM sigs WHERE one = 1").fetchone()
    return row[0] if row else None


def _stored_sigs(conn: sqlite3.Connection) -> dict[str, Sig]:
    """The signature of every file whose rows are current (never a racy one: see _write)."""
    row = conn.execute("SELECT data FROM sigs WHERE one = 1").fetchone()
    data = marshal.loads(row[0]) if row else {}
    if not isinstance(data, dict):
        raise TypeError("index signatures are not a mapping")
    return data


def _write(
    conn: sqlite3.Connection,
    good: list[tuple[str, str, list[tuple[Any, ...]]]],
    drop: list[str],
    sigs: dict[str, Sig],
    seen_ns: int,
) -> None:
    """One transaction; a lost race (locked, read-only, full disk) just leaves it for next time."""
    import sqlite3

    cols = _duty_columns()
    marks = ", ".join("?" * (len(cols) + 1))
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            gone = [(c,) for c in drop] + [(c,) for c, _, _ in good]
            conn.executemany("DELETE FROM files WHERE id = ?", gone)
            conn.executemany("DELETE FROM duties WHERE case_id = ?", gone)
            conn.executemany("INSERT INTO files VALUES (?, ?)", ((c, row) for c, row, _ in good))
            # Re-read inside the transaction: another process may have written since we looked.
            known = _stored_sigs(conn)
            for (c,) in gone:
                known.pop(c, None)
            for c, _, _ in good:
                if max(sigs[c][1], sigs[c][2]) < seen_ns:  # changed in the tick we sampled: read again
                    known[c] = sigs[c]
            # The digest only when every file listed is clean, in this listing's order.
            digest = _digest(sigs) if known == sigs else None
            conn.execute("UPDATE sigs SET data = ?, digest = ? WHERE one = 1", (marshal.dumps(known), digest))
            conn.executemany(
                f"INSERT INTO duties VALUES ({marks})",
                ((c, *d) for c, _, ds in good for d in ds),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except (sqlite3.Error, ValueError, TypeError, EOFError):
        pass


# ---------------------------------------------------------------------------
# What the commands ask


def _unindexed(store: Store) -> Iterator[tuple[Case | None, InvalidCaseError | None]]:
    from senpath.errors import InvalidCaseError

    for _, result in store.load_all():
        if isinstance(result, InvalidCaseError):
            yield None, result
        else:
            yield result, None


def _discard(store: Store) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            Path(f"{store.root / WORK_DIR / INDEX_FILE}{suffix}").unlink()
        except OSError:
            pass


def case_rows(
    store: Store, *, use_index: bool = True, progress: Progress | None = None
) -> tuple[list[dict[str, Any]], list[InvalidCaseError]]:
    """Every readable case's list row (children who left included), sorted by id; the bad files."""
    from senpath.dates import today

    now = today()  # a bad SENPATH_TODAY is the one error, before anything else is said
    rows, bad = _case_rows(store, use_index=use_index, progress=progress)
    store.report_permissions()
    return [with_year_group(row, now) for row in rows], bad


def _strays(store: Store, names: list[str] | None = None) -> list[InvalidCaseError]:
    from senpath.errors import InvalidCaseError
    from senpath.store import stray_problem

    return [InvalidCaseError(stray_problem(n)) for n in (store.stray_names() if names is None else names)]


def _case_rows(
    store: Store, *, use_index: bool, progress: Progress | None
) -> tuple[list[dict[str, Any]], list[InvalidCaseError]]:
    import sqlite3

    store.require_root()
    for _ in range(2 if use_index else 0):
        try:
            return _indexed_rows(store, progress)
        except (sqlite3.Error, ValueError, TypeError, EOFError):  # damaged: start again from the files
            _discard(store)
    rows: list[dict[str, Any]] = []
    bad: list[InvalidCaseError] = _strays(store)
    for case, err in _unindexed(store):
        if case is not None:
            rows.append(list_row(case))
        elif err is not None:
            bad.append(err)
    return rows, bad


def _indexed_rows(store: Store, progress: Progress | None) -> tuple[list[dict[str, Any]], list[InvalidCaseError]]:
    import json

    snap = refresh(store, progress)
    try:
        texts = dict(snap.fresh_rows)
        if snap.conn is not None and snap.clean:
            for child_id, row in snap.conn.execute("SELECT id, row FROM files"):
                if child_id in snap.clean:
                    texts[child_id] = row
        return [json.loads(texts[c]) for c in sorted(texts)], _strays(store, snap.strays) + snap.bad
    finally:
        snap.close()


def load_duties(
    store: Store, *, use_index: bool = True, due_by: date | None = None, progress: Progress | None = None
) -> tuple[list[Duty], list[InvalidCaseError]]:
    """Every open duty of every readable case (only those due by ``due_by`` when given); the bad files.

    ``due_by`` only narrows what is read from the index; callers still pass the result to
    ``reviews.select``, which decides what is shown.
    """
    found, bad = _load_duties(store, use_index=use_index, due_by=due_by, progress=progress)
    store.report_permissions()
    return found, bad


def _load_duties(
    store: Store, *, use_index: bool, due_by: date | None, progress: Progress | None
) -> tuple[list[Duty], list[InvalidCaseError]]:
    import sqlite3

    store.require_root()
    for _ in range(2 if use_index else 0):
        try:
            return _indexed_duties(store, due_by, progress)
        except (sqlite3.Error, ValueError, TypeError, EOFError):  # damaged: start again from the files
            _discard(store)
    from senpath.reviews import duties

    found: list[Duty] = []
    bad: list[InvalidCaseError] = _strays(store)
    for case, err in _unindexed(store):
        if case is not None:
            found.extend(d for d in duties(case) if due_by is None or d.due <= due_by)
        elif err is not None:
            bad.append(err)
    return found, bad


def _indexed_duties(
    store: Store, due_by: date | None, progress: Progress | None
) -> tuple[list[Duty], list[InvalidCaseError]]:
    snap = refresh(store, progress)
    try:
        cols = _duty_columns()
        limit = due_by.isoformat() if due_by is not None else None
        out: list[Duty] = []
        at = cols.index("due")
        make = _duty_maker(cols)
        for rows in snap.fresh_duties.values():
            out.extend(make(r) for r in rows if limit is None or r[at] <= limit)
        if snap.conn is not None and snap.clean:
            quoted = ", ".join(f'"{c}"' for c in cols)
            query = f"SELECT case_id, {quoted} FROM duties" + (" WHERE due <= ?" if limit else "")
            clean = snap.clean
            out.extend(make(row[1:]) for row in snap.conn.execute(query, (limit,) if limit else ()) if row[0] in clean)
        return out, _strays(store, snap.strays) + snap.bad
    finally:
        snap.close()
