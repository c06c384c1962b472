"""The demo scenario: a fictional population, the sources that name parts of it, the truth."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..model import Record
from .builder import DEFAULT_TODAY, Builder
from .capture import ListSpec, draw_captures, list_specs
from .channels import write_court, write_telegram
from .figures import write_figures
from .lists import Context, write_interviews, write_intl, write_ngo_list
from .population import TruePerson, draw_population

__all__ = ["DEFAULT_TODAY", "Scenario", "generate", "truth_rows"]

Writer = Callable[[Context, ListSpec, Record, list[TruePerson]], None]
_WRITERS: dict[str, Writer] = {
    "interviews": write_interviews,
    "ngo_south": write_ngo_list,
    "ngo_crimea": write_ngo_list,
    "court": write_court,
    "tg_ua": write_telegram,
    "tg_ru": write_telegram,
    "intl": write_intl,
}


@dataclass(frozen=True)
class Scenario:
    """A generated data set with its ground truth.

    ``records`` are in dependency order (sources, parents first; persons; events;
    involvements; claims; published figures). ``truth`` maps every person record id to a
    true identity: ``T-00017`` for the population, ``T-00017~mother`` or ``T-00017~witness``
    for people who spoke about them. ``lists`` holds the capture history: for each list-level
    source id, the population ids it names (relatives and witnesses are not counted).
    """

    seed: int
    today: date
    records: list[Record]
    truth: dict[str, str]
    people: tuple[TruePerson, ...]
    lists: dict[str, frozenset[str]]
    list_keys: dict[str, str]
    list_of: dict[str, str]
    cited: dict[str, str]
    event_truth: dict[str, str]

    @property
    def population_size(self) -> int:
        """The true number of people, named by some list or not."""
        return len(self.people)

    @property
    def regions(self) -> dict[str, str]:
        """Home region (ISO 3166-2) of each true person."""
        return {p.id: p.region for p in self.people}

    @property
    def observed(self) -> frozenset[str]:
        """Population ids named by at least one list."""
        return frozenset().union(*self.lists.values())

    def capture_histories(self) -> dict[str, tuple[int, ...]]:
        """For each observed population id, 0/1 per list, in the order of ``list_keys``."""
        order = list(self.list_keys.values())
        return {
            pid: tuple(int(pid in self.lists[sid]) for sid in order)
            for pid in sorted(self.observed)
        }


def generate(seed: int = 7, persons: int = 400, *, today: date = DEFAULT_TODAY) -> Scenario:
    """Generate the fictional demo scenario; the same arguments always give the same records.

    ``persons`` is the size of the true population; the lists name overlapping parts of it.
    Every person record is marked fictional and every source says it is demo data.
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    stream = f"svidok-demo:{seed}:{persons}:{today.isoformat()}"
    people = draw_population(random.Random(f"{stream}:people"), persons, today)
    captured = draw_captures(random.Random(f"{stream}:capture"), people, today)
    builder = Builder(random.Random(f"{stream}:ids"), today)
    ctx = Context(builder, random.Random(f"{stream}:render"), today)
    sources: dict[str, Record] = {}
    for spec in list_specs():
        sources[spec.key] = builder.make(
            "source",
            {
                "kind": spec.kind,
                "title": spec.title,
                "publisher": spec.publisher,
                "language": spec.language,
                "reliability": spec.reliability,
                "locator": spec.locator,
                "date": spec.as_of(today),
                "notes": f"Вигадане джерело демонстраційного сценарію (seed {seed}); усі особи "
                "вигадані. FICTIONAL DEMO DATA.",
            },
        )
        _WRITERS[spec.key](ctx, spec, sources[spec.key], captured[spec.key])
    named = {key: {p.id for p in chosen} for key, chosen in captured.items()}
    write_figures(ctx, people, sources, named)
    return Scenario(
        seed=seed,
        today=today,
        records=builder.records(),
        truth=dict(builder.truth),
        people=tuple(people),
        lists={sources[k].id: frozenset(ids) for k, ids in named.items()},
        list_keys={k: s.id for k, s in sources.items()},
        list_of=dict(builder.list_of),
        cited=dict(builder.cited),
        event_truth=dict(builder.event_truth),
    )


def truth_rows(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(person record id, true id, list-level source id) for each person record.

    The source is the list that named the person (a Telegram channel, not its post; the
    interview archive, not the interview): the unit of the capture histories.
    """
    return [(pid, tid, scenario.list_of[pid]) for pid, tid in scenario.truth.items()]
