"""Daitch–Mokotoff Soundex and name skeletons (svidok.names.phonetic)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svidok.names import phonetic
from svidok.names.phonetic import MAX_BRANCHES, daitch_mokotoff, skeleton

# Published examples. JewishGen, "Soundexing and Genealogy" (jewishgen.org/infofiles/soundex.html);
# Avotaynu, Gary Mokotoff, "Soundexing and Genealogy" (avotaynu.com/soundex.htm); Wikipedia,
# "Daitch–Mokotoff Soundex"; the same examples are in the test suite of Apache Commons Codec
# (Apache-2.0), DaitchMokotoffSoundexTest, whose own rule checks (AKSSOL, GERSCHFELD) are last.
JEWISHGEN = {
    "GOLDEN": "583600",
    "Alpert": "087930",
    "Breuer": "791900",
    "Haber": "579000",
    "Mannheim": "665600",
    "Mintz": "664000",
    "Topf": "370000",
    "Kleinmann": "586660",
    "Ben Aron": "769600",
    "AUERBACH": "097400 097500",
    "OHRBACH": "097400 097500",
    "LIPSHITZ": "874400",
    "LIPPSZYC": "874400 874500",
    "LEWINSKY": "876450",
    "LEVINSKI": "876450",
    "SZLAMAWICZ": "486740",
    "SHLAMOVITZ": "486740",
}
AVOTAYNU = {
    "Ceniow": "467000 567000",
    "Tsenyuv": "467000",
    "Holubica": "587400 587500",
    "Golubitsa": "587400",
    "Przemysl": "746480 794648",
    "Pshemeshil": "746480",
    "Rosochowaciec": "944744 944745 944754 944755 945744 945745 945754 945755",
    "Rosokhovatsets": "945744",
}
WIKIPEDIA = {
    "Peters": "734000 739400",
    "Peterson": "734600 739460",
    "Moskowitz": "645740",
    "Moskovitz": "645740",
    "Jackson": "154600 145460 454600 445460",
    "Jackson-Jackson": "154654 154645 154644 145465 145464 454654 454645 454644 445465 445464",
}
COMMONS_CODEC = {
    "AKSSOL": "054800",
    "GERSCHFELD": "547830 545783 594783 594578",
    "Straßburg": "294795",
    "Éregon": "095600",
    "O'Brien": "079600",
    "KINGSMITH": "565463",
}


@pytest.mark.parametrize(
    ("word", "codes"),
    [*JEWISHGEN.items(), *AVOTAYNU.items(), *WIKIPEDIA.items(), *COMMONS_CODEC.items()],
)
def test_daitch_mokotoff_matches_published_examples(word, codes):
    assert daitch_mokotoff(word) == frozenset(codes.split())


def test_spellings_of_one_surname_share_a_code():
    assert len({daitch_mokotoff(w) for w in ("Skrypnyk", "Skripnik", "Скрипник", "Скрыпник")}) == 1
    assert (
        daitch_mokotoff("Kovalenko") == daitch_mokotoff("Коваленко") == daitch_mokotoff("Kowalenko")
    )
    shevchenko = [
        daitch_mokotoff(w) for w in ("Shevchenko", "Schewtschenko", "Szewczenko", "Шевченко")
    ]
    assert frozenset.intersection(*shevchenko) == {"474650"}
    assert daitch_mokotoff("Олексій") == daitch_mokotoff("Oleksii") == daitch_mokotoff("Alexei")


def test_different_surnames_do_not_share_a_code():
    assert not daitch_mokotoff("Коваленко") & daitch_mokotoff("Мельник")
    assert not daitch_mokotoff("Shevchenko") & daitch_mokotoff("Kovalenko")
    assert not daitch_mokotoff("Бондар") & daitch_mokotoff("Бондаренко")


def test_daitch_mokotoff_of_no_letters_is_empty():
    assert daitch_mokotoff("") == daitch_mokotoff("123 -'") == frozenset()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzßéłабвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ' -"))
def test_daitch_mokotoff_codes_are_six_digits_and_bounded(word):
    codes = daitch_mokotoff(word)
    assert len(codes) <= MAX_BRANCHES
    assert all(re.fullmatch("[0-9]{6}", code) for code in codes)


@pytest.mark.parametrize(
    ("key", "spellings"),
    [
        ("skrpnk", ["Скрипник", "Skrypnyk", "Skripnik", "Скрыпник", "SKRYPNYK"]),
        ("alks", ["Олексій", "Алексей", "Oleksii", "Oleksiy", "Alexei", "Aleksey", "Olexiy"]),
        ("hrhr", ["Григорій", "Григорий", "Hryhorii", "Grigorii", "Grigoriy", "Hryhoriy"]),
        ("xvqnk", ["Шевченко", "Shevchenko", "Schewtschenko", "Szewczenko"]),
        ("kvlnk", ["Коваленко", "Kovalenko", "Kowalenko"]),
        ("vktr", ["Віктор", "Виктор", "Viktor", "Victor"]),
        ("arxnk", ["Ярошенко", "Yaroshenko", "Iaroshenko"]),
        ("zhrsk", ["Згурський", "Zghurskyi", "Згурский"]),
        ("mrn", ["Мар'яна", "Марьяна", "Maryana", "Mariana"]),
        ("hn", ["Ганна", "Hanna", "Ganna"]),
    ],
)
def test_skeleton_brings_spellings_together(key, spellings):
    assert {skeleton(s) for s in spellings} == {key}


def test_skeleton_keeps_words_in_order_and_tells_surnames_apart():
    assert skeleton("Скрипник Олексій Вікторович") == "skrpnk alks vktrvq"
    assert skeleton("Alexei Skripnik") == "alks skrpnk"
    assert skeleton("Коваленко-Мельник") == "kvlnk mlnk"
    assert skeleton("Коваленко") != skeleton("Мельник")
    assert skeleton("") == skeleton(" - ") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюя' -"))
def test_skeleton_is_lowercase_ascii(text):
    assert re.fullmatch("[a-z ]*", skeleton(text))


def test_public_api_is_explicit():
    assert set(phonetic.__all__) == {"MAX_BRANCHES", "daitch_mokotoff", "skeleton"}
