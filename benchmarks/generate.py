"""Generate N realistic fictional case files with senpath's own domain code and writer.

Each case is built step by step through the functions the CLI calls (``changes.new_case``,
``add_consultation``, ``stages.advance``, ``record_milestone``, ``ieps.new_iep``,
``review_iep``, ``record_annual_review``, ``leave``) and written by ``Store.save``, which
checks the whole record by reading its bytes back. Every name is invented. Run::

    .venv/bin/python benchmarks/generate.py --n 300 --out /tmp/senpath-bench/300

A case is ~3-5 KB: parents, concerns, consultations, a stage history, professionals with
visits, IEPs with reviews, and for a few a statutory assessment and annual reviews.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)  # the benchmark fixes "today" (SENPATH_TODAY) so due lists repeat

FIRST = (
    "Amira Oliver Zainab Tom Chloe Ethan Maya Ruby Noah Isla Leo Freya Arlo Evie Kai Nia Rory Esme Idris Lola "
    "Finn Ada Yusuf Mabel Joel Cora Bilal Iris Ezra Hana Milo Skye Reuben Tia Otis Wren Jude Alba Theo Rosa"
).split()
LAST = (
    "Khan Bennett Okoro Gallagher Davies O'Neill Zielinska Smith-Jones Patel Evans Hughes Grant Lowe Ford "
    "Achebe Novak Lindqvist Moreau Haddad Kowalski Sato Mensah Fraser Quinn Rahman Whitlock Abbott Carver "
    "Delaney Ellery Fenwick Garside Holloway Ingram Jessop Kearney Lister Marsh Norwood Pryce"
).split()
SCHOOL_PARTS = "Hill Oak River Meadow Castle Brook Elm Willow Station Park Mill Green Church Beacon Valley".split()
SENCOS = [f"{t} {c}. {n}" for t in ("Mrs", "Mr", "Ms", "Dr") for c in "ABDEHJKLMRST" for n in LAST[:6]]
CONCERNS = [
    "Slow progress in reading despite daily support",
    "Speech well behind peers; few two-word phrases",
    "Difficulty relating to others in the playground",
    "Poor fine motor control; handwriting illegible",
    "Struggles to follow instructions of more than one step",
    "Frequent distress at changes of routine",
    "Number work two years behind the class",
    "Very limited attention in whole-class teaching",
]
DIAGNOSES = ["Autism spectrum disorder", "Dyslexia", "Developmental language disorder", "ADHD", "Dyspraxia"]
TARGETS = [
    "Read 30 high-frequency words on sight",
    "Use three-word sentences to ask for help",
    "Take turns in a small-group game for five minutes",
    "Write his or her name with correctly formed letters",
    "Count reliably to 20 and back",
    "Follow a two-step instruction without a prompt",
    "Use the visual timetable to move between activities",
    "Stay on task for ten minutes with a timer",
]
STRATEGIES = [
    "Daily 10-minute precision teaching with the teaching assistant",
    "Now/next cards and a visual timetable on the desk",
    "Pre-teach topic vocabulary on Mondays",
    "Small-group phonics three times a week",
    "Movement break every 30 minutes",
]
ADVICE = [
    "Model two- and three-word phrases daily; reduce questions",
    "Use a quiet workstation for independent tasks",
    "Structured social stories before changes of routine",
    "Multi-sensory phonics; overlearning of common words",
]


def _school(rng: random.Random, setting: str) -> str:
    kind = {"early-years": "Nursery", "primary": "Primary School", "secondary": "Academy"}[setting]
    return f"{rng.choice(SCHOOL_PARTS)} {rng.choice(SCHOOL_PARTS)} {kind}"


def build(i: int, seed: int = 2026) -> object:
    """One fictional case, built by senpath's own functions (deterministic in ``i`` and ``seed``)."""
    from senpath import changes, ieps, stages
    from senpath.dates import add_weeks

    rng = random.Random(seed * 1_000_003 + i)
    setting = rng.choices(("early-years", "primary", "secondary"), weights=(2, 5, 3))[0]
    age = {"early-years": (2, 4), "primary": (5, 10), "secondary": (11, 15)}[setting]
    dob = TODAY - timedelta(days=rng.randint(age[0] * 365, age[1] * 365 + 300))
    opened = max(dob + timedelta(days=800), TODAY - timedelta(days=rng.randint(30, 800)))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    parent1 = f"{rng.choice(FIRST)} {last}"
    parents = [parent1] + ([f"{rng.choice(FIRST)} {last}"] if rng.random() < 0.5 else [])
    case = changes.new_case(
        child_id=f"{changes.slugify(first + ' ' + last)}-{i}",
        name=f"{first} {last}",
        dob=dob,
        setting=setting,
        school=_school(rng, setting),
        opened=opened,
        head_teacher=f"{rng.choice(('Mrs', 'Mr', 'Ms'))} {rng.choice('ABCDEFGH')}. {rng.choice(LAST)}",
        senco=rng.choice(SENCOS),
        parents=parents,
        concerns=rng.sample(CONCERNS, rng.randint(1, 3)),
        diagnoses=rng.sample(DIAGNOSES, rng.randint(0, 1)),
    )
    t = opened + timedelta(days=rng.randint(3, 10))

    def consult(on: date, text: str) -> None:
        nonlocal case
        case = changes.add_consultation(
            case,
            on=on,
            with_=[parent1],
            method=rng.choice(("meeting", "phone", "video", "home-visit")),
            summary=text,
            parent_views=rng.choice(("Happy to try it", "Worried about homework", "Wants weekly updates")),
            child_views=rng.choice((None, "Likes the small group", "Finds the noise hard")),
        )

    if rng.random() < 0.08 or t >= TODAY:
        return case  # concern noted, no SEN provision yet
    consult(t, "Agreed extra support in class and a plan to review progress")
    t += timedelta(days=7)
    case = stages.advance(
        case,
        to="action",
        on=t,
        reason="Progress well behind peers despite differentiated teaching",
        evidence=["Baseline assessment: " + rng.choice(("12 of 40 sounds", "reading age 18 months behind"))],
        kind="escalate",
    )

    def iep_cycle(start: date, reviews: int) -> date:
        nonlocal case
        case = ieps.new_iep(
            case,
            start=start,
            targets=rng.sample(TARGETS, 3),
            strategies=rng.sample(STRATEGIES, 2),
            provision=[ieps.parse_provision("Small-group support; Teaching assistant; 3 x 30 min a week")],
            home=["Share a picture book every evening"],
            monitoring="Termly review with the SENCO",
        )
        on = start
        for _ in range(reviews):
            if add_weeks(on, 12) >= TODAY:
                break
            on = add_weeks(on, 12)
            consult(on - timedelta(days=3), "Talked through progress before the IEP review; agreed next steps")
            case = ieps.review_iep(
                case,
                on=on,
                attended=["parent", "teacher", "senco"] if rng.random() < 0.8 else ["teacher", "senco"],
                outcome=rng.choice(("continue", "continue", "new-iep")),
                target_outcomes={1: "met", 2: "partly", 3: rng.choice(("met", "not-met"))},
                parent_views=rng.choice(("Pleased with reading at home", "Still worried about friendships")),
                child_views=rng.choice(("I like the word games", "The timer helps me")),
                notes="Good progress on target 1; keep the daily practice going",
            )
        return on

    lapse = rng.random() < 0.1  # a few schools fall behind: their next review is overdue
    t = iep_cycle(t + timedelta(days=rng.randint(3, 14)), rng.randint(1, 3) if lapse else 99)
    if rng.random() < 0.6:
        asked = t + timedelta(days=rng.randint(5, 30))
        if asked < TODAY - timedelta(days=40):
            case = changes.add_professional(
                case,
                role=rng.choice(("speech-and-language-therapist", "educational-psychologist", "specialist-teacher")),
                name=f"{rng.choice(('Dr', 'Ms', 'Mr'))} {rng.choice('ABCDEFGH')}. {rng.choice(LAST)}",
                requested=asked,
                seen=asked + timedelta(days=rng.randint(7, 30)),
                advice=rng.choice(ADVICE),
            )
            t = asked + timedelta(days=rng.randint(35, 60))
            if t < TODAY - timedelta(days=14) and rng.random() < 0.55:
                consult(t, "Shared the professional's advice; agreed to move to more help")
                t += timedelta(days=5)
                case = stages.advance(
                    case,
                    to="action-plus",
                    on=t,
                    reason="Little progress over two terms",
                    evidence=["IEP review: 1 of 3 targets met"],
                    kind="escalate",
                )
                t = iep_cycle(t + timedelta(days=7), rng.randint(1, 3) if lapse else 99)
                if t < TODAY - timedelta(days=20) and rng.random() < 0.3:
                    consult(t, "Agreed the school will ask the LA for a statutory assessment")
                    t += timedelta(days=7)
                    case = stages.advance(case, to="statutory-assessment", on=t, requested_by="school", kind="escalate")
                    request = t
                    steps = [
                        ("assessment-decision", "assess", 5),
                        ("assessment", None, 15),
                        ("proposed-statement", "statement", 17),
                        ("final-statement", None, 25),
                    ]
                    for milestone, outcome, weeks in steps:
                        on = add_weeks(request, weeks)
                        if on >= TODAY:
                            break
                        case = stages.record_milestone(case, milestone=milestone, on=on, outcome=outcome)  # type: ignore[arg-type]
                    if case.stage == "statement":
                        on = add_weeks(request, 25) + timedelta(days=365 - rng.randint(0, 20))
                        if on < TODAY:
                            case = ieps.record_annual_review(
                                case, on=on, attended=["parent", "teacher", "senco"], notes="Statement maintained"
                            )
    if rng.random() < 0.8 and t < TODAY:
        from senpath.models import Letter

        case = case.model_copy(deep=True)
        case.correspondence.append(
            Letter(
                date=min(t, TODAY),
                kind="meeting-request",
                to=parent1,
                text=(
                    f"Dear {parent1},\n\nI am writing to invite you to a meeting to review the support "
                    f"{first} receives in school. We will look at the targets in the current plan, what has "
                    "worked well and what we should change, and agree the next steps together. Please bring "
                    "any reports from professionals who have seen your child, and let me know if you would "
                    "like an interpreter or would prefer to meet by phone.\n\nYours sincerely,\n\n"
                    f"{case.senco}\nSpecial Educational Needs Co-ordinator"
                ),
            )
        )
    if rng.random() < 0.03:
        from senpath.errors import RefusedError

        try:
            case = changes.leave(case, on=TODAY, reason="Moved out of the area")
        except RefusedError:  # something is dated after today: they have not left yet
            pass
    return case


def _write_range(args: tuple[str, int, int, int]) -> int:
    """Write cases start..stop-1: ``Store.save`` without its fsyncs (a benchmark folder is scratch)."""
    from senpath.checked import parse_case
    from senpath.store import FILE_MODE, dump_case

    out, start, stop, seed = args
    for i in range(start, stop):
        case = build(i, seed)
        data = dump_case(case)  # type: ignore[arg-type]
        parse_case(data, f"{case.id}.toml", case.id)  # type: ignore[attr-defined]  # the store's own read-back check
        path = Path(out) / f"{case.id}.toml"  # type: ignore[attr-defined]
        path.write_bytes(data)
        path.chmod(FILE_MODE)
    return stop - start


def generate(n: int, out: Path, seed: int = 2026, workers: int = 2) -> None:
    """Write ``n`` cases into ``out`` (created), in ``workers`` processes."""
    from senpath.checked import Store

    Store(out).ensure_root()
    chunk = max(1, min(500, n // (workers * 4) or 1))
    jobs = [(str(out), s, min(n, s + chunk), seed) for s in range(0, n, chunk)]
    if workers > 1 and n >= 200:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for _ in pool.imap_unordered(_write_range, jobs):
                pass
    else:
        for job in jobs:
            _write_range(job)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of cases")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    os.environ.setdefault("SENPATH_TODAY", TODAY.isoformat())
    start = time.perf_counter()
    generate(args.n, args.out, args.seed, args.workers)
    size = sum(p.stat().st_size for p in args.out.glob("*.toml"))
    print(
        f"wrote {args.n} cases ({size / max(args.n, 1) / 1024:.1f} KB each) to {args.out} "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
