"""Fuzzing the value types that read what users type: partial dates, places, names, ages.

A value type may refuse a value only with ValueError (``make`` turns it into a ValidationError
naming the record and field); any other exception is a bug.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svidok.errors import ValidationError
from svidok.model import AgeAt, PartialDate, PersonName, Place, make

FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

DATE_TEXT = st.one_of(
    st.text(max_size=25),
    st.from_regex(r"\A[0-9]{1,5}([-./][0-9]{0,3}){0,2}(/[0-9]{1,5}([-./][0-9]{0,3}){0,2})?\Z"),
    st.sampled_from(["2024-02-30", "29.02.2023", "0000", "2024-00", "9999999999", "2024/", "/"]),
)
PLACE_TEXT = st.one_of(
    st.text(max_size=25),
    st.from_regex(r"\A(UA|ua|Ua)-?[0-9]{0,20}\Z"),
    st.sampled_from(["UA-23", "UA-99", "Запорізька", "UA23080070010092407", "UA00000000000000000"]),
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def refuses_only_with_value_error(parse, value):
    try:
        parse(value)
    except ValueError as error:
        assert str(error)


@FUZZ
@given(st.one_of(DATE_TEXT, JSONISH, st.dates(), st.datetimes()))
def test_partial_dates_parse_or_raise_value_error(value):
    try:
        parsed = PartialDate.parse(value)
    except ValueError as error:
        assert str(error)
        return
    # what parses round-trips through its text
    assert PartialDate.parse(str(parsed)) == parsed or parsed.precision == "range"


@FUZZ
@given(
    st.one_of(
        PLACE_TEXT,
        JSONISH,
        st.dictionaries(st.sampled_from(["code", "region", "label"]), PLACE_TEXT),
    )
)
def test_places_parse_or_raise_value_error(value):
    refuses_only_with_value_error(Place.parse, value)


@FUZZ
@given(
    st.one_of(
        JSONISH,
        st.dictionaries(
            st.sampled_from(["full", "given", "patronymic", "surname"]),
            st.text(max_size=20) | JSONISH,
        ),
    )
)
def test_person_names_parse_or_raise_value_error(value):
    refuses_only_with_value_error(PersonName.parse, value)


@FUZZ
@given(st.one_of(JSONISH, st.dictionaries(st.sampled_from(["years", "at"]), DATE_TEXT | JSONISH)))
def test_ages_parse_or_raise_value_error(value):
    refuses_only_with_value_error(AgeAt.parse, value)


@FUZZ
@given(
    name=JSONISH,
    birth=DATE_TEXT | JSONISH,
    age=JSONISH,
    phone=st.text(max_size=20) | JSONISH,
    origin=PLACE_TEXT | JSONISH,
    minor=JSONISH,
)
def test_a_person_from_any_values_is_made_or_refused_naming_the_field(**values):
    try:
        make("person", {k: v for k, v in values.items() if v is not None})
    except ValidationError as error:
        assert all(p.kind == "person" and p.field for p in error.problems)


@FUZZ
@given(
    event_type=st.sampled_from(["conscription", "nope", ""]) | JSONISH,
    when=DATE_TEXT | JSONISH,
    place=PLACE_TEXT | JSONISH,
)
def test_an_event_from_any_values_is_made_or_refused_naming_the_field(event_type, when, place):
    try:
        make("event", {"type": event_type, "date": when, "place": place})
    except ValidationError as error:
        assert all(p.kind == "event" and p.field for p in error.problems)


@pytest.mark.parametrize("text", ["2024-02-29", "29.02.2024", "2024-02"])
def test_leap_days_parse(text):
    assert PartialDate.parse(text).start.year == 2024  # type: ignore[union-attr]


def test_a_date_object_is_a_day():
    assert PartialDate.parse(date(2024, 3, 5)).precision == "day"


def test_date_objects_obey_the_same_years_as_text_and_lose_their_time():
    # found by fuzzing: date(2101, 1, 1) was accepted but its text "2101-01-01" was refused,
    # and a datetime kept its time, so neither read back from storage
    with pytest.raises(ValueError, match="out of range"):
        PartialDate.parse(date(2101, 1, 1))
    parsed = PartialDate.parse(datetime(2024, 3, 5, 14, 30))
    assert str(parsed) == "2024-03-05" and PartialDate.parse(str(parsed)) == parsed
