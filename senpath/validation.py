"""Checking case files on disk: what ``senpath validate`` reports.

``check_folder(store, ids)`` reads every case file (or the named ones) and returns a report:
per file, every problem found (TOML syntax with line and column, schema, the stage machine
replayed, dates in order, merge-conflict markers with their line numbers), and notes about
files senpath ignores (temp files left by an interrupted write, copies kept by ``senpath edit``).
It never writes anything.

Example::

    report = check_folder(Store(Path("cases")))
    if not report.ok:
        for line in report.problem_lines():
            print(line)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from senpath.checked import Store, parse_case
from senpath.errors import InvalidCaseError, NotFoundError
from senpath.store import SUFFIX, WORK_DIR, check_id, file_version, stray_problem

if TYPE_CHECKING:
    from senpath.models import Case

CONFLICT_MARKER = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)( .*)?$")
TEMP_FILE = re.compile(r"^\..+\.toml\..+\.tmp$")


@dataclass
class FileReport:
    id: str
    file: str
    problems: list[str] = field(default_factory=list)
    # What is valid but worth a look (a move made without consulting the parents): never a failure.
    warnings: list[str] = field(default_factory=list)
    upgrade: bool = False  # a valid file of an earlier schema_version, upgraded on its next change

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def bad(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]

    def problem_lines(self) -> list[str]:
        return [line for f in self.files for line in f.problems]

    def warning_lines(self) -> list[str]:
        return [line for f in self.files for line in f.warnings]

    def summary(self) -> str:
        n = len(self.files)
        files = f"{n} case file{'' if n == 1 else 's'} checked"
        if self.ok:
            w = len(self.warning_lines())
            return f"{files}: all valid" + (f" ({w} warning{'' if w == 1 else 's'})." if w else ".")
        count = len(self.problem_lines())
        return (
            f"{files}: {len(self.bad)} with problems ({count} problem{'' if count == 1 else 's'}), "
            f"{n - len(self.bad)} valid. Fix them with {{cmd:edit}} CHILD (or restore from git)."
        )


def conflict_lines(text: str) -> list[tuple[int, str]]:
    """(line number, marker line) of every git merge-conflict marker."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if CONFLICT_MARKER.match(line):
            found.append((number, line[:40]))
    return found


def check_bytes(data: bytes, name: str, child_id: str | None) -> list[str]:
    """Every problem with one case file's content (empty when it is valid)."""
    text = data.decode("utf-8", errors="replace")
    markers = conflict_lines(text)
    if markers and any(line.startswith("<<<<<<<") for _, line in markers):
        return [
            f"{name}: line {number}: git merge conflict marker {line!r}; "
            f"resolve the conflict ({{cmd:edit}} {child_id or 'CHILD'}), then git add and git commit"
            for number, line in markers
        ]
    try:
        parse_case(data, name, child_id)
    except InvalidCaseError as exc:
        return list(exc.problems)
    return []


def warnings(case: Case, name: str) -> list[str]:
    """What is valid but worth a look, one line each: each move recorded as made without
    consulting the parents."""
    return [
        f"{name}: history[{i}] ({ev.event} on {ev.date.isoformat()}): recorded as made without consulting the parents"
        for i, ev in enumerate(case.history)
        if ev.not_consulted
    ]


def check_file(store: Store, child_id: str) -> FileReport:
    name = f"{child_id}{SUFFIX}"
    report = FileReport(child_id, name)
    try:
        data = store.read_bytes(child_id)
    except InvalidCaseError as exc:
        report.problems = list(exc.problems)
        return report
    report.problems = check_bytes(data, name, child_id)
    report.upgrade = not report.problems and file_version(data) == 1
    if not report.problems and b"not_consulted" in data:  # parsed again only when it may hold one
        report.warnings = warnings(parse_case(data, name, child_id), name)
    return report


def upgrade_note(f: FileReport) -> str:
    return (
        f"{f.file}: schema_version 1, read as england-2001; will be upgraded to version 2 (written on its next change)"
    )


def check_folder(store: Store, ids: list[str] | None = None) -> Report:
    """Check the named cases, or every ``*.toml`` file in the folder."""
    report = Report()
    if ids:
        for child_id in ids:
            check_id(child_id)
            if not store.exists(child_id):
                raise NotFoundError(f"no child {child_id!r} in {store.root}; run {{cmd:list}} to see the children")
        for child_id in ids:
            report.files.append(check_file(store, child_id))
        report.notes += [upgrade_note(f) for f in report.files if f.upgrade]
        return report
    for child_id in store.ids():
        report.files.append(check_file(store, child_id))
    report.notes += [upgrade_note(f) for f in report.files if f.upgrade]
    for name in store.stray_names():
        report.files.append(FileReport("", name, [stray_problem(name)]))
    with os.scandir(store.root) as entries:
        for name in sorted(e.name for e in entries):
            if TEMP_FILE.match(name):
                report.notes.append(
                    f"{name}: left over from an interrupted write, never read as a case; safe to delete"
                )
    work = store.root / WORK_DIR
    if work.is_dir() and not work.is_symlink():
        with os.scandir(work) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("edit-") and entry.name.endswith(SUFFIX):
                    report.notes.append(
                        f"{WORK_DIR}/{entry.name}: a copy kept by {{cmd:edit}}; delete it once you no longer need it"
                    )
    return report
