from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svidok.model import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2024-03-05", "day", date(2024, 3, 5), date(2024, 3, 5)),
        ("05.03.2024", "day", date(2024, 3, 5), date(2024, 3, 5)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("03.2024", "month", date(2024, 3, 1), date(2024, 3, 31)),
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-09/2024-11", "range", date(2024, 9, 1), date(2024, 11, 30)),
        ("", "unknown", None, None),
        ("невідомо", "unknown", None, None),
    ],
)
def test_it_parses_each_precision(text, precision, start, end):
    d = PartialDate.parse(text)
    assert (d.precision, d.start, d.end) == (precision, start, end)


@pytest.mark.parametrize(
    "text", ["31.02.2024", "2024-13", "2023-02-29", "1850", "2024-11/2024-09", "soon"]
)
def test_impossible_dates_are_rejected(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_comparisons_respect_uncertainty():
    year = PartialDate.parse("2024")
    assert PartialDate.parse("2023-12").definitely_before(year)
    assert not PartialDate.parse("2024-06").definitely_before(year)
    assert year.may_overlap(PartialDate.parse("2024-06-01"))
    assert not year.may_overlap(PartialDate.parse("2025"))
    assert not PartialDate.parse("").definitely_before(year)


def test_a_whole_month_range_is_normalised_to_the_month():
    assert str(PartialDate.between(date(2024, 9, 1), date(2024, 9, 30))) == "2024-09"


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_canonical_text_round_trips(a, b):
    start, end = min(a, b), max(a, b)
    d = PartialDate.parse(f"{start.isoformat()}/{end.isoformat()}")
    again = PartialDate.parse(str(d))
    assert (again.start, again.end) == (start, end)
