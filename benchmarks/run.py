"""Time senpath over N generated cases, whole process, against ``import typer``, Taskwarrior and a floor.

Run from the repository (one command; the cases are generated the first time)::

    .venv/bin/python benchmarks/run.py --n 10000
    .venv/bin/python benchmarks/run.py --write-docs     # regenerates docs/performance.md's results

For each N it generates N fictional cases with senpath's own writer (benchmarks/generate.py),
then runs every command once per round, round after round (A B C ... A B C ...), so that all
commands share the machine's state, and reports per command the median wall time, the median
CPU time (user + system), the peak memory of the largest process (``os.wait4``), and the medians
of paired ratios (command A's time over command B's in the same round: robust to a busy machine):

* ``reviews --due`` warm (index up to date), its stdout a pipe (plain text, as a script gets it)
  and a real pseudo-terminal of 120 columns with NO_COLOR=1 (the table a person sees; with 10,000
  cases that is the 200-row table, then "N more");
* the same two through the Typer path (SENPATH_NO_FAST_PATH=1): what the fast path of
  ``reviews`` (senpath/cli/fast.py, no Typer) saves;
* cold (index deleted before each run) on the pty, so with its progress bar. "Cold" means no
  index: the OS page cache still holds the case files (nothing here drops it);
* ``reviews --due --no-index`` (every file read with tomllib, no index; a few rounds only);
* ``list`` warm, ``show``, ``consult`` and ``escalate`` on one case (restored before each run),
  and ``consult`` in a register that is a git repository (the write and its commit);
* ``--help``, ``--version`` and the floor ``python -c "import typer"``;
* the minimal-Python reference (benchmarks/reference.py: list, lstat every case file, compare the
  signatures with the index's as the index does, query, print), piped and on the pty: the floor
  for a Python program;
* each measured saving undone in turn (benchmarks/ablate.py) against the same code with none
  undone: the before/after pairs in docs/performance.md;
* with Taskwarrior installed (``task``), the same due query over N tasks with the same due dates
  (one pending task per case, due on that case's first open duty), piped and on the same pty with
  ``rc.color=off``. Without Taskwarrior those comparisons are skipped, and the report says so.

The due list with and without the index is compared for every case before timing (it must be
identical).
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


PTY = [120, 40]  # columns, rows of the pseudo-terminal
PTY_ENV = {"TERM": "xterm-256color", "NO_COLOR": "1"}
TYPER_PATH = {"SENPATH_NO_FAST_PATH": "1"}  # reviews through Typer, not its fast path (senpath/cli/fast.py)


@dataclass
class Bench:
    name: str
    argv: list[str]
    prepare: list[list[str]] = field(default_factory=list)  # ["unlink", path], ["copy", src, dst], ["run", argv...]
    rounds: int | None = None  # fewer rounds for the slow ones
    pty: bool = False
    env: dict[str, str] = field(default_factory=dict)  # added to the environment of this command only
    wall: list[float | None] = field(default_factory=list)  # one per round: None when skipped
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    failed: str | None = None

    @property
    def times(self) -> list[float]:
        return [w for w in self.wall if w is not None]


def run_rounds(benches: list[Bench], rounds: int, env: dict[str, str]) -> None:
    """A B C ... A B C ...: every command once per round, timed by benchmarks/timer.py."""
    plan = {
        "rounds": rounds,
        "env": env,
        "benches": [
            {
                "argv": b.argv,
                "rounds": b.rounds or rounds,
                "prepare": b.prepare,
                "pty": PTY if b.pty else None,
                "env": {**(PTY_ENV if b.pty else {}), **b.env},
            }
            for b in benches
        ],
    }
    out = subprocess.run(
        [PY, "-S", str(HERE / "timer.py")], input=json.dumps(plan), capture_output=True, text=True, check=True
    )
    for b, res in zip(benches, json.loads(out.stdout), strict=True):
        b.wall, b.cpu, b.rss, b.failed = res["wall"], res["cpu"], res["rss_kib"], res["failed"]


def paired(a: Bench, b: Bench) -> float:
    """The median over rounds of a's time over b's time in the same round."""
    ratios = [x / y for x, y in zip(a.wall, b.wall, strict=False) if x is not None and y is not None]
    return statistics.median(ratios) if ratios else float("nan")


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

    return [task, f"rc:{rc}", "rc.color=off", f"due.before:{date.fromordinal(until).isoformat()}", "list"]


# ---------------------------------------------------------------------------


def git_case_folder(work: Path, saved: Path, env: dict[str, str]) -> Path:
    """The one-case folder as a git repository (every write is committed)."""
    folder = work / "one-case-git"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    shutil.copy2(saved, folder / "amira-khan.toml")
    genv = {**env, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}  # fmt: skip
    for cmd in (["init", "-q"], ["add", "amira-khan.toml"], ["commit", "-q", "-m", "Amira Khan"]):
        subprocess.run(["git", "-C", str(folder), *cmd], env=genv, check=True, capture_output=True)
    env.update(genv)
    return folder


CONSULT = ["consult", "amira-khan", "--date", "2026-11-20", "--with", "Sara Khan", "--method", "phone",
           "--summary", "Checked how the new targets are going"]  # fmt: skip
ESCALATE = ["escalate", "amira-khan", "--to", "action-plus", "--date", "2026-06-15", "--reason",
            "Little progress over two terms", "--evidence", "Speech checklist: 15 of 40 sounds"]  # fmt: skip
WINS = {
    "strays": "stray files from the listing already made (before: a second listing)",
    "teardown": "no interpreter teardown after a read-only command (os._exit)",
    "gc": "no garbage collection on the warm path",
    "digest": "one digest of the signatures (before: load and compare every signature)",
}


def bench_n(n: int, args: argparse.Namespace, env: dict[str, str]) -> tuple[list[Bench], dict[str, object]]:
    work: Path = args.work
    folder = ensure_cases(n, work, args.seed)
    env = {**env, "SENPATH_CASES_DIR": str(folder)}
    index_file = folder / ".senpath" / "index.sqlite"
    drop_index = [["unlink", f"{index_file}{suffix}"] for suffix in ("", "-journal")]

    same, count = due_lists_match(folder, env)
    print(f"  due list identical with and without the index: {same} ({count} open duties)", file=sys.stderr)
    if not same:
        raise SystemExit("the due list differs with and without the index: a bug")
    due = subprocess.run([*SENPATH, "reviews", "--due", "--json"], env=env, capture_output=True, check=True)
    due_rows = len(json.loads(due.stdout))
    one, saved = one_case_folder(work, env)
    git_one = git_case_folder(work, saved, env)
    restore = [["copy", str(saved), str(one / "amira-khan.toml")]]
    git_restore = [["run", "git", "-C", str(git_one), "checkout", "-q", "-f", "HEAD", "--", "amira-khan.toml"]]
    on_one = [*SENPATH, "--cases-dir", str(one)]
    reference = [PY, str(HERE / "reference.py"), str(folder), TODAY.isoformat(), str(DUE_WITHIN)]
    ablate = [PY, str(HERE / "ablate.py")]

    slow_rounds = max(1, min(args.rounds, args.slow_rounds))
    benches = [
        Bench("python -c 'import typer' (floor)", [PY, "-c", "import typer"]),
        Bench("python -c pass (the interpreter's start)", [PY, "-c", "pass"]),
        Bench("senpath --version", [*SENPATH, "--version"]),
        Bench("senpath --help", [*SENPATH, "--help"]),
        Bench("reviews --due (warm, piped)", [*SENPATH, "reviews", "--due"]),
        Bench("reviews --due (warm, pty)", [*SENPATH, "reviews", "--due"], pty=True),
        Bench("reviews --due (warm, piped, Typer path)", [*SENPATH, "reviews", "--due"], env=TYPER_PATH),
        Bench("reviews --due (warm, pty, Typer path)", [*SENPATH, "reviews", "--due"], pty=True, env=TYPER_PATH),
        Bench("reference.py (minimal Python, piped)", reference),
        Bench("reference.py (minimal Python, pty)", reference, pty=True),
        Bench("reference.py --typer (minimal Python + import typer, piped)", [*reference[:2], "--typer", *reference[2:]]),
        Bench("reviews --due (cold, pty: progress bar)", [*SENPATH, "reviews", "--due"], prepare=drop_index,
              rounds=slow_rounds, pty=True),
        Bench("list (warm, piped)", [*SENPATH, "list"]),
        Bench("show (one case, piped)", [*on_one, "show", "amira-khan"]),
        Bench("consult (one case)", [*on_one, *CONSULT], prepare=restore),
        Bench("escalate (one case)", [*on_one, *ESCALATE], prepare=restore),
        Bench("consult (one case, git commit)", [*SENPATH, "--cases-dir", str(git_one), *CONSULT],
              prepare=git_restore),
    ]  # fmt: skip
    if not args.no_wins:
        for win in WINS:
            benches.append(Bench(f"saving undone: {win}", [*ablate, win, "reviews", "--due"]))
            benches.append(Bench(f"saving kept: {win}", [*ablate, "none", "reviews", "--due"]))
    if args.before:  # on a copy of the folder: the two versions' indexes differ, and would rebuild each other
        copy = work / f"{folder.name}-before"
        if not copy.exists():
            shutil.copytree(folder, copy, symlinks=True, ignore=shutil.ignore_patterns("index.sqlite*"))
        before = [str(args.before), "--cases-dir", str(copy)]
        subprocess.run([*before, "reviews", "--due"], env=env, capture_output=True, check=False)  # its index
        benches.append(Bench("before: reviews --due (warm, piped)", [*before, "reviews", "--due"]))
        benches.append(Bench("before: reviews --due (warm, pty)", [*before, "reviews", "--due"], pty=True))
    tw = taskwarrior(folder, work, env)
    if tw is not None:
        at = next(i for i, b in enumerate(benches) if b.name.startswith("reference.py"))
        benches.insert(at, Bench("task due.before:+15d list (Taskwarrior, piped)", tw))
        benches.insert(at + 1, Bench("task due.before:+15d list (Taskwarrior, pty)", tw, pty=True))
    else:
        print("  Taskwarrior (task) is not installed: its comparisons are skipped", file=sys.stderr)
    if args.no_index_rounds:
        benches.append(
            Bench(
                "reviews --due --no-index (tomllib)",
                [*SENPATH, "reviews", "--due", "--no-index"],
                rounds=min(args.no_index_rounds, args.rounds),
            )  # fmt: skip
        )
    subprocess.run([*SENPATH, "reviews", "--due"], env=env, capture_output=True, check=False)  # warm the index
    subprocess.run([*SENPATH, "reviews", "--due"], env=env, capture_output=True, check=False)  # and its digest
    run_rounds(benches, args.rounds, env)
    subprocess.run([*SENPATH, "reviews", "--due"], env=env, capture_output=True, check=False)
    return benches, {"due_rows": due_rows, "open_duties": count, "same": same, "taskwarrior": tw is not None}


def find(benches: list[Bench], prefix: str) -> Bench | None:
    return next((b for b in benches if b.name.startswith(prefix) and b.times), None)


def ratio(benches: list[Bench], a: str, b: str) -> float | None:
    x, y = find(benches, a), find(benches, b)
    return paired(x, y) if x and y else None


def key_ratios(benches: list[Bench]) -> dict[str, float | None]:
    warm, pty = "reviews --due (warm, piped)", "reviews --due (warm, pty)"
    tw, twp = "task due.before:+15d list (Taskwarrior, piped)", "task due.before:+15d list (Taskwarrior, pty)"
    ref, refp = "reference.py (minimal Python, piped)", "reference.py (minimal Python, pty)"
    out = {
        "warm piped / Taskwarrior piped": ratio(benches, warm, tw),
        "warm piped / minimal-Python floor piped": ratio(benches, warm, ref),
        "warm pty / Taskwarrior pty": ratio(benches, pty, twp),
        "warm pty / minimal-Python floor pty": ratio(benches, pty, refp),
        "warm pty / warm piped (the terminal table's cost)": ratio(benches, pty, warm),
        "fast path / Typer path, warm piped": ratio(benches, warm, "reviews --due (warm, piped, Typer path)"),
        "fast path / Typer path, warm pty": ratio(benches, pty, "reviews --due (warm, pty, Typer path)"),
        "Typer path piped / Taskwarrior piped": ratio(benches, "reviews --due (warm, piped, Typer path)", tw),
        "minimal-Python floor piped / Taskwarrior piped": ratio(benches, ref, tw),
        "warm piped / minimal Python + import typer, piped": ratio(benches, warm, "reference.py --typer"),
        "minimal Python + import typer / Taskwarrior, piped": ratio(benches, "reference.py --typer", tw),
        "show / import typer": ratio(benches, "show (one case", "python -c"),
        "consult / import typer": ratio(benches, "consult (one case)", "python -c"),
        "escalate / import typer": ratio(benches, "escalate (one case", "python -c"),
        "consult with a git commit / consult": ratio(benches, "consult (one case, git", "consult (one case)"),
    }
    for win in WINS:
        out[f"before/after: {win}"] = ratio(benches, f"saving undone: {win}", f"saving kept: {win}")
    out["before/after: this branch, warm piped"] = ratio(benches, "before: reviews --due (warm, piped)", warm)
    out["before/after: this branch, warm pty"] = ratio(benches, "before: reviews --due (warm, pty)", pty)
    return out


def fmt(x: float | None, unit: str = "×") -> str:
    return "n/a" if x is None else f"{x:.2f}{unit}"


def report(n: int, benches: list[Bench], info: dict[str, object]) -> str:
    floor = benches[0]
    lines = [
        f"### N = {n:,} cases",
        "",
        f"{info['open_duties']:,} open duties; `reviews --due` lists {info['due_rows']:,} "
        f"(on the pty: {min(int(str(info['due_rows'])), 200)} table rows"
        + (", then `N more`" if int(str(info["due_rows"])) > 200 else "")
        + "). Due list identical with and without the index: "
        + ("yes" if info["same"] else "NO")
        + "."
        + ("" if info["taskwarrior"] else " Taskwarrior is not installed: its comparisons are skipped."),
        "",
        "| command | median wall s | × import typer (paired) | median CPU s | peak MiB | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for b in benches:
        if b.failed:
            lines.append(f"| {b.name} | failed: {b.failed} | | | | |")
            continue
        w = median(b.times)
        lines.append(
            f"| {b.name} | {w:.3f} | {paired(b, floor):.2f} | {median(b.cpu):.3f} | {max(b.rss) / 1024:.1f} "
            f"| {len(b.times)} |"
        )
    lines += ["", "| paired ratio (median over rounds) | value |", "| --- | ---: |"]
    for name, value in key_ratios(benches).items():
        if value is not None:
            lines.append(f"| {name} | {value:.2f} |")
    return "\n".join(lines)


def targets(results: dict[int, tuple[list[Bench], dict[str, object]]]) -> str:
    """The issue's targets against this run (at 10,000 and 20,000 when they were run)."""
    rows = ["| target | result | met? |", "| --- | --- | --- |"]

    def row(target: str, value: float | None, limit: float, unit: str = "×") -> None:
        met = "n/a" if value is None else ("yes" if value <= limit else "**no**")
        rows.append(f"| {target} | {fmt(value, unit)} | {met} |")

    if 10_000 in results:
        b, _ = results[10_000]
        r = key_ratios(b)
        row("warm `reviews --due`, 10,000, piped ≤ 0.65× Taskwarrior", r["warm piped / Taskwarrior piped"], 0.65)
        row("… and ≤ 1.3× the minimal-Python floor", r["warm piped / minimal-Python floor piped"], 1.3)
        row("warm `reviews --due`, 10,000, 120-col pty ≤ 1.0× Taskwarrior on it", r["warm pty / Taskwarrior pty"], 1.0)
    if 20_000 in results:
        b, _ = results[20_000]
        cold = find(b, "reviews --due (cold")
        row("cold at 20,000 with the progress bar ≤ 3.5 s", median(cold.times) if cold else None, 3.5, " s")
        peak = max((max(x.rss) for x in b if x.rss), default=0) / 1024
        row("peak memory at 20,000 ≤ 100 MiB (largest process of any command)", peak, 100, " MiB")
    for n, (_, info) in sorted(results.items()):
        rows.append(f"| due list identical with and without the index, N = {n:,} | {info['open_duties']:,} duties "
                    f"| {'yes' if info['same'] else '**no**'} |")  # fmt: skip
    return "\n".join(rows) + "\n\n" + gaps(results)


def gaps(results: dict[int, tuple[list[Bench], dict[str, object]]]) -> str:
    """Where a target is missed, the floor that blocks it, in this run's figures."""
    out: list[str] = []
    if 10_000 in results:
        b, _ = results[10_000]
        r = key_ratios(b)
        tw, floor = r["warm piped / Taskwarrior piped"], r["warm piped / minimal-Python floor piped"]
        typer_floor = r["minimal Python + import typer / Taskwarrior, piped"]
        typer_ratio = r["warm piped / minimal Python + import typer, piped"]
        start = find(b, "python -c 'import typer'")
        bare = find(b, "python -c pass")
        if (tw is not None and tw > 0.65) or (floor is not None and floor > 1.3):
            typer_cost = median(start.cpu) - median(bare.cpu) if start and bare else float("nan")
            fast = r["fast path / Typer path, warm piped"]
            out.append(
                f"**Warm `reviews --due` piped ({fmt(tw)} Taskwarrior, {fmt(floor)} the minimal-Python floor).** "
                f"It runs without Typer (the fast path: {fmt(fast)} the Typer path's time); the minimal program "
                f"with `import typer` added (`reference.py --typer`) takes {fmt(typer_floor)} Taskwarrior, and "
                f"senpath {fmt(typer_ratio)} that program. Importing Typer costs {typer_cost * 1000:.0f} ms of CPU "
                "here (`import typer` minus `python -c pass`). What is left over the floor is senpath's own "
                "imports and the checks the floor leaves out (strays, permissions, racy timestamps)."
            )
        pty, cost = r["warm pty / Taskwarrior pty"], r["warm pty / warm piped (the terminal table's cost)"]
        ref_pty = ratio(b, "reference.py (minimal Python, pty)", "task due.before:+15d list (Taskwarrior, pty)")
        if pty is not None and pty > 1.0:
            out.append(
                f"**Warm `reviews --due` on the 120-column pty ({fmt(pty)} Taskwarrior on it).** The terminal "
                f"table costs {fmt(cost)} the piped run (200 rows drawn by Rich in `senpath/render.py`); the "
                f"minimal-Python floor on the same pty is {fmt(ref_pty)} Taskwarrior. The gap is the table "
                "renderer, which is being rewritten separately (width-aware and cheap)."
            )
    if 20_000 in results:
        b, _ = results[20_000]
        cold = find(b, "reviews --due (cold")
        if cold and median(cold.times) > 3.5:
            cpu = median(cold.cpu)
            out.append(
                f"**Cold at 20,000 ({median(cold.times):.2f} s).** It spends {cpu:.1f} s of CPU (the parent and "
                f"its two workers): {cpu / 20_000 * 1000:.2f} ms a case, nearly all of it parsing (rtoml) and "
                f"validating (pydantic and the record checks in `senpath/models.py`). With {os.cpu_count()} "
                f"cores the floor is about {cpu / max(1, min(2, os.cpu_count() or 1)):.1f} s; 3.5 s needs cheaper "
                "validation per case, or more cores."
            )
    return "\n\n".join(out)


MARK = "<!-- Everything below is generated by benchmarks/run.py --write-docs: do not edit by hand. -->"
DOCS = HERE.parent / "docs" / "performance.md"
DOCS_ARGS = ["--n", "300", "10000", "20000", "--rounds", "11", "--slow-rounds", "3", "--no-index-rounds", "1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[300], help="numbers of cases (e.g. --n 300 10000)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of every command (default 10)")
    parser.add_argument("--slow-rounds", type=int, default=5, help="rounds of the cold runs (default 5)")
    parser.add_argument(
        "--no-index-rounds", type=int, default=0, help="also time reviews --due --no-index this many rounds"
    )
    parser.add_argument("--no-wins", action="store_true", help="skip the saving-undone pairs")
    parser.add_argument("--before", type=Path, help="another senpath executable to pair against (e.g. main's)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/senpath-bench"), help="scratch folder")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"replace the results in docs/performance.md (default options: {' '.join(DOCS_ARGS)})",
    )
    argv = sys.argv[1:]
    if "--write-docs" in argv and "--n" not in argv:
        argv = [*DOCS_ARGS, *argv]
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENPATH_") and k not in ("COLUMNS", "FORCE_COLOR")}
    env.update({"SENPATH_TODAY": TODAY.isoformat(), "TZ": "UTC", "NO_COLOR": "1"})
    # As installed: byte-compiled (pip compiles; an editable checkout compiles on first run), and buffered.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONUNBUFFERED", None)
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
    began = time.time()
    try:
        shown = str(Path(PY).relative_to(HERE.parent))
    except ValueError:
        shown = "python"
    editable = Path(senpath.__file__).resolve().is_relative_to(HERE.parent)
    head = [
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; today fixed at {TODAY.isoformat()}",
        "",
        f"Command: `{shown} benchmarks/run.py "
        + " ".join(sys.argv[1:])
        + "`"
        + (
            " (senpath from an editable install of the checkout)"
            if editable
            else " (senpath installed with pip, not editable)"
        ),
        "",
        "Whole processes, interleaved rounds (A B C … A B C …); ratios are medians of per-round ratios. "
        "Piped: stdout a pipe read to the end. pty: stdout and stderr on a 120×40 pseudo-terminal, "
        'NO_COLOR=1 (Taskwarrior: rc.color=off). "Cold" deletes the index before each run but leaves the '
        "OS page cache warm: the case files are read from memory, not from disk.",
        "",
    ]
    results: dict[int, tuple[list[Bench], dict[str, object]]] = {}
    for n in args.n:
        print(f"N = {n}", file=sys.stderr)
        results[n] = bench_n(n, args, env)
        print(report(n, *results[n]) + "\n", file=sys.stderr)
    head.append(f"Took {time.time() - began:.0f} s (cases already generated).")
    busy = [
        median(b.times) / median(b.cpu)
        for benches, _ in results.values()
        for b in benches
        if b.name.startswith("python -c 'import typer'") and b.times and b.cpu
    ]
    if busy and max(busy) > 1.2:
        head.append(
            f"\nThe machine was busy during this run: the wall time of `import typer` was up to {max(busy):.1f}× "
            "its CPU time (about 1.0× on a quiet machine). The paired ratios and the CPU column hold up; "
            "absolute wall times, and the cold run's most of all, do not."
        )
    parts = ["\n".join(head), "### Against the targets of issue 10\n\n" + targets(results)]
    parts += [report(n, *results[n]) for n in args.n]
    text = "\n\n".join(parts) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.write_docs:
        docs = DOCS.read_text()
        kept = docs.split(MARK)[0].rstrip() + "\n\n" if MARK in docs else docs.rstrip() + "\n\n"
        DOCS.write_text(kept + MARK + "\n\n" + text)
        print(f"wrote {DOCS}", file=sys.stderr)


if __name__ == "__main__":
    main()
