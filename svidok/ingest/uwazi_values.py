"""Uwazi's ways of writing in a CSV export: its fixed columns' names in each export language,
multi-value cells (``|``, thesaurus groups with ``::``), links (``label|url``), coordinates and
dates or date ranges in any of its date formats. Pure helpers of :mod:`svidok.ingest.uwazi`.
"""

from __future__ import annotations

import hashlib
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
# Coordinates inside a text: Uwazi's "lat|lon", or "47.0951, 35.3012" (four or more decimals,
# so that "1.5, 2.5" is left alone).
_COORDINATES_IN_TEXT = re.compile(
    r"(?<![\w.])-?\d{1,3}\.\d+\s*\|\s*-?\d{1,3}\.\d+(?![\w.])"
    r"|(?<![\w.])-?\d{1,3}\.\d{4,}°?\s*[,;\s]\s*-?\d{1,3}\.\d{4,}°?(?![\w.])"
)
_DEGREES = re.compile(r"-?\d{1,3}\.\d+°?")  # one part of a coordinate pair split by "|"
_MEANINGFUL = re.compile(r"[^\W_]")  # a letter or a digit
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|/)\S*", re.IGNORECASE)
_DAY = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")  # one date in an Uwazi date format


def _common(name: str) -> str:
    """The fixed column a (folded) column name is, in any export language, or the name itself."""
    if _GEO_NAME.search(name):
        return "geolocation"
    return _ALIASES.get(name, name)


def _blank(text: str) -> bool:
    """Whether a cell holds no letter or digit (a junk row's ",,,")."""
    return not _MEANINGFUL.search(text)


def _drop_coordinates(text: str, instead: str = "") -> tuple[str, int]:
    """A cell without the coordinates it holds (each pair replaced by ``instead``), and how
    many pairs were taken out."""
    if _COORDINATES.fullmatch(text.strip()):
        return "", 1
    cleaned, found = _COORDINATES_IN_TEXT.subn(instead, text)
    if found and not instead:
        cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ,;")
    return cleaned, found


def _drop_coordinates_in_list(text: str) -> tuple[str, int]:
    """A relationship cell (titles joined by "|") without the coordinates Uwazi writes beside
    an inherited geolocation ("Title|46.851|35.371"), and how many pairs were taken out."""
    kept: list[str] = []
    loose = 0
    for part in text.split("|"):
        if _DEGREES.fullmatch(part.strip()):
            loose += 1
        else:
            kept.append(part)
    return "|".join(kept), (loose + 1) // 2


def _title_digest(title: str, salt: bytes = b"") -> str:
    """What keys hold instead of an entity's title (a person's name must not be stored in
    the clear): a hash of the folded title, the same in every export and import."""
    data = b"svidok uwazi title\0" + salt + b"\0" + fold(title).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


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
