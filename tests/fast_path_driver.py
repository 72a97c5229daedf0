"""Run ``senpath.cli.main()`` for many argument lists, each in a fresh forked process, both ways.

Used by tests/test_fast_path.py: ``python tests/fast_path_driver.py < plan.json`` prints, for each
job, the stdout, stderr (or, on a pty, the one stream) and exit code of the run through the
fast path and through the Typer path (SENPATH_NO_FAST_PATH=1). Each run is a child forked from
this process after the imports (so a run costs milliseconds, not an interpreter's start), with
the streams, working folder and environment a real run would have; the child leaves as the
interpreter would (flush, then the exit code; 120 when the final flush fails).

A job: ``{"argv": [...], "env": {name: value or null}, "cwd": path, "pty": columns or null,
"prepare": [["unlink", path] | ["copy", src, dst], ...]}`` (prepare runs before each of the two runs).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

import senpath.checks
import senpath.cli
import senpath.cli.fast
import senpath.cli.reviews
import senpath.cli.root
import senpath.index
import senpath.render
import senpath.reviews
import senpath.store  # noqa: F401

try:  # what a run that reads case files imports: once here, not in every child
    import rtoml  # noqa: F401
except ImportError:  # pragma: no cover
    pass


def _child(job: dict[str, Any], fast: bool, out: int, err: int) -> None:
    """In the forked child: become the run, and never return."""
    code = 1
    try:
        os.chdir(job["cwd"])
        for name, value in job["env"].items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if fast:
            os.environ.pop("SENPATH_NO_FAST_PATH", None)
        else:
            os.environ["SENPATH_NO_FAST_PATH"] = "1"
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.argv = ["senpath", *job["argv"]]
        try:
            senpath.cli.main()
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            code = 120
    finally:
        os._exit(code)


def _prepare(steps: list[list[str]]) -> None:
    for step in steps:
        if step[0] == "unlink":
            Path(step[1]).unlink(missing_ok=True)
        elif step[0] == "copy":
            shutil.copyfile(step[1], step[2])
        else:
            raise SystemExit(f"unknown step {step!r}")


def _piped(job: dict[str, Any], fast: bool) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            _child(job, fast, out.fileno(), err.fileno())
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return {"stdout": _b(out.read()), "stderr": _b(err.read()), "code": os.waitstatus_to_exitcode(status)}


def _on_pty(job: dict[str, Any], fast: bool) -> dict[str, Any]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, job["pty"], 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        _child(job, fast, slave, slave)
    # The parent keeps the slave open until the child has exited and its output is drained: a read
    # of the master after the last slave close may report EIO before the kernel has moved the last
    # bytes across (seen under load as a missing last line).
    chunks = []
    status = None
    quiet_since = None
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            chunks.append(os.read(master, 65536))
            quiet_since = None
            continue
        if status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
            continue
        now = time.monotonic()
        quiet_since = quiet_since or now
        if now - quiet_since >= 0.2:
            break
    os.close(slave)
    os.close(master)
    return {"output": _b(b"".join(chunks)), "code": os.waitstatus_to_exitcode(status)}


def _b(data: bytes) -> str:
    return base64.b64encode(data).decode()


def main() -> None:
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        pair = {}
        for mode in ("fast", "typer"):
            _prepare(job.get("prepare", []))
            run = _on_pty if job.get("pty") else _piped
            pair[mode] = run(job, mode == "fast")
        results.append(pair)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
