"""Run senpath with one of its start-up or warm-path savings undone, to time what each one is worth.

``python benchmarks/ablate.py WIN senpath-args...`` runs ``senpath.cli.main()`` exactly as the
installed ``senpath`` command does, after undoing WIN (``none`` undoes nothing: the pair's "after"):

* ``strays``: the stray files are found by listing the folder a second time (``Store.stray_names``);
* ``teardown``: the interpreter is torn down at exit (no ``os._exit`` after a read-only command);
* ``gc``: the garbage collector runs as usual;
* ``digest``: a warm run loads and compares every indexed signature instead of one digest.

Only the benchmark uses this; each pair (WIN, none) runs in the same rounds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def main() -> None:
    win, args = sys.argv[1], sys.argv[2:]
    sys.argv = ["senpath", *args]
    from senpath import cli, index

    if win == "strays":
        from senpath.checked import Store

        stat_cases = index._stat_cases

        def twice(root: Path, loose: set[str] | None = None) -> tuple[dict[str, Any], list[str]]:
            sigs, _ = stat_cases(root, loose)
            return sigs, Store(root).stray_names()

        index._stat_cases = twice  # type: ignore[assignment]
    elif win == "teardown":
        cli._read_only = lambda argv: False  # type: ignore[assignment]
    elif win == "gc":
        import gc

        gc.disable = lambda: None  # type: ignore[assignment]
    elif win == "digest":
        write = index._write
        index._stored_digest = lambda conn: None  # type: ignore[assignment]
        index._write = lambda conn, good, drop, *rest: write(conn, good, drop, *rest) if good or drop else None  # type: ignore[assignment]
    elif win != "none":
        raise SystemExit(f"unknown saving {win!r}")
    cli.main()


if __name__ == "__main__":
    main()
