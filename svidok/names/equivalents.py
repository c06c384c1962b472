"""Given-name equivalents across Ukrainian, Russian, Crimean Tatar and Latin spellings.

The table is data (``data/given_names.csv``, one row per name group: Олексій, Алексей,
Oleksii, Alexei, Льоша are one group, ``oleksii``). Lookups fold case, ``ё``, apostrophe
variants and Latin look-alike letters inside Cyrillic words; Latin spellings that the table
does not list still match through :func:`latin_key`, a coarse key that absorbs the usual
differences between transliteration systems (Oleksii/Oleksiy/Oleksij, Alexei/Aleksey).
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Literal

__all__ = [
    "GroupForms",
    "all_groups",
    "given_name_groups",
    "group_forms",
    "latin_key",
    "same_given_name",
]

_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ`´ʹ‘′"})
# Latin letters that look like Cyrillic ones; typed into Cyrillic words by accident.
_TO_CYRILLIC = str.maketrans(dict(zip("aceiïopxykmtbh", "асеіїорхукмтвн", strict=True)))
_TO_LATIN = str.maketrans(dict(zip("асеіїорхукмт", "aceiïopxykmt", strict=True)))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z\u00c0-\u024f]")

# Cyrillic to the key alphabet: h = г/ґ/х, i = и/і/ї/й/ы, x = ж, c = ц, q = ч, w = ш.
_CYR_KEY = {
    **dict(zip("абвгґдезклмнопрстуфхцчшэ", "abvhgdezklmnoprstufhcqwe", strict=True)),
    **{"є": "ie", "ж": "x", "и": "i", "і": "i", "ї": "i", "й": "i", "ы": "i"},
    **{"щ": "wq", "ю": "iu", "я": "ia", "ё": "io", "ь": "", "ъ": ""},
}
# Latin digraphs of the common systems (English, German, Polish, Czech, French, Turkish), longest
# first; afterwards the key has one letter per sound class.
_LATIN_SPECIAL = str.maketrans(
    {"ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ł": "l", "ß": "ss", "ø": "o", "š": "sh"}
    | {"č": "ch", "ž": "zh", "ć": "ch", "ś": "s", "ź": "z", "ż": "zh"}
)
_LATIN_STEPS = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"g(?=u[ei])u"), "g"),
    (re.compile(r"s[hz]ch|szcz|schtsch"), "wq"),
    (re.compile(r"ts?ch|cz"), "q"),
    (re.compile(r"sch|sh|sz"), "w"),
    (re.compile(r"dzh|dj"), "dx"),
    (re.compile(r"zh"), "x"),
    (re.compile(r"ch"), "q"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?![eiy])"), "k"),
    (re.compile(r"t[sz]"), "c"),
    (re.compile(r"g"), "h"),
    (re.compile(r"[jy]"), "i"),
)
_TAIL_STEPS = (
    (re.compile(r"ie"), "e"),
    (re.compile(r"(?<=[bvhgdzklmnprstfcqwx])io"), "e"),
    (re.compile(r"(?<=[bvhgdzklmnprstfcqwx])iu"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@dataclass(frozen=True, slots=True)
class GroupForms:
    """The spellings of one given name: first form of each tuple is the standard one."""

    group: str
    sex: Literal["m", "f"]
    uk: tuple[str, ...]
    ru: tuple[str, ...]
    crh: tuple[str, ...]
    latin: tuple[str, ...]
    diminutives: tuple[str, ...]

    def all_forms(self) -> tuple[str, ...]:
        """Every spelling in the group, full forms before diminutives."""
        return (*self.uk, *self.ru, *self.crh, *self.latin, *self.diminutives)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


@functools.cache
def _table() -> dict[str, GroupForms]:
    text = resources.files("svidok.names").joinpath("data", "given_names.csv")
    rows = csv.DictReader(io.StringIO(text.read_text(encoding="utf-8")))
    table: dict[str, GroupForms] = {}
    for row in rows:
        if row["sex"] not in ("m", "f") or row["group"] in table:
            raise ValueError(f"given_names.csv: bad or repeated row {row['group']!r}")
        table[row["group"]] = GroupForms(
            group=row["group"],
            sex="m" if row["sex"] == "m" else "f",
            uk=_split(row["uk"]),
            ru=_split(row["ru"]),
            crh=_split(row["crh"]),
            latin=_split(row["latin"]),
            diminutives=_split(row["diminutives"]),
        )
    return table


def _fold(token: str) -> str:
    text = unicodedata.normalize("NFC", token).strip().lower().translate(_APOSTROPHES)
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic and latin:  # one script per name: the minority letters are look-alikes
        text = text.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN)
    return text.replace("ё", "е")


def _strip_marks(text: str) -> str:
    """Latin text without diacritics (Reşat: Resat); Cyrillic is returned unchanged."""
    if _CYRILLIC.search(text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cyrillic_key(chars: Iterable[str]) -> str:
    text = re.sub(r"ь(?=о)", "й", "".join(chars))  # Альоша: ьо is the Ukrainian spelling of ё
    return "".join(_CYR_KEY.get(ch, "") for ch in text)


def _latin_run_key(chars: Iterable[str]) -> str:
    text = unicodedata.normalize("NFKD", "".join(chars).translate(_LATIN_SPECIAL))
    text = re.sub(r"[^a-z]", "", text)
    for pattern, repl in _LATIN_STEPS:
        text = pattern.sub(repl, text)
    return text


@functools.lru_cache(maxsize=65536)
def latin_key(token: str) -> str:
    """A coarse, lowercase ASCII key under which transliteration variants of a name meet.

    Oleksii, Oleksiy, Oleksij, Olexiy and Олексій give ``oleksi``; Alexei, Alexey, Aleksey
    and Алексей give ``aleksei``. The key merges i/y/j/й/и/і/ї, g/h/kh/г/х, ks/x, ts/tz/ц,
    ye/ie/e, io/yo/ё and iu/yu/u after a consonant, the spellings of ж ч ш щ, doubled letters, and drops
    apostrophes and soft signs. It keeps Ukrainian- and Russian-derived spellings apart where
    the vowels differ (Oleksii vs Aleksei): the name groups join those. Cyrillic input is
    mapped straight to the key alphabet, so a Cyrillic form and its transliterations share a key.
    """
    text = unicodedata.normalize("NFC", token).lower().translate(_APOSTROPHES)
    runs = itertools.groupby(text, key=lambda ch: _CYRILLIC.match(ch) is not None)
    text = "".join(_cyrillic_key(run) if cyr else _latin_run_key(run) for cyr, run in runs)
    for pattern, repl in _TAIL_STEPS:
        text = pattern.sub(repl, text)
    return text


def _add(index: dict[str, set[str]], keys: Iterable[str], group: str) -> None:
    for key in keys:
        if key:
            index.setdefault(key, set()).add(group)


@functools.cache
def _indexes() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    exact: dict[str, set[str]] = {}
    coarse: dict[str, set[str]] = {}
    for group, forms in _table().items():
        spellings = forms.all_forms()
        _add(exact, (_fold(s) for s in spellings), group)
        _add(exact, (_fold(_strip_marks(s)) for s in (*forms.crh, *forms.latin)), group)
        _add(coarse, (latin_key(s) for s in spellings), group)
    return (
        {k: frozenset(v) for k, v in exact.items()},
        {k: frozenset(v) for k, v in coarse.items()},
    )


@functools.lru_cache(maxsize=65536)
def given_name_groups(token: str, coarse: bool = True) -> frozenset[str]:
    """Ids of the name groups a given name may belong to, in any script, form or case.

    An exact spelling (Cyrillic nominative, diminutive, listed Latin spelling; case, ``ё``
    and apostrophes folded) decides; otherwise (unless ``coarse`` is false) the
    :func:`latin_key` of the token is looked up: it also takes Юлії, a case form of Юлія, for
    Юлій. Ambiguous diminutives give several groups (Саша: ``oleksandr`` and
    ``oleksandra``). Unknown tokens give an empty set.
    """
    exact, by_key = _indexes()
    folded = _fold(token)
    if not folded:
        return frozenset()
    found = exact.get(folded) or exact.get(_fold(_strip_marks(folded)))
    if found or not coarse:
        return found or frozenset()
    key = latin_key(token)
    found = by_key.get(key, frozenset())
    if found and key.endswith("a") and not _CYRILLIC.search(folded):
        # Latin names are not inflected: Vitaliia is a woman's name, not Віталій (nor Віталя)
        found = frozenset(g for g in found if not _feminine_of(key, g))
    return found


@functools.lru_cache(maxsize=4096)
def _full_keys(group: str) -> frozenset[str]:
    forms = _table()[group]
    return frozenset(latin_key(f) for f in (*forms.uk, *forms.ru, *forms.crh, *forms.latin))


def _feminine_of(key: str, group: str) -> bool:
    """Whether ``key`` is a man's name of ``group`` with a woman's ending added (-а, -ія)."""
    if _table()[group].sex != "m":
        return False
    return any(key in (full + "a", full + "ia") for full in _full_keys(group))


def group_forms(group: str) -> GroupForms:
    """The spellings of a name group; raises ``KeyError`` for an unknown group id."""
    return _table()[group]


def all_groups() -> tuple[str, ...]:
    """Every group id, in table order (male names first)."""
    return tuple(_table())


def same_given_name(a: str, b: str) -> bool:
    """Whether two given-name tokens can be the same name (their groups intersect)."""
    return bool(given_name_groups(a) & given_name_groups(b))
