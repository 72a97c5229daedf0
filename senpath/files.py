"""File primitives: private, atomic, never through a symbolic link. Pure file I/O, no rules.

Files senpath writes are 0600 in 0700 folders; a write goes through a temp file in the same
folder (fsync, ``os.replace``, fsync of the folder), so a file is always whole, as before or
as after. The store (``senpath.store``), the settings and the framework files use these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def read_private(path: Path) -> bytes:
    """Read a regular file without following a symbolic link (nor blocking on a FIFO)."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True, sync_dir: bool = True) -> None:
    """Temp file in the same folder, fsync, ``os.replace``, fsync the folder; 0600.

    With ``sync_dir=False`` the folder is not fsynced (a bulk write fsyncs it once at the end).
    With ``overwrite=False`` the temp file is linked into place instead, which raises
    ``FileExistsError`` (writing nothing) if ``path`` exists, even one that appeared meanwhile.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if overwrite:
            Path(tmp).replace(path)
        else:
            os.link(tmp, path)
    finally:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            Path(tmp).unlink()  # gone already after a replace; the extra name after a link
    if sync_dir:  # a caller that passes False fsyncs the folder itself, once (fsync_dir)
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def absolute_path(path: Path) -> Path:
    """An absolute path with ``.`` and ``..`` taken out by their spelling (links are not followed)."""
    return Path(os.path.normpath(Path(path).absolute()))


def make_private_dirs(folder: Path) -> None:
    """``mkdir -p`` with every folder it makes private (0700), not only the last one."""
    missing = []
    here = absolute_path(folder)
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        path.mkdir(mode=DIR_MODE, exist_ok=True)
        path.chmod(DIR_MODE)
