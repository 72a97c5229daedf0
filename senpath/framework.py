"""Legal frameworks as data: one TOML file per framework, validated by a model when it loads.

A framework (the 2001 Code in England, Northern Ireland's 1998 Code, a local authority's
variant) says which stages a child can be at, the moves between them and what each needs, how
the statutory process runs and how long each step may take, which plans are written at each
stage and how often they are reviewed. The engine (``stages``, ``reviews``, ``ieps``, ``prep``,
``letters``) reads the framework of the case in hand; it holds no stage, milestone or deadline
of its own. The format is documented in ``docs/frameworks.md`` (generated from the files).

Frameworks are found by id: the files shipped in ``senpath/frameworks/``, then the files in
each register's ``frameworks/`` folder (beside its cases folder) that a :class:`~senpath.store.CaseFiles`
has registered. Each file is read once per process. Example::

    fw = get("england-2001")
    fw.stage_name("action", "primary")  # 'School Action'
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from senpath.errors import EXIT_INVALID, SenpathError
from senpath.framework_files import DEFAULT_FRAMEWORK as DEFAULT_FRAMEWORK
from senpath.framework_files import GENERATION, paths
from senpath.framework_files import SHIPPED as SHIPPED
from senpath.framework_files import add_search_dir as add_search_dir
from senpath.framework_files import reset as reset_files
from senpath.vocab import LetterKind

FORMAT_VERSION = 1

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Words = Annotated[str, StringConstraints(min_length=1, max_length=500)]
MoveKind = Literal["escalate", "step-down", "cease", "request-assessment"]
SETTING_IDS = ("early-years", "primary", "secondary", "further-education")
SettingId = Literal["early-years", "primary", "secondary", "further-education"]


class FrameworkError(SenpathError):
    """A framework file that cannot be read or validated, or an id no file has (exit 4)."""

    exit_code = EXIT_INVALID


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Period(_Model):
    """A length of time: ``{ count = 6, unit = "weeks" }``. Days and school days are reserved
    for frameworks whose clocks need them (school days need the register's term dates)."""

    count: int = Field(ge=0, le=1000)
    unit: Literal["days", "weeks", "months", "school-days"]
    # The law's "a period of N ... beginning with (starting with) the day": the start day is the
    # period's first day, so its last day is the day before N units after the start
    # (15 days beginning with 1 March end on 15 March; 12 months starting with 1 March 2026
    # end on 28 February 2027). Without it, the deadline is N units after the start.
    starting_with: bool = False

    def after(self, start: dt.date) -> dt.date:
        """The deadline: N units after ``start`` (the last day of the period, with starting_with)."""
        from senpath.dates import add_months, add_weeks

        if self.unit == "weeks":
            end = add_weeks(start, self.count)
        elif self.unit == "months":
            end = add_months(start, self.count)
        elif self.unit == "days":
            end = start + dt.timedelta(days=self.count)
        else:
            raise FrameworkError("school-day clocks need the register's term dates, which senpath does not hold yet")
        return end - dt.timedelta(days=1) if self.starting_with and self.count > 0 else end

    def span(self) -> str:
        """The length alone ("6 weeks"), for a sentence that says itself when the period starts."""
        unit = self.unit.replace("-", " ")
        return f"{self.count} {unit[:-1] if self.count == 1 else unit}"

    def words(self) -> str:
        return self.span() + " starting with the day" if self.starting_with else self.span()


class Source(_Model):
    """A legal source the file relies on, and what it supports."""

    title: Words
    url: Words | None = None
    supports: Words


class SettingDef(_Model):
    id: SettingId
    name: Words


class StageDef(_Model):
    id: Slug
    name: Words  # the name in every setting without its own
    names: dict[SettingId, Words] = Field(default_factory=dict)
    short: Words | None = None  # the name in any setting, in running text ("Action")
    census: Annotated[str, StringConstraints(min_length=1, max_length=4)] | None = None
    means: Words


class MoveDef(_Model):
    """Moves of one kind from each stage in ``from`` to ``to``, and what each needs."""

    from_: tuple[Slug, ...] = Field(alias="from", min_length=1)
    to: Slug
    kind: MoveKind
    consultation: bool = True  # a parent consulted (a parent's own request counts as one)
    reason: bool = True
    evidence: Words | None = None  # what the evidence must show, when evidence is needed
    professional: bool = False  # an outside professional involved by the day of the move
    requested_by: tuple[Slug, ...] = ()  # who may make a request (request-assessment only)

    @field_validator("from_", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class OutcomeDef(_Model):
    id: Slug
    to: Literal["next", "back", "plan"]  # next milestone; the stage before the request; the plan stage


class MilestoneDef(_Model):
    id: Slug
    name: Words  # what the duty says: "LA decision to assess"
    due: Period  # counted from the request
    outcomes: tuple[OutcomeDef, ...] = Field(min_length=1)
    parent_comment: Period | None = None  # time the parent has to comment (a proposed plan)
    # The due list shows the parent's last day to comment after this milestone (parent_comment).
    comment_due: bool = False
    # The next milestone may be recorded without this one (an outcome that may not happen:
    # a notice that no plan will be issued).
    skippable: bool = False
    # False: ``due`` only orders the milestones; this step has no time limit of its own, and
    # the due list shows the next milestone that has one.
    deadline: bool = True
    # The exceptions to this time limit the law allows, in its words; when given, an exception
    # may be recorded on a case (with its reason) and the due list says so instead of OVERDUE.
    exception: Words | None = None
    # What is happening while this is the next milestone, in the parent's words ("the local
    # authority is deciding whether to make a statutory assessment"): the prep sheet's step.
    pending: Words | None = None


class ProcessDef(_Model):
    """The statutory process: a request, then milestones in order, each with a deadline."""

    name: Words
    stage: Slug  # the stage a child is at while it runs
    by: Words  # who runs it: "the local authority"
    by_short: Words  # "the LA"
    by_any: Words | None = None  # in general terms, where it differs: "a local authority"
    milestones: tuple[MilestoneDef, ...] = Field(min_length=1)
    completes: Slug  # the milestone after which a repeat request waits
    repeat_request: Period
    appeal: Words | None = None


class SchoolPlanDef(_Model):
    id: Slug
    name: Words  # "IEP"
    long_name: Words
    stages: tuple[Slug, ...] = Field(min_length=1)  # a new plan is due on entering these
    kept_at: tuple[Slug, ...] = ()  # stages where the current plan carries on
    review_weeks: int = Field(ge=1, le=52)
    max_review_months: dict[SettingId, int]


class TransitionDef(_Model):
    rule: Literal["school-year", "birthday"]
    year: int | None = Field(default=None, ge=1, le=14)  # school-year: the year group it starts
    age: int | None = Field(default=None, ge=1, le=25)  # birthday: the birthday after which it falls
    name: Words  # "Year 9", "14th birthday"
    invite: Words  # who to invite
    # True: every annual review from that point considers it (England 2015: preparing for
    # adulthood from Year 9); False: the first one is the transition review.
    every_review: bool = False
    what: Words = "draw up the transition plan"  # what the review does

    @model_validator(mode="after")
    def _needs(self) -> TransitionDef:
        if (self.rule == "school-year") != (self.year is not None) or (self.rule == "birthday") != (
            self.age is not None
        ):
            raise ValueError("rule school-year needs year (and no age); rule birthday needs age (and no year)")
        return self


class PhaseTransferDef(_Model):
    """A move between phases of education for which the plan must be reviewed and amended,
    naming the new school, before a fixed day of the year of transfer."""

    id: Slug
    name: Words  # "primary to secondary school"
    # The year group the child leaves (6: Year 6 -> Year 7), to compute the transfer from the
    # date of birth; None: a transfer the school records on the case (infant to junior...).
    leaving_year: int | None = Field(default=None, ge=-2, le=14)
    before: Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]  # "02-15"

    def last_day(self, year: int) -> dt.date:
        """The last day to finish (the day before ``before`` in the year of transfer)."""
        month, day = (int(x) for x in self.before.split("-"))
        return dt.date(year, month, day) - dt.timedelta(days=1)


class StatutoryPlanDef(_Model):
    name: Words  # "statement"
    long_name: Words  # "Statement of SEN"
    stage: Slug
    review: Period
    transition: TransitionDef
    # After the review meeting: the LA's decision (keep, amend, cease) within review_decision;
    # when it amends, the amended plan within amendment of that notice and amendment_limit of
    # the meeting at most. Absent: the framework sets no such clock.
    review_decision: Period | None = None
    review_decisions: tuple[Slug, ...] = ()  # the decisions it may make ("keep", "amend", "cease")
    amendment: Period | None = None
    amendment_limit: Period | None = None
    phase_transfers: tuple[PhaseTransferDef, ...] = ()


class SpanDef(_Model):
    """Days of the year on which a time limit does not end: one ending in the span moves to the
    first working day after it ("12-25" to "01-01": the next working day in January)."""

    start: Annotated[str, StringConstraints(pattern=r"^\d\d-\d\d$")]
    end: Annotated[str, StringConstraints(pattern=r"^\d\d-\d\d$")]
    words: Words

    def bounds(self) -> tuple[tuple[int, int], tuple[int, int]]:
        a, b = self.start.split("-"), self.end.split("-")
        return (int(a[0]), int(a[1])), (int(b[0]), int(b[1]))


class AppealsDef(_Model):
    """The parent's right of appeal against the LA's decisions, and its time limit."""

    to: Words  # "the SEND Tribunal"
    window: Period  # from the date the decision notice was sent
    after_mediation: Period | None = None  # from a mediation certificate, whichever is later
    # Which decisions can be appealed: a milestone ("final-plan"), a milestone's outcome
    # ("assessment-decision:decline"), a kind of move ("cease"), or an annual review decision
    # ("review:amend", from the day the amended plan is issued).
    decisions: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(:[a-z0-9-]+)?$")], ...] = Field(
        min_length=1
    )
    spans: tuple[SpanDef, ...] = ()
    source: Words

    def last_day(self, notice: dt.date, certificates: tuple[dt.date, ...] = ()) -> dt.date:
        """The last day to appeal: the window from the notice, or the mediation window from the
        latest certificate on or after it, whichever is later; moved out of any span."""
        from senpath.dates import after_span, first_working_day_from, in_span

        end = self.window.after(notice)
        if self.after_mediation is not None:
            for c in certificates:
                if c >= notice:
                    end = max(end, self.after_mediation.after(c))
        for span in self.spans:
            start, stop = span.bounds()
            if in_span(end, start, stop):
                return first_working_day_from(after_span(end, stop))
        return end


class LawDef(_Model):
    """The law the letters cite, in the words a letter uses ("section 329 of the Education Act
    1996"), each with its source: senpath's letters hold no section, deadline or tribunal name."""

    # The parent's request for the statutory process is made under this.
    request: Words
    # What sets the decision's time limit (the period itself is the first milestone's ``due``).
    decision: Words
    # From when the decision's period runs, after "within 6 weeks": "of receiving it".
    decision_from: Words
    # Who hears the parent's appeal against a refusal to assess, in full.
    tribunal: Words
    # The duty to tell the parents that the school makes special educational provision for the
    # child; ``provision_notice_by_setting`` where a setting has its own (nursery education).
    provision_notice: Words | None = None
    provision_notice_by_setting: dict[SettingId, Words] = Field(default_factory=dict)
    # The written views the parent may send for the assessment, in the law's terms.
    parent_views: Words = "my own views"
    source: Words


class PlansDef(_Model):
    school: tuple[SchoolPlanDef, ...] = Field(min_length=1)
    statutory: StatutoryPlanDef


class ConversionDef(_Model):
    """How a record under an earlier framework becomes one under this framework."""

    from_: Slug = Field(alias="from")  # the earlier framework's id
    stages: dict[Slug, Slug] = Field(min_length=1)  # its stage -> this framework's stage
    how: Words  # what the conversion is, recorded with it
    refused: Words  # why any other stage cannot be converted, and what to do
    source: Words


class RightsDef(_Model):
    """The parent's rights the prep sheet lists at each point, in the framework's words, with
    where each comes from (the appeal's facts are in ``appeals``; the request's law in
    ``law.request``)."""

    meeting: Words  # "ask the school for a meeting ... at any time"
    meeting_source: Words
    request: Words  # who the parent asks, and how: "ask the local authority in writing"
    request_source: Words
    repeat_source: Words | None = None  # where the repeat-request rule comes from
    # The appeal the prep sheet names, for a framework without ``appeals`` (whose deadlines are
    # on the due list): the same facts, read the same way.
    appeal: AppealsDef | None = None


class Framework(_Model):
    format_version: Literal[1]
    id: Slug
    title: Words
    jurisdiction: Words
    summary: Words
    notes: tuple[Words, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    settings: tuple[SettingDef, ...] = Field(min_length=1)
    start: Slug  # the stage of a child who has no SEN provision
    stages: tuple[StageDef, ...] = Field(min_length=2)
    requesters: tuple[Slug, ...] = Field(min_length=1)
    moves: tuple[MoveDef, ...] = Field(min_length=1)
    process: ProcessDef
    plans: PlansDef
    letters: tuple[LetterKind, ...] = ()
    # The head of a school, as the letters address them ("Principal" in Northern Ireland).
    head_title: Words = "Head Teacher"
    # The law the letters cite: needed when the framework offers an assessment request or a
    # provision notice.
    law: LawDef | None = None
    appeals: AppealsDef | None = None
    rights: RightsDef | None = None

    @property
    def appeal(self) -> AppealsDef | None:
        """The parent's appeal: ``appeals``, else the one the rights name."""
        return self.appeals if self.appeals is not None or self.rights is None else self.rights.appeal

    # Questions the prep sheet asks the parent, in the framework's words.
    questions: tuple[Words, ...] = ()
    # Questions the parent's meeting request asks the school ("{child}", "{child's}" filled in): on a
    # first approach (the child on no stage yet), and for a child already on a school-based stage
    # ("{stage}", the stage's name, filled in too).
    school_questions: tuple[Words, ...] = ()
    stage_questions: tuple[Words, ...] = ()
    conversions: tuple[ConversionDef, ...] = ()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Framework:
        return self  # frozen: shared, never copied with a case

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        ids = [s.id for s in self.stages]
        known = set(ids)
        problems = []
        if len(known) != len(ids):
            problems.append("stages: two stages have the same id")
        setting_ids = {s.id for s in self.settings}

        def stage(where: str, value: str) -> None:
            if value not in known:
                problems.append(f"{where}: {value!r} is not a stage of this framework ({', '.join(ids)})")

        stage("start", self.start)
        for i, s in enumerate(self.stages):
            if s.census is None and s.id != self.process.stage:
                problems.append(f"stages[{i}].census: only the process stage may keep the code of the stage before it")
            for setting in s.names:
                if setting not in setting_ids:
                    problems.append(f"stages[{i}].names: {setting!r} is not one of the settings")
        seen: set[tuple[str, str]] = set()
        for i, m in enumerate(self.moves):
            stage(f"moves[{i}].to", m.to)
            for frm in m.from_:
                stage(f"moves[{i}].from", frm)
                if (frm, m.to) in seen:
                    problems.append(f"moves[{i}]: the move {frm} -> {m.to} is listed twice")
                seen.add((frm, m.to))
                if frm == m.to:
                    problems.append(f"moves[{i}]: a move from {frm} to itself")
            if m.kind == "request-assessment":
                if m.to != self.process.stage:
                    problems.append(f"moves[{i}]: a request-assessment move goes to the process stage")
                if not m.requested_by:
                    problems.append(f"moves[{i}].requested_by: say who may make the request")
                for who in m.requested_by:
                    if who not in self.requesters:
                        problems.append(f"moves[{i}].requested_by: {who!r} is not one of the requesters")
            elif m.requested_by:
                problems.append(f"moves[{i}].requested_by: only a request-assessment move has requesters")
            if m.to == self.plans.statutory.stage:
                problems.append(f"moves[{i}]: only the process's outcome takes a child into the plan stage")
        stage("process.stage", self.process.stage)
        names = [m.id for m in self.process.milestones]
        if len(set(names)) != len(names):
            problems.append("process.milestones: two milestones have the same id")
        if self.process.completes not in names:
            problems.append(f"process.completes: {self.process.completes!r} is not a milestone")
        for i, ms in enumerate(self.process.milestones):
            last = i == len(self.process.milestones) - 1
            for o in ms.outcomes:
                if o.to == "next" and last:
                    problems.append(f"process.milestones[{i}]: the last milestone has no next one")
            if i > 0 and ms.due.unit == self.process.milestones[i - 1].due.unit:
                if ms.due.count < self.process.milestones[i - 1].due.count:
                    problems.append(f"process.milestones[{i}].due: earlier than the milestone before it")
            if not any(o.to == "next" for o in ms.outcomes) and not last and not ms.skippable:
                problems.append(f"process.milestones[{i}]: no outcome leads on to the next milestone")
        if not any(o.to == "plan" for o in self.process.milestones[-1].outcomes):
            problems.append("process.milestones: the last milestone needs an outcome that makes the plan")
        if self.process.milestones[-1].skippable or not self.process.milestones[-1].deadline:
            problems.append("process.milestones: the last milestone can be neither skippable nor without a deadline")
        for i, ms in enumerate(self.process.milestones):
            if ms.comment_due and ms.parent_comment is None:
                problems.append(f"process.milestones[{i}].comment_due: needs parent_comment")
        st = self.plans.statutory
        if (st.review_decision is None) != (not st.review_decisions):
            problems.append("plans.statutory: review_decision and review_decisions go together")
        if (st.amendment is not None or st.amendment_limit is not None) and "amend" not in st.review_decisions:
            problems.append("plans.statutory.amendment: needs an 'amend' among review_decisions")
        transfers = [t.id for t in st.phase_transfers]
        if len(set(transfers)) != len(transfers):
            problems.append("plans.statutory.phase_transfers: two transfers have the same id")
        for i, conv in enumerate(self.conversions):
            for frm, to in conv.stages.items():
                stage(f"conversions[{i}].stages.{frm}", to)
                if to == self.process.stage:
                    problems.append(f"conversions[{i}].stages.{frm}: a conversion cannot open a {self.process.name}")
        if self.law is None and {"assessment-request", "provision-notice"} & set(self.letters):
            problems.append("law: the assessment request and the provision notice cite the law: give [law]")
        if self.law is not None and "provision-notice" in self.letters and self.law.provision_notice is None:
            problems.append("law.provision_notice: the provision notice cites the duty to tell the parents")
        if self.law is not None:
            for setting in self.law.provision_notice_by_setting:
                if setting not in setting_ids:
                    problems.append(f"law.provision_notice_by_setting: {setting!r} is not one of the settings")
        if self.rights is not None and self.rights.appeal is not None and self.appeals is not None:
            problems.append("rights.appeal: the framework has [appeals]; give the appeal there only")
        for table in (self.appeals, self.rights.appeal if self.rights is not None else None):
            if table is None:
                continue
            kinds = set(self.move_kinds())
            for d in table.decisions:
                head, _, tail = d.partition(":")
                if head == "review":
                    ok = tail in st.review_decisions
                elif head in names:
                    ok = not tail or tail in [o.id for o in self.milestone(head).outcomes]
                else:
                    ok = head in kinds and not tail
                if not ok:
                    problems.append(
                        f"appeals.decisions: {d!r} is not a milestone, outcome, move kind or review decision"
                    )
        stage("plans.statutory.stage", self.plans.statutory.stage)
        for i, p in enumerate(self.plans.school):
            for sid in (*p.stages, *p.kept_at):
                stage(f"plans.school[{i}]", sid)
            if set(p.max_review_months) != setting_ids:
                problems.append(f"plans.school[{i}].max_review_months: give one for each setting")
        plan_stages = [s for p in self.plans.school for s in p.stages]
        if len(set(plan_stages)) != len(plan_stages):
            problems.append("plans.school: a stage has two school plans")
        for i, setting_def in enumerate(self.settings):
            if setting_def.id not in SETTING_IDS:  # pragma: no cover - the Literal refuses it first
                problems.append(f"settings[{i}]: unknown setting")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Reading the framework ------------------------------------------------------------

    @cached_property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def stage(self, stage_id: str) -> StageDef:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def stage_name(self, stage_id: str, setting: str) -> str:
        s = self.stage(stage_id)
        name: str = s.names.get(setting, s.name)  # type: ignore[call-overload]
        return name

    def move(self, frm: str, to: str) -> MoveDef | None:
        for m in self.moves:
            if to == m.to and frm in m.from_:
                return m
        return None

    def moves_from(self, frm: str) -> list[str]:
        return [m.to for m in self.moves if frm in m.from_]

    def move_kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.kind for m in self.moves))

    def milestone(self, milestone_id: str) -> MilestoneDef:
        for m in self.process.milestones:
            if m.id == milestone_id:
                return m
        raise KeyError(milestone_id)

    @cached_property
    def milestone_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.process.milestones)

    def next_milestone(self, last: tuple[str, str] | None) -> str | None:
        """The milestone after ``last`` (milestone, outcome); the first when None."""
        if last is None:
            return self.process.milestones[0].id
        index = self.milestone_ids.index(last[0])
        outcome = next(o for o in self.milestone(last[0]).outcomes if o.id == last[1])
        if outcome.to != "next":
            return None
        return self.milestone_ids[index + 1]

    def conversion_from(self, framework_id: str) -> ConversionDef | None:
        for conv in self.conversions:
            if conv.from_ == framework_id:
                return conv
        return None

    def allowed_next(self, last: tuple[str, str] | None) -> list[str]:
        """The milestones that may be recorded after ``last``: the next one, and those after
        it while the one before is skippable."""
        first = self.next_milestone(last)
        if first is None:
            return []
        found = [first]
        index = self.milestone_ids.index(first)
        while self.process.milestones[index].skippable and index + 1 < len(self.milestone_ids):
            index += 1
            found.append(self.milestone_ids[index])
        return found

    def outcome_target(self, milestone_id: str, outcome_id: str) -> Literal["next", "back", "plan"] | None:
        for o in self.milestone(milestone_id).outcomes:
            if o.id == outcome_id:
                return o.to
        return None

    def event_names(self) -> tuple[str, ...]:
        return (*self.move_kinds(), *self.milestone_ids)

    def outcome_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.id for m in self.process.milestones for o in m.outcomes))

    def school_plan(self, stage_id: str) -> SchoolPlanDef | None:
        """The school plan written on entering ``stage_id``, if one is."""
        for p in self.plans.school:
            if stage_id in p.stages:
                return p
        return None

    def plan_at(self, stage_id: str) -> SchoolPlanDef:
        """The school plan that applies at ``stage_id`` (kept on from below it, or the first)."""
        plan = self.school_plan(stage_id)
        if plan is not None:
            return plan
        for p in self.plans.school:
            if stage_id in p.kept_at:
                return p
        return self.plans.school[0]

    @cached_property
    def plan_stages(self) -> tuple[str, ...]:
        """Stages at which the child may have a school plan."""
        return tuple(dict.fromkeys(s for p in self.plans.school for s in (*p.stages, *p.kept_at)))

    @cached_property
    def new_plan_stages(self) -> tuple[str, ...]:
        return tuple(s for p in self.plans.school for s in p.stages)

    def census(self, stage_id: str, before_request: str | None = None) -> str:
        code = self.stage(stage_id).census
        if code is None:
            return self.stage(before_request or self.start).census or ""
        return code

    def transition_start(self, dob: dt.date) -> dt.date:
        """The day from which an annual review is the transition review."""
        t = self.plans.statutory.transition
        if t.rule == "birthday":
            assert t.age is not None
            from senpath.dates import add_months

            return add_months(dob, 12 * t.age)
        assert t.year is not None
        # Year groups run 1 September to 31 August: Year 1 starts the September after the 5th
        # birthday's school year, so Year N starts in September of birth year + N + 4 (+1 for an
        # autumn birthday).
        return dt.date(dob.year + t.year + (5 if dob.month >= 9 else 4), 9, 1)


# ---------------------------------------------------------------------------
# Loading: shipped files, then each registered register's frameworks/ folder

_CACHE: dict[Path, Framework] = {}
_CHECKED: dict[tuple[str, int], Framework] = {}  # (id, framework_files.GENERATION) -> what get() gave


def known() -> list[str]:
    """Ids of every framework senpath can find, shipped first."""
    return list(paths())


def parse(data: str, source: str) -> Framework:
    """Text of a framework file -> a checked Framework, or FrameworkError naming each problem."""
    try:
        raw = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{source}: not valid TOML: {exc}") from None
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise FrameworkError(
            f"{source}: format_version: {version!r} is not a framework format this senpath reads ({FORMAT_VERSION})"
        )
    try:
        return Framework.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"]) or "(top level)"
            lines.append(f"{source}: {path}: {err['msg']}")
        raise FrameworkError("\n".join(lines)) from None


def get(framework_id: str) -> Framework:
    """The framework with this id (read once per process), or FrameworkError listing the known ones."""
    checked = _CHECKED.get((framework_id, GENERATION[0]))
    if checked is not None:  # the same answer as last time: the files found have not been looked for again
        return checked
    path = paths().get(framework_id)
    if path is None:
        raise FrameworkError(
            f"framework: {framework_id!r} is not a framework senpath knows (known: {', '.join(known())}); "
            "a register's own frameworks go in a frameworks/ folder beside its cases folder"
        )
    from senpath.framework_files import clashes

    for clash in clashes():
        if clash.name == path.name:
            raise FrameworkError(
                f"{clash}: {framework_id!r} is the id of a framework shipped with senpath; "
                "give the register's variant a name of its own"
            )
    found = _CACHE.get(path)
    if found is not None:
        _CHECKED[(framework_id, GENERATION[0])] = found
        return found
    from senpath.files import read_private

    try:
        text = read_private(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise FrameworkError(
            f"{path}: cannot be read ({exc.strerror or exc}); framework files are regular files"
        ) from None
    fw = parse(text, path.name)
    if fw.id != framework_id:
        raise FrameworkError(f"{path.name}: id: {fw.id!r} does not match the file name")
    _CACHE[path] = fw
    _CHECKED[(framework_id, GENERATION[0])] = fw
    return fw


def all_frameworks() -> list[Framework]:
    return [get(i) for i in known()]


def reset() -> None:
    """Forget every register folder and cached file (tests)."""
    reset_files()
    _CACHE.clear()
    _CHECKED.clear()


# ---------------------------------------------------------------------------
# A framework as tables (senpath frameworks show)


def tables(fw: Framework) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, columns, rows) of each table ``senpath frameworks show`` prints: stages, moves,
    clocks, plans."""
    stages = [
        [
            s.id,
            "; ".join([s.name, *(f"{k}: {v}" for k, v in s.names.items())]),
            s.census or "(before the request)",
            s.means,
        ]
        for s in fw.stages
    ]
    moves = []
    for m in fw.moves:
        needs = [
            n
            for n, on in (
                ("parent consulted", m.consultation),
                ("reason", m.reason),
                (f"evidence of {m.evidence}", m.evidence),
                ("outside professional", m.professional),
            )
            if on
        ]
        if m.requested_by:
            needs.append("by " + "/".join(m.requested_by))
        moves.append([", ".join(m.from_), m.to, m.kind, "; ".join(needs)])
    where = {"next": "next milestone", "back": "stage before the request", "plan": fw.plans.statutory.stage}
    clocks = [
        [
            ms.id,
            ms.name,
            (ms.due.words() + " from the request" if ms.deadline else "no time limit of its own")
            + (" (only if it comes to that)" if ms.skippable else ""),
            "; ".join(f"{o.id} -> {where[o.to]}" for o in ms.outcomes)
            + (f" (parent comments within {ms.parent_comment.words()})" if ms.parent_comment else ""),
        ]
        for ms in fw.process.milestones
    ]
    clocks.append(
        [
            "repeat request",
            f"after {fw.process.completes}",
            fw.process.repeat_request.words(),
            "",
        ]
    )
    plans = [
        [
            p.long_name,
            ", ".join(p.stages) + (f" (kept at {', '.join(p.kept_at)})" if p.kept_at else ""),
            f"every {p.review_weeks} weeks",
            ", ".join(f"{k} {v} months" for k, v in p.max_review_months.items()),
        ]
        for p in fw.plans.school
    ]
    st = fw.plans.statutory
    t = st.transition
    rule = (
        f"first annual review after starting {t.name}"
        if t.rule == "school-year"
        else f"first annual review after the {t.name}"
    )
    if t.every_review:
        plans.append([st.long_name, st.stage, f"every {st.review.words()}", f"from {t.name} every review: {t.what}"])
    else:
        plans.append([st.long_name, st.stage, f"every {st.review.words()}", f"transition review: {rule}"])
    extra: list[tuple[str, list[str], list[list[str]]]] = []
    after: list[list[str]] = []
    if st.review_decision is not None:
        after.append(["LA decision", ", ".join(st.review_decisions), f"{st.review_decision.words()} from the meeting"])
    if st.amendment is not None:
        limit = f", {st.amendment_limit.words()} from the meeting at most" if st.amendment_limit else ""
        after.append(["amended plan", "after a decision to amend", f"{st.amendment.words()} from the notice{limit}"])
    if after:
        extra.append(("After an annual review", ["step", "when", "due"], after))
    if st.phase_transfers:
        transfers = [
            [
                pt.id,
                pt.name,
                f"before {pt.before} (MM-DD) of the year of transfer",
                f"from the date of birth (leaving Year {pt.leaving_year})"
                if pt.leaving_year is not None
                else "set on the case",
            ]
            for pt in st.phase_transfers
        ]
        extra.append(("Phase transfers", ["id", "transfer", "done", "computed"], transfers))
    if fw.appeals is not None:
        a = fw.appeals
        rows = [["decision notice", a.window.words(), ", ".join(a.decisions)]]
        if a.after_mediation is not None:
            rows.append(["mediation certificate", a.after_mediation.words(), "whichever is later"])
        rows.extend(["moved", "", span.words] for span in a.spans)
        extra.append((f"Appeals to {a.to}", ["from", "time", "what"], rows))
    return [
        (f"{fw.title}: stages", ["id", "name", "census", "meaning"], stages),
        ("Moves", ["from", "to", "kind", "needs"], moves),
        (f"Clocks of the {fw.process.name} ({fw.process.by})", ["milestone", "what", "due", "outcomes"], clocks),
        ("Plans", ["plan", "stages", "review", "longest gap / transition"], plans),
        *extra,
    ]
