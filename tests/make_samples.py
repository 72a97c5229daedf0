"""Regenerate the fictional sample cases in cases/ with the CLI itself.

Run: .venv/bin/python -m tests.make_samples [FOLDER]   (default: cases/)

tests/test_samples.py rebuilds them in a temp folder and checks the committed files match,
so the quick start never shows a stale record. Every name here is invented.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

TODAY = "2026-11-22"

# One list of CLI arguments per step, in order. Dates are on or before TODAY.
STEPS: list[list[str]] = [
    # Amira: nursery, Early Years Action Plus, speech and language.
    ["new-child", "--id", "amira-khan", "--name", "Amira Khan", "--dob", "2022-05-14",
     "--setting", "early-years", "--school", "Little Acorns Nursery", "--head-teacher", "Mrs J. Patel",
     "--senco", "Ms R. Evans", "--parent", "Sara Khan", "--concern", "Slow progress in speech",
     "--concern", "Finds it hard to join in play", "--diagnosis", "Developmental language disorder",
     "--opened", "2026-01-12"],
    ["consult", "amira-khan", "--date", "2026-01-19", "--with", "Sara Khan", "--method", "meeting",
     "--summary", "Agreed extra small-group language support", "--parent-views", "Happy to try it"],
    ["escalate", "amira-khan", "--to", "action", "--date", "2026-01-26", "--reason", "Speech well behind peers",
     "--evidence", "Speech checklist: 12 of 40 sounds at 3y8m"],
    ["professional", "add", "amira-khan", "--role", "speech-and-language-therapist", "--name", "Ms T. Okafor",
     "--requested", "2026-05-05", "--seen", "2026-06-02", "--advice", "Daily modelling of 2-3 word phrases"],
    ["consult", "amira-khan", "--date", "2026-06-10", "--with", "Sara Khan", "--method", "phone",
     "--summary", "Shared the therapist's advice; agreed to move to Action Plus"],
    ["escalate", "amira-khan", "--to", "action-plus", "--date", "2026-06-15",
     "--reason", "Little progress over two terms at Action", "--evidence", "Speech checklist: 15 of 40 sounds"],
    # Oliver: primary, School Action, reading.
    ["new-child", "--id", "oliver-bennett", "--name", "Oliver Bennett", "--dob", "2018-02-03",
     "--setting", "primary", "--school", "Hill Primary School", "--head-teacher", "Mr D. Lowe",
     "--senco", "Mrs A. Grant", "--parent", "Claire Bennett", "--parent", "Mark Bennett",
     "--concern", "Slow rate of progress in reading", "--opened", "2026-09-07"],
    ["consult", "oliver-bennett", "--date", "2026-09-14", "--with", "Claire Bennett", "--method", "meeting",
     "--summary", "Agreed daily reading support", "--parent-views", "Wants phonics ideas for home"],
    ["escalate", "oliver-bennett", "--to", "action", "--date", "2026-09-21",
     "--reason", "Reading age 18 months behind", "--evidence", "Salford reading test, September"],
    # Zainab: primary, statutory assessment requested by the school.
    ["new-child", "--id", "zainab-okoro", "--name", "Zainab Okoro", "--dob", "2017-10-22",
     "--setting", "primary", "--school", "Hill Primary School", "--head-teacher", "Mr D. Lowe",
     "--senco", "Mrs A. Grant", "--parent", "Grace Okoro", "--concern", "Difficulty relating to others",
     "--concern", "Poor communication skills", "--diagnosis", "Autism spectrum disorder", "--opened", "2025-09-08"],
    ["consult", "zainab-okoro", "--date", "2025-09-15", "--with", "Grace Okoro", "--method", "meeting",
     "--summary", "Agreed a visual timetable and social stories"],
    ["escalate", "zainab-okoro", "--to", "action", "--date", "2025-09-22", "--reason", "Distress at transitions",
     "--evidence", "Behaviour log: 14 incidents in 3 weeks"],
    ["professional", "add", "zainab-okoro", "--role", "specialist-teacher", "--name", "Mr P. Ellis",
     "--requested", "2026-01-05", "--seen", "2026-01-20", "--advice", "Use a quiet workstation and now/next cards"],
    ["consult", "zainab-okoro", "--date", "2026-01-26", "--with", "Grace Okoro", "--method", "video",
     "--summary", "Discussed the outreach teacher's advice"],
    ["escalate", "zainab-okoro", "--to", "action-plus", "--date", "2026-02-02",
     "--reason", "Little progress at School Action", "--evidence", "IEP review: 1 of 3 targets met"],
    ["professional", "add", "zainab-okoro", "--role", "educational-psychologist", "--name", "Dr H. Shah",
     "--requested", "2026-06-01", "--seen", "2026-07-01", "--advice", "Needs exceed what the school can provide"],
    ["consult", "zainab-okoro", "--date", "2026-10-05", "--with", "Grace Okoro", "--method", "meeting",
     "--summary", "Agreed the school will ask the LA for a statutory assessment"],
    ["escalate", "zainab-okoro", "--to", "statutory-assessment", "--requested-by", "school", "--date", "2026-10-12"],
    # Tom: secondary, statement, Year 9 transition review coming.
    ["new-child", "--id", "tom-gallagher", "--name", "Tom Gallagher", "--dob", "2013-04-30",
     "--setting", "secondary", "--school", "Riverside Academy", "--head-teacher", "Ms L. Ford",
     "--senco", "Mr S. Hughes", "--parent", "Niamh Gallagher", "--concern", "Severe difficulty with literacy",
     "--diagnosis", "Dyslexia", "--opened", "2024-09-02"],
    ["consult", "tom-gallagher", "--date", "2024-09-09", "--with", "Niamh Gallagher", "--method", "meeting",
     "--summary", "Parent asked for a statutory assessment"],
    ["escalate", "tom-gallagher", "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2024-09-16"],
    ["assessment", "tom-gallagher", "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2024-10-21"],
    ["assessment", "tom-gallagher", "--milestone", "assessment", "--date", "2024-12-20"],
    ["assessment", "tom-gallagher", "--milestone", "proposed-statement", "--outcome", "statement",
     "--date", "2025-01-10"],
    ["assessment", "tom-gallagher", "--milestone", "final-statement", "--date", "2025-02-28"],
    # Chloe: moved from nursery to primary at Action Plus.
    ["new-child", "--id", "chloe-davies", "--name", "Chloe Davies", "--dob", "2021-03-11",
     "--setting", "early-years", "--school", "Rainbow Pre-school", "--head-teacher", "Mrs K. Moore",
     "--senco", "Miss F. Lane", "--parent", "Rhian Davies", "--concern", "Unsteady on her feet; tires quickly",
     "--opened", "2024-10-01"],
    ["consult", "chloe-davies", "--date", "2024-10-08", "--with", "Rhian Davies", "--method", "home-visit",
     "--summary", "Agreed adapted PE and a special chair"],
    ["escalate", "chloe-davies", "--to", "action", "--date", "2024-10-15", "--reason", "Motor skills behind peers",
     "--evidence", "Setting observation, October"],
    ["professional", "add", "chloe-davies", "--role", "occupational-therapist", "--name", "Ms E. Hart",
     "--requested", "2025-02-03", "--seen", "2025-03-03", "--advice", "Sloped writing board; sensory breaks"],
    ["consult", "chloe-davies", "--date", "2025-03-10", "--with", "Rhian Davies", "--method", "meeting",
     "--summary", "Agreed to move to Action Plus with OT advice"],
    ["escalate", "chloe-davies", "--to", "action-plus", "--date", "2025-03-17",
     "--reason", "Little progress at Early Years Action", "--evidence", "Review: 0 of 3 targets met"],
    ["update", "chloe-davies", "--setting", "primary", "--school", "Hill Primary School",
     "--head-teacher", "Mr D. Lowe", "--senco", "Mrs A. Grant", "--date", "2025-09-03"],
    # Ruby: a concern noted, no SEN provision yet.
    ["new-child", "--id", "ruby-smith-jones", "--name", "Ruby Smith-Jones", "--known-as", "Ruby",
     "--dob", "2019-12-01", "--setting", "primary", "--school", "St Anne's C of E Primary",
     "--head-teacher", "Mrs M. O'Neill", "--senco", "Mr J. Price", "--parent", "Hannah Smith-Jones",
     "--concern", "Possible bullying at lunchtime", "--opened", "2026-11-02"],
    # Ethan: stepped down from School Action to none after good progress.
    ["new-child", "--id", "ethan-oneill", "--name", "Ethan O'Neill", "--dob", "2012-07-19",
     "--setting", "secondary", "--school", "Riverside Academy", "--head-teacher", "Ms L. Ford",
     "--senco", "Mr S. Hughes", "--parent", "Aoife O'Neill", "--concern", "Weak written maths",
     "--opened", "2025-09-01"],
    ["consult", "ethan-oneill", "--date", "2025-09-08", "--with", "Aoife O'Neill", "--method", "email",
     "--summary", "Agreed maths catch-up group"],
    ["escalate", "ethan-oneill", "--to", "action", "--date", "2025-09-15", "--reason", "Maths well below peers",
     "--evidence", "Baseline test: 31%"],
    ["consult", "ethan-oneill", "--date", "2026-07-06", "--with", "Aoife O'Neill", "--method", "meeting",
     "--summary", "Targets met; agreed he no longer needs extra help"],
    ["step-down", "ethan-oneill", "--to", "none", "--date", "2026-07-13", "--reason", "All IEP targets met"],
    # Maya: left the setting; kept, but off the list and the due table.
    ["new-child", "--id", "maya-zielinska", "--name", "Maya Zielińska", "--dob", "2016-06-06",
     "--setting", "primary", "--school", "Hill Primary School", "--head-teacher", "Mr D. Lowe",
     "--senco", "Mrs A. Grant", "--parent", "Ewa Zielińska", "--concern", "Hearing loss in one ear",
     "--opened", "2025-01-06"],
    ["consult", "maya-zielinska", "--date", "2025-01-13", "--with", "Ewa Zielińska", "--method", "meeting",
     "--summary", "Agreed front-row seating and a radio aid"],
    ["escalate", "maya-zielinska", "--to", "action", "--date", "2025-01-20",
     "--reason", "Missing spoken instructions", "--evidence", "Teacher observation log"],
    ["leave", "maya-zielinska", "--date", "2026-07-22", "--reason", "Moved out of the area"],
]  # fmt: skip


def build(folder: Path) -> None:
    """Run every step against ``folder`` with the CLI; stop at the first failure."""
    from typer.testing import CliRunner

    from senpath.cli import app

    env = {"SENPATH_CASES_DIR": str(folder), "SENPATH_TODAY": TODAY, "NO_COLOR": "1"}
    runner = CliRunner()
    for step in STEPS:
        result = runner.invoke(app, step, env=env, catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"step failed ({result.exit_code}): {' '.join(step)}\n{result.output}")


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "cases")
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "cases")
        target.mkdir(mode=0o700, exist_ok=True)
        for old in target.glob("*.toml"):
            old.unlink()
        for new in sorted((Path(tmp) / "cases").glob("*.toml")):
            shutil.copyfile(new, target / new.name)
            os.chmod(target / new.name, 0o600)
    print(f"wrote {len(STEPS)} steps into {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
