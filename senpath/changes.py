"""Changes to a record that are not stage moves: opening a case, consultations,
professionals, details, setting changes, leaving.

Each function takes a Case and returns a new one (or raises a SenpathError); none
touches the disk. Example::

    case = add_consultation(case, on=date(2026, 9, 8), with_=["Sara Khan"],
                            method="meeting", summary="Agreed extra support")
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from senpath.dates import uk
from senpath.errors import Hint, NotFoundError, RefusedError, UsageError
from senpath.models import (
    Case,
    Consultation,
    Left,
    Parent,
    Professional,
    SettingSpell,
    Visit,
)
from senpath.stages import ensure_open, same_name
from senpath.vocab import Method, Role, Setting


def slugify(name: str) -> str:
    """'Amira Khan' -> 'amira-khan'; accents folded, at most 64 characters."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"['`]", "", folded)  # O'Neill -> oneill, not o-neill (a curly ’ is already dropped)
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:64].rstrip("-")


def new_case(
    *,
    child_id: str | None,
    name: str,
    dob: date,
    setting: Setting,
    school: str,
    opened: date,
    head_teacher: str | None = None,
    senco: str | None = None,
    parents: Sequence[str] = (),
    concerns: Sequence[str] = (),
    diagnoses: Sequence[str] = (),
    known_as: str | None = None,
    framework: str | None = None,
    pronoun: str | None = None,
) -> Case:
    """A new case at no stage, following ``framework`` (default: england-2001); to open it at the
    stage the child is already at, pass the result to :func:`senpath.stages.enter`."""
    from senpath.framework import DEFAULT_FRAMEWORK, get, known

    wanted = framework or DEFAULT_FRAMEWORK
    if wanted not in known():
        raise UsageError(
            f"{{field}}: {wanted!r} is not a framework senpath knows; the frameworks are: {', '.join(known())}",
            Hint(field="framework"),
        )
    fw = get(wanted)
    settings = [x.id for x in fw.settings]
    if setting not in settings:
        raise UsageError(
            f"{{field}}: {setting!r} is not a setting of {fw.id}; its settings are: {', '.join(settings)}",
            Hint(field="setting"),
        )
    if child_id is None:
        child_id = slugify(name)
        if not child_id:
            raise UsageError(f"cannot make an id from the name {name!r}", Hint(action="give-id"))
    # Validated whole, so an error names its path (parents[0].name, not name): see hints.option_for_path.
    return Case.model_validate(
        {
            "framework": fw.id,
            "id": child_id,
            "name": name,
            "known_as": known_as,
            "pronoun": pronoun,
            "dob": dob,
            "opened": opened,
            "head_teacher": head_teacher,
            "senco": senco,
            "concerns": list(concerns),
            "diagnoses": list(diagnoses),
            "parents": [{"name": p} for p in parents],
            "settings": [{"date": opened, "setting": setting, "school": school}],
        }
    )


def add_consultation(
    case: Case,
    *,
    on: date,
    with_: Sequence[str],
    method: Method,
    summary: str,
    parent_views: str | None = None,
    child_views: str | None = None,
) -> Case:
    """Record a consultation; at least one person named must be a parent or carer on the case."""
    ensure_open(case)
    if not any(same_name(w, p.name) for w in with_ for p in case.parents):
        on_case = ", ".join(p.name for p in case.parents) or "none recorded"
        raise RefusedError(
            f"{{opt:with_}} must name a parent or carer on the case (on the case: {on_case}); add one first",
            Hint(action="add-parent-quoted", args={"child": case.id}),
        )
    if on < case.opened:
        raise RefusedError(f"dated {uk(on)}, before the case was opened ({uk(case.opened)})")
    new = case.model_copy(deep=True)
    new.consultations.append(
        Consultation(
            date=on,
            with_=list(with_),
            method=method,
            summary=summary,
            parent_views=parent_views,
            child_views=child_views,
        )
    )
    return new


def parse_professional(spec: str, on: date) -> Professional:
    """``ROLE:NAME`` (e.g. ``educational-psychologist:Dr A. Shah``) requested on ``on``."""
    from senpath.vocab import ROLES

    role, sep, name = spec.partition(":")
    if not sep or not name.strip() or role not in ROLES:
        raise UsageError(f"{{opt:professional}} {spec!r}: use ROLE:NAME, with ROLE one of {', '.join(ROLES)}")
    return Professional(role=role, name=name.strip(), requested=on)


def add_professional(
    case: Case,
    *,
    role: Role,
    name: str,
    requested: date,
    role_name: str | None = None,
    seen: date | None = None,
    advice: str | None = None,
) -> Case:
    ensure_open(case)
    if role == "other" and not role_name:
        raise UsageError("{opt:role} other needs {opt:role_name} (e.g. {opt:role_name} 'Play therapist')")
    if seen is not None and seen < requested:
        raise RefusedError(f"{{opt:seen}} {uk(seen)} is before {{opt:requested}} {uk(requested)}")
    if seen is None and advice is not None:
        raise UsageError("{opt:advice} goes with {opt:seen} (the date the professional saw the child)")
    visits = [Visit(date=seen, advice=advice)] if seen is not None else []
    wanted = Professional(role=role, role_name=role_name, name=name, requested=requested, visits=visits)
    if wanted in case.professionals:
        from senpath.errors import AlreadyRecorded

        raise AlreadyRecorded()  # the same professional, requested the same day: a re-run
    if any(same_name(p.name, name) for p in case.professionals):
        raise RefusedError(
            f"{name} is already on the case; record a visit with",
            Hint(action="professional-seen", args={"child": case.id, "name": name}),
        )
    new = case.model_copy(deep=True)
    new.professionals.append(wanted)
    return new


def record_visit(case: Case, *, name: str, on: date, advice: str | None = None) -> Case:
    ensure_open(case)
    new = case.model_copy(deep=True)
    for p in new.professionals:
        if same_name(p.name, name):
            if on < p.requested:
                raise RefusedError(f"{uk(on)} is before {p.name} was requested ({uk(p.requested)})")
            p.visits.append(Visit(date=on, advice=advice))
            return new
    known = ", ".join(p.name for p in case.professionals) or "none yet"
    raise NotFoundError(
        f"no professional {name!r} on {case.id} (on the case: {known})", Hint(action="professional-add")
    )


def update_details(
    case: Case,
    *,
    on: date,
    name: str | None = None,
    known_as: str | None = None,
    setting: Setting | None = None,
    school: str | None = None,
    head_teacher: str | None = None,
    senco: str | None = None,
    add_parents: Sequence[str] = (),
    add_concerns: Sequence[str] = (),
    remove_concerns: Sequence[str] = (),
    add_diagnoses: Sequence[str] = (),
    remove_diagnoses: Sequence[str] = (),
    dob: date | None = None,
    opened: date | None = None,
    year_group: str | None = None,
    primary_need: str | None = None,
    secondary_needs: Sequence[str] | None = None,
    upn: str | None = None,
    looked_after: bool | None = None,
    school_address: str | None = None,
    pronoun: str | None = None,
) -> Case:
    """Change the child's details; a new setting or school is dated and kept in the history.

    ``year_group`` is a code from :data:`senpath.register.YEAR_CODES`, or ``"auto"`` to drop the
    override; ``upn`` and ``primary_need`` take ``""`` to clear them. Correcting ``opened`` moves
    the first setting's date with it. The whole record is re-checked when it is saved.
    """
    ensure_open(case)
    new = case.model_copy(deep=True)
    for attr, value in (
        ("name", name),
        ("known_as", known_as),
        ("head_teacher", head_teacher),
        ("senco", senco),
        ("pronoun", pronoun),
    ):
        if value is not None:
            setattr(new, attr, value)
    if setting is not None and setting not in [x.id for x in case.fw.settings]:
        from senpath.errors import Hint

        ids = ", ".join(x.id for x in case.fw.settings)
        raise UsageError(
            f"{{field}}: {setting!r} is not a setting of {case.fw.id}; its settings are: {ids}", Hint(field="setting")
        )
    if dob is not None:
        new.dob = dob
    if opened is not None:
        if new.settings[0].date == new.opened:
            new.settings[0].date = opened
        new.opened = opened
    if year_group is not None:
        new.year_group = None if year_group == "auto" else year_group
    if primary_need is not None:
        new.primary_need = primary_need or None
    if secondary_needs is not None:
        new.secondary_needs = list(dict.fromkeys(secondary_needs))
    if upn is not None:
        new.upn = upn or None
    if looked_after is not None:
        new.looked_after = looked_after
    if school_address is not None:
        new.settings[-1].address = school_address or None
    if setting is not None or school is not None:
        last = new.settings[-1]
        spell = SettingSpell(date=on, setting=setting or last.setting, school=school or last.school)
        if (spell.setting, spell.school) != (last.setting, last.school):
            if on < last.date:
                raise RefusedError(f"{{opt:date}} {uk(on)} is before the current setting began ({uk(last.date)})")
            if on == last.date:
                new.settings[-1] = spell
            else:
                new.settings.append(spell)
    for parent in add_parents:
        if any(same_name(parent, p.name) for p in new.parents):
            raise RefusedError(f"{parent} is already a parent or carer on the case")
        new.parents.append(Parent.model_construct(name=parent))  # checked with the whole record below
    new.concerns = _edit_list(new.concerns, add_concerns, remove_concerns, "concern")
    new.diagnoses = _edit_list(new.diagnoses, add_diagnoses, remove_diagnoses, "diagnosis")
    return Case.model_validate(new.model_dump(by_alias=True))  # check the new values


def _edit_list(current: list[str], add: Sequence[str], remove: Sequence[str], what: str) -> list[str]:
    result = list(current)
    for item in remove:
        match = [x for x in result if same_name(x, item)]
        if not match:
            raise NotFoundError(f"no {what} {item!r} on the case (it has: {'; '.join(result) or 'none'})")
        result.remove(match[0])
    for item in add:
        if not any(same_name(x, item) for x in result):
            result.append(item)
    return result


def leave(case: Case, *, on: date, reason: str) -> Case:
    """Mark a child who left the setting: kept for ever, dropped from lists and due dates."""
    ensure_open(case)
    _, last, what = max(case.dated_entries(), key=lambda entry: entry[1])
    if on < last:
        raise RefusedError(
            f"{{opt:date}} {uk(on)} is before the last entry on the record ({what}, {uk(last)}); "
            "use the day the child left, on or after it"
        )
    new = case.model_copy(deep=True)
    new.left = Left(date=on, reason=reason)
    return new
