"""Documented counts by event type, region and period, with "at least" semantics.

The same person often appears in several sources as separate person records until linkage
has run. Without a linkage result, the only safe lower bound for a cell is the largest number
of distinct persons that any single source (counted by its root: a channel for its posts) lists
for it: each source is taken to list a person once, but two sources may list the same person.
With ``identities`` (person record id -> identity id, from linkage), the bound is the number of
distinct identities across all sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..model import PartialDate, Record

__all__ = [
    "CELLS",
    "UNSOURCED",
    "Granularity",
    "StatRow",
    "count_events",
    "period_label",
    "person_origins",
]

Granularity = Literal["year", "quarter", "month"]
UNSOURCED = "(unsourced)"
# The cells counts and strata can be split by: the event's type, its group, the region where it
# happened, its period; and the region the person comes from (``person.origin``: a list of
# "conscripted from Melitopol" counts by origin, and its events often have no place).
CELLS = ("type", "group", "region", "period", "origin")
_LEVELS: tuple[Granularity, ...] = ("month", "quarter", "year")


def _bucket(level: Granularity, year: int, month: int) -> str:
    if level == "year":
        return f"{year:04d}"
    if level == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


def period_label(date: PartialDate | None, granularity: Granularity) -> str:
    """The period a date falls in at ``granularity``, or the finest coarser one that holds it.

    A date known only to the year, counted by quarter, becomes "2024 (quarter unknown)"; a
    range across years becomes "2023–2024"; an unknown date becomes "unknown". Nothing is
    guessed into a finer period than the source supports.
    """
    if date is None or date.start is None or date.end is None:
        return "unknown"
    start, end = date.start, date.end
    wanted = _LEVELS.index(granularity)
    for index, level in enumerate(_LEVELS):
        if index < wanted:
            continue
        a = _bucket(level, start.year, start.month)
        if a == _bucket(level, end.year, end.month):
            return a if index == wanted else f"{a} ({granularity} unknown)"
    return f"{start.year:04d}–{end.year:04d}"


@dataclass
class StatRow:
    """One cell of the count table, with what it rests on."""

    key: tuple[str, ...]
    persons_at_least: int
    basis: str  # root source id that gives the bound ("all sources, linked" with identities)
    event_records: int
    sources: int
    event_ids: list[str] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)  # root sources naming its persons
    # with linkage: the resolved persons counted (each a cluster of person_ids), else []
    resolved_ids: list[str] = field(default_factory=list)


def _roots(sources: Iterable[Record]) -> dict[str, str]:
    parent = {s.id: s.get("parent") for s in sources}
    roots: dict[str, str] = {}
    for start in parent:
        seen, current = {start}, start
        while parent.get(current) and parent[current] not in seen:
            current = str(parent[current])
            seen.add(current)
        roots[start] = current
    return roots


def person_origins(
    persons: Iterable[Record], identities: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Person record id -> the region (ISO 3166-2 code) the person comes from, or "unknown".

    With ``identities``, every record of a resolved person gets the person's origin: the region
    most of their records give (ties: the first code in order), so a person counted once is
    counted under one origin.
    """
    own: dict[str, str] = {}
    for person in persons:
        place = person.get("origin")
        own[person.id] = (place.region if place is not None else None) or "unknown"
    if not identities:
        return own
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record, region in own.items():
        if region != "unknown":
            votes[identities.get(record, record)][region] += 1
    chosen = {
        identity: min(counts, key=lambda r: (-counts[r], r)) for identity, counts in votes.items()
    }
    return {record: chosen.get(identities.get(record, record), "unknown") for record in own}


def count_events(
    events: Iterable[Record],
    involvements: Iterable[Record],
    claims: Iterable[Record],
    sources: Iterable[Record],
    *,
    by: Sequence[str] = ("type", "region", "period"),
    granularity: Granularity = "year",
    identities: Mapping[str, str] | None = None,
    origins: Mapping[str, str] | None = None,
) -> list[StatRow]:
    """Count persons with events, per cell of ``by`` (any of :data:`CELLS`).

    ``origins`` (person record id -> region, from :func:`person_origins`) is needed when ``by``
    has "origin"; an event without victims then counts under origin "unknown".

    Only involvements with the role ``victim`` count as persons. An event that no claim links
    to a source counts under the pseudo-source "(unsourced)" (entered by the documenters
    themselves); an event's claims win over the person's claims.
    """
    from ..model import event_types

    roots = _roots(sources)
    event_roots: dict[str, set[str]] = defaultdict(set)
    person_roots: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        root = roots.get(claim["source"], claim["source"])
        subject = claim["subject"]
        (event_roots if subject.startswith("E-") else person_roots)[subject].add(root)
    victims: dict[str, list[str]] = defaultdict(list)
    for inv in involvements:
        if inv["role"] == "victim":
            victims[inv["event"]].append(inv["person"])
    groups = {t.id: t.group for t in event_types().values()}

    # cell -> source root -> set of person ids; cell -> event ids
    cells: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    cell_events: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for event in events:
        place = event.get("place")
        parts = {
            "type": event["type"],
            "group": groups.get(event["type"], "other"),
            "region": (place.region if place is not None else None) or "unknown",
            "period": period_label(event.get("date"), granularity),
        }
        persons = victims.get(event.id, [])
        event_sources = event_roots.get(event.id)
        keys: set[tuple[str, ...]] = set()
        for person in persons:
            parts["origin"] = (origins or {}).get(person, "unknown")
            key = tuple(parts[name] for name in by)
            keys.add(key)
            for root in event_sources or person_roots.get(person) or {UNSOURCED}:
                cells[key][root].add(person)
        if not persons:
            parts["origin"] = "unknown"
            key = tuple(parts[name] for name in by)
            keys.add(key)
            for root in event_sources or {UNSOURCED}:
                cells[key].setdefault(root, set())
        for key in keys:
            cell_events[key].append(event.id)

    rows = []
    for key, event_ids in cell_events.items():
        per_source = cells.get(key, {})
        all_persons = sorted(set().union(*per_source.values())) if per_source else []
        resolved: list[str] = []
        if identities is not None:
            resolved = sorted({identities.get(p, p) for p in all_persons})
            bound = len(resolved)
            basis = "all sources, linked"
        elif per_source:
            basis, listed = max(per_source.items(), key=lambda item: (len(item[1]), item[0]))
            bound = len(listed)
        else:
            basis, bound = UNSOURCED, 0
        rows.append(
            StatRow(
                key=key,
                persons_at_least=bound,
                basis=basis,
                event_records=len(event_ids),
                sources=len(per_source),
                event_ids=sorted(event_ids),
                person_ids=all_persons,
                source_ids=sorted(per_source),
                resolved_ids=resolved,
            )
        )
    rows.sort(key=lambda r: (r.key, -r.persons_at_least))
    return rows
