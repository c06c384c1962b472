"""What a spreadsheet cell may hold beside its value: a birth year or an age after a name, a
placeholder instead of a name, a Telegram account in a note; and a region heading's region for
the rows under it."""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from ..model.places import region_readings
from .telegram_json import replace_emails, replace_phones
from .values import fold

__all__ = [
    "age_in_name",
    "age_years",
    "birth_in_name",
    "failing_part",
    "give_region",
    "placeholder_sex",
    "scrub",
]


def placeholder_sex(cell: str) -> str:
    folded = fold(cell)
    if re.search(r"чолов|мужчин|\bman\b|\bmale\b|хлопец|парень", folded):
        return "male"
    if re.search(r"жінк|женщин|woman|female|дівчин|девушк", folded):
        return "female"
    return "unknown"


def give_region(
    region: str,
    places: dict[tuple[str, str], dict[str, str]],
    slots: dict[str, dict[str, Any]],
) -> None:
    """A region heading's region for a row's places that name none: the settlements the row
    gives are looked up in it; a row with no place gets it as its event's place."""
    for parts in places.values():
        if parts.get("code"):
            continue
        alone = parts.get("region")
        if alone and not parts.get("settlement") and not region_readings(alone):
            parts["settlement"] = alone  # a single place column holding a settlement
            alone = None
        if not alone:
            parts["region"] = region
    if not places and slots.get("event") and "place" not in slots["event"]:
        places[("event", "place")] = {"region": region}


HANDLE = re.compile(
    r"(?:https?://)?(?:t\.me|telegram\.me)/[A-Za-z0-9_+]{3,}|(?<![\w.@])@[A-Za-z][A-Za-z0-9_]{3,31}\b"
)


def left_out(label: str, _value: str) -> str:
    return f"[{label} left out]"


# A birth year (or date) at the end of a name cell: "Петренко Іван, 1999", "… 1999 р.н.",
# "… (1999)", "… р.н. 1999", "… 12.03.1999 г.р.".
_DIGIT = re.compile(r"\d")
_NAME_BIRTH = re.compile(
    r"\S[\s,;(]+(?:(?:р\.?\s?н\.?|г\.?\s?р\.?|born|b\.)\s*)?"
    r"((?:\d{1,2}\.\d{1,2}\.)?(?:19|20)\d{2})\s*"
    r"(?:р\.?\s?н\.?|г\.?\s?р\.?|року народження|года рождения|р\.|г\.|рік|год)?\s*\)?\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=100_000)
def birth_in_name(full: str) -> tuple[str, str] | None:
    """The name before a birth year (or date) at the end of a name cell, and the year; None
    when the cell ends with none ("Петренко Іван, 1999 р.н." -> ("Петренко Іван", "1999"))."""
    if not _DIGIT.search(full):
        return None
    match = _NAME_BIRTH.search(full)
    return (full[: match.start() + 1], match.group(1)) if match else None


# An age at the end of a name cell: "Петренко Іван, 24 роки", "… (19 лет)", "… 30 р."
_NAME_AGE = re.compile(
    r"^(.*\S)[\s,;(]+(?:вік|возраст|age)?[\s:]*(\d{1,3})\s*"
    r"(?:років|роки|рік|р\.|лет|года|год|г\.|years?(?:\s+old)?|y\.?\s*o\.?)\s*\)?\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=20_000)
def age_in_name(full: str) -> tuple[str, str] | None:
    """The name and the age in years of a name cell that ends with an age, else None."""
    if not _DIGIT.search(full):
        return None
    match = _NAME_AGE.match(full)
    return (match.group(1).rstrip(" ,;"), match.group(2)) if match else None


_AGE = re.compile(
    r"^(?:(?:близько|приблизно|около|примерно|about|approx\.?|ca\.?|~)\s*)?"
    r"(\d{1,3})(?:[.,]\d+)?\s*"
    r"(?:років|роки|рік|р\.?|лет|года|год|г\.?|years?(?:\s+old)?|y\.?\s*o\.?|yrs?\.?)?\.?$",
    re.IGNORECASE,
)
_NO_AGE = frozenset({"невідомо", "не відомо", "неизвестно", "unknown", "н/д", "-", "?", "n/a"})


def age_years(text: str) -> str | None:
    """The whole years of an age cell ('24', '24 роки', 'близько 30', '19 лет'); None when
    the cell says the age is not known; ValueError for anything else ('2 роки служби')."""
    cell = " ".join(text.split())
    if cell.lower() in _NO_AGE:
        return None
    match = _AGE.match(cell)
    if match is None:
        raise ValueError(f"{text!r} is not an age in years")
    return match.group(1)


def scrub(text: str) -> tuple[str, Counter[str]]:
    """A free-text cell (notes, address, description) without phone numbers, e-mail addresses
    and Telegram accounts ("тг @anton_l_2005", t.me/...): Svidok needs none of them to count or
    link, and a leak of them endangers people. Returns the text and what was left out."""
    dropped: Counter[str] = Counter()
    text, phones = replace_phones(text, left_out)
    text, emails = replace_emails(text, left_out)
    if "@" in text or "t.me/" in text:
        text, handles = HANDLE.subn("[Telegram account left out]", text)
        dropped["Telegram account in a text cell"] += handles
    dropped["phone number in a text cell"] += phones
    dropped["e-mail address in a text cell"] += emails
    return text, +dropped


def failing_part(parts: dict[str, str]) -> str:
    """Which part of a place made it invalid: the region, else the code, else the settlement."""
    from ..model import Place

    if parts.get("region"):
        try:
            Place.parse(parts["region"])
        except ValueError:
            return "region"
    return "code" if parts.get("code") else "settlement"
