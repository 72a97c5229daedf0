"""The models of a case file: shapes, id rules, names, and the id made from a name."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from senpath.changes import slugify
from senpath.checks import name_problems
from senpath.models import Case, Consultation, Event, Parent, Professional, check_id


def minimal(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "schema_version": 2,
        "id": "amira-khan",
        "name": "Amira Khan",
        "dob": date(2021, 5, 14),
        "opened": date(2026, 9, 1),
        "settings": [{"date": date(2026, 9, 1), "setting": "early-years", "school": "Little Acorns Nursery"}],
    }
    data.update(overrides)
    return data


def locs(exc: ValidationError) -> list[tuple[int | str, ...]]:
    return [tuple(e["loc"]) for e in exc.errors()]


def test_minimal_case_is_valid_and_derives_its_views():
    case = Case.model_validate(minimal())
    assert case.stage == "none"
    assert case.since == date(2026, 9, 1)
    assert case.setting == "early-years"
    assert case.school == "Little Acorns Nursery"
    assert case.first_name == "Amira"
    assert case.current_iep is None


def test_known_as_is_the_first_name_shown():
    assert Case.model_validate(minimal(known_as="Mira")).first_name == "Mira"


def test_unknown_top_level_key_is_refused():
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(favourite_colour="blue"))
    assert ("favourite_colour",) in locs(info.value)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_unknown_nested_key_is_refused_with_its_path():
    consultation = {"date": date(2026, 9, 8), "with": ["Sara Khan"], "method": "meeting", "summary": "s", "mood": "ok"}
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(consultations=[consultation]))
    assert ("consultations", 0, "mood") in locs(info.value)


def test_errors_name_the_field_path_of_a_deep_problem():
    history = [
        {"date": date(2026, 9, 10), "event": "escalate", "from": "none", "to": "action", "reason": "r"},
        {"date": date(2026, 9, 11), "event": "leap", "from": "action", "to": "action-plus", "reason": "r"},
    ]
    # Event names are the framework's (not a type of the model): checked when the file loads.
    case = Case.model_validate(minimal(history=history))
    assert [p.split(":")[0] for p in name_problems(case)] == ["history[1].event"]


def test_missing_required_key_is_named():
    data = minimal()
    del data["dob"]
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    assert locs(info.value) == [("dob",)]
    assert info.value.errors()[0]["type"] == "missing"


def test_a_case_needs_a_setting():
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(settings=[]))
    assert locs(info.value) == [("settings",)]


def test_the_model_reads_only_schema_version_2():
    # A version 1 file goes through store.upgrade_v1 first (tests/test_upgrade.py).
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(schema_version=1))
    assert locs(info.value) == [("schema_version",)]


@pytest.mark.parametrize("bad", ["setting", "stage"])
def test_unknown_choices_are_refused(bad):
    if bad == "setting":
        data = minimal(settings=[{"date": date(2026, 9, 1), "setting": "college", "school": "X"}])
        path = ("settings", 0, "setting")
    else:  # a stage is the framework's name, checked when the file loads
        data = minimal(history=[{"date": date(2026, 9, 10), "event": "escalate", "from": "none", "to": "action-max"}])
        assert [p.split(":")[0] for p in name_problems(Case.model_validate(data))] == ["history[0].to"]
        return
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    assert path in locs(info.value)


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_blank_names_are_refused(name):
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(name=name))
    assert "must not be blank" in str(info.value)


@pytest.mark.parametrize("name", ["Amira\x00Khan", "Amira\x1b[31mKhan", "Amira\nKhan", "Amira\u2028Khan", "Amira\x7f"])
def test_control_characters_in_names_are_refused(name):
    with pytest.raises(ValidationError) as info:
        Parent(name=name)
    assert "control or unassigned character" in str(info.value)


def test_text_may_have_newlines_but_no_other_controls():
    ok = Consultation(date=date(2026, 9, 8), with_=["Sara Khan"], method="meeting", summary="Line one\nLine two")
    assert ok.summary == "Line one\nLine two"
    with pytest.raises(ValidationError) as info:
        Consultation(date=date(2026, 9, 8), with_=["Sara Khan"], method="meeting", summary="bell\x07")
    assert locs(info.value) == [("summary",)]


def test_a_name_may_not_be_longer_than_200_characters():
    Parent(name="A" * 200)
    with pytest.raises(ValidationError):
        Parent(name="A" * 201)


def test_a_consultation_names_someone():
    with pytest.raises(ValidationError) as info:
        Consultation.model_validate({"date": date(2026, 9, 8), "with": [], "method": "meeting", "summary": "s"})
    assert locs(info.value) == [("with",)]


def test_fields_with_aliases_are_written_under_their_alias():
    event = Event(date=date(2026, 9, 10), event="escalate", from_="none", to="action", reason="r")
    dumped = event.model_dump(by_alias=True)
    assert dumped["from"] == "none"
    assert "from_" not in dumped
    assert Event.model_validate(dumped) == event


def test_consultation_numbers_start_at_one():
    with pytest.raises(ValidationError) as info:
        Event(date=date(2026, 9, 10), event="escalate", from_="none", to="action", consultation=0)
    assert locs(info.value) == [("consultation",)]


def test_a_professional_has_a_known_role():
    with pytest.raises(ValidationError) as info:
        Professional(role="wizard", name="Dr A. Shah", requested=date(2026, 11, 1))
    assert locs(info.value) == [("role",)]


# Ids ---------------------------------------------------------------------


@pytest.mark.parametrize("good", ["amira-khan", "a", "7", "child-2", "a" * 64, "0-start-with-digit"])
def test_good_ids(good):
    assert check_id(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "../x",
        "/etc/passwd",
        "",
        "Amira-Khan",
        "amira khan",
        "a" * 65,
        "-amira",
        "amira_khan",
        "amira.khan",
        "amira/khan",
        "amira\\khan",
        "amira\n",
        "ämira",
    ],
)
def test_bad_ids_are_refused(bad):
    with pytest.raises(ValueError, match="lower-case slug"):
        check_id(bad)


@pytest.mark.parametrize("reserved", ["con", "prn", "aux", "nul", "com1", "lpt9"])
def test_windows_reserved_names_are_refused(reserved):
    with pytest.raises(ValueError, match="reserved file name on Windows"):
        check_id(reserved)


def test_a_case_with_a_bad_id_does_not_validate():
    with pytest.raises(ValidationError) as info:
        Case.model_validate(minimal(id="../x"))
    assert locs(info.value) == [("id",)]


# Ids made from names -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Amira Khan", "amira-khan"),
        ("  Amira   Khan  ", "amira-khan"),
        ("Zoë Müller", "zoe-muller"),
        ("Łucja Wójcik", "ucja-wojcik"),
        ("Siân Ní Bhriain", "sian-ni-bhriain"),
        ("Ethan O'Neill", "ethan-oneill"),
        ("Ethan O\u2019Neill", "ethan-oneill"),
        ("Ruby Smith-Jones", "ruby-smith-jones"),
        ("Tom  --  Gallagher!", "tom-gallagher"),
        ("Kai 2nd", "kai-2nd"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug
    check_id(slug)


def test_slugify_keeps_ids_within_64_characters_without_a_trailing_hyphen():
    slug = slugify("A" * 63 + " Bee")
    assert len(slug) <= 64
    assert not slug.endswith("-")
    check_id(slug)


def test_slugify_of_a_name_with_no_latin_letters_is_empty():
    assert slugify("李小龍") == ""


def test_every_date_field_uses_the_bounded_date_type():
    import typing

    from senpath import models

    unbounded, bounded = [], 0
    for cls in (models.SettingSpell, models.Consultation, models.Event, models.Visit, models.Professional,
                models.IEPReview, models.IEP, models.AnnualReview, models.Letter, models.Left, models.Case):  # fmt: skip
        for name, field in cls.model_fields.items():
            if field.annotation is date or date in typing.get_args(field.annotation):
                if any(getattr(m, "func", None) is models._check_date for m in field.metadata):
                    bounded += 1
                else:
                    unbounded.append(f"{cls.__name__}.{name}")
    assert unbounded == [] and bounded == 14


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2200, 1, 1), date(9999, 10, 31), date(1, 1, 1)])
def test_a_date_out_of_range_is_refused_with_the_range(day):
    with pytest.raises(ValidationError, match="out of range: a date must be between 1900-01-01 and 2199-12-31"):
        Case.model_validate(minimal(opened=day))
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2199-12-31"):
        Professional(role="paediatrician", name="Dr L. Moss", requested=day)


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2199, 12, 31)])
def test_the_ends_of_the_range_are_allowed(day):
    assert Professional(role="paediatrician", name="Dr L. Moss", requested=day).requested == day


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "9999-10-31", "0001-01-01"])
def test_parse_iso_refuses_dates_out_of_range(text):
    from senpath.dates import parse_iso
    from senpath.errors import UsageError

    with pytest.raises(UsageError, match=f"--date: {text} is out of range; a date must be between 1900-01-01"):
        parse_iso(text, "--date")
