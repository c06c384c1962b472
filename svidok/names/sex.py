"""The sex a written name shows, and which reading of an ambiguous given name that settles.

A patronymic says it in any case (-ович, -ич, огли: a man; -івна, -овна, -ична, кизи: a
woman). A surname of the gendered kinds says it in the nominative: Іванов, Ковальов,
Вишневський, Чорний are men's forms, Іванова, Ковальова, Вишневська, Черная women's; so does
a pair of forms of one surname (Ільїн and Ільїна, Чорний and Чорна). Surnames that do not
change with sex (Мельник, Коваленко, Петрів, Бабій) say nothing.

A given name settles it by itself when its readings agree: Олександр is a man's name;
Олександра is a woman's nominative but also the genitive of Олександр ("Олександра
Скрипника"), so the rest of the name decides: a feminine patronymic, a surname written in
the nominative (a man's would be inflected too), or an inflected one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from .patronymic import patronymic_case, patronymic_sex

__all__ = [
    "EVERY",
    "Case",
    "Reading",
    "Sex",
    "declines_for_men",
    "gendered_pair",
    "given_readings",
    "patronymic_readings",
    "settle",
    "surname_readings",
    "surname_sex",
]

Sex = Literal["m", "f"]
Case = Literal["nom", "gen", "dat", "acc", "ins", "loc", "voc"]
Reading = tuple[Sex, Case]
"""A reading of a written name: whose name (a man's or a woman's) in which case."""
_SEXES: tuple[Sex, ...] = ("m", "f")
_OBLIQUE_CASES: tuple[Case, ...] = ("gen", "dat", "acc", "ins", "loc", "voc")
EVERY: frozenset[Reading] = frozenset((s, c) for s in _SEXES for c in ("nom", *_OBLIQUE_CASES))
_MAN: Reading = ("m", "nom")
_WOMAN: Reading = ("f", "nom")
_NOMINATIVE: frozenset[Reading] = frozenset({_MAN, _WOMAN})
# Case endings of Ukrainian and Russian names (given names, surnames, patronymics), by sex:
# enough to tell that "Юлія Цубну" is no one's oblique (a genitive and a dative).
_ENDINGS: dict[Sex, tuple[tuple[str, tuple[Case, ...]], ...]] = {
    "m": (
        ("а", ("gen", "acc")), ("я", ("gen", "acc")), ("ого", ("gen", "acc")),
        ("ього", ("gen", "acc")), ("у", ("dat", "loc", "voc")), ("ю", ("dat", "loc", "voc")),
        ("ові", ("dat", "loc")), ("еві", ("dat", "loc")), ("єві", ("dat", "loc")),
        ("ому", ("dat", "loc")), ("ьому", ("dat", "loc")), ("ом", ("ins",)), ("ем", ("ins",)),
        ("єм", ("ins",)), ("им", ("ins", "loc")), ("ім", ("ins", "loc")), ("ым", ("ins",)),
        ("і", ("dat", "loc")), ("е", ("dat", "loc", "voc")), ("о", ("voc",)),
        ("и", ("gen",)), ("ы", ("gen",)), ("ою", ("ins",)), ("ею", ("ins",)),
        ("ой", ("ins",)), ("ей", ("ins",)),  # Микола: Миколи, Миколою; Илья: Ильей
    ),
    "f": (
        ("и", ("gen",)), ("ы", ("gen",)), ("і", ("gen", "dat", "loc")),
        ("ї", ("gen", "dat", "loc")), ("ої", ("gen",)), ("ій", ("dat", "loc")),
        ("ой", ("gen", "dat", "ins", "loc")), ("ей", ("gen", "dat", "ins", "loc")),
        ("е", ("dat", "loc", "voc")), ("у", ("acc",)), ("ю", ("acc",)), ("ую", ("acc",)),
        ("ою", ("ins",)), ("ею", ("ins",)), ("єю", ("ins",)), ("о", ("voc",)),
        ("є", ("voc",)),
    ),
}  # fmt: skip

_MALE_SURNAME = re.compile(
    r"(ов|ев|єв|ёв|ський|цький|зький|ский|цкий|ий|ый|ой|"
    r"ov|ev|yov|iov|sky|skyi|skyy|skiy|skii|skij|ski|tskyi)$",
    re.IGNORECASE,
)
_FEMALE_SURNAME = re.compile(
    r"(ова|ева|єва|ёва|ська|цька|зька|ская|цкая|ая|яя|"
    r"ova|eva|yova|iova|ska|skaya|skaia|tskaya)$",
    re.IGNORECASE,
)
# Men's surname endings -> the women's forms of the same surname.
_FEMININE = (
    ("ий", ("а", "ая")), ("ый", ("ая",)), ("ой", ("ая",)), ("ій", ("я",)),
    ("ов", ("ова",)), ("ев", ("ева",)), ("єв", ("єва",)), ("ёв", ("ёва", "ева")),
    ("ин", ("ина",)), ("ін", ("іна",)), ("їн", ("їна",)),
    ("skyi", ("ska", "skaya", "skaia")), ("skyy", ("ska", "skaya")), ("skiy", ("skaya", "ska")),
    ("skii", ("skaia", "skaya", "ska")), ("sky", ("ska", "skaya")), ("ski", ("ska",)),
    ("ov", ("ova",)), ("ev", ("eva",)), ("in", ("ina",)), ("yn", ("yna",)),
)  # fmt: skip


def surname_sex(surname: str) -> Sex | None:
    """The sex a surname written in the nominative shows, if it is of a gendered kind."""
    word = surname.strip().split("-")[-1]
    if _FEMALE_SURNAME.search(word):
        return "f"
    if _MALE_SURNAME.search(word):
        return "m"
    return None


# Final letters of surnames that stay as they are in every case: Ukrainian Ільмі, Куку;
# Russian also Коваленко, Бойко, Дурново.
_INDECLINABLE = {"uk": frozenset("еєиіїуюэы"), "ru": frozenset("оеєиіїуюэы")}


def declines_for_men(surname: str, languages: tuple[str, ...]) -> bool:
    """Whether a man's surname like this one changes in the other cases in every language the
    name may be written in: Мельник (Мельника), Коваленко in Ukrainian (Коваленка); not
    Коваленко in Russian, nor Черних or Куку."""
    word = surname.strip().split("-")[-1].lower()
    if not word or word.endswith(("их", "іх", "ых")) or "latin" in languages:
        return False
    return all(word[-1] not in _INDECLINABLE.get(lang, frozenset()) for lang in languages)


def _feminine_forms(surname: str) -> set[str]:
    word = surname.casefold()
    for ending, feminine in _FEMININE:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return {word[: len(word) - len(ending)] + f for f in feminine}
    return set()


def gendered_pair(a: str, b: str) -> Sex | None:
    """When ``a`` and ``b`` are the men's and women's forms of one surname (Ільїн, Ільїна;
    Чорний, Чорна), the sex of ``a``; otherwise None."""
    if b.casefold() in _feminine_forms(a):
        return "m"
    if a.casefold() in _feminine_forms(b):
        return "f"
    return None


def _oblique(word: str, sexes: Iterable[Sex] = _SEXES) -> frozenset[Reading]:
    """The oblique readings a word's ending allows (all cases when no ending is known)."""
    low = word.lower().split("-")[-1].split(" ")[-1]
    out: set[Reading] = set()
    for sex in sexes:
        cases: set[Case] = {
            c for ending, found in _ENDINGS[sex] if low.endswith(ending) for c in found
        }
        out |= {(sex, c) for c in cases or _OBLIQUE_CASES}
    return frozenset(out)


def patronymic_readings(patronymic: str) -> frozenset[Reading]:
    """Івановича: a man's genitive; Іванівна: a woman's nominative."""
    sex, case = patronymic_sex(patronymic), patronymic_case(patronymic)
    sexes = _SEXES if sex is None else (sex,)
    nominative = _NOMINATIVE if sex is None else frozenset({_MAN if sex == "m" else _WOMAN})
    if case == "nominative":
        return nominative
    oblique = _oblique(patronymic, sexes)
    return oblique if case == "oblique" else nominative | oblique


def given_readings(
    token: str, as_written: Iterable[Sex], inflected: Iterable[Sex]
) -> frozenset[Reading]:
    """Readings of a given name from the sexes of the names it is (as written) and of the
    names it is an inflected form of: Олександра is a woman's nominative or a man's genitive."""
    nominative = {_MAN if sex == "m" else _WOMAN for sex in as_written}
    return frozenset(nominative) | _oblique(token, set(inflected))


# Stems of men's surnames that end in a consonant and take -а in the genitive: Скрипника,
# Шевчука, Гнатюка, Бондаря, Ткача, Петріва, Петренка, Бойка; few surnames end so in the
# nominative.
_GENITIVE_STEM = re.compile(r"(ник|чук|щук|ук|юк|ик|ич|ар|яр|ів|їв|енк|йк|ньк|[чшщ])$")


def _nominative_in_a(surname: str) -> bool:
    """Whether a surname in -а that reads as a man's genitive (Щербина: "of Щербин") may be a
    nominative as written: Щербина, Калина, Сорока, Мазепа, Дудка, and Ильина or Никитина,
    women's forms of Ильин and Никитин; not Скрипника, Гнатюка or Петренка."""
    word = surname.strip().split("-")[-1].lower()
    return len(word) > 3 and word.endswith("а") and not _GENITIVE_STEM.search(word[:-1])


def surname_readings(
    surname: str, nominatives: tuple[str, ...], languages: tuple[str, ...]
) -> frozenset[Reading]:
    """Readings of a surname with candidate ``nominatives`` (best first), in a name written in
    ``languages``: Скрипника is oblique; Іванов a man's nominative; Іванова a woman's
    nominative or a man's genitive; Вишневська a woman's; Мельник a woman's in any case or a
    man's nominative; Коваленко in Russian anything."""
    if not nominatives or nominatives[0].casefold() != surname.casefold():
        # women's surnames decline only when they end in -а/-я (Ковальська: Ковальської)
        women = bool(nominatives) and nominatives[0].lower().endswith(("а", "я"))
        oblique = _oblique(surname, _SEXES if women else ("m",))
        if _nominative_in_a(surname) and surname in nominatives:
            return oblique | _NOMINATIVE  # Щербина, Калина, Ильина: not only "of Щербин"
        return oblique
    sex = surname_sex(surname)
    if sex == "m":
        return frozenset({_MAN})
    if sex == "f":
        if surname.lower().endswith(("ова", "ева", "єва", "ёва")):  # Іванова: also "of Іванов"
            return frozenset({_WOMAN}) | _oblique(surname, ("m",))
        return frozenset({_WOMAN})
    if not declines_for_men(surname, languages):
        return EVERY
    readings = frozenset({_WOMAN, _MAN}) | _oblique("", ("f",))
    # another nominative possible (Чізенча: Чізенч): it may be inflected after all
    return readings | _oblique(surname) if len(nominatives) > 1 else readings


def _mans_oblique(readings: frozenset[Reading]) -> bool:
    return any(sex == "m" and case != "nom" for sex, case in readings)


def settle(
    patronymic: frozenset[Reading] | None,
    given: frozenset[Reading] | None,
    surname: frozenset[Reading] | None,
    latin: bool = False,
    listed: bool = False,
) -> frozenset[Reading]:
    """The readings all parts allow (parts that contradict the others are left out, the
    surname first). Of several, the nominative ones, unless the given name itself reads as a
    woman's nominative or a man's inflected form: then nothing but another part settles it
    (Олександра Охрімева may be "of Олександр Охрімев"; Евгения Кузьменко too, in Russian).
    A name ``listed`` (written surname first without a patronymic, as lists write names:
    "Ткаченко Богдана") is read in the nominative all the same."""
    readings = EVERY
    for parts in ((patronymic, given, surname), (patronymic, given), (patronymic,)):
        readings = EVERY.intersection(*(p for p in parts if p is not None))
        if readings:
            break
    readings = readings or EVERY
    if latin:  # transliterated names are not inflected
        readings = readings & _NOMINATIVE or readings
    flip = given is not None and _WOMAN in given and _mans_oblique(given)
    if len({sex for sex, _ in readings}) > 1 and (listed or not flip):
        readings = readings & _NOMINATIVE or readings
    return readings
