"""The value maps and date order a proposed mapping gives: statuses, consent answers, several
event types in one answer, and whether dates are written day or month first."""

from __future__ import annotations

import re
from collections import Counter

from ..model import vocabulary
from .cell_words import _NO, _NOT_A_STATUS, _STATUS_DETAIL, _STATUS_WORDS, _YES, guess_event_type
from .values import fold

__all__ = ["consent_map", "date_order", "several_types", "status_map"]


_STATUS_NOTE = "is not a status but an event (prosecution_opened): the status is unknown"


def status_map(
    header: str, values: Counter[str], notes: list[str], questions: list[str]
) -> dict[str, str]:
    """Values the status vocabulary does not know, each with its guessed status or '?'."""
    statuses = vocabulary("person_status")
    value_map: dict[str, str] = {}
    detailed: list[str] = []
    for value, _ in values.most_common(200):
        try:
            statuses.clean(value)
            continue
        except ValueError:
            pass
        folded = fold(value)
        guessed = next((s for w, s in _STATUS_WORDS if re.search(w, folded)), None)
        if guessed is None and _NOT_A_STATUS.search(folded):
            guessed = "unknown"
            questions.append(f"{header!r}: {value!r} {_STATUS_NOTE}")
        if guessed == "?":
            questions.append(
                f"{header!r}: {value!r} is demobilised, not serving: which status? (at_home if "
                "back home, else unknown)"
            )
        elif guessed is None:
            questions.append(f"{header!r}: which status is {value!r}? (one of {statuses.ids})")
        elif _STATUS_DETAIL.search(value):
            detailed.append(value)
        value_map[value] = guessed or "?"
    if detailed:
        notes.append(
            f"{header!r}: {', '.join(map(repr, detailed[:6]))} also give a date or a place, which "
            "are not imported (only the status is): record them as an event if they matter"
        )
    return value_map


def date_order(values: list[str]) -> tuple[str, str | None, bool]:
    """dmy, or mdy when the dates say so ("09/21/2022"); a note on why, and whether to ask.

    Dates written with dots (12.05.2001) are day first whatever the order, so they tell nothing:
    a US form's timestamps (11/25/2024 14:03:11) make dates: mdy without touching them. Of the
    dates written with slashes or dashes, only those that tell the order count: a first number
    over 12 is a day (13/07/2023), a second one over 12 a day after the month (09/21/2022).
    Twice as many of one kind decide; else ask. When none tells (03/04/1999, 05/06/2023), or
    only the form's timestamps do and other dates do not, ask too.
    """
    found: dict[str, list[str]] = {"dmy": [], "mdy": []}
    unsure: list[str] = []  # 03/04/1999: 3 April or March 4
    unsure_dates: list[str] = []  # of them, those without a time of day (not timestamps)
    dotted: list[str] = []
    mdy_dates = False  # a month-first date that is not a timestamp
    for value in values:
        match = re.fullmatch(r"\s*(\d{1,2})([/-])(\d{1,2})\2\d{2,4}([ T][\d:]+)?\s*", value)
        if match is None:
            if re.fullmatch(r"\s*\d{1,2}\.\d{1,2}\.\d{2,4}([ T][\d:]+)?\s*", value):
                dotted.append(value)
            continue
        first, second = int(match[1]), int(match[3])
        if max(first, second) > 12 >= min(first, second):
            found["dmy" if first > 12 else "mdy"].append(value)
            mdy_dates = mdy_dates or (first <= 12 and not match[4])
        elif first != second and max(first, second) <= 12:
            unsure.append(value)
            if not match[4]:
                unsure_dates.append(value)
    dmy, mdy = found["dmy"], found["mdy"]
    dots = (
        f"; dates written with dots ({dotted[0]!r}) are read day first all the same"
        if dotted
        else ""
    )
    if not mdy:
        if dmy or not unsure:
            return "dmy", None, False
        return (
            "dmy",
            (
                f"dates such as {unsure[0]!r} may be day first or month first, and no date written "
                "with slashes tells which (a number over 12 is a day): which is it? dates: dmy "
                "(day first) is proposed; if the list writes the month first, as US forms do, "
                "set dates: mdy"
            ),
            True,
        )
    if not dmy:
        if unsure_dates and not mdy_dates:
            return (
                "mdy",
                (
                    f"only the form's timestamps are written month first ({mdy[0]!r}): dates: mdy "
                    f"is proposed, and dates such as {unsure_dates[0]!r} in other columns will be read "
                    "month first too: is that what they mean? If they are day first, write them "
                    f"with dots or as 2024-11-10{dots}"
                ),
                True,
            )
        return "mdy", f"dates are written month first ({mdy[0]!r}): dates: mdy{dots}", False
    order, few = ("mdy", dmy) if len(mdy) > len(dmy) else ("dmy", mdy)
    ask = len(found[order]) < 2 * len(few)
    return (
        order,
        (
            f"dates are written both day first ({len(dmy)}, e.g. {dmy[0]!r}) and month first "
            f"({len(mdy)}, e.g. {mdy[0]!r}): {'which is it? ' if ask else ''}dates: {order} is "
            f"proposed, and dates like {few[0]!r} will be rejected as impossible: correct them in "
            f"the file{dots if order == 'mdy' else ''}"
        ),
        ask,
    )


def several_types(value: str) -> list[str] | None:
    """The event types of a cell with several answers ("Повістка, Медична комісія"), when each
    part is one and they differ; else None."""
    parts = [p for p in _ANSWERS.split(value) if p.strip()]
    if len(parts) < 2:
        return None
    guesses = [guess_event_type(p) for p in parts]
    if None in guesses:
        return None
    distinct = list(dict.fromkeys(g for g in guesses if g))
    return distinct if len(distinct) > 1 else None


_ANSWERS = re.compile(r"\s*[,;\n]\s*|\s+(?:і|й|та|и|and)\s+", re.IGNORECASE)


def consent_map(header: str, values: Counter[str], questions: list[str]) -> dict[str, str]:
    """Yes and no to the processing of personal data, as consent scopes; asked about first."""
    value_map: dict[str, str] = {}
    for value, _ in values.most_common(50):
        folded = fold(value)
        value_map[value] = (
            "none" if _NO.search(folded) else "internal_use" if _YES.search(folded) else "?"
        )
    refused = ", ".join(repr(v) for v, scope in value_map.items() if scope == "none")
    question = (
        f"CONSENT: {header!r} is person.consent: yes is internal_use (internal documentation "
        "only), no is none; check whose consent it is (the person's, or the applicant's)"
    )
    if refused:
        question += f". Rows without consent ({refused}) would still be imported: remove them "
        question += "from the file before importing"
    questions.insert(0, question)
    return value_map
