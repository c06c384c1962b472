"""How sources write a true name: script, order, initials, inflection, transliteration, typos."""

from __future__ import annotations

import random
from typing import Literal

from .inflect import Case, inflect
from .names import TrueName
from .translit import STANDARDS, Standard, transliterate

__all__ = [
    "Order",
    "age_words",
    "cyrillic_name",
    "latin_name",
    "mention",
    "typo",
]

#: "sgp": Скрипник Олексій Вікторович; "gps": Олексій Вікторович Скрипник; "gs": Олексій
#: Скрипник; "sg": Скрипник Олексій; "si": Скрипник О.В. (initials); "SG": СКРИПНИК Олексій.
Order = Literal["sgp", "gps", "gs", "sg", "si", "SG"]

_CONFUSABLE = {"и": "і", "і": "и", "е": "є", "є": "е", "ї": "і", "ё": "е", "ы": "и", "э": "е"}
_APOSTROPHES = ("'", "’", "ʼ", "")


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one slip of the keyboard or the ear; the first letter is kept."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    for ch in ("'", "’", "ʼ"):
        if ch in word and kind < 0.5:
            return word.replace(ch, rng.choice([a for a in _APOSTROPHES if a != ch]))
    if kind < 0.3:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.55:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i] + word[i:]
    lower = word.lower()
    spots = [j for j in range(1, len(word)) if lower[j] in _CONFUSABLE]
    if spots:
        j = rng.choice(spots)
        repl = _CONFUSABLE[lower[j]]
        return word[:j] + (repl.upper() if word[j].isupper() else repl) + word[j + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _initial(word: str) -> str:
    return f"{word[0]}." if word else ""


def cyrillic_name(
    name: TrueName,
    lang: str,
    *,
    order: Order = "sgp",
    patronymic: bool = True,
    typos: int = 0,
    rng: random.Random | None = None,
) -> dict[str, str]:
    """A person_name value as a Cyrillic list writes it: parts and the full form."""
    given, pat, surname = name.parts(lang)
    if not patronymic:
        pat = ""
    if typos and rng is not None:
        for _ in range(typos):
            which = rng.random()
            if which < 0.55:
                surname = typo(surname, rng)
            elif which < 0.85 or not pat:
                given = typo(given, rng)
            else:
                pat = typo(pat, rng)
    if order == "si":
        initials = _initial(given) + _initial(pat)
        return {"full": f"{surname} {initials}", "surname": surname}
    words = {
        "sgp": (surname, given, pat),
        "gps": (given, pat, surname),
        "gs": (given, surname),
        "sg": (surname, given),
        "SG": (surname.upper(), given, pat),
    }[order]
    full = " ".join(w for w in words if w)
    parts = {"surname": surname, "given": given, "patronymic": pat}
    return {"full": full, **{k: v for k, v in parts.items() if v}}


def mention(
    name: TrueName, lang: str, case: Case, *, patronymic: bool = False, surname_first: bool = False
) -> str:
    """The name declined inside a sentence: "Олексія Скрипника", "Алексею Скрипнику"."""
    given, pat, surname = name.parts(lang)
    g = inflect(given, case, lang=lang, sex=name.sex, part="given")
    p = inflect(pat, case, lang=lang, sex=name.sex, part="patronymic") if patronymic else ""
    s = inflect(surname, case, lang=lang, sex=name.sex, part="surname")
    words = (s, g, p) if surname_first else (g, p, s)
    return " ".join(w for w in words if w)


def latin_name(
    name: TrueName,
    rng: random.Random,
    *,
    lang: str = "uk",
    standard: Standard | None = None,
    order: Literal["gs", "Sg", "s,g", "gps"] = "gs",
    common_given: float = 0.2,
) -> dict[str, str]:
    """A person_name value in Latin letters after one of the standards for ``lang``.

    With probability ``common_given`` the given name takes a common English spelling from the
    name table instead (Alexander, Yevgeny), as reports compiled from many sources do.
    """
    chosen = rng.choice(STANDARDS[lang]) if standard is None else standard
    given, pat, surname = (transliterate(p, chosen) for p in name.parts(lang))
    if rng.random() < common_given:
        given = rng.choice(name.latin_given)
    if order == "Sg":
        full = f"{surname.upper()} {given}"
    elif order == "s,g":
        full = f"{surname}, {given}"
    elif order == "gps":
        full = f"{given} {pat} {surname}"
    else:
        full = f"{given} {surname}"
    parts = {"full": full, "given": given, "surname": surname}
    if order == "gps":
        parts["patronymic"] = pat
    return parts


def age_words(years: int, lang: str) -> str:
    """An age as a sentence says it: "24 роки", "25 лет", "21 years old"."""
    if lang == "en":
        return f"{years} years old"
    last, last_two = years % 10, years % 100
    if last == 1 and last_two != 11:
        word = "рік" if lang == "uk" else "год"
    elif 2 <= last <= 4 and not 12 <= last_two <= 14:
        word = "роки" if lang == "uk" else "года"
    else:
        word = "років" if lang == "uk" else "лет"
    return f"{years} {word}"
