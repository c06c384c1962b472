"""What the pages look things up in: indexes over the store, rebuilt when the data changes.

The Store contract has no queries beyond ``get_many`` and ``scan``; a web page must not scan
100,000 persons per request. :class:`Catalogue` holds, per version of the data (the audit head
and the latest linkage run), the few facts needed to filter and link records: for each person
record its regions, event types, periods, status and resolved person; who is involved in which
event; which claims are about what; the name index for search. It holds ids and plain values;
the one identifying part is the name index (with the last searches' matches), which only
principals who may read identifying data can query, and pages show records only as the principal's guarded store returns them.

:class:`Versioned` keeps one value per data version: rebuilt synchronously while that is
quick, otherwise in a background thread while the previous value keeps being served.

On 100,000 persons the indexes are some two million Python objects. A full run of Python's
cyclic garbage collector walks every one of them (2 s, every thread stopped), and new objects
surviving a while trigger one now and then: while an index is built the automatic collector
is paused, and what is built is then moved out of its reach (``gc.freeze``; it is freed by
reference counting like any object once a newer version replaces it).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..names import NameIndex
from ..names.search import Match
from ..report.stats import period_label
from ..store import Store

__all__ = ["Catalogue", "DataVersion", "PersonRow", "Versioned", "build_catalogue", "version_of"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DataVersion:
    """The audit head's sequence number and the latest linkage run (empty: none)."""

    audit_seq: int
    linkage_run: str


def version_of(store: Store, run_id: str) -> DataVersion:
    """The data version of ``store`` given the latest run id (read apart: runs are costly)."""
    return DataVersion(store.audit_head().seq, run_id)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person record's filterable facts (no identifying values)."""

    id: str
    status: str
    sex: str
    origin_region: str
    regions: frozenset[str]
    types: frozenset[str]
    periods: frozenset[str]  # "YYYY" and "YYYY-MM" of their events' dates
    resolved: str  # resolved person id (the record's own id when not linked)
    named: bool
    fictional: bool
    # (type, region, periods) of each event they are a victim of: what the counts count
    victim_of: tuple[tuple[str, str, frozenset[str]], ...] = ()


@dataclass
class Catalogue:
    """Indexes over one version of the data (see the module's docstring)."""

    version: DataVersion
    persons: dict[str, PersonRow] = field(default_factory=dict)
    involvements: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # person -> (event, role)
    claims: dict[str, list[str]] = field(default_factory=dict)  # subject -> claim ids
    evidence: dict[str, list[str]] = field(default_factory=dict)  # source -> evidence ids
    members: dict[str, list[str]] = field(default_factory=dict)  # resolved -> person records
    names: NameIndex = field(default_factory=NameIndex)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    searches: int = 256  # name queries whose matches are kept (pages, typing, going back)
    _searched: OrderedDict[tuple[str, int], list[Match]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def search(self, query: str, limit: int) -> list[Match]:
        """``names.search(query, limit)``, remembered for the last few queries."""
        key = (query, limit)
        with self._lock:
            found = self._searched.get(key)
            if found is not None:
                self._searched.move_to_end(key)
                return found
        found = self.names.search(query, limit=limit)
        with self._lock:
            self._searched[key] = found
            while len(self._searched) > self.searches:
                self._searched.popitem(last=False)
        return found

    def linked_records(self, person_id: str) -> list[str]:
        """The other person records resolved to the same person as ``person_id``."""
        row = self.persons.get(person_id)
        if row is None:
            return []
        return [p for p in self.members.get(row.resolved, []) if p != person_id]

    def filter(
        self,
        *,
        ids: list[str] | None = None,
        region: str = "",
        event_type: str = "",
        period: str = "",
        status: str = "",
        counted: bool = False,
    ) -> list[PersonRow]:
        """Person rows (in ``ids`` order when given, else by id) matching every filter.

        ``counted``: the persons a documented count counts, as the dashboard's figures do:
        victims of one event of that type, in that region (``unknown`` for none) and period;
        a person's origin does not count."""
        rows = (
            [self.persons[i] for i in ids if i in self.persons]
            if ids is not None
            else list(self.persons.values())
        )
        if counted:
            rows = [
                r
                for r in rows
                if any(
                    (not event_type or t == event_type)
                    and (not region or (g or "unknown") == region)
                    and (not period or period in ps)
                    for t, g, ps in r.victim_of
                )
            ]
            return [r for r in rows if not status or r.status == status]
        if region:
            rows = [r for r in rows if region in r.regions or r.origin_region == region]
        if event_type:
            rows = [r for r in rows if event_type in r.types]
        if period:
            rows = [r for r in rows if period in r.periods]
        if status:
            rows = [r for r in rows if r.status == status]
        return rows


def build_catalogue(store: Store, version: DataVersion) -> Catalogue:
    """Read the store once and build the indexes (``store`` must read identifying data for
    the name index; an unguarded store is meant: the caller enforces roles)."""
    started = time.perf_counter()
    cat = Catalogue(version)
    events: dict[str, tuple[str, str, frozenset[str]]] = {}
    for event in store.scan("event"):
        place = event.get("place")
        date = event.get("date")
        periods = {period_label(date, "year"), period_label(date, "month")}
        events[event.id] = (
            str(event["type"]),
            (place.region if place is not None else None) or "",
            frozenset(p for p in periods if "unknown" not in p and "–" not in p),
        )
    involvements: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for inv in store.scan("involvement"):
        involvements[inv["person"]].append((inv["event"], str(inv["role"])))
    claims: dict[str, list[str]] = defaultdict(list)
    for claim in store.scan("claim"):
        claims[claim["subject"]].append(claim.id)
    evidence: dict[str, list[str]] = defaultdict(list)
    for item in store.scan("evidence"):
        evidence[item["source"]].append(item.id)
    runs = store.linkage_runs() if version.linkage_run else []
    clusters = dict(store.linkage_clusters(runs[-1].id)) if runs else {}
    members: dict[str, list[str]] = defaultdict(list)
    for person in store.scan("person"):
        mine = involvements.get(person.id, [])
        facts = [events[e] for e, _ in mine if e in events]
        origin = person.get("origin")
        resolved = clusters.get(person.id, person.id)
        members[resolved].append(person.id)
        name = person.get("name")
        if name is not None:
            cat.names.add(person.id, name.full)
        cat.persons[person.id] = PersonRow(
            id=person.id,
            status=str(person.get("status") or "unknown"),
            sex=str(person.get("sex") or "unknown"),
            origin_region=(origin.region if origin is not None else None) or "",
            regions=frozenset(f[1] for f in facts if f[1]),
            types=frozenset(f[0] for f in facts),
            periods=frozenset(p for f in facts for p in f[2]),
            resolved=resolved,
            named=name is not None,
            fictional=bool(person.get("fictional")),
            victim_of=tuple(events[e] for e, role in mine if role == "victim" and e in events),
        )
    cat.involvements = dict(involvements)
    cat.claims = dict(claims)
    cat.evidence = dict(evidence)
    cat.members = dict(members)
    cat.counts = {
        "person": len(cat.persons),
        "event": len(events),
        "resolved": len(members),
        "claim": sum(len(v) for v in claims.values()),
    }
    cat.seconds = time.perf_counter() - started
    return cat


_gc_lock = threading.Lock()
_gc_paused: list[bool] = []  # one per build under way: whether the collector was on before


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Pause automatic garbage collection while building long-lived data, then freeze it
    (see the module's docstring); nested and concurrent builds resume it after the last."""
    with _gc_lock:
        _gc_paused.append(gc.isenabled() if not _gc_paused else _gc_paused[0])
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            enabled = _gc_paused.pop()
            if not _gc_paused:
                gc.freeze()
                if enabled:
                    gc.enable()


class Versioned(Generic[T]):
    """One value per data version, built by ``build``; see the module's docstring.

    A build that took less than ``sync_below`` seconds last time is redone synchronously when
    the version changes (the page then shows the change it was asked for); a slower one runs
    in the background and :meth:`get` keeps returning the previous value until it is done.
    With ``sync_below=0`` every build runs in the background (None until the first is done).
    """

    def __init__(
        self,
        build: Callable[[DataVersion], T],
        *,
        sync_below: float = 2.0,
        large: bool = False,
    ) -> None:
        self._build = build
        self.sync_below = sync_below
        self.large = large  # built under long_lived()
        self._value: tuple[DataVersion, T] | None = None
        self._last_seconds = 0.0
        self._lock = threading.Lock()
        self._building: DataVersion | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self._value is not None

    def stale(self, version: DataVersion) -> bool:
        """Whether the value held is of another version than ``version``."""
        return self._value is None or self._value[0] != version

    def _run(self, version: DataVersion) -> None:
        started = time.perf_counter()
        try:
            with long_lived() if self.large else contextlib.nullcontext():
                value = self._build(version)
        except Exception as exc:  # shown on the page; the previous value stays in use
            self.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            with self._lock:
                self._building = None
        self._last_seconds = time.perf_counter() - started
        self.error = None
        with self._lock:
            if self._value is None or self._value[0].audit_seq <= version.audit_seq:
                self._value = (version, value)

    def _background(self, version: DataVersion) -> None:
        with contextlib.suppress(Exception):
            self._run(version)

    def get(self, version: DataVersion) -> T | None:
        """The value for ``version``, or the previous one while it is being built (None
        before the first build has finished)."""
        current = self._value
        if current is not None and current[0] == version:
            return current[1]
        if self.sync_below > 0 and (current is None or self._last_seconds < self.sync_below):
            with self._lock:
                waiting = self._building == version
            if not waiting:
                self._run(version)
                current = self._value
                return current[1] if current else None
        with self._lock:
            if self._building != version:
                self._building = version
                threading.Thread(
                    target=self._background, args=(version,), daemon=True, name="svidok-index"
                ).start()
        return current[1] if current else None

    def start(self, version: DataVersion) -> None:
        """Build for ``version`` in the background now (at server start)."""
        with self._lock:
            if self._building == version or not self.stale(version):
                return
            self._building = version
        threading.Thread(
            target=self._background, args=(version,), daemon=True, name="svidok-index"
        ).start()
