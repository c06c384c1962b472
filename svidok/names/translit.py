"""Transliteration of Ukrainian and Russian names between Cyrillic and Latin.

The same person is written "Скрипник Олексій" in a Ukrainian register, "Алексей Скрипник"
in a Russian court record, "Oleksii Skrypnyk" in a UN report (Ukrainian national system) and
"Alexei Skripnik" in a news article. This module renders Cyrillic under the official and
common systems (:data:`SYSTEMS`), lists the Latin forms a Cyrillic token is likely to take
(:func:`latin_variants`) and guesses Cyrillic readings of a Latin token
(:func:`cyrillic_candidates`). Everything is pure and cached.

Systems (tables in ``data/translit_forward.csv`` unless noted):

* ``uk``: ``kmu2010`` (Cabinet of Ministers Resolution No. 55 of 27 January 2010, the national
  system; delegated to ``translitua``), ``passport2007`` (the 2007 passport rules: the 2010
  table without the зг → zgh rule), ``bgn_pcgn`` (BGN/PCGN 1965: ь → ’, apostrophe → ”),
  ``odni2015`` (US ICS 630-01 Annex M: BGN/PCGN without ь and apostrophe), ``iso9``
  (ISO 9:1995, one Latin letter per Cyrillic letter) and ``common_en`` (English-language
  media: Oleksiy, Yuriy, Andriy, Zelensky).
* ``ru``: ``icao9303`` (ICAO Doc 9303, Russian passports since 2013: Алексей → Aleksei,
  ъ → ie; delegated to ``translitua``), ``gost779b`` (GOST 7.79-2000 System B: ц → c before
  e i y j, cz elsewhere; х → x; щ → shh; ъ → ``; ы → y`; ь → `; э → e`), ``iso9`` (= GOST
  7.79-2000 System A), ``bgn_pcgn`` (BGN/PCGN 1947: е → ye at the start and after vowels,
  ь → ’, ъ → ”) and ``common_en`` (Alexei, Sergei, Yuri, Dmitri, Nikolai, Zelensky, Maxim).

Every system also renders the other language's letters (і ї є ґ in Russian systems,
ы э ё ъ in Ukrainian ones), so mixed spellings never leave Cyrillic behind.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from math import inf
from typing import Literal

import translitua

__all__ = [
    "MAX_CANDIDATES",
    "MAX_VARIANTS",
    "SYSTEMS",
    "Language",
    "crimean_tatar_reading",
    "cyrillic_candidates",
    "latin_variants",
    "transliterate",
]

Language = Literal["uk", "ru"]

SYSTEMS: dict[str, tuple[str, ...]] = {
    "uk": ("kmu2010", "passport2007", "bgn_pcgn", "odni2015", "iso9", "common_en"),
    "ru": ("icao9303", "gost779b", "iso9", "bgn_pcgn", "common_en"),
}
"""The systems of each source language, in the order :func:`latin_variants` prefers them."""

MAX_VARIANTS = 30
"""The most forms :func:`latin_variants` returns for one token."""

MAX_CANDIDATES = 32
"""The most readings :func:`cyrillic_candidates` returns for one token."""

_APOSTROPHES = "'’ʼ‘`´"
_WORD = re.compile(rf"[^\W\d_]+(?:[{_APOSTROPHES}][^\W\d_]+)*")
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_VOWELS = frozenset("аеёєиіїоуыэюяйъь’")
_CONTEXTS = ("final", "initial", "sequence", "after_vowel", "any")

_Table = dict[str, dict[str, str]]


def _data(name: str) -> list[dict[str, str]]:
    text = resources.files("svidok.names").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _load_forward() -> dict[str, _Table]:
    """Rendering tables by column: "uk.common_en", "iso9" (both languages), ..."""
    tables: dict[str, _Table] = {}
    for row in _data("translit_forward.csv"):
        context, cyrillic = row.pop("context"), row.pop("cyrillic")
        for system, latin in row.items():
            table = tables.setdefault(system, {c: {} for c in _CONTEXTS})
            if latin:
                table[context][cyrillic] = "" if latin == "-" else latin
    return tables


def _match(rules: dict[str, str], longest: int, word: str, i: int) -> tuple[str, int] | None:
    for size in range(min(longest, len(word) - i), 0, -1):
        if (piece := word[i : i + size]) in rules:
            return rules[piece], size
    return None


def _engine(table: _Table) -> Callable[[str], str]:
    """A function rendering one lowercase word with ``table``."""
    longest = {c: max(map(len, table[c]), default=0) for c in _CONTEXTS}
    final, after_vowel, anywhere = table["final"], table["after_vowel"], table["any"]
    initial, sequence = table["initial"], table["sequence"]

    def render(word: str) -> str:
        out: list[str] = []
        i, n = 0, len(word)
        while i < n:
            if n - i <= longest["final"] and word[i:] in final:
                out.append(final[word[i:]])
                break
            found = None
            if i == 0 and initial:
                found = _match(initial, longest["initial"], word, 0)
            if found is None and sequence:
                found = _match(sequence, longest["sequence"], word, i)
            if found is not None:
                out.append(found[0])
                i += found[1]
                continue
            letter = word[i]
            if i and letter in after_vowel and word[i - 1] in _VOWELS:
                out.append(after_vowel[letter])
            else:
                out.append(anywhere.get(letter, letter))
            i += 1
        return "".join(out)

    return render


def _translitua(
    table: type[translitua.TransliterationTable], premap: dict[str, str]
) -> Callable[[str], str]:
    """``translitua`` for one lowercase word, after mapping the other language's letters."""
    foreign = str.maketrans(premap)

    def render(word: str) -> str:
        return translitua.translit(word.translate(foreign), table)

    return render


_FORWARD = _load_forward()
_RENDER: dict[tuple[str, str], Callable[[str], str]] = {
    ("uk", "kmu2010"): _translitua(
        translitua.UkrainianKMU, {"ы": "и", "э": "е", "ё": "йо", "ъ": ""}
    ),
    ("ru", "icao9303"): _translitua(
        translitua.RussianICAO, {"і": "и", "ї": "и", "є": "ие", "ґ": "г", "’": ""}
    ),
}
for _key in _FORWARD:
    _language, _, _system = _key.rpartition(".")
    for _lang in (_language,) if _language else tuple(SYSTEMS):
        _RENDER[(_lang, _system)] = _engine(_FORWARD[_key])


def _recase(source: str, latin: str) -> str:
    """``latin`` in the case pattern of the word ``source``: lower, Title or UPPER."""
    if len(source) > 1 and source.isupper():
        return latin.upper()
    if source[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


def _language_of(system: str, language: str | None) -> str:
    if language is not None:
        if system not in SYSTEMS.get(language, ()):
            raise ValueError(f"unknown system {system!r} for language {language!r}")
        return language
    found = [lang for lang, systems in SYSTEMS.items() if system in systems]
    if not found:
        raise ValueError(f"unknown transliteration system {system!r}; see SYSTEMS")
    if len(found) > 1 and system != "iso9":
        raise ValueError(f"system {system!r} exists for {found}: pass language=")
    return found[0]


@lru_cache(maxsize=65536)
def transliterate(text: str, system: str, language: Language | None = None) -> str:
    """Render the Cyrillic in ``text`` with ``system``; other characters pass through.

    Each word keeps its case pattern (lower, Title or UPPER); hyphenated parts are words of
    their own, so word-initial rules apply after a hyphen (Іван-Юрій → Ivan-Yurii).
    ``language`` ("uk" or "ru") is needed only for systems both languages define
    (``bgn_pcgn``, ``common_en``); :class:`ValueError` names them otherwise.
    """
    render = _RENDER[(_language_of(system, language), system)]

    def word(match: re.Match[str]) -> str:
        source = _APOSTROPHE.sub("’", match.group())
        return _recase(source, render(source.lower()))

    return _WORD.sub(word, unicodedata.normalize("NFC", text))


def _fold(text: str, keep: str = "") -> str:
    """Lowercase ASCII letters, hyphens and ``keep`` (diacritics and apostrophes dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if "a" <= c <= "z" or c == "-" or c in keep)


# Latin endings of Cyrillic word endings, for the variants media and documents use
_ENDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "uk": {"ій": ("ii", "iy", "i", "y"), "ий": ("yi", "yy", "y", "iy", "ii", "i")},
    "ru": {"ий": ("iy", "ii", "i", "y", "ij"), "ый": ("yy", "yi", "y", "iy", "yj")},
}
_COMMON_ENDINGS = {"ей": ("ei", "ey", "ej"), "ай": ("ai", "ay", "aj"), "ой": ("oi", "oy", "oj")}
_LATIN_RULES: dict[str, tuple[tuple[str, re.Pattern[str], str], ...]] = {
    "uk": (
        ("г", re.compile("zgh"), "zg"),
        ("г", re.compile("(?<![kzcsg])h"), "g"),
        ("ія", re.compile("i[iy]a$"), "ia"),
        ("кс", re.compile("ks"), "x"),
    ),
    "ru": (("ия", re.compile("i[iy]a$"), "ia"), ("кс", re.compile("ks"), "x")),
}


@lru_cache(maxsize=65536)
def latin_variants(token: str, language: Language) -> frozenset[str]:
    """The lowercase ASCII forms a Cyrillic ``token`` takes in Latin script.

    The forms under every system of ``language`` (folded: no diacritics, apostrophes or
    soft-sign marks), then variants of the ending (-ii/-iy/-yi/-yy/-i/-y, -ei/-ey, ...),
    г → g (Serhiy/Sergiy), -iia/-iya → -ia (Maria) and ks → x, at most
    :data:`MAX_VARIANTS` forms. To compare across languages, union both languages' sets.
    """
    word = unicodedata.normalize("NFC", token.strip()).lower()
    forms: dict[str, None] = {}
    for system in SYSTEMS[language]:
        if form := _fold(transliterate(word, system, language)):
            forms[form] = None
    endings = {**_COMMON_ENDINGS, **_ENDINGS[language]}
    suffix = word[-2:] if len(word) > 2 else ""
    for alternative in endings.get(suffix, ()):
        for form in list(forms):
            for old in sorted(endings[suffix], key=len, reverse=True):
                if form.endswith(old):
                    forms.setdefault(form[: -len(old)] + alternative)
                    break
    for letters, pattern, replacement in _LATIN_RULES[language]:
        if letters in word:
            for form in list(forms):
                forms.setdefault(pattern.sub(replacement, form))
    return frozenset(list(forms)[:MAX_VARIANTS])


def _load_reverse() -> dict[str, dict[str, dict[str, list[tuple[str, float]]]]]:
    """Reading tables: language → context → Latin group → [(Cyrillic, cost)]."""
    tables: dict[str, dict[str, dict[str, list[tuple[str, float]]]]] = {}
    for row in _data("translit_reverse.csv"):
        for lang in SYSTEMS if row["lang"] == "*" else (row["lang"],):
            contexts = tables.setdefault(lang, {c: {} for c in _CONTEXTS})
            entry = (row["cyrillic"], float(row["cost"]))
            contexts[row["context"]].setdefault(row["latin"], []).append(entry)
    return tables


_REVERSE = _load_reverse()
_LANGUAGES: tuple[Language, ...] = ("uk", "ru")
_LATIN_VOWELS = frozenset("aeiouy")
_BEAM = 48
_CHECKED = 12
_LATIN_LETTERS = str.maketrans(
    {"č": "ch", "š": "sh", "ž": "zh", "ŝ": "shch", "â": "ya", "û": "yu", "ê": "ye", "ï": "yi"}
)


def _options(latin: str, i: int, size: int, language: str) -> list[tuple[str, float]]:
    """The readings of ``latin[i:i+size]``: the narrowest context with a rule wins."""
    table, chunk, end = _REVERSE[language], latin[i : i + size], i + size
    if (end == len(latin) or latin[end] in "- ") and chunk in table["final"]:
        return table["final"][chunk]
    if (i == 0 or latin[i - 1] in "- ") and chunk in table["initial"]:
        return table["initial"][chunk]
    if i and latin[i - 1] in _LATIN_VOWELS and chunk in table["after_vowel"]:
        return table["after_vowel"][chunk]
    return table["any"].get(chunk, [])


def _readings(latin: str, language: str) -> list[tuple[float, str]]:
    """Cyrillic readings of a folded Latin token, cheapest first (a beam search)."""
    n = len(latin)
    beams: list[dict[str, float]] = [{} for _ in range(n + 1)]
    beams[0][""] = 0.0
    for i in range(n):
        states = sorted(beams[i].items(), key=lambda kv: (kv[1], kv[0]))[:_BEAM]
        for size in range(min(5, n - i), 0, -1):
            options = _options(latin, i, size, language)
            if not options and size == 1:
                options = [(latin[i], 0.0)]  # a hyphen or a space
            for cyrillic, cost in options:
                target = beams[i + size]
                for text, so_far in states:
                    total = so_far + cost + 1
                    if total < target.get(text + cyrillic, float("inf")):
                        target[text + cyrillic] = total
    return sorted((cost, text) for text, cost in beams[n].items())


# Letter sequences Ukrainian and Russian spelling do not use (a consonant before й or ї,
# й before a vowel other than о, ии/іі, ь or ы at the start, ь after a vowel)
_IMPOSSIBLE = re.compile(
    r"[бвгґджзклмнпрстфхцчшщ][йї]|й[аеуиіїєыэюя]|[иіїы][иіы]|(?:^|[- ])[ьъы]|[аеёєиіїоуыэюя]ь"
)


def _exact(cyrillic: str, latin: str, languages: set[Language]) -> bool:
    """Whether a system or a listed variant of ``languages`` writes ``cyrillic`` as ``latin``."""
    return any(latin in latin_variants(cyrillic, language) for language in languages)


def _recase_parts(source: str, text: str) -> str:
    sources, parts = re.split("([- ])", source), re.split("([- ])", text)
    if len(sources) != len(parts):
        return _recase(source, text)
    return "".join(_recase(a, b) for a, b in zip(sources, parts, strict=True))


@lru_cache(maxsize=16384)
def cyrillic_candidates(token: str) -> tuple[str, ...]:
    """Plausible Ukrainian and Russian Cyrillic spellings of a Latin ``token``, best first.

    Best effort reverse transliteration: "Skrypnyk" gives Скрипник first, "Skripnik" gives
    Скріпнік then Скрипник, "Trots" Троць (a soft sign or apostrophe that the national
    system drops is guessed back, written ', at a cost). Readings come from per-language tables of Latin letter groups (a beam search), drop
    letter sequences neither language spells, and are ranked: first those of the cheapest
    whose :func:`latin_variants` contain ``token``, then the rest, by a cost preferring common
    correspondences (Ukrainian readings first on ties: Рівне before Ривне; no lexicon says
    which spelling exists). At most
    :data:`MAX_CANDIDATES`; the case pattern of each hyphenated part of ``token`` is kept.
    """
    latin = _fold(unicodedata.normalize("NFC", token.lower()).translate(_LATIN_LETTERS), " ")
    if not latin.strip("- "):
        return ()
    costs: dict[str, dict[Language, float]] = {}
    for language in _LANGUAGES:
        readings = _readings(latin, language)
        plausible = [r for r in readings if not _IMPOSSIBLE.search(r[1])] or readings
        for cost, text in plausible[: MAX_CANDIDATES // len(_LANGUAGES)]:
            costs.setdefault(text, {})[language] = cost

    ranked = sorted(costs, key=lambda t: (min(costs[t].values()), costs[t].get("uk", inf), t))
    # only the cheapest readings are checked against the systems: the check costs most
    exact = [t for t in ranked[:_CHECKED] if _exact(t, latin, set(costs[t]))]
    best = exact + [t for t in ranked if t not in exact]
    return tuple(_recase_parts(token, text) for text in best[:MAX_CANDIDATES])


# Crimean Tatar Latin (1997 alphabet) letters that other Latin spellings read differently:
# c is дж (Cemilev: Джемилев), j is ж; ç ş ğ ı ñ q ö ü are its own and mark a word as Crimean
# Tatar. A lone c (not in ch, cz, ck, cs, sc, tc) is read both ways, since Polish, Czech and
# English spellings use it too; only before a vowel (Victor stays Victor).
_CRH_MARKS = re.compile("[çşğıñqöüÇŞĞIİÑQÖÜ]")
_CRH_C = re.compile(r"(?<![stz])c(?=[aeiouyıöü])", re.IGNORECASE)
_CRH_LETTERS = str.maketrans(
    {"ç": "ch", "ş": "sh", "ğ": "gh", "ı": "y", "ñ": "n", "q": "k", "ö": "o", "ü": "u", "j": "zh"}
)


@lru_cache(maxsize=65536)
def crimean_tatar_reading(token: str) -> str | None:
    """A Latin ``token`` read as Crimean Tatar, in English-style letters (Cemilev → dzhemilev,
    Çiygoz → chiygoz, Qurtmolla → kurtmolla), lowercase; None when nothing reads differently
    from the common spellings (no lone c, and no letter of its own with a j)."""
    word = unicodedata.normalize("NFC", token.strip())
    marked = bool(_CRH_MARKS.search(word))
    if not _CRH_C.search(word) and not (marked and "j" in word.lower()):
        return None
    if not marked:
        return _CRH_C.sub("dzh", word).lower()
    text = _CRH_C.sub("dzh", word.replace("I", "ı").replace("İ", "i")).lower()
    return text.translate(_CRH_LETTERS)
