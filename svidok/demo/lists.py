"""Writers for the sources that keep lists: NGO lists, an interview archive, an international
report annex. Each appearance of a true person becomes its own person record."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import PartialDate, Record
from .builder import Builder
from .capture import ListSpec
from .names import draw_name
from .population import TrueEvent, TruePerson
from .render import birth_value, event_values, headline, origin_value, phrases, town
from .variants import Order, cyrillic_name, latin_name, mention, typo

__all__ = ["Context", "write_interviews", "write_intl", "write_ngo_list"]

#: Regions where many people use the Russian forms of their names in daily life.
RUSSIAN_SPEAKING = frozenset({"UA-14", "UA-09", "UA-43", "UA-40"})


@dataclass
class Context:
    """What every writer needs: the record builder, a random stream, and today."""

    builder: Builder
    rng: random.Random
    today: date


def _verification(rng: random.Random, weights: tuple[int, int, int]) -> str:
    return rng.choices(("unverified", "partially_verified", "verified"), weights)[0]


def _name_lang(rng: random.Random, person: TruePerson, russified: float) -> str:
    return "ru" if person.region in RUSSIAN_SPEAKING and rng.random() < russified else "uk"


def write_ngo_list(ctx: Context, spec: ListSpec, src: Record, people: list[TruePerson]) -> None:
    """A spreadsheet of names: one row per person, a few people entered twice."""
    rng, b = ctx.rng, ctx.builder
    as_of = spec.as_of(ctx.today)
    rows = [(p, False) for p in people]
    rows += [(p, True) for p in people if rng.random() < 0.04]
    rng.shuffle(rows)
    for n, (person, duplicate) in enumerate(rows, start=1):
        lang = _name_lang(rng, person, 0.5 if duplicate else 0.12)
        order: Order = rng.choice(["sg", "gs", "si", "sgp"]) if duplicate else "sgp"
        name = cyrillic_name(
            person.name,
            lang,
            order=order,
            patronymic=rng.random() < 0.75,
            typos=int(rng.random() < 0.08),
            rng=rng,
        )
        values: dict[str, Any] = {
            "name": name,
            "sex": person.sex if rng.random() < 0.9 else None,
            "origin": origin_value(rng, person, "uk", settlement=0.8),
            "minor": True if person.minor else None,
            "status": person.status_at(as_of) if rng.random() < 0.8 else None,
        }
        roll = rng.random()
        if roll < 0.7:
            values["birth"] = birth_value(rng, person, wrong=0.06)
        elif roll < 0.82:
            values["birth"] = birth_value(rng, person, wrong=0, precision="year")
        elif roll < 0.9:
            values["age"] = {"years": person.age_at(as_of), "at": as_of}
        if rng.random() < 0.5:
            values["consent"] = {
                "scope": rng.choice(
                    ["aggregate_publication", "named_publication", "legal_proceedings"]
                ),
                "date": as_of - timedelta(days=rng.randint(0, 200)),
            }
        record = b.person(values, true_id=person.id, list_id=src.id, source_id=src.id)
        locator = f"рядок {n}"
        b.claim(
            src,
            record,
            credibility=rng.choice("223"),
            verification=_verification(rng, (3, 4, 3)),
            locator=locator,
            recorded=as_of,
        )
        known = person.events_until(as_of)
        main = headline(known)
        for event in known:
            if event not in main and rng.random() > 0.35:
                continue
            e = b.event(
                event_values(rng, person, event, "uk", ctx.today, dates=(50, 35, 6, 5, 4)),
                truth=f"{person.id}#{event.index}",
            )
            b.involve(record, e)
            b.claim(
                src,
                e,
                credibility=rng.choice("2233"),
                verification=_verification(rng, (4, 4, 2)),
                locator=locator,
            )


def _interview_date(rng: random.Random, person: TruePerson, today: date) -> date:
    anchor = rng.choice(person.events_until(today))
    return min(today, anchor.date + timedelta(days=rng.randint(5, 180)))


def write_interviews(ctx: Context, spec: ListSpec, src: Record, people: list[TruePerson]) -> None:
    """An archive of interviews, each its own source, given by the person, a mother or a
    neighbour; the speakers become person records too."""
    rng, b = ctx.rng, ctx.builder
    texts = phrases()["interview"]
    for n, person in enumerate(people, start=1):
        when = _interview_date(rng, person, ctx.today)
        status = person.status_at(when)
        if status == "left_territory" or (
            status in ("at_home", "in_hiding") and rng.random() < 0.3
        ):
            speaker = "self"
        else:
            speaker = "relative" if rng.random() < 0.85 else "witness"
        interview = b.make(
            "source",
            {
                "kind": spec.child_kind or "interview",
                "title": f"Інтерв'ю № {n:04d} (вигадане) — ДЕМО-ДАНІ",
                "parent": src.id,
                "external_id": f"INT-{n:04d}",
                "language": "uk",
                "date": when,
                "reliability": spec.reliability,
                "notes": "Вигадане свідчення для демонстрації; будь-який збіг випадковий.",
            },
        )
        lang = _name_lang(rng, person, 0.1)
        values: dict[str, Any] = {
            "name": cyrillic_name(
                person.name,
                lang,
                patronymic=rng.random() < 0.9,
                typos=int(rng.random() < 0.04),
                rng=rng,
            ),
            "sex": person.sex,
            "origin": origin_value(rng, person, "uk", settlement=0.95),
            "minor": True if person.minor else None,
            "status": status,
            "consent": {
                "scope": rng.choice(["internal_use", "anonymised_story", "legal_proceedings"]),
                "date": when,
            },
        }
        if rng.random() < 0.85:
            values["birth"] = birth_value(rng, person, wrong=0.04)
        else:
            values["age"] = {"years": person.age_at(when), "at": when}
        victim = b.person(values, true_id=person.id, list_id=src.id, source_id=interview.id)
        b.claim(
            interview,
            victim,
            credibility="2",
            verification=_verification(rng, (2, 5, 3)),
            recorded=when,
        )
        events = []
        for event in person.events_until(when):
            e = b.event(
                event_values(
                    rng, person, event, "uk", ctx.today, dates=(55, 30, 5, 8, 2), settlement=0.95
                ),
                truth=f"{person.id}#{event.index}",
            )
            b.involve(victim, e)
            events.append((event, e))
            excerpt = texts[speaker].format(
                gen=mention(person.name, "uk", "gen"),
                description=e["description"],
                date=str(e.get("date") or "дата невідома"),
            )
            b.claim(
                interview,
                e,
                credibility=rng.choice("223"),
                verification=_verification(rng, (3, 5, 2)),
                excerpt=excerpt,
            )
        if speaker != "self":
            _speaker(ctx, person, speaker, interview, src, events)


def _speaker(
    ctx: Context,
    person: TruePerson,
    speaker: str,
    interview: Record,
    src: Record,
    events: list[tuple[TrueEvent, Record]],
) -> None:
    rng, b = ctx.rng, ctx.builder
    if speaker == "relative":
        name = person.mother
        role = "relative"
    else:
        name = draw_name(rng, sex=rng.choice(["male", "female"]))
        role = "witness"
    record = b.person(
        {
            "name": cyrillic_name(name, "uk", rng=rng),
            "sex": name.sex,
            "origin": {"code": person.home.code, "label": person.home.uk},
            # Who gave the testimony consented to it (identifying testimony needs consent).
            "consent": {"scope": "internal_use", "date": str(interview["date"])},
        },
        true_id=f"{person.id}~{'mother' if role == 'relative' else 'witness'}",
        list_id=src.id,
        source_id=interview.id,
    )
    b.claim(interview, record, credibility="2", verification="verified")
    local = [e for t, e in events if t.place == person.home.code]
    targets = [events[-1][1]] if role == "relative" else local[:1] or [events[-1][1]]
    for e in targets:
        b.involve(record, e, role)


def write_intl(ctx: Context, spec: ListSpec, src: Record, people: list[TruePerson]) -> None:
    """An English-language report annex: Latin spellings after mixed standards, few details."""
    rng, b = ctx.rng, ctx.builder
    as_of = spec.as_of(ctx.today)
    people = list(people)
    rng.shuffle(people)
    for n, person in enumerate(people, start=1):
        lang = _name_lang(rng, person, 0.4)
        name = latin_name(
            person.name,
            rng,
            lang=lang,
            order=rng.choice(["gs", "gs", "Sg", "s,g", "gps"]),
            common_given=0.25,
        )
        if rng.random() < 0.05:
            name["surname"] = typo(name["surname"], rng)
            name.pop("full")
        values: dict[str, Any] = {
            "name": name,
            "sex": person.sex if rng.random() < 0.6 else None,
            "origin": origin_value(rng, person, "en", settlement=0.4),
        }
        roll = rng.random()
        if roll < 0.5:
            values["birth"] = birth_value(rng, person, wrong=0, precision="year")
        elif roll < 0.7:
            values["age"] = {
                "years": person.age_at(as_of),
                "at": PartialDate.parse(f"{as_of.year:04d}-{as_of.month:02d}"),
            }
        record = b.person(values, true_id=person.id, list_id=src.id, source_id=src.id)
        locator = f"Annex, No. {n}"
        b.claim(src, record, credibility="2", verification="partially_verified", locator=locator)
        for event in headline(person.events_until(as_of))[-2:]:
            e = b.event(
                event_values(
                    rng,
                    person,
                    event,
                    "en",
                    ctx.today,
                    dates=(10, 50, 20, 18, 2),
                    settlement=0.3,
                    with_body=0.3,
                ),
                truth=f"{person.id}#{event.index}",
            )
            b.involve(record, e)
            excerpt = (
                f"{name.get('full') or name['surname']}, {town(person, 'en')}: "
                f"{e['description']} ({e.get('date') or 'date unknown'})"
            )
            b.claim(
                src,
                e,
                credibility="2",
                verification="partially_verified",
                locator=locator,
                excerpt=excerpt,
            )
