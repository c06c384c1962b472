"""Reading values the way people write them in spreadsheets: dates and names.

Places are read in :mod:`svidok.ingest.places`. Every function here is pure and cached per
distinct input: a million-row file repeats values.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, timedelta
from typing import Literal

from ..model import PartialDate, PersonName

__all__ = [
    "DateOrder",
    "NameOrder",
    "fold",
    "parse_date",
    "split_name",
]

DateOrder = Literal["dmy", "mdy", "ymd"]
NameOrder = Literal["surname_first", "given_first", "auto"]

_MONTHS = {
    # Ukrainian (nominative and genitive), Russian (nominative, genitive, prepositional), English
    **dict.fromkeys(("січень", "січня", "січні", "січ"), 1),
    **dict.fromkeys(("лютий", "лютого", "лютому", "лют"), 2),
    **dict.fromkeys(("березень", "березня", "березні", "бер"), 3),
    **dict.fromkeys(("квітень", "квітня", "квітні", "квіт"), 4),
    **dict.fromkeys(("травень", "травня", "травні", "трав"), 5),
    **dict.fromkeys(("червень", "червня", "червні", "черв"), 6),
    **dict.fromkeys(("липень", "липня", "липні", "лип"), 7),
    **dict.fromkeys(("серпень", "серпня", "серпні", "серп"), 8),
    **dict.fromkeys(("вересень", "вересня", "вересні", "вер"), 9),
    **dict.fromkeys(("жовтень", "жовтня", "жовтні", "жовт"), 10),
    **dict.fromkeys(("листопад", "листопада", "листопаді", "лист"), 11),
    **dict.fromkeys(("грудень", "грудня", "грудні", "груд"), 12),
    **dict.fromkeys(("январь", "января", "январе", "янв"), 1),
    **dict.fromkeys(("февраль", "февраля", "феврале", "фев", "февр"), 2),
    **dict.fromkeys(("март", "марта", "марте", "мар"), 3),
    **dict.fromkeys(("апрель", "апреля", "апреле", "апр"), 4),
    **dict.fromkeys(("май", "мая", "мае"), 5),
    **dict.fromkeys(("июнь", "июня", "июне", "июн"), 6),
    **dict.fromkeys(("июль", "июля", "июле", "июл"), 7),
    **dict.fromkeys(("август", "августа", "августе", "авг"), 8),
    **dict.fromkeys(("сентябрь", "сентября", "сентябре", "сен", "сент"), 9),
    **dict.fromkeys(("октябрь", "октября", "октябре", "окт"), 10),
    **dict.fromkeys(("ноябрь", "ноября", "ноябре", "ноя", "нояб"), 11),
    **dict.fromkeys(("декабрь", "декабря", "декабре", "дек"), 12),
    **dict.fromkeys(("january", "jan"), 1),
    **dict.fromkeys(("february", "feb"), 2),
    **dict.fromkeys(("march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("may",), 5),
    **dict.fromkeys(("june", "jun"), 6),
    **dict.fromkeys(("july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("october", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_SEASONS = {
    # the season's name and the adverbs for "in winter", "in spring"... (Ukrainian, Russian)
    **dict.fromkeys(("зима", "зимою", "взимку", "узимку", "зимой", "winter"), (12, 2)),
    **dict.fromkeys(("весна", "навесні", "весною", "весной", "spring"), (3, 5)),
    **dict.fromkeys(("літо", "влітку", "улітку", "літом", "лето", "летом", "summer"), (6, 8)),
    **dict.fromkeys(("осінь", "восени", "осінню", "осень", "осенью", "autumn", "fall"), (9, 11)),
}
_WINTERS = "|".join(word for word, months in _SEASONS.items() if months[0] == 12)
# A word for "year" or "years" after a year: "2024 р.", "2024р", "2023 года", "2022-2023 рр."
_YEAR_SUFFIX = re.compile(
    r"(?<=\d)\s*(?:(?:рр?|гг?)\.?|(?:рік|року|році|роки|років|роках|год|года|году|годы|годах|"
    r"yrs?|years?)\b\.?)\s*$",
    re.IGNORECASE,
)
# "Year of birth" written before or after it: "1984 г.р.", "2001 р.н.", "р.н. 1990",
# "1990 року народження", "1985 года рождения", "born 1990".
_BIRTH = re.compile(
    r"^(?:(?:р\.?\s*н|г\.?\s*р)\.?|рік народження|год рождения|born(?:\s+in)?|b\.)\s*(?=\d)"
    r"|(?<=\d)\s*(?:(?:р\.?\s*н|г\.?\s*р)\.?|(?:року|р\.)\s*(?:народження|нар\.?)"
    r"|(?:года|г\.)\s*(?:рождения|рожд\.?))\s*$",
    re.IGNORECASE,
)
# Ordinal endings after a number: "5th", "5-го березня", "у 2023-му році".
_ORDINAL = re.compile(r"(?<=\d)(?:-?(?:го|ого|му|ому|й|ий|ій|м)|st|nd|rd|th)(?![\w])", re.I)
# Day, month name and year with dashes, dots or spaces (05-Mar-2024, 5-Mar-24); month name and
# year with a dash (Mar-2024). A month name with two digits alone (Mar-24) stays ambiguous.
_DAY_MONTH_WORD = re.compile(r"^(\d{1,2})[-./ ]+([^\W\d_]+)\.?[-./ ]+(\d{4}|\d{2})$")
_MONTH_WORD_YEAR = re.compile(r"^([^\W\d_]+)\.?[-./](\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,4})[./\-](\d{1,2})(?:[./\-](\d{1,4}))?$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./\-](\d{4})$|^(\d{4})[./\-](\d{1,2})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def fold(text: str) -> str:
    """Case-folded, NFC, single-spaced, apostrophes unified: for comparing what people typed."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("’", "'").replace("ʼ", "'").replace("`", "'").replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip(" .,;")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # "12.03.24": this century unless that would be in the future
        year += 2000 if year <= date.today().year % 100 else 1900
    return year


def _one(text: str, order: DateOrder) -> PartialDate:
    text = _YEAR_SUFFIX.sub("", text).strip()
    if re.fullmatch(r"\d{4}", text):
        return PartialDate.parse(text)
    match = _DAY_MONTH_WORD.match(text)
    if match and fold(match[2]) in _MONTHS:
        named = _MONTHS[fold(match[2])]
        return PartialDate.parse(f"{_year(match[3]):04d}-{named:02d}-{int(match[1]):02d}")
    match = _MONTH_WORD_YEAR.match(text)
    if match and fold(match[1]) in _MONTHS:
        return PartialDate.parse(f"{match[2]}-{_MONTHS[fold(match[1])]:02d}")
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial day number that lost its format
        serial = int(float(text))
        if 20_000 <= serial <= 80_000:
            return PartialDate.parse(_EXCEL_EPOCH + timedelta(days=serial))
        raise ValueError(f"{text!r} is not a date")
    match = _MONTH_YEAR.match(text)
    if match:
        month, year = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        return PartialDate.parse(f"{int(year):04d}-{int(month):02d}")
    match = _NUMERIC.match(text)
    if match:
        a, b, c = match.groups()
        if c is None:  # month and year: "03.2024", "2024-03"
            year, month = (a, b) if len(a) == 4 else (b, a)
            return PartialDate.parse(f"{_year(year):04d}-{int(month):02d}")
        if len(a) == 4 or order == "ymd":
            y, m, d = a, b, c
        elif order == "mdy" and "." not in text:  # dotted dates are day first everywhere
            m, d, y = a, b, c
        else:
            d, m, y = a, b, c
        return PartialDate.parse(f"{_year(y):04d}-{int(m):02d}-{int(d):02d}")
    if "T" in text and re.match(r"^\d{4}-\d{2}-\d{2}T", text):  # ISO datetime from a spreadsheet
        return PartialDate.parse(text[:10])
    words = [w for w in fold(text).replace(",", " ").split() if w not in ("the", "of")]
    if len(words) in (2, 3) and re.fullmatch(r"\d{4}", words[-1]):
        year = int(words[-1])
        if len(words) == 2 and words[0] in _SEASONS:
            first, last = _SEASONS[words[0]]
            if first == 12:  # winter 2024 = December 2023 to February 2024
                return PartialDate.parse(f"{year - 1:04d}-12/{year:04d}-02")
            return PartialDate.parse(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}")
        words = [w.rstrip(".") for w in words]
        if len(words) == 3 and words[0] in _MONTHS and words[1].isdigit():  # March 5, 2024
            words = [words[1], words[0], words[2]]
        month_word = words[-2]
        if month_word in _MONTHS:
            month = _MONTHS[month_word]
            if len(words) == 2:
                return PartialDate.parse(f"{year:04d}-{month:02d}")
            if words[0].isdigit():
                return PartialDate.parse(f"{year:04d}-{month:02d}-{int(words[0]):02d}")
    raise ValueError(f"{text!r} is not a date this importer can read")


@functools.lru_cache(maxsize=100_000)
def parse_date(text: str, order: DateOrder = "dmy") -> PartialDate:
    """A partial date from what people write: 05.03.2024, 2024-03-05, 03.2024, березень 2024,
    12 марта 2024, Mar 5, 2024, 05-Mar-24, осінь 2024, восени 2022, 2024 р., 1984 г.р.,
    2023–2024, 09.2024-11.2024, an Excel serial (45356), quarters (II квартал 2024, Q3 2024),
    parts of a year or month (кінець 2024, early March 2024), halves, ranges of months or
    seasons in one year, winters with both years.

    Day-first by default (Ukrainian and Russian usage); ``order`` says otherwise for dates
    written with slashes or dashes. Dates written with dots (12.05.2001) are day first whatever
    the order: month-first dates are written with slashes (a US form's 11/25/2024). Raises
    ValueError for impossible dates (31.02.2024) and text that is not a date.
    """
    text = text.strip()
    if fold(text) in ("", "невідомо", "неизвестно", "unknown", "н/д", "-", "?"):
        return PartialDate.parse("")
    try:
        return _parse_date(text, order)
    except ValueError as exc:
        message = str(exc)
        if not message.startswith(repr(text)):
            message = f"{text!r}: {message.split(': ', 1)[-1]}"
        raise ValueError(message) from None


# Written around a date without changing it: "близько 2023", "~2024", "2024?", "в 2024 году".
_APPROXIMATE = re.compile(
    r"^(?:[~≈]\s*|(?:ca|c|approx)\.\s*|(?:ca|approx|approximately|about|around|близько|"
    r"приблизно|орієнтовно|около|примерно|ориентировочно|in|в|у|во)\s+)|\s*\?+$",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"^(.*\d)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(
    r"^(?:(?P<n>i{1,3}|iv|[1-4])(?:-?(?:й|ий|ій|st|nd|rd|th))?\s*"
    r"(?:кв\.?|квартал[а-яі]*|quarter|q)\s*(?P<y>\d{4})"
    r"|q(?P<n2>[1-4])\s*(?P<y2>\d{4})|(?P<y3>\d{4})\s*-?\s*q(?P<n3>[1-4]))$"
)
# Parts of a year (months) or of a month (days): early, middle, late; halves of a year.
_PARTS = {
    **dict.fromkeys(
        ("початок", "початку", "на початку", "начало", "начале", "в начале", "early",
         "beginning of", "the beginning of", "start of"),
        0,
    ),
    **dict.fromkeys(
        ("середина", "середині", "в середині", "середине", "в середине", "mid", "mid-",
         "middle of", "the middle of"),
        1,
    ),
    **dict.fromkeys(
        ("кінець", "кінці", "в кінці", "наприкінці", "кінця", "конец", "конце", "в конце",
         "late", "end of", "the end of"),
        2,
    ),
}  # fmt: skip
_HALVES = {
    **dict.fromkeys(("перша половина", "первая половина", "first half of", "first half", "h1"), 0),
    **dict.fromkeys(
        ("друга половина", "вторая половина", "second half of", "second half", "h2"), 1
    ),
}


def _special(text: str) -> PartialDate | None:
    """Quarters, parts and halves of a year or month, ranges of months or seasons in one year
    and winters written with both years; None when the text is none of these."""
    folded = fold(text)
    match = _QUARTER.match(folded)
    if match:
        quarter = _ROMAN[match["n"] or match["n2"] or match["n3"]]
        year = int(match["y"] or match["y2"] or match["y3"])
        first = 3 * quarter - 2
        return PartialDate.parse(f"{year:04d}-{first:02d}/{year:04d}-{first + 2:02d}")
    match = re.fullmatch(rf"({_WINTERS})\s+(\d{{4}})\s*[/-]\s*(\d{{2}}|\d{{4}})", folded)
    if match:
        first_year = int(match[2])
        second = int(match[3]) if len(match[3]) == 4 else first_year // 100 * 100 + int(match[3])
        if second != first_year + 1:
            raise ValueError(f"{text!r}: a winter spans two consecutive years")
        return PartialDate.parse(f"{first_year:04d}-12/{second:04d}-02")
    match = re.fullmatch(r"([a-zа-яіїєґ]+)\.?\s*[-–—/]\s*([a-zа-яіїєґ]+)\.?\s+(\d{4})", folded)
    if match:
        year = int(match[3])
        spans = []
        for word in (match[1], match[2]):
            if word in _MONTHS:
                spans.append((_MONTHS[word], _MONTHS[word]))
            elif word in _SEASONS and _SEASONS[word][0] != 12:
                spans.append(_SEASONS[word])
            else:
                return None
        first, last = spans[0][0], spans[1][1]
        if last < first:
            raise ValueError(f"{text!r}: the range ends before it starts")
        return PartialDate.parse(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}")
    for part in sorted((*_HALVES, *_PARTS), key=len, reverse=True):
        rest = folded[len(part) :].lstrip(" -")
        if not folded.startswith(part) or rest == folded[len(part) :] or not rest:
            continue
        if part in _HALVES:
            if not re.fullmatch(r"\d{4}", rest):
                return None
            year, first = int(rest), 1 + 6 * _HALVES[part]
            return PartialDate.parse(f"{year:04d}-{first:02d}/{year:04d}-{first + 5:02d}")
        third = _PARTS[part]
        try:
            inner = _one(rest, "dmy")
        except ValueError:
            return None
        if inner.precision == "year" and inner.start is not None:
            first, year = 1 + 4 * third, inner.start.year
            return PartialDate.parse(f"{year:04d}-{first:02d}/{year:04d}-{first + 3:02d}")
        if inner.precision == "month" and inner.start is not None and inner.end is not None:
            day = (1, 11, 21)[third]
            start = inner.start.replace(day=day)
            end = inner.end if third == 2 else inner.start.replace(day=day + 9)
            return PartialDate.between(start, end)
        return None
    return None


# A comment after a date: "2022 (точна дата невідома)", "05.03.2024 (приблизно)".
_COMMENT = re.compile(r"\s*\([^()]*\)\s*$")
# Days of one month: "22-23.09.2022", "10–15 жовтня 2022", "з 10 по 15 жовтня 2022".
_DAY_SPAN = re.compile(
    r"^(?:з|с|від|от|from|between|між|между)?\s*(\d{1,2})\s*(?:[-–—]|по|до|і|и|and|to)\s*"
    r"(\d{1,2})(\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4}|\s+[^\W\d_]+\.?\s+\d{4})$",
    re.IGNORECASE,
)


def _parse_date(text: str, order: DateOrder) -> PartialDate:
    text = _COMMENT.sub("", text).strip() or text
    span = _DAY_SPAN.match(text)
    if span:
        first, last, rest = span.group(1), span.group(2), span.group(3)
        joiner = "" if rest.lstrip()[:1] in "./" else " "
        text = f"{first}{joiner}{rest.strip()} – {last}{joiner}{rest.strip()}"
    text = _BIRTH.sub("", text).strip()
    text = _APPROXIMATE.sub("", text).strip()
    text = _YEAR_SUFFIX.sub("", _ORDINAL.sub("", text)).strip()
    timed = _TIME_OF_DAY.match(text)
    if timed:
        text = timed.group(1)
    special = _special(text)
    if special is not None:
        return special
    for separator in (" – ", " — ", "–", "—", " - ", "/", "-"):
        if separator in text:
            left, _, right = text.partition(separator)
            if separator in ("/", "-") and any(
                pattern.match(text)
                for pattern in (
                    _NUMERIC,
                    _MONTH_YEAR,
                    _ISO_DATETIME,
                    _DAY_MONTH_WORD,
                    _MONTH_WORD_YEAR,
                )
            ):
                break  # a single date written with slashes or dashes
            start, end = _one(left, order), _one(right, order)
            if start.start is None or end.end is None:
                raise ValueError(f"{text!r}: a range needs both ends")
            if end.end < start.start:
                raise ValueError(f"{text!r}: the range ends before it starts")
            return PartialDate.between(start.start, end.end)
    return _one(text, order)


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=200_000)
def split_name(full: str, order: NameOrder = "surname_first") -> PersonName:
    """Split a full name into parts (see :func:`svidok.names.parse_name`), keeping it as written.

    Handles "Прізвище Ім'я По батькові", "Ім'я По батькові Прізвище", "Прізвище, Ім'я",
    initials ("Скрипник О.В.", "О. В. Скрипник"), capitals marking the surname and Latin
    names; with ``order`` "auto", patronymic endings and known given names decide.
    """
    from ..names import parse_name

    text = _SPACES.sub(" ", full).strip()
    parsed = parse_name(text, order)
    return PersonName.parse(
        {
            "full": text,
            "surname": parsed.surname,
            "given": parsed.given,
            "patronymic": parsed.patronymic,
        }
    )
