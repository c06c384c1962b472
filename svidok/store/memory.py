"""An in-memory store: the reference implementation of the contract, for tests and plugins."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..audit import GENESIS, AuditEntry, AuditHead
from ..ledger import LedgerDraft, LedgerEntry, chain
from ..model import Record, record_type, record_types
from .base import LinkageRun, LinkPair, Origin, Store, Transaction

__all__ = ["MemoryStore"]


class _MemoryTransaction(Transaction):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.records: dict[str, dict[str, Record | None]] = {k: {} for k in record_types()}
        self.audit: list[AuditEntry] = []
        self.origins: list[Origin] = []
        self.new_head = store._head

    def _get(self, kind: str, id: str) -> Record | None:
        overlay = self.records[kind]
        if id in overlay:
            return overlay[id]
        return self.store._records[kind].get(id)

    def head(self) -> AuditHead:
        return self.store._head

    def digests(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        found = {}
        for id in ids:
            record = self._get(kind, id)
            if record is not None:
                found[id] = record.digest()
        return found

    def fetch(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        return {id: r for id in ids if (r := self._get(kind, id)) is not None}

    def referrers(self, kind: str, ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        targets = set(ids)
        found = []
        for other in record_types().values():
            refs = [f.name for f in other.references if kind in f.type.options.get("to", ())]
            if not refs:
                continue
            merged = {**self.store._records[other.name], **self.records[other.name]}
            for rid, record in merged.items():
                if record is None:
                    continue
                for name in refs:
                    if record.get(name) in targets:
                        found.append((other.name, rid, name, record[name]))
        return found

    def write(
        self,
        creates: list[Record],
        updates: list[Record],
        deletes: list[tuple[str, str]],
        audit: list[AuditEntry],
        origins: list[Origin],
    ) -> None:
        self.origins.extend(origins)
        for record in (*creates, *updates):
            self.records[record.kind][record.id] = record
        for kind, id in deletes:
            self.records[kind][id] = None
        self.audit.extend(audit)

    def set_head(self, head: AuditHead) -> None:
        self.new_head = head

    def commit(self) -> None:
        for kind, overlay in self.records.items():
            target = self.store._records[kind]
            for id, record in overlay.items():
                if record is None:
                    target.pop(id, None)
                else:
                    target[id] = record
        self.store._audit.extend(self.audit)
        self.store._head = self.new_head
        for origin in self.origins:
            self.store._origins[(origin.dataset, origin.key)] = origin


class MemoryStore(Store):
    """Keeps everything in dictionaries; writes are atomic and serialised by a lock."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Record]] = {k: {} for k in record_types()}
        self._audit: list[AuditEntry] = []
        self._head = AuditHead(0, GENESIS)
        self._origins: dict[tuple[str, str], Origin] = {}
        self._linkage: dict[str, tuple[LinkageRun, list[LinkPair], dict[str, str]]] = {}
        self._meta: dict[str, str] = {}
        self._ledgers: dict[str, list[LedgerEntry]] = {}
        self._ledger_heads: dict[str, AuditHead] = {}
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._lock:
            txn = _MemoryTransaction(self)
            yield txn
            txn.commit()

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        table = self._records[record_type(kind).name]
        return {id: table[id] for id in ids if id in table}

    def scan(self, kind: str) -> Iterator[Record]:
        table = self._records[record_type(kind).name]
        for id in sorted(table):
            yield table[id]

    def count(self, kind: str) -> int:
        return len(self._records[record_type(kind).name])

    def audit_entries(self, after: int = 0) -> Iterator[AuditEntry]:
        yield from (e for e in list(self._audit) if e.seq > after)

    def audit_head(self) -> AuditHead:
        return self._head

    def latest_audit(self, kind: str) -> Iterator[tuple[str, str, str, str]]:
        latest: dict[str, AuditEntry] = {}
        for entry in self._audit:
            if entry.kind == kind:
                latest[entry.entity_id] = entry
        for id in sorted(latest):
            e = latest[id]
            yield (kind, id, e.action, e.digest)

    def digests(self, kind: str) -> Iterator[tuple[str, str, str]]:
        for record in self.scan(kind):
            yield (kind, record.id, record.digest())

    def origins(self, dataset: str) -> Iterator[Origin]:
        yield from (o for (d, _), o in list(self._origins.items()) if d == dataset)

    def datasets_of_file(self, file_digest: str) -> list[str]:
        return sorted({o.dataset for o in self._origins.values() if o.file_digest == file_digest})

    def save_linkage(
        self, run: LinkageRun, pairs: Iterable[LinkPair], clusters: Iterable[tuple[str, str]]
    ) -> None:
        stored = (run, list(pairs), dict(clusters))
        with self._lock:
            if run.id in self._linkage:
                raise ValueError(f"linkage run {run.id} is already stored")
            self._linkage[run.id] = stored

    def linkage_runs(self) -> list[LinkageRun]:
        return sorted(
            (run for run, _, _ in self._linkage.values()), key=lambda r: (r.created, r.id)
        )

    def linkage_pairs(self, run_id: str, min_probability: float = 0.0) -> Iterator[LinkPair]:
        yield from (p for p in self._linkage[run_id][1] if p.probability >= min_probability)

    def linkage_clusters(self, run_id: str) -> Iterator[tuple[str, str]]:
        yield from sorted(self._linkage[run_id][2].items())

    def meta(self, prefix: str = "") -> dict[str, str]:
        return {k: v for k, v in list(self._meta.items()) if k.startswith(prefix)}

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        with self._lock:
            for name, value in values.items():
                if value is None:
                    self._meta.pop(name, None)
                else:
                    self._meta[name] = value

    def append_ledger(self, log: str, drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
        with self._lock:
            entries = chain(log, self.ledger_head(log), drafts)
            if entries:
                self._ledgers.setdefault(log, []).extend(entries)
                self._ledger_heads[log] = AuditHead(entries[-1].seq, entries[-1].hash)
            return entries

    def ledger_entries(self, log: str, after: int = 0) -> Iterator[LedgerEntry]:
        yield from (e for e in list(self._ledgers.get(log, [])) if e.seq > after)

    def ledger_head(self, log: str) -> AuditHead:
        return self._ledger_heads.get(log, AuditHead(0, GENESIS))
