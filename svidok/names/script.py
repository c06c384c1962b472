"""Which script and language a name token is written in.

Ukrainian and Russian share most of the Cyrillic alphabet. Ukrainian alone has і ї є ґ (and
the apostrophe inside words); Russian alone has ы э ё ъ. A token with none of these, such as
"Скрипник" or "Мельник", is ambiguous: it gets both readings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

__all__ = ["Script", "languages", "normalize_token", "token_script"]

Script = Literal["uk", "ru", "cyrillic", "latin", "mixed", "other"]

_UK = frozenset("іїєґІЇЄҐ")
_RU = frozenset("ыэёъЫЭЁЪ")
# Apostrophes, and the Library of Congress primes for ь and ъ (Khmelʹnyt͡sʹkyĭ, Lukʺi͡anchuk);
# its tie (U+0361, U+0360) only joins two letters that stand for one and goes.
_APOSTROPHES = str.maketrans(
    {"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'", "ʹ": "'", "ʺ": "'", "\u0361": None}
    | {"\u0360": None}
)
# Quotation marks typed for an apostrophe between two letters (Мар"яна, В”ячеслав; BGN/PCGN
# writes the Ukrainian apostrophe as ”: Luk”yanchuk).
_QUOTE_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[\"”“″](?=[^\W\d_])")
# Latin letters that look like Cyrillic ones: a name typed on a mixed keyboard ("Cкрипник"
# with a Latin C) is repaired when the rest of the token is Cyrillic.
_HOMOGLYPHS = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "i": "і",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "I": "І",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
    }
)

# ...and the other way round: "Kovalсhuk" with a Cyrillic с.
_TO_LATIN = str.maketrans({cyrillic: chr(latin) for latin, cyrillic in _HOMOGLYPHS.items()})
_LATIN_LOOKALIKES = frozenset(map(chr, _HOMOGLYPHS))
_CYRILLIC_LOOKALIKES = frozenset(_HOMOGLYPHS.values())


@functools.lru_cache(maxsize=200_000)
def normalize_token(token: str) -> str:
    """NFC, unified apostrophes, stray look-alikes of the other script made the word's own:
    Latin ones in a Cyrillic word (Cкрипник), Cyrillic ones in a Latin word (Kovalсhuk)."""
    text = unicodedata.normalize("NFC", token).translate(_APOSTROPHES).strip()
    if '"' in text or "”" in text or "“" in text or "″" in text:
        text = _QUOTE_APOSTROPHE.sub("'", text)
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "CYRILLIC" in unicodedata.name(ch, ""))
    if not cyrillic or cyrillic == len(letters):
        return text
    # A letter only one script has says which script the word is in: "BЛACEHKO" is
    # Cyrillic (Л), "Kovalсhuk" with a Cyrillic с is Latin (v, l, h, u); else the majority.
    only_cyrillic = any(
        ch not in _CYRILLIC_LOOKALIKES and "CYRILLIC" in unicodedata.name(ch, "") for ch in letters
    )
    only_latin = any(
        ch not in _LATIN_LOOKALIKES and "LATIN" in unicodedata.name(ch, "") for ch in letters
    )
    if only_cyrillic != only_latin:
        return text.translate(_HOMOGLYPHS if only_cyrillic else _TO_LATIN)
    if not only_cyrillic and not only_latin:
        return text.translate(_HOMOGLYPHS if cyrillic >= len(letters) / 2 else _TO_LATIN)
    return text


@functools.lru_cache(maxsize=200_000)
def token_script(token: str) -> Script:
    """The script of a token, with Ukrainian and Russian told apart when letters allow."""
    letters = [ch for ch in token if ch.isalpha()]
    if not letters:
        return "other"
    cyrillic = latin = 0
    for ch in letters:
        name = unicodedata.name(ch, "")
        if "CYRILLIC" in name:
            cyrillic += 1
        elif "LATIN" in name:
            latin += 1
    if cyrillic and latin:
        return "mixed"
    if latin:
        return "latin"
    if not cyrillic:
        return "other"
    uk = any(ch in _UK for ch in letters) or "'" in token.strip("'")
    ru = any(ch in _RU for ch in letters)
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    return "cyrillic"


def languages(token: str) -> tuple[str, ...]:
    """The readings a token allows: ("uk",), ("ru",), ("uk", "ru") or ("latin",)."""
    script = token_script(token)
    if script in ("uk", "ru"):
        return (script,)
    if script == "cyrillic":
        return ("uk", "ru")
    if script == "latin":
        return ("latin",)
    return ()
