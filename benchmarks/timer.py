"""The timing loop, in a process of its own started with ``python -S``: small, so that the peak
memory the kernel reports for each command it starts (``os.wait4``) is the command's own and not
a copy of a large parent's. Reads a JSON plan on stdin, writes JSON results on stdout.

Plan: {"rounds": R, "env": {...}, "benches": [{"argv": [...], "rounds": k,
"prepare": [["unlink", PATH] | ["copy", SRC, DST], ...]}, ...]}.
Every round runs every bench once, in order (A B C ... A B C ...).
"""

import json
import os
import shutil
import subprocess
import sys
import time


def main() -> None:
    plan = json.load(sys.stdin)
    env = plan["env"]
    results = [{"wall": [], "cpu": [], "rss_kib": [], "failed": None} for _ in plan["benches"]]
    for r in range(plan["rounds"]):
        for bench, res in zip(plan["benches"], results, strict=True):
            if res["failed"] or r >= bench.get("rounds", plan["rounds"]):
                continue
            for step in bench.get("prepare", []):
                if step[0] == "unlink":
                    try:
                        os.unlink(step[1])  # noqa: PTH108 - no pathlib: this process stays small
                    except FileNotFoundError:
                        pass
                elif step[0] == "copy":
                    shutil.copy2(step[1], step[2])
            start = time.perf_counter()
            proc = subprocess.Popen(bench["argv"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                res["failed"] = f"exit {proc.returncode}: {err.decode(errors='replace').strip()[:300]}"
                continue
            res["wall"].append(wall)
            res["cpu"].append(usage.ru_utime + usage.ru_stime)
            res["rss_kib"].append(usage.ru_maxrss)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
