"""Write docs/frameworks.md from the framework files shipped in senpath/frameworks/
(tests/test_docs.py checks it is current).

Run: .venv/bin/python docs/generate_frameworks.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = """# Legal frameworks

Generated from the framework files in `senpath/frameworks/` by `docs/generate_frameworks.py`; do
not edit by hand (`tests/test_docs.py` fails when this file is out of date: rerun the script).

A framework is the law a case follows: its stages and what each means, the moves between them
and what each needs, the statutory process and its deadlines, the plans written at each stage and
how often they are reviewed. senpath's engine holds none of these itself: it reads the framework
named by each case file (`framework = "..."`; a case file of version 1 follows `england-2001`).
`senpath frameworks` lists the frameworks; `senpath frameworks show ID` prints one as tables.

"""

FORMAT = """## Writing a framework file

A local authority (or anyone trialling a variant) can write a framework of its own: one TOML
file, named after its id, in a `frameworks/` folder beside the register's cases folder (beside
`senpath.toml`). senpath reads it alongside the shipped ones; it may not reuse a shipped id. The
file is checked when it is first read (unknown keys are refused); a case that names a framework
senpath cannot find is refused with exit 4. Start from a copy of a shipped file.

Top level:

| key | meaning |
|---|---|
| `format_version` | the version of this format: `1` |
| `id` | the framework's id, the file's name without `.toml` (lower-case letters, digits, hyphens) |
| `title`, `jurisdiction`, `summary` | what it is, where it applies, one line on how it works |
| `notes` | list of notes: what is senpath's reading, what could not be verified |
| `start` | the stage of a child with no SEN provision (every case starts there unless entered at a stage) |
| `requesters` | who may ever request the statutory process (e.g. `parent`, `school`, `professional`) |
| `letters` | the letters senpath offers: the parent's `meeting-request` and `assessment-request`, the school's `provision-notice` and `review-invitation` |
| `head_title` | how the letters address the head of a school (default `Head Teacher`; `Principal` in Northern Ireland) |
| `questions` | questions the `prep` sheet asks the parent, in the framework's words (optional) |
| `school_questions` | questions the parent's meeting request asks the school (optional; `{child}`, `{child's}` and `{stages}`, the school-based stages in the child's setting, are filled in), asked on a first approach |
| `stage_questions` | the questions it asks instead when the child is already on a school-based stage (optional; `{stage}`, the child's stage, is filled in too) |

The tables and lists below are `sources`, `settings`, `stages`, `moves`, `process` (with its
`milestones`) and `plans` (`school` and `statutory`).

`[[sources]]` (at least one): `title`, `url` (optional), `supports` (what the source is relied on for).

`[[settings]]`: `id` (`early-years`, `primary`, `secondary` or `further-education`) and its `name`.

`[[stages]]`, in order from no provision upwards:

| key | meaning |
|---|---|
| `id` | the stage's id, used in case files and on the command line |
| `name` | its name; `names` overrides it per setting (`{ early-years = "Early Years Action" }`) |
| `short` | its name in running text in any setting (optional: "Action") |
| `census` | its school-census code; the process stage may leave it out: a child under statutory assessment keeps the code of the stage before the request |
| `means` | one line on what it means, used by `senpath prep` |

`[[moves]]`, one per kind of move from one or more stages (`from`, a stage or a list) `to` a stage:

| key | meaning |
|---|---|
| `kind` | `escalate`, `step-down`, `cease` (out of the statutory plan) or `request-assessment` (into the process stage) |
| `consultation` | a parent consulted before the move (default `true`; a parent's own request counts) |
| `reason` | a reason is needed (default `true`) |
| `evidence` | what the evidence must show, when evidence is needed (e.g. `"inadequate progress"`) |
| `professional` | an outside professional must be involved by the day of the move (default `false`) |
| `requested_by` | for `request-assessment`: who may make the request |

No move goes into the statutory plan's stage: only the process's last outcome does.

`[process]`: the statutory process. `name`, `stage` (the stage while it runs), `by` and
`by_short` (who runs it: "the local authority", "the LA"; `by_any`, optional, in general terms:
"a local authority"), `completes` (the milestone after which
a repeat request must wait), `repeat_request` (a period, e.g. `{ count = 6, unit = "months" }`),
and `appeal` (optional words). Then `[[process.milestones]]` in order, each with `id`, `name`, `due`
(a period counted from the request), `outcomes` (each `{ id = "...", to = "next" | "back" | "plan" }`:
on to the next milestone, back to the stage before the request, or into the statutory plan),
`parent_comment` (optional: the time the parent has to comment), `comment_due` (default `false`:
`true` puts the parent's last day to comment on the due list after this milestone), `skippable`
(default `false`: the next milestone may be recorded without this one, e.g. a notice that no plan
will be issued), `deadline` (default `true`; `false`: `due` only orders the milestones and the due
list shows the next one that has a time limit) and `exception` (optional: the law's exceptions to
the time limit; an exception recorded on a case with its reason shows on the due list instead of
OVERDUE) and `pending` (optional: what is happening while this milestone is awaited, in the
parent's words; the `prep` sheet says it, with the due date).

A period is a table of `count` and `unit`: `{ count = N, unit = "days" | "weeks" | "months" | "school-days" }` (school days need
the register's term dates, which senpath does not hold yet: a framework that uses them is refused
when a deadline is counted). `starting_with` (default `false`; `true`) is the law's "a period beginning (starting)
with the day": the start day is the first day of the period, so the last day is the day before
N units after the start (15 days beginning with 1 March end on 15 March; 12 months starting with
1 March 2026 end on 28 February 2027).

`[[plans.school]]`: the plans a school writes. `id` (the duties are `new-ID` and `ID-review`),
`name`, `long_name`, `stages` (a new plan is due on entering these), `kept_at` (stages where the
current plan carries on), `review_weeks` (the usual gap to the next review) and
`max_review_months` (the longest gap, one per setting).

`[plans.statutory]`: the statutory plan. `name`, `long_name`, `stage`, `review` (a period) and
`transition`, with `rule` = `school-year` and `year` (the first annual review after the child
starts that year group, English year groups: `{ rule = "school-year", year = 9, ... }`) or `rule` =
`birthday` and `age` (the first after that birthday: `{ rule = "birthday", age = 14, ... }`), with
its `name` and whom to `invite`; `every_review` (default `false`; `true`) makes every annual review from that point
consider it (not only the first), and `what` says what the review does (default "draw up the
transition plan").

Optional clocks of the statutory plan after an annual review meeting: `review_decision` (a period
from the meeting for the LA's decision), `review_decisions` (the decisions it may make, e.g.
`keep`, `amend`, `cease`), `amendment` (a period from the decision notice for the amended plan) and
`amendment_limit` (a period from the meeting, at most). `phase_transfers`
(`[[plans.statutory.phase_transfers]]`):
moves between phases of education before which the plan must be reviewed and amended, each with
`id`, `name`, `before` (`"MM-DD"`: the work is done before that day of the year of transfer, so
the due list shows the day before) and `leaving_year` (optional: the year group the child leaves,
0 = Reception, to compute the transfer from the date of birth; without it the transfer is
recorded on the case).

`law` (`[law]`; needed when `letters` has `assessment-request` or `provision-notice`): the law
the letters cite, in the words a letter uses, so the letters hold no section, deadline or tribunal
of their own. `request` (the law under which a parent asks for the statutory process: "section 329
of the Education Act 1996"), `decision` (what sets the time limit for the decision whether to
assess; the period itself is the first milestone's `due`), `decision_from` (from when it runs,
after "within 6 weeks": "of receiving this request"), `tribunal` (who hears the parent's appeal
against a refusal to assess, in full), `provision_notice` (the duty to tell the parents that the
school makes special educational provision for their child) with `provision_notice_by_setting`
(optional: a setting's own, e.g. `early-years`), `parent_views` (default "my own views": what the
parent says they will send) and `source`.

`appeals` (`[appeals]`, optional): the parent's right of appeal. `to` (who hears it), `window` (a period from
the date the decision notice was sent), `after_mediation` (optional: a period from a mediation
certificate; the later of the two applies), `decisions` (what can be appealed: a milestone id, a
milestone's outcome as `milestone:outcome`, a kind of move such as `cease`, or an annual review
decision as `review:DECISION`), `source`, and `spans` (`[[appeals.spans]]`), each with `start` and `end`
(`"MM-DD"`) and `words`: a deadline ending in the span moves to the first working day after it.

`rights` (`[rights]`, optional): the parent's rights the `prep` sheet lists. `meeting` (to ask the
school for a meeting) and `meeting_source`, `request` (to ask for the statutory process) and
`request_source`, and `repeat_source` (optional: where the repeat-request rule comes from). The
appeal's facts are those of `appeals`.

`conversions` (`[[conversions]]`, optional): how a record under an earlier framework becomes one
under this one (`senpath convert`). `from` (the earlier framework's id), `stages` (its stage ->
this framework's stage; a stage not listed cannot be converted), `how` (recorded with the
conversion), `refused` (why another stage cannot be converted, and what to do) and `source`.
The earlier record (entry, stage history, school plans, annual reviews) is kept with the
conversion; the record carries on from the mapped stage on the day of the conversion.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from senpath.framework import parse
    from senpath.framework_files import SHIPPED

    parts = [HEADER]
    files = sorted(SHIPPED.glob("*.toml"))
    parts.append("Shipped with senpath:\n\n")
    fws = [parse(f.read_text(encoding="utf-8"), f.name) for f in files]
    for fw in fws:
        parts.append(f"- [`{fw.id}`](#{fw.id}): {fw.title}\n")
    for fw in fws:
        parts.append(f"\n## {fw.id}\n\n**{fw.title}** ({fw.jurisdiction}). {fw.summary}\n")
        parts.append("\n### Stages\n\n| id | name | census | meaning |\n|---|---|---|---|\n")
        for s in fw.stages:
            names = s.name + "".join(f"; {k}: {v}" for k, v in s.names.items())
            census = s.census or "the code of the stage before the request"
            parts.append(f"| `{s.id}` | {_cell(names)} | {census} | {_cell(s.means)} |\n")
        parts.append("\n### Moves\n\n| from | to | kind | needs |\n|---|---|---|---|\n")
        for m in fw.moves:
            needs = []
            if m.consultation:
                needs.append("a parent consulted")
            if m.reason:
                needs.append("a reason")
            if m.evidence:
                needs.append(f"evidence of {m.evidence}")
            if m.professional:
                needs.append("an outside professional involved")
            if m.requested_by:
                needs.append("made by " + " / ".join(m.requested_by))
            parts.append(f"| {', '.join(m.from_)} | {m.to} | {m.kind} | {_cell('; '.join(needs))} |\n")
        p = fw.process
        parts.append(
            f"\n### The {p.name}\n\nRun by {p.by} while the child is at `{p.stage}`. Deadlines count from the request.\n\n"
            "| milestone | what | due | outcomes |\n|---|---|---|---|\n"
        )
        where = {"next": "next milestone", "back": "back to the stage before the request", "plan": "the statutory plan"}
        for ms in p.milestones:
            outcomes = "; ".join(f"`{o.id}`: {where[o.to]}" for o in ms.outcomes)
            comment = f" (the parent has {ms.parent_comment.words()} to comment)" if ms.parent_comment else ""
            parts.append(f"| `{ms.id}` | {_cell(ms.name)}{comment} | {ms.due.words()} | {outcomes} |\n")
        parts.append(
            f"\nA repeat request may wait until {p.repeat_request.words()} after `{p.completes}`."
            + (f" Appeals: {p.appeal}." if p.appeal else "")
            + "\n"
        )
        if fw.law is not None:
            law = fw.law
            first = p.milestones[0].due.words()
            notice = (
                f" The school tells the parents it is making special educational provision under {law.provision_notice}"
                + "".join(f" ({k}: {v})" for k, v in law.provision_notice_by_setting.items())
                + "."
                if law.provision_notice
                else ""
            )
            parts.append(
                f"\nThe letters cite: a parent's request is made under {law.request}; under {law.decision}, "
                f"{p.by} decides within {first} {law.decision_from}; a refusal can be appealed to "
                f"{law.tribunal}.{notice} ({law.source})\n"
            )
        parts.append("\n### Plans\n\n| plan | written on entering | kept at | usual review | longest gap |\n")
        parts.append("|---|---|---|---|---|\n")
        for sp in fw.plans.school:
            gaps = ", ".join(f"{k} {v} months" for k, v in sp.max_review_months.items())
            kept = ", ".join(sp.kept_at) or "-"
            parts.append(
                f"| {sp.long_name} ({sp.name}) | {', '.join(sp.stages)} | {kept} | {sp.review_weeks} weeks | {gaps} |\n"
            )
        st = fw.plans.statutory
        t = st.transition
        rule = (
            f"the first annual review after the child starts {t.name}"
            if t.rule == "school-year"
            else f"the first annual review after the {t.name}"
        )
        parts.append(
            f"\nThe {st.long_name} (`{st.stage}`) is reviewed every {st.review.words()}; the transition review is "
            f"{rule} (invite {t.invite}).\n"
        )
        if st.review_decision is not None:
            parts.append(
                f"\nAfter a review meeting the LA decides ({', '.join(st.review_decisions)}) within "
                f"{st.review_decision.words()}"
                + (
                    f"; an amended plan follows within {st.amendment.words()} of the notice"
                    if st.amendment is not None
                    else ""
                )
                + (f", {st.amendment_limit.words()} of the meeting at most" if st.amendment_limit is not None else "")
                + ".\n"
            )
        if t.every_review:
            parts.append(f"\nEvery annual review from {t.name} must {t.what}.\n")
        if st.phase_transfers:
            parts.append("\n### Phase transfers\n\n| id | transfer | done before | computed |\n|---|---|---|---|\n")
            for pt in st.phase_transfers:
                computed = (
                    f"from the date of birth (leaving Year {pt.leaving_year})"
                    if pt.leaving_year is not None
                    else "set on the case"
                )
                parts.append(f"| `{pt.id}` | {_cell(pt.name)} | {pt.before} (MM-DD) | {computed} |\n")
        for ms in p.milestones:
            if ms.exception:
                parts.append(f"\nExceptions to `{ms.id}`: {_cell(ms.exception)}.\n")
        if fw.appeals is not None:
            a = fw.appeals
            mediation = (
                f", or {a.after_mediation.words()} of a mediation certificate, whichever is later"
                if a.after_mediation
                else ""
            )
            parts.append(
                f"\n### Appeals\n\nTo {a.to}: within {a.window.words()} of the decision notice{mediation} "
                f"({a.source}). Appealable: {', '.join(f'`{d}`' for d in a.decisions)}.\n"
            )
            for span in a.spans:
                parts.append(f"- {span.words} ({span.start} to {span.end})\n")
        for conv in fw.conversions:
            mapping = ", ".join(f"`{k}` -> `{v}`" for k, v in conv.stages.items())
            parts.append(
                f"\n### Converting from {conv.from_}\n\n{mapping}. {_cell(conv.how)}. "
                f"Otherwise refused: {_cell(conv.refused)}. ({_cell(conv.source)})\n"
            )
        if fw.rights is not None:
            r = fw.rights
            parts.append(
                "\n### The parent's rights (prep sheet)\n\n"
                f"- A meeting: {_cell(r.meeting)} ({_cell(r.meeting_source)})\n"
                f"- A request: {_cell(r.request)} ({_cell(r.request_source)})\n"
                + (f"- A repeat request: {_cell(r.repeat_source)}\n" if r.repeat_source else "")
            )
        if fw.school_questions:
            parts.append(
                "\n### Questions the meeting request asks the school\n\n"
                + "".join(f"- {_cell(q)}\n" for q in fw.school_questions)
            )
        if fw.stage_questions:
            parts.append(
                "\n### Questions the meeting request asks the school about a child already on a stage\n\n"
                + "".join(f"- {_cell(q)}\n" for q in fw.stage_questions)
            )
        if fw.questions:
            parts.append("\n### Questions for the parent\n\n" + "".join(f"- {q}\n" for q in fw.questions))
        parts.append(f"\nLetters: {', '.join(fw.letters) or 'none'}.\n")
        if fw.notes:
            parts.append("\n### Notes\n\n" + "".join(f"- {n}\n" for n in fw.notes))
        parts.append("\n### Sources\n\n")
        for src in fw.sources:
            link = f" <{src.url}>" if src.url else ""
            parts.append(f"- {src.title}{link}: {src.supports}\n")
    parts.append("\n" + FORMAT)
    return "".join(parts)


def main() -> None:
    target = Path(__file__).resolve().parent / "frameworks.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
