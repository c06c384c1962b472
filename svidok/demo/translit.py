"""Latin spellings of Cyrillic names, after several standards, with the generator's own tables.

Deliberately independent of ``svidok.names``: the demo data is the yardstick that module is
measured against, so it must not share its rules.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["STANDARDS", "Standard", "transliterate"]

Standard = Literal["ua_national", "ua_bgn", "ua_legacy", "ru_english", "ru_icao", "ru_gost"]

#: Which standards apply to names written in Ukrainian, and which to names written in Russian.
STANDARDS: dict[str, tuple[Standard, ...]] = {
    "uk": ("ua_national", "ua_bgn", "ua_legacy"),
    "ru": ("ru_english", "ru_icao", "ru_gost"),
}

_UA_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "'": "",
    "’": "",
    "ʼ": "",
}
_RU_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

# Per standard: the letter table, and letters spelled differently at the start of a word.
_TABLES: dict[Standard, tuple[dict[str, str], dict[str, str]]] = {
    # Resolution of the Cabinet of Ministers of Ukraine No. 55 (2010).
    "ua_national": (
        {**_UA_COMMON, "є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"},
        {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    ),
    # BGN/PCGN-like spellings common in older passports and in the press: Oleksiy, Yuriy.
    "ua_bgn": (
        {**_UA_COMMON, "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
        {},
    ),
    # Pre-2004 practice read through Russian habits: g for г, i for и.
    "ua_legacy": (
        {
            **_UA_COMMON,
            "г": "g",
            "и": "i",
            "є": "ye",
            "ї": "yi",
            "й": "y",
            "ю": "yu",
            "я": "ya",
            "х": "kh",
        },
        {},
    ),
    # Common English-language press forms of Russian names: Alexei, Yevgeny, Yury.
    "ru_english": (
        {**_RU_COMMON, "ё": "yo", "й": "y", "ю": "yu", "я": "ya"},
        {"е": "ye", "ё": "yo"},
    ),
    # ICAO Doc 9303 as used in Russian passports since 2013: Aleksei, Iurii.
    "ru_icao": (dict(_RU_COMMON, ъ="ie"), {}),
    # GOST 7.79-2000 system B, without its diacritic marks: Aleksej, Yurij.
    "ru_gost": (
        {
            **_RU_COMMON,
            "ё": "yo",
            "й": "j",
            "х": "x",
            "ц": "cz",
            "щ": "shh",
            "ю": "yu",
            "я": "ya",
            "ы": "y",
            "э": "e",
        },
        {},
    ),
}

_VOWELS = set("аеёиіїоуыэюяєaeiouy")


def _word(word: str, standard: Standard) -> str:
    table, initial = _TABLES[standard]
    lower = word.lower()
    out: list[str] = []
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else ""
        if i == 0 and ch in initial:
            piece = initial[ch]
        elif standard == "ru_english" and ch == "е" and (prev in _VOWELS or prev in "ьъ"):
            piece = "ye"
        elif standard == "ua_national" and ch == "г" and prev == "з":
            piece = "gh"  # зг -> zgh keeps it apart from ж (zh)
        elif standard == "ru_english" and ch == "с" and prev == "к":
            out[-1] = ""
            piece = "x"
        elif standard == "ru_english" and ch == "й" and i == len(lower) - 1:
            if prev == "и":
                out[-1] = ""
                piece = "y"  # Dmitry, Yury
            else:
                piece = "i"  # Alexei, Nikolai
        elif standard == "ru_gost" and ch == "ц" and i + 1 < len(lower) and lower[i + 1] in "иеыйі":
            piece = "c"
        else:
            piece = table.get(ch, ch)
        out.append(piece)
    text = "".join(out)
    if word.isupper() and len(word) > 1:
        return text.upper()
    if word[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def transliterate(text: str, standard: Standard) -> str:
    """Latin spelling of ``text`` (words split on spaces and hyphens) after ``standard``."""
    words = []
    for chunk in text.split(" "):
        words.append("-".join(_word(part, standard) for part in chunk.split("-")))
    return " ".join(words)
