"""Rows of a list that are not entries: region headings, footnotes, and several persons in one.

Lists kept by hand are grouped: a row "Запорізька область" (often merged across the columns)
heads the persons of that region, and the region column is left out because the heading says
it. Notes follow the data ("* дані уточнюються", "Джерело: ...", "Підготував: ..."). Read as
entries, each such row would become a person named "Запорізька область". And a cell may name
several persons ("брати Карпенки: Іван та Петро", "5 осіб з с. Михайлівка"), which one person
record cannot hold.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import region_for_name
from .values import fold

__all__ = ["Section", "names_several", "placeholder_name", "section_row"]


@dataclass(frozen=True)
class Section:
    """A row that is not an entry: ``kind`` "region" (``region`` is its ISO code, given to the
    rows under it), "heading" (a district or other group: no region taken) or "note"."""

    kind: str
    text: str
    region: str | None = None


_DIGIT = re.compile(r"\d")
_NOTE = re.compile(
    r"^(?:[*†#]|(?:примітк|примечан|прим\.|джерело|джерела|источник|source|note|nb\b|"
    r"підготува|составил|подготовил|виконав|исполнител|prepared|compiled|"
    r"станом на|дані станом|данные на|по состоянию|as of|дата звіту|дата отчета|"
    r"продовження|продолжение|continued|кінець списку|конец списка|end of list)\w*\b)",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"\b(?:район\w*|р-н\w*|громад\w*|hromada|district|raion|округ\w*|"
    r"сільськ\w* рад\w*|селищн\w* рад\w*|міськ\w* рад\w*)\b",
    re.IGNORECASE,
)


def section_row(cells: Sequence[str], used: Sequence[int]) -> Section | None:
    """What a row is if it is not an entry: one text alone in it (in one cell, or merged across
    several: the same text in each), in a list of two or more mapped columns, that names a
    region or a district, or reads as a note. None for an entry."""
    if len(used) < 2:
        return None
    text = ""
    for cell in cells:  # most rows fill two different cells: decided at the second
        if cell and (cell := cell.strip()):
            if not text:
                text = cell
            elif cell != text:
                return None
    if not text:
        return None
    if _NOTE.search(text.lstrip()):
        return Section("note", text)
    words = text.strip(" :.").split()
    if not words or len(words) > 6 or _DIGIT.search(text):
        return None
    region = region_for_name(text.strip(" :."))
    if region is not None:
        return Section("region", text, region)
    if _HEADING.search(fold(text)):
        return Section("heading", text)
    return None


# A cell naming several persons: "брати Карпенки: Іван та Петро", "Бондар, Гаврилюк, Дзюба",
# "5 осіб з с. Михайлівка", "троє чоловіків", "Іван та Петро Карпенки".
_SEVERAL = re.compile(
    r"^\s*\d+\s*(?:ос[іо]б|чол|человек|люд|persons?|people|men)\b|"
    r"\b(?:брати|братья|сестри|сестры|родина|семья|сім'я|сімʼя|family|brothers|sisters|"
    r"двоє|троє|четверо|п'ятеро|двое|трое|четверо|пятеро)\b",
    re.IGNORECASE,
)
_JOINED = re.compile(r"\s(?:та|і|й|и|and)\s|,|;|\+", re.IGNORECASE)


@functools.lru_cache(maxsize=20_000)
def names_several(cell: str) -> bool:
    """Whether a name cell names several persons (one person record cannot hold them)."""
    text = cell.strip()
    if _SEVERAL.search(text):
        return True
    # "Бондар, Гаврилюк, Дзюба" / "Іван та Петро Карпенки": two or more capitalised words on
    # each side of a joining word or comma, and no birth year or comment in parentheses
    if "(" in text or _DIGIT.search(text):
        return False
    parts = [p.strip() for p in _JOINED.split(text) if p.strip()]
    if len(parts) < 2:
        return False
    if len(parts) >= 3:
        return all(p[:1].isupper() for p in parts)
    return all(len(p.split()) >= 2 for p in parts)


_PLACEHOLDER = re.compile(
    r"^(?:н/?д|n/?a|[-–—]+|\?+|x+|(?:піб|фіо|фио|ім'я|имя|name|особа|особу|person)\s+"
    r"(?:не\s+)?(?:встановлен\w*|установлен\w*|відом\w*|известн\w*|known|unknown)|"
    r"(?:не\s*встановлен\w*|не\s*установлен\w*|невідом\w*|неизвестн\w*|unknown|анонім\w*|"
    r"аноним\w*|anonymous|без імені|без имени)(?:\s+\w+)?)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=20_000)
def placeholder_name(cell: str) -> bool:
    """Whether a name cell says the name is not known ("ПІБ не встановлено", "Невідомий
    чоловік", "Н/Д", "unknown"): no name, rather than a name that would link strangers."""
    return bool(_PLACEHOLDER.match(" ".join(cell.split()).strip(" .")))
