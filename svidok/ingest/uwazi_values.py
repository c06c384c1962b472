"""Uwazi's ways of writing in a CSV export: its fixed columns' names in each export language,
multi-value cells (``|``, thesaurus groups with ``::``), links (``label|url``), coordinates and
dates or date ranges in any of its date formats. Pure helpers of :mod:`svidok.ingest.uwazi`.
"""

from __future__ import annotations

import re

from ..model import PartialDate, Place
from .values import DateOrder, fold, parse_date

__all__: list[str] = []

# Uwazi's fixed columns as its exports name them (its "System" translations in en, uk, ru, es,
# fr, ar, and what Ukrainian and Russian instances are often given instead).
_COMMON = {
    "title": ("Title", "Заголовок", "Título", "Titre", "عنوان"),
    "date added": (
        "Date added",
        "Дата додавання",
        "Дата добавления",
        "Fecha de creación",
        "Date ajoutée",
        "تم إضافة التاريخ",
    ),
    "template": ("Template", "Шаблон", "Plantilla", "Modèle", "قالب"),
    "geolocation": (
        "Geolocation",
        "Геолокація",
        "Геолокация",
        "Geolocalización",
        "Géolocalisation",
        "الموقع الجغرافي",
    ),
    "documents": ("Documents", "Документи", "Документы", "Documentos", "وثائق"),
    "attachments": (
        "Attachments",
        "Вкладення",
        "Вложения",
        "Adjuntos",
        "Archivos adjuntos",
        "Pièces jointes",
        "مرفقات",
    ),
    "published": (
        "Published",
        "У відкритому доступі",
        "Опубліковано",
        "В открытом доступе",
        "Опубликовано",
        "Publicado",
        "Publié",
        "منشور",
    ),
}
_ALIASES = {fold(name): common for common, names in _COMMON.items() for name in names}
_GEO_NAME = re.compile(r"geoloc|géoloc|геолок|موقع")
_COORDINATES = re.compile(r"-?\d{1,3}\.\d+\s*\|\s*-?\d{1,3}\.\d+")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|/)\S*", re.IGNORECASE)
_DAY = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")  # one date in an Uwazi date format


def _common(name: str) -> str:
    """The fixed column a (folded) column name is, in any export language, or the name itself."""
    if _GEO_NAME.search(name):
        return "geolocation"
    return _ALIASES.get(name, name)


def _values(text: str) -> list[tuple[str, str]]:
    """The values of a multi-value cell, each as (thesaurus group, value)."""
    found = []
    for value in text.split("|"):
        group, _, item = value.rpartition("::")
        if item.strip():
            found.append((group.strip(), item.strip()))
    return found


def _link(text: str) -> str | None:
    """The URL of an Uwazi link ("label|url"), None when the text is not one."""
    _, bar, url = text.rpartition("|")
    return url.strip() if bar and _URL.fullmatch(url.strip()) else None


def _is_region(text: str) -> bool:
    try:
        return Place.parse(text).region is not None
    except ValueError:
        return False


def _uwazi_date(text: str, order: DateOrder) -> PartialDate:
    """One date or date range as an Uwazi export writes it in any of its date formats."""
    text = text.strip()
    if "~" in text:  # a date range: from~to
        start, _, end = text.partition("~")
        return _span(parse_date(start, order), parse_date(end, order), text)
    try:
        return parse_date(text, order)
    except ValueError:
        # The ends of a range joined otherwise ("01/09/2022/15/09/2022", Uwazi's import format
        # "2022-09-01:2022-09-15"): split where both halves are whole dates, if only one way.
        splits = [
            (text[:at].strip(), text[at + 1 :].strip())
            for at, char in enumerate(text)
            if char in "/:-"
        ]
        pairs = [(a, b) for a, b in splits if _DAY.fullmatch(a) and _DAY.fullmatch(b)]
        if len(pairs) != 1:
            raise
        start, end = pairs[0]
        return _span(parse_date(start, order), parse_date(end, order), text)


def _span(start: PartialDate, end: PartialDate, text: str) -> PartialDate:
    if start.start is None or end.end is None:
        raise ValueError(f"{text!r}: a range needs both ends")
    if end.end < start.start:
        raise ValueError(f"{text!r}: the range ends before it starts")
    return PartialDate.between(start.start, end.end)
