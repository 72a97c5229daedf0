"""Time senpath over N generated cases, whole process, against ``import typer`` and Taskwarrior.

Run from the repository (one command; the cases are generated the first time)::

    .venv/bin/python benchmarks/run.py --n 10000

For each N it generates N fictional cases with senpath's own writer (benchmarks/generate.py),
then runs every command once per round, round after round (A B C ... A B C ...), so that all
commands share the machine's state, and reports per command the median wall time, the median
CPU time (user + system), the peak memory of the largest process (``os.wait4``), and ratios:

* ``reviews --due`` warm (index up to date) and cold (index deleted before each run);
* ``reviews --due --no-index`` (every file read with tomllib, no index; a few rounds only);
* ``list`` warm, ``show``, ``consult`` and ``escalate`` on one case (restored before each run);
* ``--help``, ``--version`` and the floor ``python -c "import typer"``;
* with Taskwarrior installed (``task``), the same due query over N tasks with the same due
  dates: one pending task per case, due on that case's first open duty.

The due list with and without the index is compared for every case before timing (it must be
identical). Stdout goes to a pipe, as in a script: senpath prints plain text there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TODAY, generate  # noqa: E402

PY = sys.executable
SENPATH = [PY, "-m", "senpath"] if os.environ.get("BENCH_MODULE") else [str(Path(PY).with_name("senpath"))]
DUE_WITHIN = 14  # senpath's default for --due


@dataclass
class Bench:
    name: str
    argv: list[str]
    prepare: list[list[str]] = field(default_factory=list)  # ["unlink", path] or ["copy", src, dst]
    rounds: int | None = None  # fewer rounds for the slow ones
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    failed: str | None = None


def run_rounds(benches: list[Bench], rounds: int, env: dict[str, str]) -> None:
    """A B C ... A B C ...: every command once per round, timed by benchmarks/timer.py."""
    plan = {
        "rounds": rounds,
        "env": env,
        "benches": [{"argv": b.argv, "rounds": b.rounds or rounds, "prepare": b.prepare} for b in benches],
    }
    out = subprocess.run(
        [PY, "-S", str(HERE / "timer.py")], input=json.dumps(plan), capture_output=True, text=True, check=True
    )
    for b, res in zip(benches, json.loads(out.stdout), strict=True):
        b.wall, b.cpu, b.rss, b.failed = res["wall"], res["cpu"], res["rss_kib"], res["failed"]


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


# ---------------------------------------------------------------------------
# Setting up a folder


def ensure_cases(n: int, work: Path, seed: int) -> Path:
    folder = work / f"cases-{n}-{seed}"
    marker = folder / ".senpath" / "generated"
    if not marker.exists():
        if folder.exists():
            shutil.rmtree(folder)
        start = time.perf_counter()
        generate(n, folder, seed)
        marker.write_text(f"{n} {seed}\n")
        print(f"  generated {n} cases in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder


def one_case_folder(work: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """A folder with one case at Action, a professional and a fresh consultation, made by the CLI."""
    folder = work / "one-case"
    if folder.exists():
        shutil.rmtree(folder)
    steps = [
        ["new-child", "--id", "amira-khan", "--name", "Amira Khan", "--dob", "2022-05-14", "--setting",
         "early-years", "--school", "Little Acorns Nursery", "--senco", "Ms R. Evans", "--parent", "Sara Khan",
         "--concern", "Slow progress in speech", "--opened", "2026-01-12"],
        ["consult", "amira-khan", "--date", "2026-01-19", "--with", "Sara Khan", "--method", "meeting",
         "--summary", "Agreed extra small-group language support"],
        ["escalate", "amira-khan", "--to", "action", "--date", "2026-01-26", "--reason", "Speech well behind peers",
         "--evidence", "Speech checklist: 12 of 40 sounds"],
        ["professional", "add", "amira-khan", "--role", "speech-and-language-therapist", "--name", "Ms T. Okafor",
         "--requested", "2026-05-05", "--seen", "2026-06-02", "--advice", "Daily modelling of short phrases"],
        ["consult", "amira-khan", "--date", "2026-06-10", "--with", "Sara Khan", "--method", "phone",
         "--summary", "Shared the therapist's advice; agreed to move to Action Plus"],
    ]  # fmt: skip
    for step in steps:
        subprocess.run([*SENPATH, "--cases-dir", str(folder), *step], env=env, check=True, capture_output=True)
    saved = work / "one-case.toml"
    shutil.copy2(folder / "amira-khan.toml", saved)
    return folder, saved


def due_lists_match(folder: Path, env: dict[str, str]) -> tuple[bool, int]:
    """``reviews --json`` (every open duty) with and without the index: identical?"""
    args = [*SENPATH, "--cases-dir", str(folder), "reviews", "--json"]
    with_index = subprocess.run(args, env=env, capture_output=True, check=False)
    without = subprocess.run([*args, "--no-index"], env=env, capture_output=True, check=False)
    ok = with_index.stdout == without.stdout and with_index.returncode == without.returncode == 0
    return ok, len(json.loads(with_index.stdout or b"[]"))


def taskwarrior(folder: Path, work: Path, env: dict[str, str]) -> list[str] | None:
    """N pending tasks, one per case, due on the case's first open duty; the argv of the due query."""
    task = shutil.which("task")
    if task is None:
        return None
    data = work / f"task-{folder.name}"
    rc = data / "taskrc"
    if not (data / "imported").exists():
        if data.exists():
            shutil.rmtree(data)
        (data / "data").mkdir(parents=True)
        rc.write_text(
            f"data.location={data / 'data'}\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\n"
            "news.version=2.6.2\n"
        )
        out = subprocess.run(
            [*SENPATH, "--cases-dir", str(folder), "reviews", "--json"], env=env, capture_output=True, check=True
        )
        first: dict[str, str] = {}
        for d in json.loads(out.stdout):
            first.setdefault(d["id"], d["due"])
        tasks = []
        for n, path in enumerate(sorted(folder.glob("*.toml")), start=1):
            cid = path.stem
            t = {  # as in the research notes: a project per child, a tag
                "uuid": f"00000000-0000-4000-8000-{n:012d}",
                "status": "pending",
                "entry": "20250101T000000Z",
                "description": f"{cid}: next review or deadline",
                "project": cid.replace("-", "_"),
                "tags": ["senpath"],
            }
            if cid in first:
                t["due"] = first[cid].replace("-", "") + "T000000Z"
            tasks.append(t)
        (data / "tasks.json").write_text(json.dumps(tasks))
        tenv = {**env, "TASKRC": str(rc)}
        subprocess.run([task, "import", str(data / "tasks.json")], env=tenv, check=True, capture_output=True)
        (data / "imported").write_text(f"{len(tasks)}\n")
    until = TODAY.toordinal() + DUE_WITHIN + 1
    from datetime import date

    return [task, f"rc:{rc}", f"due.before:{date.fromordinal(until).isoformat()}", "list"]


# ---------------------------------------------------------------------------


def bench_n(n: int, args: argparse.Namespace, env: dict[str, str]) -> list[Bench]:
    work: Path = args.work
    folder = ensure_cases(n, work, args.seed)
    env = {**env, "SENPATH_CASES_DIR": str(folder)}
    index_file = folder / ".senpath" / "index.sqlite"

    drop_index = [["unlink", f"{index_file}{suffix}"] for suffix in ("", "-journal")]

    same, count = due_lists_match(folder, env)
    print(f"  due list identical with and without the index: {same} ({count} open duties)", file=sys.stderr)
    if not same:
        raise SystemExit("the due list differs with and without the index: a bug")
    one, saved = one_case_folder(work, env)
    one_env = ["--cases-dir", str(one)]

    restore = [["copy", str(saved), str(one / "amira-khan.toml")]]

    slow_rounds = max(1, min(args.rounds, args.slow_rounds))
    benches = [
        Bench("python -c 'import typer' (floor)", [PY, "-c", "import typer"]),
        Bench("senpath --version", [*SENPATH, "--version"]),
        Bench("senpath --help", [*SENPATH, "--help"]),
        Bench("reviews --due (warm)", [*SENPATH, "reviews", "--due"]),
        Bench("reviews --due (cold)", [*SENPATH, "reviews", "--due"], prepare=drop_index, rounds=slow_rounds),
        Bench("list (warm)", [*SENPATH, "list"]),
        Bench("show (one case)", [*SENPATH, *one_env, "show", "amira-khan"]),
        Bench(
            "consult (one case)",
            [
                *SENPATH,
                *one_env,
                "consult",
                "amira-khan",
                "--date",
                "2026-11-20",
                "--with",
                "Sara Khan",
                "--method",
                "phone",
                "--summary",
                "Checked how the new targets are going",
            ],
            prepare=restore,
        ),  # fmt: skip
        Bench(
            "escalate (one case)",
            [
                *SENPATH,
                *one_env,
                "escalate",
                "amira-khan",
                "--to",
                "action-plus",
                "--date",
                "2026-06-15",
                "--reason",
                "Little progress over two terms",
                "--evidence",
                "Speech checklist: 15 of 40 sounds",
            ],
            prepare=restore,
        ),  # fmt: skip
    ]
    tw = taskwarrior(folder, work, env)
    if tw is not None:
        benches.insert(4, Bench(f"task due.before:+{DUE_WITHIN + 1}d list (Taskwarrior)", tw))
    if args.no_index_rounds:
        benches.append(
            Bench(
                "reviews --due --no-index (tomllib)",
                [*SENPATH, "reviews", "--due", "--no-index"],
                rounds=min(args.no_index_rounds, args.rounds),
            )  # fmt: skip
        )
    subprocess.run([*SENPATH, "reviews", "--due"], env=env, capture_output=True, check=False)  # warm the index
    run_rounds(benches, args.rounds, env)
    subprocess.run([*SENPATH, "reviews", "--due"], env=env, capture_output=True, check=False)
    return benches


def report(n: int, benches: list[Bench]) -> str:
    by = {b.name.split(" (")[0] if "Taskwarrior" not in b.name else "task": b for b in benches}
    floor = median(benches[0].wall)
    lines = [
        f"### N = {n:,} cases",
        "",
        "| command | median wall s | × floor | median CPU s | peak MiB | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for b in benches:
        if b.failed:
            lines.append(f"| {b.name} | failed: {b.failed} | | | | |")
            continue
        w = median(b.wall)
        lines.append(
            f"| {b.name} | {w:.3f} | {w / floor:.2f} | {median(b.cpu):.3f} | {max(b.rss) / 1024:.1f} | {len(b.wall)} |"
        )
    warm = next(b for b in benches if b.name == "reviews --due (warm)")
    task = by.get("task")
    if task is not None and task.wall and warm.wall:
        lines += ["", f"reviews --due (warm) / Taskwarrior: {median(warm.wall) / median(task.wall):.2f}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[300], help="numbers of cases (e.g. --n 300 10000)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of every command (default 10)")
    parser.add_argument("--slow-rounds", type=int, default=5, help="rounds of the cold runs (default 5)")
    parser.add_argument(
        "--no-index-rounds", type=int, default=0, help="also time reviews --due --no-index this many rounds"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/senpath-bench"), help="scratch folder")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENPATH_") and k not in ("COLUMNS", "FORCE_COLOR")}
    env.update({"SENPATH_TODAY": TODAY.isoformat(), "TZ": "UTC", "NO_COLOR": "1"})
    # As installed: byte-compiled (pip compiles; an editable checkout compiles on first run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    import senpath

    subprocess.run([PY, "-m", "compileall", "-q", str(Path(senpath.__file__).parent)], env=env, check=False)
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    head = [
        f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; today fixed at {TODAY.isoformat()}",
        f"Command: {Path(PY).name} benchmarks/run.py " + " ".join(sys.argv[1:]),
        "",
    ]
    parts = ["\n".join(head)]
    for n in args.n:
        print(f"N = {n}", file=sys.stderr)
        parts.append(report(n, bench_n(n, args, env)))
        print(parts[-1] + "\n", file=sys.stderr)
    text = "\n\n".join(parts) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
