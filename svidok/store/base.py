"""The Store contract: a handful of methods every backend implements, and the shared write path.

Backends implement reads and a :class:`Transaction`; :meth:`Store.apply` does validation of
references, existence checks, the audit chain and chunking once, for every backend.
"""

from __future__ import annotations

import abc
import contextlib
import gc
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, TypeVar

from ..audit import (
    AuditEntry,
    AuditHead,
    AuditReport,
    chain_entries,
    verify_chain,
    verify_records,
)
from ..errors import NotFoundError, Problem, ValidationError
from ..ledger import LedgerDraft, LedgerEntry
from ..model import Record, involvement_problems, kind_for_id, record_type, record_types
from ..protect.consent import consent_problems

__all__ = [
    "ApplySummary",
    "Change",
    "LinkPair",
    "LinkageRun",
    "Origin",
    "Store",
    "Transaction",
]

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where imported records came from: one imported row or message.

    ``dataset`` names the stream a file belongs to (a spreadsheet's mapping, a Telegram chat),
    ``key`` the row within it (a key column's value, a row number, a message id); a later,
    corrected file of the same dataset is matched row by row on ``key``.
    """

    dataset: str
    key: str
    content_hash: str
    file_digest: str
    line: int
    records: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkageRun:
    """One run of linkage: its trained model (JSON), threshold and summary (JSON)."""

    id: str
    created: str
    actor: str
    backend: str
    threshold: float
    model: str
    summary: str


@dataclass(frozen=True, slots=True)
class LinkPair:
    """A scored pair of person records; ``detail`` (JSON) says what each field contributed."""

    left: str
    right: str
    probability: float
    match_weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Change:
    """One write: create or update ``record``, delete the record ``kind``/``id``, or record
    an import ``origin`` (not audited itself: the records it lists are)."""

    action: Literal["create", "update", "delete", "origin"]
    kind: str
    id: str
    record: Record | None = None
    origin: Origin | None = None

    @classmethod
    def create(cls, record: Record) -> Change:
        return cls("create", record.kind, record.id, record)

    @classmethod
    def update(cls, record: Record) -> Change:
        return cls("update", record.kind, record.id, record)

    @classmethod
    def delete(cls, kind: str, id: str) -> Change:
        return cls("delete", kind, id, None)

    @classmethod
    def of_origin(cls, origin: Origin) -> Change:
        return cls("origin", "origin", origin.key, None, origin)


@dataclass
class ApplySummary:
    """What one call to :meth:`Store.apply` did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    first_seq: int | None = None
    last_seq: int | None = None

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted


class Transaction(abc.ABC):
    """What a backend offers inside one write transaction (all reads see earlier writes)."""

    @abc.abstractmethod
    def head(self) -> AuditHead:
        """The audit head, locked against other writers until the transaction ends."""

    @abc.abstractmethod
    def digests(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        """id -> stored digest, for the ids that exist."""

    @abc.abstractmethod
    def fetch(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """id -> record, for the ids that exist."""

    @abc.abstractmethod
    def referrers(self, kind: str, ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        """(kind, id, field, target id) of records referring to any of ``ids``."""

    @abc.abstractmethod
    def write(
        self,
        creates: list[Record],
        updates: list[Record],
        deletes: list[tuple[str, str]],
        audit: list[AuditEntry],
        origins: list[Origin],
    ) -> None:
        """Persist one chunk of changes with its audit entries and import origins (upserted)."""

    @abc.abstractmethod
    def set_head(self, head: AuditHead) -> None:
        """Record the new audit head."""


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # A bulk write allocates millions of short-lived objects and no cycles; the cyclic
    # collector would rescan them again and again (about 6% of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


T = TypeVar("T")


def _counted(items: Iterable[T], progress: Progress | None, step: int = 10_000) -> Iterator[T]:
    if progress is None:
        yield from items
        return
    n = 0
    for item in items:
        yield item
        n += 1
        if n == step:
            progress(n)
            n = 0
    progress(n)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store(abc.ABC):
    """Where records live. Every write goes through :meth:`apply` and appends to the audit trail."""

    chunk_size = 5_000
    clock: Callable[[], str] = staticmethod(_now)

    # --- what a backend implements -----------------------------------------------------------

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        """A write transaction: committed when the block ends, rolled back on any exception."""

    @abc.abstractmethod
    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """id -> record for those of ``ids`` that exist."""

    @abc.abstractmethod
    def scan(self, kind: str) -> Iterator[Record]:
        """All records of one kind, ordered by id."""

    @abc.abstractmethod
    def count(self, kind: str) -> int:
        """Number of records of one kind."""

    @abc.abstractmethod
    def audit_entries(self, after: int = 0) -> Iterator[AuditEntry]:
        """Audit entries with ``seq > after``, in order."""

    @abc.abstractmethod
    def audit_head(self) -> AuditHead:
        """The recorded audit head (seq 0 when nothing was written)."""

    @abc.abstractmethod
    def latest_audit(self, kind: str) -> Iterator[tuple[str, str, str, str]]:
        """(kind, id, action, digest) of the latest audit entry per record of ``kind``, by id."""

    @abc.abstractmethod
    def digests(self, kind: str) -> Iterator[tuple[str, str, str]]:
        """(kind, id, digest recomputed from the stored values) per record, by id."""

    @abc.abstractmethod
    def origins(self, dataset: str) -> Iterator[Origin]:
        """The recorded origins of one dataset (any order)."""

    @abc.abstractmethod
    def datasets_of_file(self, file_digest: str) -> list[str]:
        """The datasets with rows last imported from the file with this SHA-256, sorted."""

    @abc.abstractmethod
    def save_linkage(
        self, run: LinkageRun, pairs: Iterable[LinkPair], clusters: Iterable[tuple[str, str]]
    ) -> None:
        """Store a linkage run with its scored pairs and its clusters (person id, cluster id),
        atomically. Linkage results are derived data: they are not audited records."""

    @abc.abstractmethod
    def linkage_runs(self) -> list[LinkageRun]:
        """All linkage runs, oldest first."""

    @abc.abstractmethod
    def linkage_pairs(self, run_id: str, min_probability: float = 0.0) -> Iterator[LinkPair]:
        """The scored pairs of a run at or above ``min_probability``."""

    @abc.abstractmethod
    def linkage_clusters(self, run_id: str) -> Iterator[tuple[str, str]]:
        """(person id, cluster id) of a run."""

    # --- protection state: small metadata and append-only ledgers ---------------------------

    @abc.abstractmethod
    def meta(self, prefix: str = "") -> dict[str, str]:
        """Stored metadata (vault parameters, accounts) whose names start with ``prefix``."""

    @abc.abstractmethod
    def set_meta(self, values: Mapping[str, str | None]) -> None:
        """Set metadata atomically; None removes a name."""

    @abc.abstractmethod
    def append_ledger(self, log: str, drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
        """Chain ``drafts`` to the ledger ``log`` and append them atomically (serialised
        against other appenders); return the entries."""

    @abc.abstractmethod
    def ledger_entries(self, log: str, after: int = 0) -> Iterator[LedgerEntry]:
        """Entries of the ledger ``log`` with ``seq > after``, in order."""

    @abc.abstractmethod
    def ledger_head(self, log: str) -> AuditHead:
        """The recorded head of the ledger ``log`` (seq 0 when empty)."""

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- shared behaviour --------------------------------------------------------------------

    def get(self, kind: str, id: str) -> Record | None:
        """One record, or None."""
        return self.get_many(kind, [id]).get(id)

    def add(
        self, records: Iterable[Record], *, actor: str, progress: Progress | None = None
    ) -> ApplySummary:
        """Create records (atomically: all or nothing)."""
        return self.apply((Change.create(r) for r in records), actor=actor, progress=progress)

    def update(
        self, records: Iterable[Record], *, actor: str, progress: Progress | None = None
    ) -> ApplySummary:
        """Replace stored records by new versions with the same ids (atomically)."""
        return self.apply((Change.update(r) for r in records), actor=actor, progress=progress)

    def delete(self, kind: str, ids: Iterable[str], *, actor: str) -> ApplySummary:
        """Delete records that nothing refers to (atomically)."""
        return self.apply((Change.delete(kind, i) for i in ids), actor=actor)

    def apply(
        self, changes: Iterable[Change], *, actor: str, progress: Progress | None = None
    ) -> ApplySummary:
        """Apply changes in one transaction; on any problem nothing is written.

        Checks that created ids are new, updated and deleted ones exist, references resolve
        (within the batch or to stored records), deleted records are not referred to, that
        a person's data does not contradict the events they are involved in, and that
        identifying data from testimony has the person's consent. Each effective
        change appends one audit entry chained to the previous one.
        """
        actor = actor.strip()
        if not actor or "\x1f" in actor:
            raise ValueError("every change needs an actor (who made it)")
        summary = ApplySummary()
        with _gc_paused(), self.transaction() as txn:
            head = txn.head()
            deferred: dict[tuple[str, str], Problem] = {}
            consent_later: list[Record] = []
            iterator = iter(changes)
            while chunk := list(itertools.islice(iterator, self.chunk_size)):
                head = self._apply_chunk(txn, chunk, actor, head, summary, deferred, consent_later)
                if progress:
                    progress(len(chunk))
            if deferred:
                self._resolve_deferred(txn, deferred)
            if consent_later and (late := consent_problems(txn, {}, set(), consent_later)):
                raise ValidationError(late)
            txn.set_head(head)
        return summary

    def _apply_chunk(
        self,
        txn: Transaction,
        chunk: list[Change],
        actor: str,
        head: AuditHead,
        summary: ApplySummary,
        deferred: dict[tuple[str, str], Problem],
        consent_later: list[Record],
    ) -> AuditHead:
        by_kind: dict[str, list[str]] = defaultdict(list)
        origins: list[Origin] = []
        kinds = record_types()
        for change in chunk:
            if change.action == "origin":
                continue
            kind = change.kind
            if kind not in kinds:
                record_type(kind)  # raises KeyError for unknown kinds
            by_kind[kind].append(change.id)
        stored = {kind: txn.digests(kind, dict.fromkeys(ids)) for kind, ids in by_kind.items()}
        pending: dict[tuple[str, str], Record | None] = {}
        problems: list[Problem] = []
        creates: list[Record] = []
        updates: list[Record] = []
        deletes: list[tuple[str, str]] = []
        effective: list[tuple[str, str, str, str]] = []  # (action, kind, id, digest) to audit
        no_digests: dict[str, str] = {}

        for change in chunk:
            action = change.action
            if action == "origin":
                assert change.origin is not None
                origins.append(change.origin)
                continue
            kind, id = change.kind, change.id
            key = (kind, id)
            if key in pending:
                known = pending[key] is not None
            else:
                known = id in stored.get(kind, no_digests)
            if action == "delete":
                if not known:
                    problems.append(Problem(kind, id, None, "does not exist"))
                    continue
                pending[key] = None
                deletes.append(key)
                summary.deleted += 1
                effective.append(("delete", kind, id, ""))
                continue
            record = change.record
            if record is None or record.kind != kind or record.id != id:
                raise ValueError(f"change {action} {kind} {id} has no record")
            digest = record.digest()
            if action == "create":
                if known:
                    problems.append(Problem(kind, id, None, "already exists"))
                    continue
                creates.append(record)
                summary.created += 1
            else:
                if not known:
                    problems.append(Problem(kind, id, None, "does not exist"))
                    continue
                if key not in pending and stored[kind].get(id) == digest:
                    summary.unchanged += 1
                    continue
                updates.append(record)
                summary.updated += 1
            pending[key] = record
            effective.append((action, kind, id, digest))
        audit = chain_entries(head, self.clock(), actor, effective)
        if audit:
            head = AuditHead(audit[-1].seq, audit[-1].hash)

        problems.extend(self._check_references(txn, pending, deferred))
        problems.extend(self._check_involvements(txn, pending))
        problems.extend(self._check_deletes(txn, pending, deletes))
        updated_persons = {r.id for r in updates if r.kind == "person"}
        problems.extend(consent_problems(txn, pending, updated_persons, consent_later))
        if problems:
            raise ValidationError(problems)
        if audit:
            summary.first_seq = summary.first_seq or audit[0].seq
            summary.last_seq = audit[-1].seq
        if audit or origins:
            txn.write(creates, updates, deletes, audit, origins)
        return head

    @staticmethod
    def _check_references(
        txn: Transaction,
        pending: dict[tuple[str, str], Record | None],
        deferred: dict[tuple[str, str], Problem],
    ) -> list[Problem]:
        problems: list[Problem] = []
        wanted: dict[tuple[str, str], Problem] = {}
        references: dict[str, tuple[str, ...]] = {}
        for (kind, id), record in pending.items():
            if record is None:
                continue
            names = references.get(kind)
            if names is None:
                names = references[kind] = tuple(f.name for f in record.type.references)
            values = record.values
            for name in names:
                target = values.get(name)
                if target is None:
                    continue
                target_kind = kind_for_id(target)
                if target_kind is None:
                    problems.append(Problem(kind, id, name, f"{target!r} is not a record id"))
                    continue
                tkey = (target_kind, target)
                if tkey in pending:
                    if pending[tkey] is None:
                        problems.append(
                            Problem(
                                kind, id, name, f"refers to {target_kind} {target}, deleted here"
                            )
                        )
                    continue
                if tkey not in wanted:
                    wanted[tkey] = Problem(
                        kind, id, name, f"refers to {target_kind} {target}, which does not exist"
                    )
        by_kind: dict[str, list[str]] = defaultdict(list)
        for target_kind, target in wanted:
            by_kind[target_kind].append(target)
        for target_kind, targets in by_kind.items():
            found = txn.digests(target_kind, targets)
            for target in targets:
                if target not in found:
                    # It may still come later in the same apply(): decide at the end.
                    deferred.setdefault((target_kind, target), wanted[(target_kind, target)])
        return problems

    @staticmethod
    def _resolve_deferred(txn: Transaction, deferred: dict[tuple[str, str], Problem]) -> None:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, id in deferred:
            by_kind[kind].append(id)
        problems: list[Problem] = []
        for kind, ids in by_kind.items():
            found = txn.digests(kind, ids)
            problems.extend(deferred[(kind, i)] for i in ids if i not in found)
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _check_involvements(
        txn: Transaction, pending: dict[tuple[str, str], Record | None]
    ) -> list[Problem]:
        involvements = [
            r for (kind, _), r in pending.items() if kind == "involvement" and r is not None
        ]
        if not involvements:
            return []
        need: dict[str, set[str]] = {"person": set(), "event": set()}
        for inv in involvements:
            for kind in ("person", "event"):
                if (kind, inv[kind]) not in pending:
                    need[kind].add(inv[kind])
        fetched = {kind: txn.fetch(kind, ids) if ids else {} for kind, ids in need.items()}
        problems = []
        for inv in involvements:
            person = pending.get(("person", inv["person"])) or fetched["person"].get(inv["person"])
            event = pending.get(("event", inv["event"])) or fetched["event"].get(inv["event"])
            if person is None or event is None:
                continue  # reported (or deferred) by the reference check
            for field_name, message in involvement_problems(
                person.values, event.values, inv["role"]
            ):
                problems.append(Problem("involvement", inv.id, field_name, message))
        return problems

    @staticmethod
    def _check_deletes(
        txn: Transaction,
        pending: dict[tuple[str, str], Record | None],
        deletes: list[tuple[str, str]],
    ) -> list[Problem]:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, id in deletes:
            by_kind[kind].append(id)
        problems = []
        for kind, ids in by_kind.items():
            for ref_kind, ref_id, field_name, target in txn.referrers(kind, ids):
                if (ref_kind, ref_id) in pending and pending[(ref_kind, ref_id)] is None:
                    continue
                problems.append(
                    Problem(
                        kind, target, None, f"is referred to by {ref_kind} {ref_id} ({field_name})"
                    )
                )
        return problems

    # --- audit ---------------------------------------------------------------------------------

    def verify_audit(
        self, *, records: bool = True, progress: Progress | None = None
    ) -> AuditReport:
        """Check the hash chain and, with ``records``, that every record matches its last entry.

        ``progress`` is called with the number of entries and records checked so far, in steps.
        """
        report = verify_chain(_counted(self.audit_entries(), progress), self.audit_head())
        if records and report.ok:
            for kind in record_types():
                verify_records(
                    self.latest_audit(kind), _counted(self.digests(kind), progress), report
                )
        return report

    def require(self, kind: str, id: str) -> Record:
        """One record; NotFoundError when it does not exist."""
        record = self.get(kind, id)
        if record is None:
            raise NotFoundError(f"no {kind} with id {id}")
        return record
