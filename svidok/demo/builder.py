"""Collects generated records in dependency order, with the ground truth of each."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..model import Record, make

__all__ = ["DEFAULT_TODAY", "FICTIONAL_NOTE", "Builder"]

#: The default "today" of generated data: no generated date lies after it.
DEFAULT_TODAY = date(2026, 11, 1)

#: Put in every person's notes, so no one mistakes a demo record for a real case.
FICTIONAL_NOTE = "ВИГАДАНІ ДЕМО-ДАНІ / FICTIONAL DEMO DATA"


class Builder:
    """Makes records through :func:`svidok.model.make` and keeps them in buckets by kind.

    ``ids`` draws record ids (a stream of its own, so changing how one list is written does
    not reshuffle the stories), ``today`` bounds every date.
    """

    def __init__(self, ids: random.Random, today: date) -> None:
        self.ids = ids
        self.today = today
        self.buckets: dict[str, list[Record]] = defaultdict(list)
        self.truth: dict[str, str] = {}
        self.list_of: dict[str, str] = {}
        self.cited: dict[str, str] = {}
        self.event_truth: dict[str, str] = {}

    def make(self, kind: str, values: Mapping[str, Any]) -> Record:
        """A validated record of ``kind``, appended to its bucket."""
        record = make(kind, values, rng=self.ids, today=self.today)
        self.buckets[kind].append(record)
        return record

    def person(
        self, values: Mapping[str, Any], *, true_id: str, list_id: str, source_id: str
    ) -> Record:
        """A person record of one appearance in a source; always marked fictional."""
        notes = values.get("notes")
        record = self.make(
            "person",
            {
                **values,
                "fictional": True,
                "notes": f"{notes} — {FICTIONAL_NOTE}" if notes else FICTIONAL_NOTE,
            },
        )
        self.truth[record.id] = true_id
        self.list_of[record.id] = list_id
        self.cited[record.id] = source_id
        return record

    def event(self, values: Mapping[str, Any], *, truth: str) -> Record:
        """An event record as one source reports a true event (``truth`` like ``T-00017#3``)."""
        record = self.make("event", values)
        self.event_truth[record.id] = truth
        return record

    def involve(self, person: Record, event: Record, role: str = "victim") -> Record:
        """Link a person record to an event record."""
        return self.make("involvement", {"person": person.id, "event": event.id, "role": role})

    def claim(self, source: Record, subject: Record, **values: Any) -> Record:
        """A source's claim about a person or event record."""
        return self.make("claim", {"source": source.id, "subject": subject.id, **values})

    def records(self) -> list[Record]:
        """All records, sources first (parents before children), claims and figures last."""
        order = ("source", "person", "event", "involvement", "claim", "published_figure")
        return [r for kind in order for r in self.buckets.get(kind, [])]
