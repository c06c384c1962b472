"""Which lists name each resolved person, per stratum: the input of estimation.

Pure: takes records and the linkage result, returns plain mappings for
:func:`svidok.estimate.histories.capture_tables`. A person is counted in one stratum only,
the one of their earliest qualifying event (so that strata can be summed), and is captured by
a list when one of that list's sources names the person or one of their qualifying events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..errors import SvidokError
from ..model import Record
from .stats import UNSOURCED, Granularity, _roots, period_label

__all__ = ["ListBy", "PersonCaptures", "person_captures"]

ListBy = Literal["source", "kind", "publisher"]


@dataclass
class PersonCaptures:
    """Per stratum: resolved person -> lists; and what each list and person rests on."""

    by: tuple[str, ...]
    strata: dict[tuple[str, ...], dict[str, set[str]]] = field(default_factory=dict)
    records: dict[str, list[str]] = field(default_factory=dict)  # person -> person record ids
    lists: dict[str, set[str]] = field(default_factory=dict)  # list -> root source ids
    unsourced: int = 0  # persons named by no source (entered by the documenters themselves)


def _label(source: Record | None, root: str, list_by: ListBy) -> str:
    if source is None:
        return root
    if list_by == "kind":
        return str(source.get("kind") or "other")
    if list_by == "publisher":
        return str(source.get("publisher") or source.get("title") or root)
    return str(source.get("title") or root)


def person_captures(
    events: Iterable[Record],
    involvements: Iterable[Record],
    claims: Iterable[Record],
    sources: Iterable[Record],
    *,
    identities: Mapping[str, str] | None,
    by: Sequence[str] = (),
    granularity: Granularity = "year",
    types: Sequence[str] | None = None,
    list_by: ListBy = "source",
    merges: Mapping[str, Sequence[str]] | None = None,
    origins: Mapping[str, str] | None = None,
) -> PersonCaptures:
    """Capture histories of the victims of qualifying events (``types``, default all).

    ``origins`` (person record id -> region, :func:`svidok.report.stats.person_origins`) is
    needed to stratify by "origin"."""
    from ..model import event_types

    sources = list(sources)
    roots = _roots(sources)
    by_id = {s.id: s for s in sources}
    into = {member: name for name, members in (merges or {}).items() for member in members}
    groups = {t.id: t.group for t in event_types().values()}
    event_roots: dict[str, set[str]] = defaultdict(set)
    person_roots: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        root = roots.get(claim["source"], claim["source"])
        subject = claim["subject"]
        (event_roots if subject.startswith("E-") else person_roots)[subject].add(root)
    wanted = set(types) if types else None
    qualifying = {e.id: e for e in events if wanted is None or e["type"] in wanted}
    out = PersonCaptures(by=tuple(by))
    first: dict[str, tuple[date, tuple[str, ...]]] = {}
    captured: dict[str, set[str]] = defaultdict(set)
    far = date.max
    seen_labels: set[str] = set()
    for inv in involvements:
        event = qualifying.get(inv["event"])
        if event is None or inv["role"] != "victim":
            continue
        record = inv["person"]
        person = identities.get(record, record) if identities else record
        out.records.setdefault(person, [])
        if record not in out.records[person]:
            out.records[person].append(record)
        place, when = event.get("place"), event.get("date")
        parts = {
            "type": event["type"],
            "group": groups.get(event["type"], "other"),
            "region": (place.region if place is not None else None) or "unknown",
            "period": period_label(when, granularity),
            "origin": (origins or {}).get(record, "unknown"),
        }
        start = when.start if when is not None and when.start is not None else far
        key = tuple(parts[name] for name in by)
        if person not in first or (start, key) < first[person]:
            first[person] = (start, key)
        for root in event_roots.get(event.id, set()) | person_roots.get(record, set()):
            label = _label(by_id.get(root), root, list_by)
            seen_labels.add(label)
            label = into.get(label, label)
            captured[person].add(label)
            out.lists.setdefault(label, set()).add(root)
    unknown = sorted(m for m in into if m not in seen_labels)
    if unknown and seen_labels:
        raise SvidokError(
            f"lists to merge {unknown} are not among the lists: "
            + ", ".join(repr(x) for x in sorted(seen_labels))
        )
    for person, (_, key) in first.items():
        lists = captured.get(person, set())
        if not lists:
            out.unsourced += 1
            lists = {UNSOURCED}
        out.strata.setdefault(key, {})[person] = lists
    return out
