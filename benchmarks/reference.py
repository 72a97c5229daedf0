"""The floor: the least a Python program can do to answer ``senpath reviews --due`` safely.

Run as ``python benchmarks/reference.py [--typer] CASES_DIR TODAY DAYS``; ``--typer`` imports Typer
first (the floor for a program that starts Typer, as senpath does). It does what a warm senpath run
must do and nothing else: list the folder once, ``lstat`` every case file, compare the signatures
(size, mtime_ns, ctime_ns, inode) with the ones senpath's index holds, the same way the index
does (a dict loaded from the index, compared in C), query the duties due by today + DAYS, and print
them as aligned plain text. No Typer, no checks of its input, no stray-file report; when
anything changed it exits 3 (the benchmark only runs it warm). Standard library only.
"""

import marshal
import os
import re
import sqlite3
import sys
from datetime import date, timedelta

NAME = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})\.toml$", re.MULTILINE)


def main() -> None:
    if sys.argv[1] == "--typer":
        import typer  # noqa: F401

        del sys.argv[1]
    root, today, days = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    with os.scandir(fd) as entries:
        listing = "\n".join([e.name for e in entries])
    sigs = {}
    for cid in NAME.findall(listing):
        st = os.lstat(f"{cid}.toml", dir_fd=fd)
        sigs[cid] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    os.close(fd)
    conn = sqlite3.connect(f"file:{root}/.senpath/index.sqlite?mode=ro", uri=True)
    (blob,) = conn.execute("SELECT data FROM sigs").fetchone()
    if marshal.loads(blob) != sigs:
        sys.exit(3)
    limit = (today + timedelta(days=days)).isoformat()
    rows = conn.execute(
        "SELECT name, id, setting, due, what FROM duties WHERE due <= ? ORDER BY due, id", (limit,)
    ).fetchall()
    conn.close()
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(5)]
    out = [f"Overdue or due by {limit} (today {today.isoformat()})"]
    for r in rows:
        days_left = (date.fromisoformat(r[3]) - today).days
        when = "OVERDUE" if days_left < 0 else "due today" if days_left == 0 else f"due in {days_left} days"
        out.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) + "  " + when)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
