"""Rules that involve more than one field, or more than one record."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .dates import PartialDate

__all__ = ["involvement_problems", "record_problems"]

Rule = Callable[[Mapping[str, Any], date], list[tuple[str, str]]]


def _future(values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    problems = []
    for name, value in values.items():
        if isinstance(value, PartialDate) and value.start is not None and value.start > today:
            problems.append((name, f"{value} is in the future (today is {today.isoformat()})"))
    return problems


def _person(values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    problems = []
    birth: PartialDate | None = values.get("birth")
    age = values.get("age")
    if age is not None:
        if age.at.start is not None and age.at.start > today:
            problems.append(("age", f"age is given at a future date {age.at}"))
        if birth is not None and birth.known and age.at.known:
            assert birth.start and birth.end and age.at.start and age.at.end
            low = age.at.start.year - birth.end.year - 1
            high = age.at.end.year - birth.start.year
            if not low <= age.years <= high:
                problems.append(
                    ("age", f"age {age.years} at {age.at} does not fit birth date {birth}")
                )
    return problems


def _figure(values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    qualifier, high = values.get("qualifier"), values.get("value_high")
    if qualifier == "range":
        if high is None:
            return [("value_high", "a range needs an upper bound")]
        if high < values.get("value", 0):
            return [("value_high", f"upper bound {high} is below the value {values.get('value')}")]
    elif high is not None:
        return [
            (
                "value_high",
                f"an upper bound is only allowed with qualifier 'range', not {qualifier!r}",
            )
        ]
    return []


def _judgement(values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    if values.get("left") is not None and values.get("left") == values.get("right"):
        return [("right", "a judgement needs two different person records")]
    return []


def _consent(values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    consent = values.get("consent")
    if consent is not None:
        for when in (consent.date, consent.withdrawn_date):
            if when is not None and when.start is not None and when.start > today:
                return [("consent", f"consent date {when} is in the future")]
    return []


_NO_DATES = frozenset({"involvement", "evidence", "judgement"})  # kinds without date fields
_RULES: dict[str, tuple[Rule, ...]] = {
    "person": (_person, _consent),
    "published_figure": (_figure,),
    "judgement": (_judgement,),
}


def record_problems(kind: str, values: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(field, message) pairs for rules that span fields of one record."""
    problems = _future(values, today) if kind not in _NO_DATES else []
    for rule in _RULES.get(kind, ()):
        problems.extend(rule(values, today))
    return problems


def involvement_problems(
    person: Mapping[str, Any], event: Mapping[str, Any], role: str
) -> list[tuple[str, str]]:
    """(field, message) pairs when a person's data contradicts an event they are linked to."""
    birth: PartialDate | None = person.get("birth")
    when: PartialDate | None = event.get("date")
    problems = []
    if (
        role in ("victim", "witness", "perpetrator")
        and birth
        and when
        and when.definitely_before(birth)
    ):
        problems.append(
            (
                "event",
                f"the {event.get('type')} event ({when}) is before the person's birth ({birth})",
            )
        )
    return problems
