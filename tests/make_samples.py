"""Regenerate the fictional sample cases in cases/ (and the register's senpath.toml beside it) with the CLI.

Run: .venv/bin/python -m tests.make_samples [FOLDER]   (default: cases/)

tests/test_samples.py rebuilds them in a temp folder and checks the committed files match,
so the quick start never shows a stale record. Every name here is invented.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

TODAY = "2026-11-22"
REGISTER_NAME = "Sample register (fictional children)"  # senpath.toml beside cases/: the README's quick start finds it

# One list of CLI arguments per step, in order. Dates are on or before TODAY.
STEPS: list[list[str]] = [
    # Amira: nursery, Early Years Action Plus, speech and language.
    ["new-child", "--id", "amira-khan", "--name", "Amira Khan", "--dob", "2022-05-14",
     "--setting", "early-years", "--school", "Little Acorns Nursery", "--head-teacher", "Mrs J. Patel",
     "--senco", "Ms R. Evans", "--parent", "Sara Khan", "--concern", "Slow progress in speech",
     "--concern", "Finds it hard to join in play", "--diagnosis", "Developmental language disorder",
     "--opened", "2026-01-12", "--school-address", "14 Acorn Road, Northtown NT3 1AA"],
    ["parent", "amira-khan", "Sara Khan", "--relationship", "mother", "--address", "3 Mill Lane, Northtown NT3 2BB",
     "--phone", "07700 900123", "--email", "sara.khan@example.org"],
    ["consult", "amira-khan", "--date", "2026-01-19", "--with", "Sara Khan", "--method", "meeting",
     "--summary", "Agreed extra small-group language support", "--parent-views", "Happy to try it"],
    ["escalate", "amira-khan", "--to", "action", "--date", "2026-01-26", "--reason", "Speech well behind peers",
     "--evidence", "Speech checklist: 12 of 40 sounds at 3y8m"],
    ["iep", "new", "amira-khan", "--start", "2026-01-26", "--target", "Uses 3-word phrases at snack time",
     "--target", "Takes turns in a 2-child game", "--strategy", "Visual timetable",
     "--strategy", "Modelled language in play",
     "--provision", "Small-group language session (group of 4); Mrs Hale (TA); 3 x 20 min a week",
     "--home", "Name 5 objects at bath time", "--monitoring", "Weekly TA notes; checked by the SENCO each half term",
     "--review-on", "2026-04-20"],
    ["iep", "review", "amira-khan", "--date", "2026-04-20", "--attended", "parent", "--attended", "senco",
     "--target-outcome", "1=not-met", "--target-outcome", "2=partly", "--parent-views", "Still hard to understand at home",
     "--outcome", "escalate", "--next-review", "2026-07-13", "--notes", "Ask for speech and language therapy"],
    ["professional", "add", "amira-khan", "--role", "speech-and-language-therapist", "--name", "Ms T. Okafor",
     "--requested", "2026-05-05", "--seen", "2026-06-02", "--advice", "Daily modelling of 2-3 word phrases"],
    ["consult", "amira-khan", "--date", "2026-06-10", "--with", "Sara Khan", "--method", "phone",
     "--summary", "Shared the therapist's advice; agreed to move to Action Plus"],
    ["escalate", "amira-khan", "--to", "action-plus", "--date", "2026-06-15",
     "--reason", "Little progress over two terms at Action", "--evidence", "Speech checklist: 15 of 40 sounds"],
    ["iep", "new", "amira-khan", "--start", "2026-06-22", "--target", "Uses 3-word phrases at snack time",
     "--target", "Asks an adult for help with words", "--target", "Joins a game of 3 children for 5 minutes",
     "--strategy", "Therapist's phrase-modelling programme",
     "--provision", "Phrase-modelling programme, 1:1; Mrs Hale (TA); daily 10 min",
     "--provision", "Therapy session, 1:1; Ms T. Okafor (SALT); once a month, 1 hour",
     "--home", "Practise the week's two phrases at bedtime", "--monitoring", "TA log; therapist review each visit",
     "--review-on", "2026-09-28"],
    ["iep", "review", "amira-khan", "--date", "2026-09-28", "--attended", "parent", "--attended", "child",
     "--attended", "senco", "--attended", "professional", "--target-outcome", "1=met", "--target-outcome", "2=partly",
     "--target-outcome", "3=not-met", "--parent-views", "More words at home now", "--child-views", "Likes the sticker chart",
     "--outcome", "continue", "--next-review", "2026-12-07"],
    # Oliver: primary, School Action, reading.
    ["new-child", "--id", "oliver-bennett", "--name", "Oliver Bennett", "--dob", "2018-02-03",
     "--setting", "primary", "--school", "Hill Primary School", "--head-teacher", "Mr D. Lowe",
     "--senco", "Mrs A. Grant", "--parent", "Claire Bennett", "--parent", "Mark Bennett",
     "--concern", "Slow rate of progress in reading", "--opened", "2026-09-07", "--school-address", "2 School Lane, Northtown NT1 4AB"],
    ["parent", "oliver-bennett", "Claire Bennett", "--relationship", "mother",
     "--address", "27 Beech Avenue, Northtown NT1 5CD", "--phone", "07700 900456", "--email", "claire.bennett@example.org"],
    ["parent", "oliver-bennett", "Mark Bennett", "--relationship", "father", "--address", "27 Beech Avenue, Northtown NT1 5CD",
     "--phone", "07700 900457"],
    ["consult", "oliver-bennett", "--date", "2026-09-14", "--with", "Claire Bennett", "--method", "meeting",
     "--summary", "Agreed daily reading support", "--parent-views", "Wants phonics ideas for home"],
    ["escalate", "oliver-bennett", "--to", "action", "--date", "2026-09-21",
     "--reason", "Reading age 18 months behind", "--evidence", "Salford reading test, September"],
    ["iep", "new", "oliver-bennett", "--start", "2026-09-28", "--target", "Reads 30 common words on sight",
     "--target", "Blends 3-letter words", "--target", "Reads a Level 4 book with one adult",
     "--strategy", "Daily synthetic phonics", "--provision", "Phonics catch-up, 1:3; Mr Shaw (TA); 4 x 15 min a week",
     "--home", "Ten minutes of shared reading each evening", "--monitoring", "Word check every 3 weeks",
     "--review-on", "2026-12-04"],
    # Zainab: primary, statutory assessment requested by the school.
    ["new-child", "--id", "zainab-okoro", "--name", "Zainab Okoro", "--dob", "2017-10-22",
     "--setting", "primary", "--school", "Hill Primary School", "--head-teacher", "Mr D. Lowe",
     "--senco", "Mrs A. Grant", "--parent", "Grace Okoro", "--concern", "Difficulty relating to others",
     "--concern", "Poor communication skills", "--diagnosis", "Autism spectrum disorder", "--opened", "2025-09-08", "--school-address", "2 School Lane, Northtown NT1 4AB"],
    ["parent", "zainab-okoro", "Grace Okoro", "--relationship", "mother", "--address", "Flat 4, 9 Canal Street, Northtown NT1 8EF",
     "--phone", "07700 900789", "--email", "grace.okoro@example.org"],
    ["consult", "zainab-okoro", "--date", "2025-09-15", "--with", "Grace Okoro", "--method", "meeting",
     "--summary", "Agreed a visual timetable and social stories"],
    ["escalate", "zainab-okoro", "--to", "action", "--date", "2025-09-22", "--reason", "Distress at transitions",
     "--evidence", "Behaviour log: 14 incidents in 3 weeks"],
    ["iep", "new", "zainab-okoro", "--start", "2025-09-29", "--target", "Moves between lessons with a now/next card",
     "--target", "Plays alongside a partner for 10 minutes", "--strategy", "Visual timetable",
     "--provision", "Social stories; Mrs Grant (SENCO); weekly", "--home", "Use the same now/next card at home",
     "--monitoring", "Behaviour log, checked fortnightly", "--review-on", "2026-01-19"],
    ["iep", "review", "zainab-okoro", "--date", "2026-01-19", "--attended", "parent", "--attended", "senco",
     "--target-outcome", "1=partly", "--target-outcome", "2=not-met", "--outcome", "escalate",
     "--next-review", "2026-04-13", "--notes", "Refer to the autism outreach service"],
    ["professional", "add", "zainab-okoro", "--role", "specialist-teacher", "--name", "Mr P. Ellis",
     "--requested", "2026-01-05", "--seen", "2026-01-20", "--advice", "Use a quiet workstation and now/next cards"],
    ["consult", "zainab-okoro", "--date", "2026-01-26", "--with", "Grace Okoro", "--method", "video",
     "--summary", "Discussed the outreach teacher's advice"],
    ["escalate", "zainab-okoro", "--to", "action-plus", "--date", "2026-02-02",
     "--reason", "Little progress at School Action", "--evidence", "IEP review: 1 of 3 targets met"],
    ["iep", "new", "zainab-okoro", "--start", "2026-02-09", "--target", "Uses a quiet workstation when upset",
     "--target", "Takes part in group work with a script", "--target", "Tells an adult when she is anxious",
     "--strategy", "Quiet workstation", "--strategy", "Now/next cards",
     "--provision", "Outreach support; Mr P. Ellis; fortnightly",
     "--provision", "Lunchtime club (group of 8); Mrs Adeyemi (TA); daily 30 min",
     "--home", "Talk through tomorrow's timetable at bedtime", "--monitoring", "Weekly check-in with the SENCO",
     "--review-on", "2026-05-11"],
    ["iep", "review", "zainab-okoro", "--date", "2026-05-11", "--attended", "parent", "--attended", "senco",
     "--attended", "professional", "--target-outcome", "1=partly", "--target-outcome", "2=not-met",
     "--target-outcome", "3=partly", "--outcome", "continue", "--next-review", "2026-09-14"],
    ["iep", "review", "zainab-okoro", "--date", "2026-09-14", "--attended", "parent", "--attended", "senco",
     "--target-outcome", "1=partly", "--target-outcome", "2=not-met", "--target-outcome", "3=not-met",
     "--parent-views", "Distress at home is worse", "--outcome", "continue", "--next-review", "2027-01-11",
     "--notes", "Needs seem to exceed what the school can provide"],
    ["professional", "add", "zainab-okoro", "--role", "educational-psychologist", "--name", "Dr H. Shah",
     "--requested", "2026-06-01", "--seen", "2026-07-01", "--advice", "Needs exceed what the school can provide"],
    ["consult", "zainab-okoro", "--date", "2026-10-05", "--with", "Grace Okoro", "--method", "meeting",
     "--summary", "Agreed the school will ask the LA for a statutory assessment"],
    ["escalate", "zainab-okoro", "--to", "statutory-assessment", "--requested-by", "school", "--date", "2026-10-12"],
    # Tom: secondary, statement, Year 9 transition review coming.
    ["new-child", "--id", "tom-gallagher", "--name", "Tom Gallagher", "--dob", "2013-04-30",
     "--setting", "secondary", "--school", "Riverside Academy", "--head-teacher", "Ms L. Ford",
     "--senco", "Mr S. Hughes", "--parent", "Niamh Gallagher", "--concern", "Severe difficulty with literacy",
     "--diagnosis", "Dyslexia", "--opened", "2024-09-02", "--school-address", "River Road, Northtown NT2 7QP"],
    ["parent", "tom-gallagher", "Niamh Gallagher", "--relationship", "mother", "--address", "5 Quarry Close, Northtown NT2 3GH",
     "--phone", "07700 900234"],
    ["consult", "tom-gallagher", "--date", "2024-09-09", "--with", "Niamh Gallagher", "--method", "meeting",
     "--summary", "Parent asked for a statutory assessment"],
    ["escalate", "tom-gallagher", "--to", "statutory-assessment", "--requested-by", "parent", "--date", "2024-09-16"],
    ["assessment", "tom-gallagher", "--milestone", "assessment-decision", "--outcome", "assess", "--date", "2024-10-21"],
    ["assessment", "tom-gallagher", "--milestone", "assessment", "--date", "2024-12-20"],
    ["assessment", "tom-gallagher", "--milestone", "proposed-statement", "--outcome", "statement",
     "--date", "2025-01-10"],
    ["assessment", "tom-gallagher", "--milestone", "final-statement", "--date", "2025-02-28"],
    ["annual-review", "tom-gallagher", "--date", "2026-02-20", "--attended", "parent", "--attended", "child",
     "--attended", "senco", "--notes", "Statement still right; keep reading support and a reader in exams"],
    # Chloe: moved from nursery to primary at Action Plus.
    ["new-child", "--id", "chloe-davies", "--name", "Chloe Davies", "--dob", "2021-03-11",
     "--setting", "early-years", "--school", "Rainbow Pre-school", "--head-teacher", "Mrs K. Moore",
     "--senco", "Miss F. Lane", "--parent", "Rhian Davies", "--concern", "Unsteady on her feet; tires quickly",
     "--opened", "2024-10-01", "--school-address", "Church Hall, Station Road, Northtown NT4 6JK"],
    ["parent", "chloe-davies", "Rhian Davies", "--relationship", "mother", "--address", "12 Orchard Way, Northtown NT4 2LM",
     "--phone", "07700 900345", "--email", "rhian.davies@example.org"],
    ["consult", "chloe-davies", "--date", "2024-10-08", "--with", "Rhian Davies", "--method", "home-visit",
     "--summary", "Agreed adapted PE and a special chair"],
    ["escalate", "chloe-davies", "--to", "action", "--date", "2024-10-15", "--reason", "Motor skills behind peers",
     "--evidence", "Setting observation, October"],
    ["iep", "new", "chloe-davies", "--start", "2024-10-22", "--target", "Climbs the nursery steps holding the rail",
     "--target", "Holds a chunky crayon with a tripod grip", "--strategy", "Adapted PE",
     "--provision", "Fine-motor group of 5; Miss Lane (TA); 3 x 15 min a week", "--home", "Play-dough squeezing games",
     "--monitoring", "Observation each half term", "--review-on", "2025-02-10"],
    ["iep", "review", "chloe-davies", "--date", "2025-02-10", "--attended", "parent", "--attended", "senco",
     "--target-outcome", "1=not-met", "--target-outcome", "2=not-met", "--outcome", "escalate",
     "--next-review", "2025-05-12"],
    ["professional", "add", "chloe-davies", "--role", "occupational-therapist", "--name", "Ms E. Hart",
     "--requested", "2025-02-03", "--seen", "2025-03-03", "--advice", "Sloped writing board; sensory breaks"],
    ["consult", "chloe-davies", "--date", "2025-03-10", "--with", "Rhian Davies", "--method", "meeting",
     "--summary", "Agreed to move to Action Plus with OT advice"],
    ["escalate", "chloe-davies", "--to", "action-plus", "--date", "2025-03-17",
     "--reason", "Little progress at Early Years Action", "--evidence", "Review: 0 of 3 targets met"],
    ["iep", "new", "chloe-davies", "--start", "2025-03-24", "--target", "Uses a sloped board for drawing",
     "--target", "Takes a sensory break when tired", "--target", "Climbs the steps holding the rail",
     "--strategy", "OT programme", "--provision", "OT exercises, 1:1; Miss Lane (TA); daily 10 min",
     "--home", "OT exercises at the weekend", "--monitoring", "OT review each visit", "--review-on", "2025-07-07"],
    ["iep", "review", "chloe-davies", "--date", "2025-07-07", "--attended", "parent", "--attended", "senco",
     "--attended", "professional", "--target-outcome", "1=met", "--target-outcome", "2=partly",
     "--target-outcome", "3=met", "--outcome", "continue", "--next-review", "2025-10-20"],
    ["update", "chloe-davies", "--setting", "primary", "--school", "Hill Primary School",
     "--head-teacher", "Mr D. Lowe", "--senco", "Mrs A. Grant", "--date", "2025-09-03", "--school-address", "2 School Lane, Northtown NT1 4AB"],
    ["iep", "review", "chloe-davies", "--date", "2025-10-20", "--attended", "parent", "--attended", "teacher",
     "--target-outcome", "1=met", "--target-outcome", "2=met", "--target-outcome", "3=met", "--outcome", "continue",
     "--next-review", "2026-03-16", "--notes", "Settled well at Hill Primary"],
    ["iep", "review", "chloe-davies", "--date", "2026-03-16", "--attended", "senco", "--attended", "teacher",
     "--target-outcome", "1=met", "--target-outcome", "2=partly", "--target-outcome", "3=met", "--outcome", "continue",
     "--next-review", "2026-07-13", "--notes", "Parent could not come; notes sent home"],
    ["iep", "review", "chloe-davies", "--date", "2026-07-13", "--attended", "parent", "--attended", "senco",
     "--target-outcome", "1=met", "--target-outcome", "2=met", "--target-outcome", "3=met", "--outcome", "continue",
     "--next-review", "2026-11-16"],
    # Ruby: a concern noted, no SEN provision yet.
    ["new-child", "--id", "ruby-smith-jones", "--name", "Ruby Smith-Jones", "--known-as", "Ruby",
     "--dob", "2019-12-01", "--setting", "primary", "--school", "St Anne's C of E Primary",
     "--head-teacher", "Mrs M. O'Neill", "--senco", "Mr J. Price", "--parent", "Hannah Smith-Jones",
     "--concern", "Possible bullying at lunchtime", "--opened", "2026-11-02",
     "--school-address", "Vicarage Road, Northtown NT5 9NP"],
    ["parent", "ruby-smith-jones", "Hannah Smith-Jones", "--relationship", "grandmother and kinship carer",
     "--address", "Rose Cottage, 1 Green Lane, Northtown NT5 4QR", "--phone", "07700 900567",
     "--email", "hannah.smith-jones@example.org"],
    # Ethan: stepped down from School Action to none after good progress.
    ["new-child", "--id", "ethan-oneill", "--name", "Ethan O'Neill", "--dob", "2012-07-19",
     "--setting", "secondary", "--school", "Riverside Academy", "--head-teacher", "Ms L. Ford",
     "--senco", "Mr S. Hughes", "--parent", "Aoife O'Neill", "--concern", "Weak written maths",
     "--opened", "2025-09-01", "--school-address", "River Road, Northtown NT2 7QP"],
    ["parent", "ethan-oneill", "Aoife O'Neill", "--relationship", "mother", "--address", "8 Harbour View, Northtown NT2 5ST",
     "--email", "aoife.oneill@example.org"],
    ["consult", "ethan-oneill", "--date", "2025-09-08", "--with", "Aoife O'Neill", "--method", "email",
     "--summary", "Agreed maths catch-up group"],
    ["escalate", "ethan-oneill", "--to", "action", "--date", "2025-09-15", "--reason", "Maths well below peers",
     "--evidence", "Baseline test: 31%"],
    ["iep", "new", "ethan-oneill", "--start", "2025-09-22", "--target", "Recalls times tables to 10 x 10",
     "--target", "Sets out written methods clearly", "--provision", "Maths catch-up group of 6; Mr Khan (teacher); 2 x 30 min a week",
     "--home", "Times-table app, 10 minutes a day", "--monitoring", "Half-termly test", "--review-on", "2025-12-15"],
    ["iep", "review", "ethan-oneill", "--date", "2025-12-15", "--attended", "parent", "--attended", "child",
     "--target-outcome", "1=partly", "--target-outcome", "2=partly", "--outcome", "continue",
     "--next-review", "2026-03-16"],
    ["iep", "review", "ethan-oneill", "--date", "2026-03-16", "--attended", "parent", "--attended", "child",
     "--target-outcome", "1=met", "--target-outcome", "2=partly", "--outcome", "continue",
     "--next-review", "2026-07-06"],
    ["iep", "review", "ethan-oneill", "--date", "2026-07-06", "--attended", "parent", "--attended", "child",
     "--attended", "senco", "--target-outcome", "1=met", "--target-outcome", "2=met", "--outcome", "step-down",
     "--next-review", "2026-10-05", "--child-views", "Maths is easier now"],
    ["consult", "ethan-oneill", "--date", "2026-07-06", "--with", "Aoife O'Neill", "--method", "meeting",
     "--summary", "Targets met; agreed he no longer needs extra help"],
    ["step-down", "ethan-oneill", "--to", "none", "--date", "2026-07-13", "--reason", "All IEP targets met",
     "--evidence-from-review"],
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


def settings_bytes() -> bytes:
    from senpath.settings import Settings, dump_settings

    return dump_settings(Settings(schema_version=1, name=REGISTER_NAME))


def write_settings(cases: Path) -> None:
    """The sample register's senpath.toml beside the cases folder (as senpath init writes it)."""
    from senpath.store import write_atomic

    write_atomic(cases.absolute().parent / "senpath.toml", settings_bytes())


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "cases")
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "cases")
        target.mkdir(mode=0o700, exist_ok=True)
        for old in target.glob("*.toml"):
            old.unlink()
        for new in sorted((Path(tmp) / "cases").glob("*.toml")):
            shutil.copyfile(new, target / new.name)
            (target / new.name).chmod(0o600)
    write_settings(target)
    print(f"wrote {len(STEPS)} steps into {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
