"""Linkage rows: what a person record gives the model."""

from __future__ import annotations

from svidok.linkage.features import person_row
from svidok.model import make


def _row(name: str) -> dict:
    from svidok.ingest.values import split_name

    return person_row(make("person", {"name": split_name(name, "auto")}))


def test_two_words_of_unsure_order_carry_both_readings():
    # Seitumer and Eskender are both Crimean Tatar given names: the Latin list may have
    # written "surname given" and the parser read "given surname"
    cyrillic, latin = _row("Сейтумер Ескендер"), _row("Seitumer Eskender")
    assert set(cyrillic["surname_keys"]) & set(latin["surname_keys"])
    assert set(cyrillic["given_groups"]) & set(latin["given_groups"])


def test_a_known_given_name_fixes_the_order():
    row = _row("Skrypnyk Oleksii")
    other = _row("Oleksii Skrypnyk")
    assert row["surname_keys"] == other["surname_keys"]
    assert row["given_main"] == other["given_main"]
    assert not set(row["given_groups"]) & {k for k in row["surname_keys"]}
