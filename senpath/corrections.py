"""Putting mistakes right: entries corrected or removed by number, parents, a return, re-runs.

Each function takes a Case and returns a new one (or raises a SenpathError); none touches the
disk, and the store re-checks the whole record through the rules before it writes. Example::

    case = remove_entry(case, "consultation", "3")
    case = set_parent(case, "Sara Khan", rename="Sara Khan-Ali", phone="07700 900123")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from senpath.dates import parse_date, uk
from senpath.errors import ExistsError, NotFoundError, RefusedError, UsageError
from senpath.models import Case, Parent, PastLeaving
from senpath.stages import same_name

# The kinds of entry that can be corrected or removed, and how each is numbered.
KINDS: dict[str, str] = {
    "consultation": "N (as numbered in {cmd:show})",
    "iep": "N (IEP 1 is the first)",
    "iep-review": "IEP.REVIEW, e.g. 2.1 (the first review of IEP 2)",
    "annual-review": "N (in date order)",
    "professional": "N (in the order added)",
    "visit": "PROFESSIONAL.VISIT, e.g. 1.2 (the second visit of the first professional)",
}


# ---------------------------------------------------------------------------
# Re-runs: an identical entry is never added twice


def _compare(a: Any, b: Any) -> str:
    """'same', 'dup' (b only repeats entries a already has, at the end of lists) or 'other'."""
    if a == b:
        return "same"
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return "other"
        results = {_compare(a[k], b[k]) for k in a}
        return "other" if "other" in results else "dup"
    if isinstance(a, list) and isinstance(b, list):
        if len(b) == len(a):
            results = {_compare(x, y) for x, y in zip(a, b, strict=True)}
            return "other" if "other" in results else "dup"
        if len(b) > len(a) and b[: len(a)] == a and all(extra in a for extra in b[len(a) :]):
            return "dup"
        return "other"
    return "other"


def only_repeats(old: Case, new: Case) -> bool:
    """Whether ``new`` differs from ``old`` only by entries identical to ones already recorded
    (same kind, same date, every field equal): a re-run that must change nothing."""
    return _compare(old.model_dump(mode="json"), new.model_dump(mode="json")) == "dup"


# ---------------------------------------------------------------------------
# Entries by number


def _index(number: str, count: int, what: str, child: str) -> int:
    try:
        n = int(number)
    except ValueError:
        raise UsageError(f"{what} number {number!r} is not a number; see {{cmd:show}} {child}") from None
    if not 1 <= n <= count:
        have = f"1 to {count}" if count else "none yet"
        raise NotFoundError(f"{child} has no {what} {n} (it has {have}); see {{cmd:show}} {child}")
    return n - 1


def _pair(number: str, what: str) -> tuple[str, str]:
    first, dot, second = number.partition(".")
    if not dot:
        raise UsageError(f"{what} {number!r}: give two numbers, e.g. 2.1 ({KINDS[what]})")
    return first, second


def _locate(case: Case, kind: str, number: str) -> tuple[list[Any], int, str]:
    """(the list holding the entry, its index, the words for it)."""
    child = case.id
    if kind == "consultation":
        i = _index(number, len(case.consultations), "consultation", child)
        return case.consultations, i, f"consultation {i + 1} ({uk(case.consultations[i].date)})"
    if kind == "iep":
        i = _index(number, len(case.ieps), "IEP", child)
        return case.ieps, i, f"IEP {i + 1} (from {uk(case.ieps[i].start)})"
    if kind == "iep-review":
        a, b = _pair(number, kind)
        i = _index(a, len(case.ieps), "IEP", child)
        j = _index(b, len(case.ieps[i].reviews), f"review of IEP {i + 1} numbered", child)
        return case.ieps[i].reviews, j, f"review {j + 1} of IEP {i + 1} ({uk(case.ieps[i].reviews[j].date)})"
    if kind == "annual-review":
        i = _index(number, len(case.annual_reviews), "annual review", child)
        return case.annual_reviews, i, f"annual review {i + 1} ({uk(case.annual_reviews[i].date)})"
    if kind == "professional":
        i = _index(number, len(case.professionals), "professional", child)
        return case.professionals, i, f"professional {i + 1} ({case.professionals[i].name})"
    if kind == "visit":
        a, b = _pair(number, kind)
        i = _index(a, len(case.professionals), "professional", child)
        p = case.professionals[i]
        j = _index(b, len(p.visits), f"visit of {p.name} numbered", child)
        return p.visits, j, f"{p.name}'s visit {j + 1} ({uk(p.visits[j].date)})"
    raise UsageError(f"{kind!r} is not a kind of entry; use one of: {', '.join(KINDS)}")


def describe_entry(case: Case, kind: str, number: str) -> str:
    return _locate(case, kind, number)[2]


def remove_entry(case: Case, kind: str, number: str) -> Case:
    """Remove one entry; a consultation a move relies on is refused, later numbers close up."""
    new = case.model_copy(deep=True)
    items, i, what = _locate(new, kind, number)
    if kind == "consultation":
        for ev in new.history:
            if ev.consultation == i + 1:
                raise RefusedError(
                    f"cannot remove {what}: the {ev.event} of {uk(ev.date)} relies on it; "
                    "correct it instead ({cmd:correct}), or undo that move first"
                )
        for ev in new.history:
            if ev.consultation is not None and ev.consultation > i + 1:
                ev.consultation -= 1
    del items[i]
    return new


_DATE_FIELDS = {"date", "start", "review_on", "next_review", "requested"}


def correct_entry(case: Case, kind: str, number: str, changes: Mapping[str, Sequence[str]]) -> Case:
    """Set fields of one entry (``{"summary": ["..."], "with": ["A", "B"]}``); dates may be UK.

    A list field takes every value given; a single field takes one. The whole record is
    re-checked by the rules when it is saved.
    """
    items, i, what = _locate(case, kind, number)
    entry = items[i]
    fields = type(entry).model_fields
    by_name = {(f.alias or name): name for name, f in fields.items()}
    data = entry.model_dump(by_alias=True)
    for key, values in changes.items():
        name = by_name.get(key) or by_name.get(key.replace("-", "_"))
        if name is None:
            raise UsageError(
                f"{what} has no field {key!r}; its fields are: {', '.join(k for k in by_name if k != 'visits')}"
            )
        alias = fields[name].alias or name
        is_list = (
            data.get(alias) is None and "list" in str(fields[name].annotation) or isinstance(data.get(alias), list)
        )
        parsed: list[Any] = []
        for value in values:
            if name in _DATE_FIELDS:
                try:
                    parsed.append(parse_date(value))
                except ValueError:
                    raise UsageError(f"{key}: {value!r} is not a date; use YYYY-MM-DD or DD/MM/YYYY") from None
            else:
                parsed.append(value)
        if is_list:
            data[alias] = parsed
        elif len(parsed) != 1:
            raise UsageError(f"{key} takes one value; it was given {len(parsed)}")
        else:
            data[alias] = parsed[0] if parsed[0] != "" else None
    from pydantic import ValidationError

    try:
        items_new = type(entry).model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or what
        raise UsageError(f"{what}: {where}: {err['msg']}") from None
    new = case.model_copy(deep=True)
    new_items, _, _ = _locate(new, kind, number)
    new_items[i] = items_new
    return new


# ---------------------------------------------------------------------------
# Parents and carers


def folded(text: str) -> str:
    """Lower case, accents dropped, spacing normalised: 'Siobhán  NÍ' -> 'siobhan ni'."""
    import unicodedata

    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return " ".join(plain.split())


def set_parent(
    case: Case,
    name: str,
    *,
    rename: str | None = None,
    relationship: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    add: bool = False,
) -> Case:
    """Change a parent or carer's details (``add``: a new one); a rename updates every
    consultation and letter that names them. An empty value clears a detail.

    The name is found ignoring case and accents; a name not on the case is refused unless
    ``add`` (a typo never quietly makes a second parent).
    """
    new = case.model_copy(deep=True)
    found = [p for p in new.parents if same_name(p.name, name)] or [
        p for p in new.parents if folded(p.name) == folded(name)
    ]
    if add:
        if found:
            raise ExistsError(f"{found[0].name} is already a parent or carer on {case.id}")
        parent = Parent(name=name)
        new.parents.append(parent)
    elif found:
        parent = found[0]
    else:
        on_case = ", ".join(p.name for p in case.parents) or "none recorded"
        raise NotFoundError(
            f"no parent or carer {name!r} on {case.id} (on the case: {on_case}); to add one, use {{opt:add}}"
        )
    if rename is not None and not same_name(rename, parent.name):
        if any(same_name(rename, p.name) for p in new.parents):
            raise ExistsError(f"{rename} is already a parent or carer on {case.id}")
        for c in new.consultations:
            c.with_ = [rename if same_name(w, parent.name) else w for w in c.with_]
        parent.name = rename  # letters already sent keep the name they were addressed to
    elif rename is not None:
        old = parent.name
        parent.name = rename  # the same name, respelt (accents, capitals)
        for c in new.consultations:
            c.with_ = [rename if w == old else w for w in c.with_]
    for attr, value in (("relationship", relationship), ("address", address), ("phone", phone), ("email", email)):
        if value is not None:
            setattr(parent, attr, value or None)
    return Case.model_validate(new.model_dump(by_alias=True))


# ---------------------------------------------------------------------------
# A child who left and came back


def return_child(case: Case, *, on: date) -> Case:
    """Re-open the record of a child who left: the leaving is kept in ``past_leavings``."""
    if case.left is None:
        raise RefusedError(f"{case.name} has not left; nothing to re-open")
    if on < case.left.date:
        raise RefusedError(f"{{opt:date}} {uk(on)} is before {case.name} left ({uk(case.left.date)})")
    new = case.model_copy(deep=True)
    new.past_leavings.append(PastLeaving(date=case.left.date, reason=case.left.reason, returned=on))
    new.left = None
    return new


# ---------------------------------------------------------------------------
# What a change did, in words (undo shows it before reversing it)


def _label(item: Any) -> str:
    if isinstance(item, dict):
        date_ = item.get("date") or item.get("start") or item.get("requested")
        who = item.get("name") or item.get("to") or item.get("summary") or item.get("event") or item.get("kind")
        parts = [str(p) for p in (date_, who) if p]
        text = ", ".join(parts) if parts else ", ".join(f"{k}={v}" for k, v in item.items() if v)
    else:
        text = str(item)
    return text if len(text) <= 80 else text[:77] + "..."


def differences(old: Case | None, new: Case | None) -> list[str]:
    """What going from ``old`` to ``new`` adds, removes or changes, one line each."""
    if old is None or new is None:
        return ["the whole record"] if old is None else ["the whole record is removed"]
    a, b = old.model_dump(mode="json", by_alias=True), new.model_dump(mode="json", by_alias=True)
    lines: list[str] = []

    def walk(x: Any, y: Any, path: str) -> None:
        if x == y:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in dict.fromkeys([*x, *y]):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else k)
            return
        if isinstance(x, list) and isinstance(y, list):
            common = 0
            while common < min(len(x), len(y)) and x[common] == y[common]:
                common += 1
            if len(x) == len(y):
                for i in range(common, len(x)):
                    walk(x[i], y[i], f"{path}[{i + 1}]")
                return
            for item in x[common:]:
                if item not in y:
                    lines.append(f"removes {path}: {_label(item)}")
            for item in y[common:]:
                if item not in x:
                    lines.append(f"adds {path}: {_label(item)}")
            return
        lines.append(
            f"{path}: {_label(x) if x not in (None, []) else '(none)'} -> {_label(y) if y not in (None, []) else '(none)'}"
        )

    walk(a, b, "")
    return lines


# ---------------------------------------------------------------------------
# Finding a child


def row_matches(row: Mapping[str, Any], text: str) -> bool:
    """Whether every word of ``text`` is part of a word of the child's name, known-as name, id or a
    parent's name, the way ``senpath.matching`` reads names (case, accents, apostrophes and titles
    ignored: "zoe oneill" finds "Zoë O'Neill")."""
    from senpath.matching import matches

    fields = [row.get("name"), row.get("known_as"), row.get("id"), *(row.get("parents") or [])]
    return matches(" ".join(str(v) for v in fields if v), text)
