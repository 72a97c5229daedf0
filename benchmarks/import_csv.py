"""Time ``senpath import`` of an N-row spreadsheet in one process (target: 1,000 rows under 10 s).

Run from the repository::

    .venv/bin/python benchmarks/import_csv.py --rows 1000 [--git]

It writes a CSV of N fictional children (UK dates, stages by name and by id, needs, UPNs,
parents with relationships), runs ``senpath import FILE`` as a user would (a fresh process,
stdout to a pipe), checks that every child was created, then imports the same file again (which
must change nothing) and prints both wall times. ``--git`` puts the cases folder in a git
repository first (the import is then one commit).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Zoë", "Amira", "Dawid", "Aoife", "Tomasz", "Siân", "Oliver", "Chloé", "Ethan", "Maya", "Zainab", "Ruby"]
LAST = ["O'Neill", "Khan", "Dawiśka", "Ní Bhriain", "Okoro", "Bennett", "Davies", "Zielińska", "Gallagher", "Smith"]
STAGES = [
    ("none", ""),
    ("School Action", "03/03/2026"),
    ("action-plus", "2025-11-10"),
    ("Statement of SEN", "10/05/2023"),
]
NEEDS = ["SEMH", "SLCN", "ASD", "MLD", "SPLD", "BESD", ""]
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(n: int) -> str:
    body = f"8012000{(n // 1000) % 100:02d}{n % 1000:03d}"
    total = sum(int(ch) * pos for pos, ch in enumerate(body, start=2))
    return UPN_LETTERS[total % 23] + body


def write_sheet(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID", "Pupil Name", "DOB", "School", "SEN Stage", "Stage Since", "Last Annual Review",
                    "Primary Need", "UPN", "Parent 1", "Parent 1 Relationship", "Parent 1 Phone", "LAC"])  # fmt: skip
        for n in range(rows):
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            stage, since = STAGES[n % len(STAGES)]
            review = "12/05/2026" if stage.startswith("Statement") else ""
            born = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2012 + n % 8}"
            w.writerow([f"child-{n:05d}", f"{first} {last}", born, "St Aidan's C of E Primary", stage, since, review,
                        NEEDS[n % len(NEEDS)], upn(n), f"Parent {last}", "mother", "07700 900123",
                        "yes" if n % 17 == 0 else "no"])  # fmt: skip


def run_import(senpath: str, sheet: Path, cases: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "SENPATH_CASES_DIR": str(cases), "SENPATH_TODAY": "2026-11-22"}
    start = time.perf_counter()
    result = subprocess.run([senpath, "import", str(sheet)], env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--git", action="store_true", help="put the cases folder in a git repository")
    args = parser.parse_args()
    senpath = shutil.which("senpath", path=str(Path(sys.executable).parent)) or "senpath"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.git:
            subprocess.run(["git", "init", "-q", str(work)], check=True)
            subprocess.run(["git", "-C", str(work), "config", "user.name", "Bench"], check=True)
            subprocess.run(["git", "-C", str(work), "config", "user.email", "bench@example.org"], check=True)
        sheet, cases = work / "register.csv", work / "cases"
        write_sheet(sheet, args.rows)
        first, result = run_import(senpath, sheet, cases)
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
            return 1
        created = len(list(cases.glob("*.toml")))
        again, second = run_import(senpath, sheet, cases)
        unchanged = second.returncode == 0 and "already recorded: nothing changed" in second.stderr
        print(f"rows: {args.rows}  created: {created}  git: {args.git}")
        print(f"import: {first:.2f} s  re-import: {again:.2f} s (changed nothing: {unchanged})")
        return 0 if created == args.rows and unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
