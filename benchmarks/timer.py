"""The timing loop, in a process of its own started with ``python -S``: small, so that the peak
memory the kernel reports for each command it starts (``os.wait4``) is the command's own and not
a copy of a large parent's. Reads a JSON plan on stdin, writes JSON results on stdout.

Plan: {"rounds": R, "env": {...}, "benches": [{"argv": [...], "rounds": k, "pty": [cols, rows] | null,
"env": {...extra}, "prepare": [["unlink", PATH] | ["copy", SRC, DST], ...]}, ...]}.
Every round runs every bench once, in order (A B C ... A B C ...); a result holds one wall time
per round (null for a round it skipped), so that ratios can be paired round by round.

A bench with "pty" runs with its stdout and stderr on a new pseudo-terminal of that size (as a
person at a terminal sees it); this process reads everything written there, as a terminal would.
Otherwise stdout goes to a pipe that is read to the end.
"""

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import time


def run_pty(argv, env, size):
    """Start argv on a pseudo-terminal of size (cols, rows); read it to the end. (status, usage, tail)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    tail = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        tail = (tail + chunk)[-600:]
    os.close(master)
    _, status, usage = os.wait4(proc.pid, 0)
    return status, usage, tail


def run_pipe(argv, env):
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tail = b""
    for chunk in iter(lambda: proc.stdout.read(65536), b""):
        tail = (tail + chunk)[-300:]
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    return status, usage, err or tail


def main():
    plan = json.load(sys.stdin)
    base_env = plan["env"]
    results = [{"wall": [], "cpu": [], "rss_kib": [], "failed": None} for _ in plan["benches"]]
    for r in range(plan["rounds"]):
        for bench, res in zip(plan["benches"], results, strict=True):
            if res["failed"] or r >= bench.get("rounds", plan["rounds"]):
                res["wall"].append(None)
                continue
            for step in bench.get("prepare", []):
                if step[0] == "unlink":
                    try:
                        os.unlink(step[1])  # noqa: PTH108 - no pathlib: this process stays small
                    except FileNotFoundError:
                        pass
                elif step[0] == "copy":
                    shutil.copy2(step[1], step[2])
                elif step[0] == "run":
                    subprocess.run(step[1:], env=base_env, check=True, capture_output=True)
            env = {**base_env, **bench.get("env", {})}
            start = time.perf_counter()
            if bench.get("pty"):
                status, usage, tail = run_pty(bench["argv"], env, bench["pty"])
            else:
                status, usage, tail = run_pipe(bench["argv"], env)
            wall = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                res["failed"] = f"exit {code}: {tail.decode(errors='replace').strip()[-300:]}"
                res["wall"].append(None)
                continue
            res["wall"].append(wall)
            res["cpu"].append(usage.ru_utime + usage.ru_stime)
            res["rss_kib"].append(usage.ru_maxrss)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
