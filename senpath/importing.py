"""``senpath import FILE.csv``: the register a school already keeps, brought in all or nothing.

Every row is read and checked first; every problem is listed by the row number a spreadsheet
shows (the header is row 1) and the column letter and name. Nothing is written unless every row
is good. Each child is entered at the stage they are at (``stages.enter``): no consultation or
move is invented. A child whose id is already on the register with the same name and date of
birth is left as it is, so importing a file again changes nothing. The columns and the header
spellings accepted are documented in docs/case-format.md ("Importing a spreadsheet").

Example::

    plan = plan_import(store, read_csv(Path("register.csv")))
    if not plan.problems:
        apply_import(store, plan)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from senpath.errors import SenpathError, UsageError

if TYPE_CHECKING:
    from senpath.checked import Store
    from senpath.models import Case

MAX_BYTES = 50 * 1024 * 1024
MAX_PARENTS = 4

# Column -> the header spellings accepted (compared without case, spaces or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "child id", "case id"),
    "name": ("name", "full name", "child", "child name", "pupil", "pupil name", "child's name"),
    "first name": ("first name", "forename", "forenames", "given name", "legal forename", "first names"),
    "surname": ("surname", "last name", "family name", "legal surname"),
    "known as": ("known as", "preferred name", "preferred forename"),
    "date of birth": ("date of birth", "dob", "d.o.b.", "birth date", "birthday"),
    "setting": ("setting", "phase", "setting type"),
    "school": ("school", "school name", "nursery", "setting name", "provider"),
    "school address": ("school address", "setting address"),
    "year group": ("year group", "year", "nc year", "ncyear", "national curriculum year", "yr"),
    "stage": (
        "stage",
        "sen stage",
        "sen status",
        "sen provision",
        "code of practice stage",
        "provision",
        "sen code",
        "status",
    ),  # fmt: skip
    "since": ("since", "stage since", "since date", "stage date", "date of stage", "date from", "stage start"),
    "last annual review": ("last annual review", "annual review", "last review"),
    "requested": ("requested", "assessment requested", "request date"),
    "requested by": ("requested by",),
    "senco": ("senco", "senco name"),
    "head teacher": ("head teacher", "headteacher", "head"),
    "primary need": ("primary need", "need", "type of need", "primary sen type", "sen type", "main need"),
    "secondary needs": ("secondary needs", "secondary need", "secondary sen type", "other needs"),
    "upn": ("upn", "unique pupil number", "pupil number"),
    "looked after": ("looked after", "looked after child", "lac", "cla", "in care"),
    "opened": ("opened", "date opened", "case opened", "on register since", "date added"),
    "framework": ("framework",),
}
PARENT_FIELDS = ("name", "relationship", "phone", "email", "address")
YES = {"yes", "y", "true", "1", "x", "lac", "cla"}
NO = {"no", "n", "false", "0", ""}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


_HEADERS = {_key(spelling): column for column, spellings in COLUMNS.items() for spelling in spellings}


def _parent_column(key: str) -> tuple[int, str] | None:
    """'parent1', 'parentcarer2relationship', 'parent2phone', 'relationship1' -> (n, field)."""
    m = re.fullmatch(r"(?:parent|parentcarer|parentorcarer|carer|contact)(\d?)(name|relationship|phone|telephone|"
                     r"mobile|email|emailaddress|address)?", key)  # fmt: skip
    if m is None:
        m2 = re.fullmatch(r"(relationship|phone|telephone|email|address)(\d)", key)
        if m2 is None:
            return None
        n, what = int(m2.group(2)), m2.group(1)
    else:
        n, what = int(m.group(1) or 1), m.group(2) or "name"
    if not 1 <= n <= MAX_PARENTS:
        return None
    what = {"telephone": "phone", "mobile": "phone", "emailaddress": "email"}.get(what, what)
    return n, what


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Sheet:
    """The CSV read: the header, its meaning per column, and the data rows with their row numbers."""

    headers: list[str]
    columns: list[str | tuple[int, str] | None]
    rows: list[tuple[int, list[str]]]


def read_csv(path: Path) -> Sheet:
    """Read the CSV (UTF-8, with or without a byte-order mark; comma, semicolon or tab separated)."""
    import csv
    import io

    try:
        if path.stat().st_size > MAX_BYTES:
            raise UsageError(f"{path}: larger than 50 MB; is it the register?")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder; give the CSV file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: not UTF-8 text (byte {exc.start}); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UsageError(f"{path}: cannot be read as CSV ({exc})") from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise UsageError(f"{path}: no header row; row 1 must name the columns (see docs/case-format.md)")
    headers = [h.strip() for h in table[0]]
    columns: list[str | tuple[int, str] | None] = []
    for h in headers:
        k = _key(h)
        columns.append(_HEADERS.get(k) or _parent_column(k))
    rows = [(n, row) for n, row in enumerate(table[1:], start=2) if any(cell.strip() for cell in row)]
    return Sheet(headers, columns, rows)


@dataclass
class Plan:
    new: list[Case] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _stage_lookup(fw: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for s in fw.stages:
        for spelling in (s.id, s.name, s.short, s.census, *s.names.values()):
            if spelling:
                found[_key(spelling.replace("+", " plus"))] = s.id
    return found


def _setting_for(year_code: str) -> str | None:
    if year_code in ("EY", "N1", "N2"):
        return "early-years"
    if year_code == "R" or (year_code.isdigit() and int(year_code) <= 6):
        return "primary"
    if year_code.isdigit() or year_code == "P19":
        return "secondary"
    return None


def plan_import(store: Store, sheet: Sheet) -> Plan:
    """Check every row; the cases to create, the ids already there, and every problem."""
    from senpath.dates import today

    plan = Plan()
    seen_columns: dict[object, str] = {}
    for i, (header, meaning) in enumerate(zip(sheet.headers, sheet.columns, strict=True)):
        where = f"column {column_letter(i)} ({header or 'no header'})"
        if meaning is None:
            plan.warnings.append(f"row 1, {where}: not a column senpath reads; it is not imported")
        elif meaning in seen_columns:
            plan.problems.append(f"row 1, {where}: the same column as {seen_columns[meaning]}; keep one")
        else:
            seen_columns[meaning] = where
    has = set(seen_columns)
    if "name" not in has and not {"first name", "surname"} <= has:
        plan.problems.append("row 1: no name column (name, or first name and surname)")
    if "date of birth" not in has:
        plan.problems.append("row 1: no date of birth column")
    if "school" not in has:
        plan.problems.append("row 1: no school column")
    if plan.problems:
        return plan
    try:
        existing = set(store.ids()) if store.root.exists() else set()
    except SenpathError:
        existing = set()
    now = today()
    ids_in_file: dict[str, int] = {}
    for number, cells in sheet.rows:
        row_problems: list[str] = []

        def problem(column: object, text: str, number: int = number, row_problems: list[str] = row_problems) -> None:
            if column is None:
                row_problems.append(f"row {number}: {text}")
                return
            i = sheet.columns.index(column)  # type: ignore[arg-type]
            row_problems.append(f"row {number}, column {column_letter(i)} ({sheet.headers[i]}): {text}")

        values: dict[object, str] = {}
        for i, meaning in enumerate(sheet.columns):
            if meaning is not None:
                values[meaning] = cells[i].strip() if i < len(cells) else ""
        if len(cells) > len(sheet.headers) and any(c.strip() for c in cells[len(sheet.headers) :]):
            problem(None, f"has {len(cells)} cells but the header names {len(sheet.headers)} columns")
        case = _row_case(values, problem, now)
        if case is not None:
            if case.id in ids_in_file:
                problem(None, f"the id {case.id} is also made by row {ids_in_file[case.id]}; add an id column")
            ids_in_file.setdefault(case.id, number)
            if case.id in existing and not row_problems:
                try:
                    there = store.load(case.id)
                except SenpathError as exc:
                    problem(None, f"{case.id} is on the register but cannot be read: {exc}")
                else:
                    if (there.name, there.dob) == (case.name, case.dob):
                        plan.same.append(case.id)
                        continue
                    problem(
                        None,
                        f"the id {case.id} is already {there.name} (born {there.dob.isoformat()}); "
                        "give this child another id in an id column",
                    )
        if row_problems or case is None:
            plan.problems.extend(row_problems)
            continue
        plan.new.append(case)
        if case.year_group is not None:
            from senpath.register import derived_year_code, year_code_name

            plan.warnings.append(
                f"row {number}: {case.name}'s year group {year_code_name(case.year_group)} is not the one the date "
                f"of birth gives ({year_code_name(derived_year_code(case.dob, now))}); kept as their own year group"
            )
    return plan


def _row_case(values: dict[object, str], problem: Callable[..., None], now: date) -> Case | None:
    """One row -> a Case entered at its stage, or None (each problem reported through ``problem``)."""
    from pydantic import ValidationError

    from senpath.changes import new_case, slugify
    from senpath.corrections import set_parent
    from senpath.dates import add_months, parse_date
    from senpath.framework import DEFAULT_FRAMEWORK, get, known
    from senpath.models import check_id
    from senpath.register import derived_year_code, need_code, parse_year_group, typed_upn
    from senpath.stages import enter

    bad = False

    def fail(column: object, text: str) -> None:
        nonlocal bad
        bad = True
        problem(column if column in values else None, text)

    def day(column: str, required: bool = False) -> date | None:
        text = values.get(column, "")
        if not text:
            if required:
                fail(column, "missing")
            return None
        try:
            parsed = parse_date(text)
        except ValueError:
            fail(column, f"{text!r} is not a date; use DD/MM/YYYY or YYYY-MM-DD")
            return None
        if parsed > now:
            fail(column, f"{text} is after today")
            return None
        return parsed

    name = values.get("name") or " ".join(v for v in (values.get("first name"), values.get("surname")) if v)
    if not name:
        fail("name" if "name" in values else "first name", "missing")
    dob = day("date of birth", required=True)
    if dob is not None and add_months(dob, 25 * 12) < now:
        fail("date of birth", "makes the child over 25")
    school = values.get("school", "")
    if not school:
        fail("school", "missing")
    year_code = None
    if values.get("year group"):
        try:
            year_code = parse_year_group(values["year group"])
        except ValueError as exc:
            fail("year group", str(exc))
    setting = values.get("setting", "").casefold().replace(" ", "-")
    if setting in ("early-years", "ey", "nursery", "eyfs", "pre-school"):
        setting = "early-years"
    if setting and setting not in ("early-years", "primary", "secondary"):
        fail("setting", f"{values['setting']!r} is not early-years, primary or secondary")
    if not setting and dob is not None:
        setting = _setting_for(year_code or derived_year_code(dob, now)) or ""
    framework = values.get("framework") or DEFAULT_FRAMEWORK
    if framework not in known():
        fail("framework", f"{framework!r} is not a framework senpath knows ({', '.join(known())})")
        return None
    fw = get(framework)
    stage_text = values.get("stage", "")
    stage = fw.start
    if stage_text:
        found = _stage_lookup(fw).get(_key(stage_text.replace("+", " plus")))
        if found is None:
            names = "; ".join(f"{s.id} ({s.name})" for s in fw.stages)
            fail("stage", f"{stage_text!r} is not a stage of {fw.id}: {names}")
        else:
            stage = found
    child_id = values.get("id") or (slugify(name) if name else "")
    if name and not child_id:
        fail("id" if "id" in values else "name", "cannot make an id from the name; add an id column")
    elif child_id:
        try:
            check_id(child_id)
        except ValueError as exc:
            fail("id", f"{child_id!r} {exc}")
    needs: list[str] = []
    for column in ("primary need", "secondary needs"):
        for part in re.split(r"[;,/]", values.get(column, "")) if values.get(column) else []:
            if part.strip():
                try:
                    needs.append(need_code(part))
                except ValueError as exc:
                    fail(column, str(exc))
            if column == "primary need" and needs:
                break
    upn = None
    if values.get("upn"):
        try:
            upn = typed_upn(values["upn"], "UPN") or None
        except UsageError as exc:
            fail("upn", str(exc).removeprefix("UPN: "))
    looked = values.get("looked after", "").casefold()
    if looked not in YES | NO:
        fail("looked after", f"{values['looked after']!r}: use yes or no")
    opened = day("opened") or now
    since = day("since")
    last_review = day("last annual review")
    requested = day("requested")
    if stage != fw.start and stage != fw.process.stage and since is None and stage_text:
        fail("since" if "since" in values else "stage", f"say since when the child has been at {stage_text}")
    if bad or dob is None:
        return None
    try:
        case = new_case(
            child_id=child_id,
            name=name,
            dob=dob,
            setting=setting,  # type: ignore[arg-type]
            school=school,
            opened=opened,
            senco=values.get("senco") or None,
            head_teacher=values.get("head teacher") or None,
            known_as=values.get("known as") or None,
            framework=framework,
        )
        derived = derived_year_code(dob, now)
        case = case.model_copy(
            update={
                "year_group": year_code if year_code is not None and year_code != derived else None,
                "primary_need": needs[0] if needs else None,
                "secondary_needs": needs[1:],
                "upn": upn,
                "looked_after": looked in YES,
            }
        )
        if values.get("school address"):
            case.settings[-1].address = values["school address"]
        for n in range(1, MAX_PARENTS + 1):
            details = {f: values.get((n, f), "") for f in PARENT_FIELDS}
            if details["name"]:
                case = set_parent(
                    case,
                    details["name"],
                    add=True,
                    relationship=details["relationship"] or None,
                    phone=details["phone"] or None,
                    email=details["email"] or None,
                    address=details["address"] or None,
                )
            elif any(details.values()):
                fail((n, "name") if (n, "name") in values else None, f"parent {n}'s details are given without a name")
        if stage != fw.start:
            case = enter(
                case,
                stage=stage,
                since=since,
                last_annual_review=last_review,
                requested=requested or (since if stage == fw.process.stage else None),
                requested_by=values.get("requested by") or None,
            )
        from senpath.checked import parse_case
        from senpath.errors import InvalidCaseError
        from senpath.store import dump_case

        try:  # exactly the check a save makes: the file as written must load and keep every rule
            parse_case(dump_case(case), f"{case.id}.toml", case.id)
        except InvalidCaseError as exc:
            for p in exc.problems:
                fail(None, p.removeprefix(f"{case.id}.toml: "))
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(None, f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}")
        return None
    except SenpathError as exc:
        fail(None, str(exc))
        return None
    return None if bad else case


def apply_import(store: Store, plan: Plan) -> None:
    """Write every planned case (none exists yet: checked again under each case's lock); with
    git, one commit for the whole import."""
    from senpath.errors import ExistsError
    from senpath.files import fsync_dir, write_atomic
    from senpath.store import dump_case

    store.ensure_root()
    for case in plan.new:  # nothing is written if any id appeared meanwhile
        if store.exists(case.id):
            raise ExistsError(f"{case.id} appeared on the register while importing; nothing was imported. Run it again")
    written: list[Path] = []
    try:
        for case in plan.new:  # no undo record: undo never deletes a record (each file is new)
            with store.locked(case.id):
                path = store.path(case.id)
                write_atomic(path, dump_case(case), overwrite=False, sync_dir=False)
                written.append(path)
        fsync_dir(store.root)  # once for every name linked in: the import is durable from here
    except BaseException:
        for path in written:  # all or nothing: take back what this import wrote
            path.unlink(missing_ok=True)
        raise
    repo = store.repo()
    if repo is not None and written:
        from senpath.gitsync import GIT_LOCK, commit_paths

        with store.locked(GIT_LOCK, timeout=20):
            warning = commit_paths(repo, written, f"Imported {len(written)} children from a spreadsheet")
        if warning:
            store.warn(warning)
