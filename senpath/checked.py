"""The one path a record takes between its file and the rules: load, apply, check, save, commit.

``senpath.store`` reads and writes the file format and knows no rule; this module adds the rules
of the record (``senpath.checks.problems``, which replays the history through the stage
machine) exactly once per write, on the record about to be written. The file as it was read is
checked against the rules only when something goes wrong, to tell a broken file (exit 4) from a
change the rules refuse (exit 3). Cheap to import: the rules load when a case does.

Example::

    store = Store(Path("cases"))
    old, new, written = store.change("amira-khan", lambda case: add_consultation(case, ...))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from senpath.errors import (
    AlreadyRecorded,
    ExistsError,
    InvalidCaseError,
    LockError,
    NotFoundError,
    RefusedError,
    UsageError,
)
from senpath.store import SUFFIX, CaseFiles, check_id, dump_case, parse_format

if TYPE_CHECKING:
    from senpath.models import Case

# A commit message: text, or made from (old, new) once the change is known.
Message = str | Callable[["Case | None", "Case"], str] | None


def rule_problems(case: Case, source: str) -> list[str]:
    """One line per rule the record breaks (``file: field.path: problem``); empty when it keeps them all."""
    from senpath.checks import problems

    return [f"{source}: {p}" for p in problems(case)]


def parse_case(
    data: bytes, source: str, child_id: str | None = None, *, loads: Callable[[str], dict[str, Any]] | None = None
) -> Case:
    """Bytes of a case file -> a Case that keeps the file format and the rules, or InvalidCaseError
    naming every problem (``loads`` as in :func:`senpath.store.parse_format`)."""
    case = parse_format(data, source, child_id, loads=loads)
    found = rule_problems(case, source)
    if found:
        raise InvalidCaseError(found[0], found)
    return case


def _checked_bytes(case: Case) -> bytes:
    """The bytes to write for ``case``, read back through the format and the rules (once):
    a record that would not load is never written (RefusedError, exit 3)."""
    data = dump_case(case)
    try:
        parse_case(data, f"{case.id}{SUFFIX}", case.id)
    except InvalidCaseError as exc:
        raise RefusedError(f"refused, nothing written: {exc.problems[0]}") from None
    return data


def _broken(case: Case, source: str) -> None:
    """Raise InvalidCaseError (exit 4) when the record as read breaks the rules: checked only on
    the way out of a failed write, so a broken file is reported as one, not as a refusal."""
    found = rule_problems(case, source)
    if found:
        raise InvalidCaseError(found[0], found)


class Store(CaseFiles):
    """A folder of case files whose every load and write goes through the rules of the record."""

    def parse(self, data: bytes, child_id: str) -> Case:
        return parse_case(data, f"{child_id}{SUFFIX}", child_id)

    def _commit_change(self, path: Path, old: Case | None, new: Case, message: Message) -> None:
        if self.repo() is None:
            return
        from senpath.changelog import describe_change

        self.commit(path, message(old, new) if callable(message) else message or describe_change(old, new))

    def save(self, case: Case) -> Path:
        """Check the whole record (format and rules) and write it atomically."""
        return self.write(case.id, _checked_bytes(case))

    def create(self, case: Case, message: Message = None) -> Path:
        data = _checked_bytes(case)  # the record is checked before the disk is touched at all
        self.ensure_root()
        with self.locked(case.id):
            if self.exists(case.id):
                raise ExistsError(
                    f"a case {case.id!r} already exists in {self.root}; "
                    f"choose another id with {{opt:id}} (e.g. {{opt:id}} {case.id[:60]}-2)"
                )
            path = self.write(case.id, data)
            self.remember(case.id, None)
            self._commit_change(path, None, case, message)
            return path

    def change(self, child_id: str, apply: Callable[[Case], Case], message: Message = None) -> tuple[Case, Case, bool]:
        """Load, apply, check (once), save and commit (in a git work tree), under the case's lock.

        Returns (old, new, written). ``message`` is the commit message, or a function of
        (old, new) that makes it; by default one is made from what changed.
        """
        if not self.exists(child_id):  # fail before creating the folder, its locks or anything else
            raise self.no_such_child(child_id)
        self.ensure_root()
        source = f"{child_id}{SUFFIX}"
        with self.locked(child_id):
            before = self.read_bytes(child_id)
            old = parse_format(before, source, child_id)
            try:
                new = apply(old)
            except Exception:  # a refusal, a bad value: but a rule the file broke already is exit 4, as a read says
                _broken(old, source)
                raise
            if new == old:
                _broken(old, source)
                return old, new, False
            from senpath.corrections import only_repeats

            if only_repeats(old, new):
                _broken(old, source)
                raise AlreadyRecorded()  # a re-run: nothing written, no commit
            try:
                data = _checked_bytes(new)
            except RefusedError:
                _broken(old, source)
                raise
            path = self.write(child_id, data)
            self.remember(child_id, before)
            self._commit_change(path, old, new, message)
            return old, new, True

    def replace(self, child_id: str, expected: bytes, case: Case, message: Message = None) -> bool:
        """Write ``case`` over a file that must still hold exactly ``expected`` (senpath edit).

        Returns False (nothing written) when the file changed meanwhile. The current file
        need not be valid: this is how a broken file is repaired.
        """
        if not self.exists(child_id):
            return False
        self.ensure_root()
        with self.locked(child_id):
            try:
                current = self.read_bytes(child_id)
            except NotFoundError:
                return False
            if current != expected:
                return False
            try:  # the record before, for the commit message only
                old: Case | None = parse_format(current, self.path(child_id).name, child_id)
            except InvalidCaseError:
                old = None
            path = self.write(child_id, _checked_bytes(case))
            self.remember(child_id, current)
            self._commit_change(path, old, case, message)
            return True

    def undo(self, child_id: str, expected: bytes, message: Message = None) -> Case:
        """Put back the file as it was before the last change, if the case still holds ``expected``.

        The earlier record is checked by the rules (RefusedError with the reason); the undo
        is remembered like any change (so it can itself be undone) and committed with git.
        """
        self.ensure_root()
        source = f"{child_id}{SUFFIX}"
        with self.locked(child_id):
            current, before = self.last_change(child_id)
            if current != expected:
                raise LockError(f"{child_id} changed while you were deciding; nothing was undone. Run undo again")
            if before is None:
                raise RefusedError(
                    f"the last change opened the case {child_id}; undo does not delete a record "
                    "(mark a child who left with {cmd:leave})"
                )
            try:
                earlier = parse_case(before, source, child_id)
            except InvalidCaseError as exc:
                raise RefusedError(f"cannot undo: the record before would break a rule: {exc.problems[0]}") from None
            now = parse_format(current, source, child_id)
            data = dump_case(earlier)
            parse_format(data, source, child_id)  # the file format of what is written: the rules held above
            path = self.write(child_id, data)
            self.remember(child_id, current)
            self._commit_change(path, now, earlier, message)
            return earlier

    def rename(self, old_id: str, new_id: str) -> Path:
        """Move a case to a new id: the new file is linked into place (never over another case),
        then the old one removed; with git, one commit holds both."""
        check_id(old_id)
        check_id(new_id)
        if old_id == new_id:
            raise UsageError(f"{old_id} is already the id; give a different new id")
        if not self.exists(old_id):
            raise self.no_such_child(old_id)
        self.ensure_root()
        first, second = sorted((old_id, new_id))  # one order of locks: two renames never deadlock
        with self.locked(first), self.locked(second):
            source = f"{old_id}{SUFFIX}"
            case = parse_format(self.read_bytes(old_id), source, old_id)
            moved = case.model_copy(update={"id": new_id})
            try:
                data = _checked_bytes(moved)
            except RefusedError:
                _broken(case, source)
                raise
            return self.move(old_id, new_id, data)
