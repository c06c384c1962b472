"""Writers for sources made of many small documents: court decisions and Telegram posts.

Each decision or post is a child source (``parent`` = the register or channel); names appear
as the text writes them, declined in the sentence.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from ..model import Record
from .capture import ListSpec
from .lists import Context
from .population import TruePerson
from .render import birth_value, event_values, origin_value, phrases, town
from .variants import age_words, cyrillic_name, mention

__all__ = ["write_court", "write_telegram"]

_CASE_EVENTS = {
    "sentence": (
        "registration_demand",
        "summons_paper",
        "summons_electronic",
        "evasion_flight",
        "detention",
        "prosecution_opened",
        "sentence",
    ),
    "administrative_penalty": (
        "registration_demand",
        "summons_paper",
        "summons_electronic",
        "administrative_penalty",
    ),
}
_CASE_PLACEHOLDER = re.compile(r"\{(nom|gen|dat|acc)\}")
_PUNCT_AFTER_COMMA = re.compile(r",([.!:,])")


def write_court(ctx: Context, spec: ListSpec, src: Record, people: list[TruePerson]) -> None:
    """One decision per sentence or administrative fine, in Russian, names as the court writes
    them (sometimes anonymised to initials)."""
    rng, b = ctx.rng, ctx.builder
    texts = phrases()["court"]
    numbers = {"sentence": rng.randint(40, 120), "administrative_penalty": rng.randint(300, 900)}
    for person in people:
        for decision in person.events_until(ctx.today):
            if decision.type not in _CASE_EVENTS:
                continue
            numbers[decision.type] += rng.randint(1, 25)
            prefix = "1" if decision.type == "sentence" else "5"
            case = f"{prefix}-{numbers[decision.type]}/{decision.date.year}"
            court = person.home.court_ru
            doc = b.make(
                "source",
                {
                    "kind": spec.child_kind or "court_record",
                    "title": f"Решение по делу № {case} (вымышленное) — ДЕМО-ДАННЫЕ",
                    "publisher": court,
                    "parent": src.id,
                    "external_id": case,
                    "language": "ru",
                    "date": decision.date,
                    "reliability": spec.reliability,
                    "notes": "Вымышленный судебный документ для демонстрации.",
                },
            )
            anonymised = rng.random() < 0.3
            values: dict[str, Any] = {
                "name": cyrillic_name(person.name, "ru", order="si" if anonymised else "sgp"),
                "sex": person.sex,
                "origin": origin_value(rng, person, "ru", settlement=0.9),
                "status": decision.status,
            }
            if decision.type == "sentence" or rng.random() < 0.4:
                values["birth"] = birth_value(rng, person, wrong=0.01)
            record = b.person(values, true_id=person.id, list_id=src.id, source_id=doc.id)
            b.claim(doc, record, credibility="2", verification="verified", recorded=decision.date)
            if anonymised:
                given, pat, _ = person.name.parts("ru")
                accused = f"{mention(person.name, 'ru', 'acc').split()[-1]} {given[0]}.{pat[0]}."
            else:
                accused = mention(person.name, "ru", "acc", patronymic=True, surname_first=True)
            excerpt = texts[decision.type].format(
                court=court,
                acc=accused,
                fine=rng.choice(["15 000", "30 000", "50 000"]),
                punishment=rng.choice(
                    [
                        "лишения свободы на срок 1 год",
                        "штрафа в размере 100 000 рублей",
                        "лишения свободы на срок 2 года",
                    ]
                ),
            )
            for event in person.events_until(decision.date):
                if event.type not in _CASE_EVENTS[decision.type]:
                    continue
                e = b.event(
                    event_values(
                        rng,
                        person,
                        event,
                        "ru",
                        ctx.today,
                        dates=(95, 5, 0, 0, 0),
                        settlement=1.0,
                        slip=0.0,
                        with_body=1.0,
                    ),
                    truth=f"{person.id}#{event.index}",
                )
                b.involve(record, e)
                b.claim(
                    doc,
                    e,
                    credibility="2",
                    verification="verified",
                    excerpt=excerpt if event is decision else None,
                )


def write_telegram(ctx: Context, spec: ListSpec, src: Record, people: list[TruePerson]) -> None:
    """Posts about one event each; the name is the declined form of the sentence, often with
    an age instead of a birth date."""
    rng, b = ctx.rng, ctx.builder
    lang = spec.language
    templates = phrases()["telegram_uk" if lang == "uk" else "telegram_ru"]
    message = rng.randint(1000, 5000)
    posts: list[tuple[Any, ...]] = []
    for person in people:
        candidates = [
            e
            for e in person.events_until(ctx.today)
            if e.type in templates and (spec.reports is None or e.type in spec.reports)
        ]
        if not candidates:
            continue
        count = 2 if len(candidates) > 1 and rng.random() < 0.12 else 1
        for event in sorted(rng.sample(candidates, count), key=lambda e: e.index):
            posted = min(ctx.today, event.date + timedelta(days=rng.randint(0, 7)))
            posts.append((posted, person.id, event.index, person, event))
    posts.sort(key=lambda p: p[:3])
    for posted, _, _, person, event in posts:
        message += rng.randint(1, 40)
        template = rng.choice(templates[event.type])
        age = person.age_at(posted)
        values: dict[str, Any] = {}
        age_text = ""
        roll = rng.random()
        if lang == "ru" and roll < 0.25:
            age_text = f" ({person.birth.year} г.р.)"
            values["birth"] = birth_value(rng, person, wrong=0, precision="year")
        elif roll < 0.6:
            said = age + (rng.choice([-1, 1]) if rng.random() < 0.1 else 0)
            age_text = f", {age_words(said, lang)},"
            values["age"] = {"years": said, "at": posted}
        forms = {case: mention(person.name, lang, case) for case in ("nom", "gen", "dat", "acc")}
        text = template.format(
            **forms, age=age_text, town=town(person, lang), where=event.label(lang) or ""
        )
        used = _CASE_PLACEHOLDER.search(template)
        written = forms[used.group(1)] if used else forms["nom"]
        text = _PUNCT_AFTER_COMMA.sub(r"\1", text)
        text = text[0].upper() + text[1:]
        post = b.make(
            "source",
            {
                "kind": spec.child_kind or "telegram_post",
                "title": f"Допис № {message} (вигаданий) — ДЕМО"
                if lang == "uk"
                else f"Пост № {message} (вымышленный) — ДЕМО",
                "parent": src.id,
                "external_id": str(message),
                "locator": f"{spec.locator}/{message}",
                "language": lang,
                "date": posted,
                "reliability": spec.reliability,
                "notes": "Вигаданий допис для демонстрації."
                if lang == "uk"
                else "Вымышленный пост для демонстрации.",
            },
        )
        values.update(
            {
                "name": {"full": written},
                "sex": "male" if rng.random() < 0.5 else None,
                "origin": {"code": person.home.code, "label": town(person, lang)}
                if rng.random() < 0.7
                else None,
            }
        )
        record = b.person(values, true_id=person.id, list_id=src.id, source_id=post.id)
        credibility = "3" if lang == "uk" else "4"
        b.claim(post, record, credibility=credibility, excerpt=text, recorded=posted)
        e = b.event(
            event_values(
                rng,
                person,
                event,
                lang,
                ctx.today,
                dates=(55, 20, 0, 20, 5),
                settlement=0.9,
                with_body=0.5,
            ),
            truth=f"{person.id}#{event.index}",
        )
        b.involve(record, e)
        b.claim(post, e, credibility=credibility, excerpt=text)
