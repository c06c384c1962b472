"""Fuzzing name parsing: any text a source writes parses into parts without an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svidok.names import analyze, parse_name

FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
NAME_ALPHABET = st.sampled_from(
    list("АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюяЁёЫыЭэЪъ")
    + list("AaBbOoVvYy'’ʼ-.,; \t\n\x00\x1b")
)
NAME_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(NAME_ALPHABET, max_size=40),
    st.lists(
        st.sampled_from(["О.", "В.", "Скрипник", "ович", "івна", "енко", ",", " "]), max_size=6
    ).map("".join),
)
ORDER = st.sampled_from(["auto", "surname_first", "given_first"])


@FUZZ
@given(NAME_TEXT, ORDER)
def test_any_text_parses_into_parts_taken_from_it(text, order):
    parsed = parse_name(text, order)
    for part in (parsed.given, parsed.patronymic, parsed.surname):
        assert part is None or part.strip()
    assert all(token.text for token in parsed.tokens)


@settings(FUZZ, max_examples=60)
@given(NAME_TEXT, ORDER)
def test_any_text_can_be_analysed(text, order):
    analysis = analyze(text, order)
    assert analysis is not None


def test_only_initials_or_punctuation_give_no_parts():
    # found by fuzzing: with no name words and order "auto", parsing raised IndexError
    for text in ("\x1b", ",;", "О.В.", ""):
        parsed = parse_name(text, "auto")
        assert parsed.surname is None and parsed.given is None
    assert parse_name("О.В.", "auto").initials == ("О", "В")
