"""What a register records (year group, type of need, UPN, parents' details), UK dates,
re-runs that change nothing, undo, corrections by number, return and rename: the domain side."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from senpath.changes import add_consultation, add_professional, leave, new_case, record_visit, update_details
from senpath.checked import Store, parse_case
from senpath.corrections import correct_entry, differences, only_repeats, remove_entry, return_child, set_parent
from senpath.dates import parse_date, parse_iso
from senpath.errors import AlreadyRecorded, ExistsError, NotFoundError, RefusedError, UsageError
from senpath.models import Case
from senpath.register import (
    derived_year_code,
    need_code,
    parse_year_group,
    upn_check_letter,
    upn_problem,
    year_group,
)
from senpath.stages import advance
from senpath.store import dump_case

D = date


def zoe(**extra: object) -> Case:
    case = new_case(
        child_id="zoe-oneill",
        name="Zoë O'Neill",
        dob=D(2019, 3, 14),
        setting="primary",
        school="St Aidan's C of E Primary",
        opened=D(2026, 9, 7),
        senco="Mrs S. Ahmed",
        parents=["Siobhán Ní Bhriain"],
    )
    return case.model_copy(update=extra)


@pytest.fixture
def store(cases_dir: Path) -> Store:
    return Store(cases_dir, warn=lambda text: None)


# ---------------------------------------------------------------------------
# Year group


@pytest.mark.parametrize(
    ("dob", "today", "expected"),
    [
        (D(2021, 5, 14), D(2026, 11, 22), "Year 1"),  # turned 5 in May 2026: Reception 2025-26
        (D(2021, 9, 1), D(2026, 11, 22), "Reception"),  # born 1 September: the youngest... no, the oldest
        (D(2021, 8, 31), D(2026, 11, 22), "Year 1"),  # born 31 August: the youngest in Year 1
        (D(2021, 8, 31), D(2026, 8, 31), "Reception"),  # the last day of the school year
        (D(2021, 8, 31), D(2026, 9, 1), "Year 1"),  # the first day of the next
        (D(2022, 12, 25), D(2026, 11, 22), "N2"),  # turns 4 this school year: the nursery year before Reception
        (D(2023, 10, 1), D(2026, 11, 22), "N1"),
        (D(2025, 1, 1), D(2026, 11, 22), "Early years"),
        (D(2010, 10, 2), D(2026, 11, 22), "Year 11"),
        (D(2008, 10, 2), D(2026, 11, 22), "Year 13"),
        (D(2007, 10, 2), D(2026, 11, 22), "Year 14"),
        (D(2005, 1, 2), D(2026, 11, 22), "Post-19"),
    ],
)
def test_year_group_follows_age_on_31_august(dob, today, expected):
    assert year_group(dob, today) == expected


def test_an_override_wins_and_is_shown_by_name():
    assert year_group(D(2019, 3, 14), D(2026, 11, 22)) == "Year 3"
    assert year_group(D(2019, 3, 14), D(2026, 11, 22), "2") == "Year 2"
    assert derived_year_code(D(2019, 3, 14), D(2026, 11, 22)) == "3"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Year 3", "3"), ("Y3", "3"), ("3", "3"), ("yr 10", "10"), ("R", "R"), ("Reception", "R"), ("N1", "N1"),
     ("Nursery 2", "N2"), ("Early Years", "EY"), ("Post-19", "P19")],
)  # fmt: skip
def test_year_groups_are_read_as_typed(typed, code):
    assert parse_year_group(typed) == code


@pytest.mark.parametrize("typed", ["Year 15", "0", "Year", "Nursery 3", ""])
def test_a_year_group_that_does_not_exist_is_refused(typed):
    with pytest.raises(ValueError, match="is not a year group"):
        parse_year_group(typed)


# ---------------------------------------------------------------------------
# Type of need and UPN


def test_needs_are_census_codes_read_by_code_or_name():
    assert need_code("semh") == "SEMH"
    assert need_code("Autistic spectrum disorder") == "ASD"
    assert need_code("BESD") == "BESD"
    with pytest.raises(ValueError, match="not a type of need"):
        need_code("ADHD")


def test_upn_check_letter_worked_example():
    # B801200005001: 8*2 + 0*3 + 1*4 + 2*5 + 0*6..0*9 + 5*10 + 0*11 + 0*12 + 1*13 = 93 = 4*23 + 1 -> B
    assert upn_check_letter("801200005001") == "B"
    assert upn_problem("B801200005001") is None
    # The census help pages' example: 2*2 + 7*4 + 1*9 + 6*10 + 4*12 + 9*13 = 266 = 11*23 + 13 -> P
    assert upn_check_letter("207000016049") == "P"
    assert "check letter does not match" in (upn_problem("B207000016049") or "")
    assert "(it would be P)" in (upn_problem("B207000016049") or "")


def test_upn_shapes():
    body = "80120000500"  # a temporary UPN ends in a letter, which counts as its place in the alphabet
    letter = upn_check_letter(body + "A")
    assert upn_problem(letter + body + "A") is None
    assert "13 characters" in (upn_problem("P20700001604") or "")
    assert "check letter then 12 digits" in (upn_problem("P2070000160I9") or "")
    assert "check letter then 12 digits" in (upn_problem("I207000016049") or "")


def test_the_model_checks_the_register_fields():
    case = zoe()
    for bad in ({"upn": "B207000016049"}, {"primary_need": "ADHD"}, {"year_group": "Year 3"}):
        with pytest.raises(ValueError):
            Case.model_validate({**case.model_dump(by_alias=True), **bad})
    good = Case.model_validate({**case.model_dump(by_alias=True), "upn": "P207000016049", "primary_need": "SLCN",
                                "secondary_needs": ["BESD"], "looked_after": True, "year_group": "2"})  # fmt: skip
    assert (good.upn, good.primary_need, good.secondary_needs, good.looked_after) == (
        "P207000016049",
        "SLCN",
        ["BESD"],
        True,
    )


def test_a_file_with_plain_parent_names_still_loads_and_new_fields_are_optional():
    text = dump_case(zoe()).decode()
    assert "looked_after" not in text and "secondary_needs" not in text and "past_leavings" not in text
    plain = text.replace('{ name = "Siobhán Ní Bhriain" }', '"Siobhán Ní Bhriain"')
    assert plain != text
    case = parse_case(plain.encode(), "zoe-oneill.toml", "zoe-oneill")
    assert case.parents[0].name == "Siobhán Ní Bhriain"
    v1 = plain.replace("schema_version = 2", "schema_version = 1").replace('framework = "england-2001"\n', "")
    assert parse_case(v1.encode(), "zoe-oneill.toml").parents[0].name == "Siobhán Ní Bhriain"


# ---------------------------------------------------------------------------
# UK dates


def test_uk_dates_are_day_first():
    assert parse_date("14/03/2019") == D(2019, 3, 14)
    assert parse_date("4/3/2019") == D(2019, 3, 4)
    assert parse_iso(" 2019-03-14 ", "--dob") == D(2019, 3, 14)


@pytest.mark.parametrize("typed", ["03/14/2019", "14/03/19", "30/02/2019", "2019/03/14", "14-03-2019", "14/3"])
def test_ambiguous_or_impossible_dates_are_refused(typed):
    with pytest.raises(UsageError, match="is not a date; use YYYY-MM-DD or DD/MM/YYYY"):
        parse_iso(typed, "--date")


# ---------------------------------------------------------------------------
# Re-runs


def test_an_identical_entry_is_a_repeat_and_a_different_one_is_not():
    one = add_consultation(zoe(), on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"], method="meeting", summary="Agreed")
    again = add_consultation(one, on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"], method="meeting", summary="Agreed")
    other = add_consultation(one, on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"], method="phone", summary="Agreed")
    assert only_repeats(one, again)
    assert not only_repeats(one, other)
    assert not only_repeats(zoe(), one)


def test_store_change_writes_nothing_for_a_repeat(store, cases_dir):
    store.create(zoe())

    def consult(c: Case) -> Case:
        return add_consultation(c, on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"], method="meeting", summary="Agreed")

    store.change("zoe-oneill", consult)
    before = (cases_dir / "zoe-oneill.toml").read_bytes()
    with pytest.raises(AlreadyRecorded) as info:
        store.change("zoe-oneill", consult)
    assert info.value.exit_code == 0 and str(info.value) == "already recorded: nothing changed"
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == before


def test_a_repeated_visit_and_a_repeated_move_change_nothing(store, cases_dir):
    store.create(zoe())
    store.change("zoe-oneill", lambda c: add_professional(c, role="paediatrician", name="Dr A. Rowe",
                                                           requested=D(2026, 9, 9)))  # fmt: skip
    visit = lambda c: record_visit(c, name="Dr A. Rowe", on=D(2026, 9, 20), advice="Daily practice")  # noqa: E731
    store.change("zoe-oneill", visit)
    with pytest.raises(AlreadyRecorded):
        store.change("zoe-oneill", visit)
    consult = lambda c: add_consultation(c, on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"],  # noqa: E731
                                         method="meeting", summary="Agreed")  # fmt: skip
    store.change("zoe-oneill", consult)

    def move(c):
        return advance(
            c,
            to="action",
            on=D(2026, 9, 10),
            reason="Reading well behind",
            evidence=["Reading age 5.2 at 7.6"],
            kind="escalate",
        )

    store.change("zoe-oneill", move)
    before = (cases_dir / "zoe-oneill.toml").read_bytes()
    with pytest.raises(AlreadyRecorded):
        store.change("zoe-oneill", move)
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == before


# ---------------------------------------------------------------------------
# Corrections


def consulted_twice() -> Case:
    case = add_consultation(zoe(), on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"], method="meeting", summary="First")
    case = add_consultation(case, on=D(2026, 9, 9), with_=["Siobhán Ní Bhriain"], method="phone", summary="Second")
    return advance(
        case,
        to="action",
        on=D(2026, 9, 10),
        reason="Reading",
        evidence=["Reading age 5.2"],
        consultation=2,
        kind="escalate",
    )


def test_remove_a_consultation_renumbers_the_moves_that_rely_on_later_ones():
    case = remove_entry(consulted_twice(), "consultation", "1")
    assert [c.summary for c in case.consultations] == ["Second"]
    assert case.history[-1].consultation == 1


def test_a_consultation_a_move_relies_on_cannot_be_removed():
    with pytest.raises(RefusedError, match="the escalate of 10 Sep 2026 relies on it"):
        remove_entry(consulted_twice(), "consultation", "2")


def test_correct_an_entry_by_number_with_a_uk_date():
    case = correct_entry(consulted_twice(), "consultation", "1", {"date": ["07/09/2026"], "summary": ["Fixed"]})
    assert (case.consultations[0].date, case.consultations[0].summary) == (D(2026, 9, 7), "Fixed")
    with pytest.raises(UsageError, match="has no field 'colour'"):
        correct_entry(case, "consultation", "1", {"colour": ["red"]})
    with pytest.raises(NotFoundError, match="has no consultation 5 \\(it has 1 to 2\\)"):
        correct_entry(case, "consultation", "5", {"summary": ["x"]})


def test_a_correction_that_breaks_a_rule_is_refused_by_the_store(store):
    store.create(consulted_twice())
    with pytest.raises(RefusedError, match="refused, nothing written"):
        store.change("zoe-oneill", lambda c: correct_entry(c, "consultation", "2", {"date": ["2026-09-11"]}))


def test_renaming_a_parent_updates_every_consultation_that_names_them():
    case = set_parent(consulted_twice(), "siobhan ni bhriain", rename="Siobhán Ní Bhriain-Walsh",
                      relationship="mother", phone="07700 900123", email="siobhan@example.org")  # fmt: skip
    assert case.parents[0].name == "Siobhán Ní Bhriain-Walsh"
    assert {w for c in case.consultations for w in c.with_} == {"Siobhán Ní Bhriain-Walsh"}
    assert (case.parents[0].relationship, case.parents[0].phone) == ("mother", "07700 900123")
    with pytest.raises(ValueError, match="not an email address"):
        set_parent(case, "Siobhán Ní Bhriain-Walsh", email="not-an-address")


def test_correct_dob_and_opening_date():
    case = update_details(zoe(), on=D(2026, 11, 22), dob=D(2019, 3, 15), opened=D(2026, 9, 1))
    assert (case.dob, case.opened, case.settings[0].date) == (D(2019, 3, 15), D(2026, 9, 1), D(2026, 9, 1))


def test_return_keeps_the_leaving():
    gone = leave(zoe(), on=D(2026, 10, 1), reason="Moved to Leeds")
    back = return_child(gone, on=D(2026, 11, 2))
    assert back.left is None
    assert back.past_leavings[0].model_dump() == {"date": D(2026, 10, 1), "reason": "Moved to Leeds",
                                                  "returned": D(2026, 11, 2)}  # fmt: skip
    with pytest.raises(RefusedError, match="has not left"):
        return_child(back, on=D(2026, 11, 3))
    with pytest.raises(RefusedError, match="before Zoë O'Neill left"):
        return_child(gone, on=D(2026, 9, 30))


# ---------------------------------------------------------------------------
# Undo and rename in the store


def test_undo_puts_back_the_last_change_and_can_itself_be_undone(store, cases_dir):
    store.create(zoe())
    opened = (cases_dir / "zoe-oneill.toml").read_bytes()
    store.change("zoe-oneill", lambda c: add_consultation(c, on=D(2026, 9, 8), with_=["Siobhán Ní Bhriain"],
                                                           method="meeting", summary="Agreed"))  # fmt: skip
    current, before = store.last_change("zoe-oneill")
    assert before == opened
    lines = differences(parse_case(current, "x.toml"), parse_case(before or b"", "x.toml"))
    assert lines == ["removes consultations: 2026-09-08, Agreed"]
    store.undo("zoe-oneill", current)
    assert (cases_dir / "zoe-oneill.toml").read_bytes() == opened
    again, _ = store.last_change("zoe-oneill")
    store.undo("zoe-oneill", again)  # undoing the undo brings the consultation back
    assert len(store.load("zoe-oneill").consultations) == 1
    journal = cases_dir / ".senpath" / "undo" / "zoe-oneill.json"
    assert oct(journal.stat().st_mode & 0o777) == "0o600"
    assert json.loads(journal.read_text())["before"] is not None


def test_undo_refuses_after_a_hand_edit_and_never_deletes_a_case(store, cases_dir):
    store.create(zoe())
    current, before = store.last_change("zoe-oneill")
    assert before is None
    with pytest.raises(RefusedError, match="undo does not delete a record"):
        store.undo("zoe-oneill", current)
    path = cases_dir / "zoe-oneill.toml"
    path.write_bytes(path.read_bytes().replace(b"Mrs S. Ahmed", b"Mrs S. Ahmed-Ali"))
    with pytest.raises(RefusedError, match="changed since senpath's last change"):
        store.last_change("zoe-oneill")


def test_rename_moves_the_case_and_refuses_to_overwrite(store, cases_dir):
    store.create(zoe())
    store.create(zoe().model_copy(update={"id": "zoe-oneill-2"}))
    with pytest.raises(ExistsError, match="already exists"):
        store.rename("zoe-oneill", "zoe-oneill-2")
    assert (cases_dir / "zoe-oneill.toml").exists()
    store.rename("zoe-oneill", "zoe-o-neill")
    assert not (cases_dir / "zoe-oneill.toml").exists()
    assert store.load("zoe-o-neill").name == "Zoë O'Neill"


def test_an_unknown_id_suggests_the_closest(store):
    store.create(zoe())
    with pytest.raises(NotFoundError, match="did you mean zoe-oneill\\?"):
        store.load("zoe-oneil")


def test_a_parent_not_on_the_case_is_refused_unless_added():
    with pytest.raises(NotFoundError, match="no parent or carer 'Siobhan Bryan' on zoe-oneill"):
        set_parent(zoe(), "Siobhan Bryan", phone="07700 900123")
    case = set_parent(zoe(), "Darragh O'Neill", relationship="father", add=True)
    assert [(p.name, p.relationship) for p in case.parents] == [
        ("Siobhán Ní Bhriain", None),
        ("Darragh O'Neill", "father"),
    ]
    with pytest.raises(ExistsError):
        set_parent(case, "darragh o'neill", add=True)


def test_visits_and_professionals_are_corrected_and_removed_by_number():
    case = add_professional(zoe(), role="paediatrician", name="Dr A. Rowe", requested=D(2026, 9, 9))
    case = record_visit(case, name="Dr A. Rowe", on=D(2026, 9, 20), advice="Daily practice")
    case = record_visit(case, name="Dr A. Rowe", on=D(2026, 10, 20), advice="Keep going")
    fixed = correct_entry(case, "visit", "1.2", {"advice": ["Keep going; review at Christmas"]})
    assert fixed.professionals[0].visits[1].advice == "Keep going; review at Christmas"
    assert remove_entry(case, "visit", "1.1").professionals[0].visits[0].advice == "Keep going"
    assert remove_entry(case, "professional", "1").professionals == []
    with pytest.raises(UsageError, match="give two numbers, e.g. 2.1"):
        remove_entry(case, "visit", "1")
    with pytest.raises(NotFoundError, match="has no visit of Dr A. Rowe numbered 3"):
        remove_entry(case, "visit", "1.3")
    with pytest.raises(UsageError, match="is not a kind of entry"):
        remove_entry(case, "meeting", "1")
