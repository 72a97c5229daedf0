"""Where framework files are found: cheap to import (no pydantic, no TOML parser).

The files shipped in ``senpath/frameworks/``, then the register's ``frameworks/`` folder (beside
its cases folder) that the last :class:`~senpath.store.CaseFiles` made registered.
``senpath.framework`` reads and validates them.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_FRAMEWORK = "england-2001"  # what a version 1 case file follows
SHIPPED = Path(__file__).resolve().parent / "frameworks"
SUFFIX = ".toml"

_SEARCH: list[Path] = []
_INDEX: dict[str, Path] = {}


def add_search_dir(path: Path) -> None:
    """Look for framework files in ``path`` too (the register's ``frameworks/`` folder); a process
    works on one register, so this replaces the register folder named before."""
    path = path.absolute()
    if _SEARCH != [path]:
        _SEARCH[:] = [path]
        _INDEX.clear()


def paths() -> dict[str, Path]:
    """Framework id -> file, shipped first; a register's file may not reuse a shipped id
    (the shipped one is kept; ``clashes`` lists them)."""
    if not _INDEX:
        for folder in (SHIPPED, *_SEARCH):
            if not folder.is_dir():
                continue
            for file in sorted(folder.glob(f"*{SUFFIX}")):
                stem = file.name[: -len(SUFFIX)]
                if stem not in _INDEX:
                    _INDEX[stem] = file
    return _INDEX


def clashes() -> list[Path]:
    """Register framework files named like a shipped framework (never read)."""
    shipped = {f.name for f in SHIPPED.glob(f"*{SUFFIX}")}
    return [f for folder in _SEARCH if folder.is_dir() for f in sorted(folder.glob(f"*{SUFFIX}")) if f.name in shipped]


def reset() -> None:
    _SEARCH.clear()
    _INDEX.clear()


def duty_kinds() -> list[str]:
    """Every duty kind any known framework can list (``senpath reviews --kind``), read cheaply from
    the files' ``[[plans.school]]`` and ``[[process.milestones]]`` ids (no TOML parser: the
    index's warm runs must stay light; senpath.framework validates the files when a case loads)."""
    import re

    plans: list[str] = []
    milestones: list[str] = []
    for path in paths().values():
        section = ""
        try:
            from senpath.files import read_private  # a regular file only: never blocks on a FIFO

            text = read_private(path).decode("utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped
                continue
            match = re.fullmatch(r'id\s*=\s*"([a-z0-9][a-z0-9-]*)"', stripped)
            if match is None:
                continue
            if section == "[[plans.school]]":
                plans += [f"{match[1]}-review", f"new-{match[1]}"]
            elif section == "[[process.milestones]]":
                milestones.append(match[1])
    return list(dict.fromkeys([*plans, "annual-review", "transition-review", *milestones]))
