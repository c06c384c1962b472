"""Published figures that disagree: an official statement, an NGO, an international report and
the occupier's commissariat each count the same campaign their own way."""

from __future__ import annotations

import math
from datetime import date

from ..model import Record
from .capture import statement_specs
from .lists import Context
from .population import TruePerson

__all__ = ["campaign_year", "write_figures"]

_SOUTH = ("UA-23", "UA-65")
_ALL = ("UA-09", "UA-14", "UA-23", "UA-40", "UA-43", "UA-65")


def campaign_year(today: date) -> int | None:
    """The autumn call-up the figures count: 2024 when it is over by ``today``, else the
    latest one that is, else None."""
    years = [y for y in range(2022, today.year + 1) if date(y + 1, 2, 1) <= today]
    if not years:
        return None
    return 2024 if 2024 in years else years[-1]


def _statement(ctx: Context, key: str, when: date) -> Record:
    spec = statement_specs()[key]
    return ctx.builder.make(
        "source",
        {
            "kind": spec.kind,
            "title": spec.title,
            "publisher": spec.publisher,
            "language": spec.language,
            "reliability": spec.reliability,
            "locator": spec.locator,
            "date": when,
            "notes": "Вигадана заява з вигаданими цифрами для демонстрації (FICTIONAL DEMO DATA).",
        },
    )


def write_figures(
    ctx: Context, people: list[TruePerson], sources: dict[str, Record], named: dict[str, set[str]]
) -> None:
    """Figures about the autumn call-up and about deaths, side by side and in conflict.

    ``sources`` are the list sources by key and ``named`` the true ids each list names.
    """
    year = campaign_year(ctx.today)
    if year is None:
        return
    start, end = date(year, 10, 1), date(year, 12, 31)
    period = f"{year}-10/{year}-12"
    called = [
        p
        for p in people
        if any(e.type == "conscription" and start <= e.date <= end for e in p.events)
    ]
    south = [p for p in called if p.region in _SOUTH]
    as_of = min(ctx.today, date(year + 1, 1, 25))
    b = ctx.builder

    official = _statement(ctx, "official_uk", as_of)
    claimed = max(10, math.ceil(len(called) * 1.6 / 10) * 10)
    claimed_south = max(5, int(round(len(south) * 1.4, -1)))
    b.make(
        "published_figure",
        {
            "source": official.id,
            "value": claimed,
            "qualifier": "at_least",
            "unit": "persons",
            "population": "Мешканці тимчасово окупованих територій, призвані до армії РФ восени",
            "event_type": "conscription",
            "regions": _ALL,
            "period": period,
            "as_of": as_of,
            "quote": f"Щонайменше {claimed} мешканців ТОТ призвано до армії РФ восени {year} року, "
            f"близько {claimed_south} з них — із Запорізької та Херсонської областей",
        },
    )
    b.make(
        "published_figure",
        {
            "source": official.id,
            "value": claimed_south,
            "qualifier": "about",
            "unit": "persons",
            "population": "З них мешканці Запорізької та Херсонської областей",
            "event_type": "conscription",
            "regions": _SOUTH,
            "period": period,
            "as_of": as_of,
            "quote": f"близько {claimed_south} з них — із Запорізької та Херсонської областей",
        },
    )
    listed = sum(1 for p in south if p.id in named.get("ngo_south", set()))
    b.make(
        "published_figure",
        {
            "source": sources["ngo_south"].id,
            "value": listed,
            "qualifier": "at_least",
            "unit": "persons",
            "population": "Особи, задокументовані поіменно",
            "event_type": "conscription",
            "regions": _SOUTH,
            "period": period,
            "as_of": as_of,
            "quote": f"Ми поіменно задокументували щонайменше {listed} призваних восени {year}",
        },
    )
    low, high = max(1, int(len(called) * 0.7)), max(2, math.ceil(len(called) * 1.1))
    b.make(
        "published_figure",
        {
            "source": sources["intl"].id,
            "value": low,
            "value_high": high,
            "qualifier": "range",
            "unit": "persons",
            "population": "Residents of occupied areas conscripted (estimate)",
            "event_type": "conscription",
            "regions": _ALL,
            "period": period,
            "as_of": min(ctx.today, date(year + 1, 3, 31)),
            "quote": f"between {low} and {high} residents were conscripted in autumn {year}",
        },
    )
    ru = _statement(ctx, "official_ru", min(ctx.today, date(year + 1, 1, 10)))
    zp = sum(1 for p in called if p.region == "UA-23")
    reported = max(3, zp // 2)
    b.make(
        "published_figure",
        {
            "source": ru.id,
            "value": reported,
            "qualifier": "exactly",
            "unit": "persons",
            "population": "Граждане, призванные и отправленные к местам службы",
            "event_type": "conscription",
            "regions": ["UA-23"],
            "period": period,
            "as_of": min(ctx.today, date(year + 1, 1, 10)),
            "quote": f"В ходе осеннего призыва {year} года к местам службы отправлены "
            f"{reported} граждан",
        },
    )
    dead = sum(1 for p in people if p.status_at(as_of) == "dead")
    b.make(
        "published_figure",
        {
            "source": official.id,
            "value": max(5, round(dead * 1.5)),
            "qualifier": "at_least",
            "unit": "deaths",
            "population": "Загиблі серед примусово мобілізованих і призваних",
            "event_type": "death",
            "regions": _ALL,
            "period": f"2022/{year}",
            "as_of": as_of,
        },
    )
    b.make(
        "published_figure",
        {
            "source": sources["intl"].id,
            "value": max(2, round(dead * 0.6)),
            "qualifier": "about",
            "unit": "deaths",
            "population": "Deaths of forcibly mobilised residents (verified)",
            "event_type": "death",
            "regions": _ALL,
            "period": f"2022/{year}",
            "as_of": min(ctx.today, date(year + 1, 3, 31)),
        },
    )
