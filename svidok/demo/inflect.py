"""Case forms of Ukrainian and Russian personal names, from the generator's own suffix rules.

Enough for the sentences the demo sources write ("мобілізували Олексія Скрипника",
"вечная память Алексею Скрипнику"); not a general morphological analyser, and on purpose
independent of ``svidok.names``.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Case", "Part", "inflect", "inflect_name"]

Case = Literal["nom", "gen", "dat", "acc"]
Part = Literal["given", "patronymic", "surname"]

# (suffix, genitive ending, dative ending): the suffix is replaced by the ending. Rules are
# tried in order; the first whose suffix matches wins. None means the word does not decline.
Rule = tuple[str, str | None, str | None]

_UK_MALE_GIVEN: tuple[Rule, ...] = (
    ("ігор", "ігоря", "ігорю"),
    ("ій", "ія", "ію"),
    ("ь", "я", "ю"),
    ("я", "і", "і"),
    ("а", "и", "і"),
    ("о", "а", "у"),
    ("", "а", "у"),
)
_UK_MALE_SURNAME: tuple[Rule, ...] = (
    ("ський", "ського", "ському"),
    ("цький", "цького", "цькому"),
    ("ець", "ця", "цю"),
    ("ь", "я", "ю"),
    ("а", "и", "і"),
    ("о", "а", "у"),
    ("", "а", "у"),
)
_UK_MALE_PATRONYMIC: tuple[Rule, ...] = (("", "а", "у"),)
_UK_FEMALE_GIVEN: tuple[Rule, ...] = (
    ("ія", "ії", "ії"),
    ("я", "і", "і"),
    ("га", "ги", "зі"),
    ("а", "и", "і"),
    ("", None, None),
)
_UK_FEMALE_SURNAME: tuple[Rule, ...] = (
    ("ська", "ської", "ській"),
    ("цька", "цької", "цькій"),
    ("ова", "ової", "овій"),
    ("єва", "євої", "євій"),
    ("іна", "іної", "іній"),
    ("", None, None),
)
_UK_FEMALE_PATRONYMIC: tuple[Rule, ...] = (("а", "и", "і"),)

_RU_MALE_GIVEN: tuple[Rule, ...] = (
    ("павел", "павла", "павлу"),
    ("пётр", "петра", "петру"),
    ("петр", "петра", "петру"),
    ("ей", "ея", "ею"),
    ("ий", "ия", "ию"),
    ("ай", "ая", "аю"),
    ("ь", "я", "ю"),
    ("ья", "ьи", "ье"),
    ("а", "ы", "е"),
    ("", "а", "у"),
)
_RU_MALE_SURNAME: tuple[Rule, ...] = (
    ("ский", "ского", "скому"),
    ("цкий", "цкого", "цкому"),
    ("о", None, None),  # Коваленко, Бойко: indeclinable in Russian
    ("ец", "ца", "цу"),
    ("ь", "я", "ю"),
    ("а", "ы", "е"),
    ("", "а", "у"),
)
_RU_MALE_PATRONYMIC: tuple[Rule, ...] = (("", "а", "у"),)
_RU_FEMALE_GIVEN: tuple[Rule, ...] = (
    ("ия", "ии", "ии"),
    ("ья", "ьи", "ье"),
    ("я", "и", "е"),
    ("га", "ги", "ге"),
    ("ка", "ки", "ке"),
    ("а", "ы", "е"),
    ("", None, None),
)
_RU_FEMALE_SURNAME: tuple[Rule, ...] = (
    ("ская", "ской", "ской"),
    ("цкая", "цкой", "цкой"),
    ("ова", "овой", "овой"),
    ("ёва", "ёвой", "ёвой"),
    ("ева", "евой", "евой"),
    ("ина", "иной", "иной"),
    ("", None, None),
)
_RU_FEMALE_PATRONYMIC: tuple[Rule, ...] = (("а", "ы", "е"),)

_RULES: dict[tuple[str, str, str], tuple[Rule, ...]] = {
    ("uk", "male", "given"): _UK_MALE_GIVEN,
    ("uk", "male", "surname"): _UK_MALE_SURNAME,
    ("uk", "male", "patronymic"): _UK_MALE_PATRONYMIC,
    ("uk", "female", "given"): _UK_FEMALE_GIVEN,
    ("uk", "female", "surname"): _UK_FEMALE_SURNAME,
    ("uk", "female", "patronymic"): _UK_FEMALE_PATRONYMIC,
    ("ru", "male", "given"): _RU_MALE_GIVEN,
    ("ru", "male", "surname"): _RU_MALE_SURNAME,
    ("ru", "male", "patronymic"): _RU_MALE_PATRONYMIC,
    ("ru", "female", "given"): _RU_FEMALE_GIVEN,
    ("ru", "female", "surname"): _RU_FEMALE_SURNAME,
    ("ru", "female", "patronymic"): _RU_FEMALE_PATRONYMIC,
}

# Feminine accusative: (suffix, ending) pairs; masculine animate accusative equals the genitive.
_FEMALE_ACCUSATIVE: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("uk", "given"): (("ія", "ію"), ("я", "ю"), ("а", "у")),
    ("uk", "surname"): (
        ("ська", "ську"),
        ("цька", "цьку"),
        ("ова", "ову"),
        ("єва", "єву"),
        ("іна", "іну"),
    ),
    ("uk", "patronymic"): (("а", "у"),),
    ("ru", "given"): (("ия", "ию"), ("ья", "ью"), ("я", "ю"), ("а", "у")),
    ("ru", "surname"): (
        ("ская", "скую"),
        ("цкая", "цкую"),
        ("ова", "ову"),
        ("ева", "еву"),
        ("ёва", "ёву"),
        ("ина", "ину"),
    ),
    ("ru", "patronymic"): (("а", "у"),),
}


def _replace(word: str, suffix: str, ending: str) -> str:
    stem = word[: len(word) - len(suffix)] if suffix else word
    if word[:1].isupper() and not stem:
        return ending[:1].upper() + ending[1:]
    return stem + ending


def inflect(word: str, case: Case, *, lang: str, sex: str, part: Part) -> str:
    """``word`` (a nominative name part) in ``case``; unknown sex declines as male."""
    if case == "nom" or not word:
        return word
    sex = "female" if sex == "female" else "male"
    if case == "acc" and sex == "female":
        for suffix, acc in _FEMALE_ACCUSATIVE[(lang, part)]:
            if word.lower().endswith(suffix):
                return _replace(word, suffix, acc)
        return word
    lower = word.lower()
    for suffix, genitive, dative in _RULES[(lang, sex, part)]:
        if lower.endswith(suffix):
            ending = genitive if case in ("gen", "acc") else dative
            return word if ending is None else _replace(word, suffix, ending)
    return word


def inflect_name(words: list[tuple[str, Part]], case: Case, *, lang: str, sex: str) -> str:
    """Several name parts in ``case``, joined by spaces (each part declined on its own)."""
    return " ".join(inflect(w, case, lang=lang, sex=sex, part=p) for w, p in words)
