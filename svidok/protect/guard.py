"""The store as a principal sees it: roles enforced on every read and write, reads logged.

:class:`GuardedStore` wraps any backend and is what :func:`svidok.store.open_store` returns
when it is given a principal (the CLI always gives one; a web view or API would too). For a
principal whose role may not read identifying data, every record it returns has its
identifying fields removed, whichever method returns it; the SQL backend is then opened so
that it never reads the identity table at all. For the other roles, every call that returns
identifying values appends an entry to the ``access`` ledger *before* the values are handed
over (if the entry cannot be written, nothing is returned).

Many guarded stores used at once over one backend (a web server's requests) can share an
:class:`AccessLogWriter`: their entries are then written together, several per transaction
(group commit), instead of each read queueing for the database's write lock. Each read still
waits until its own entry is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..audit import AuditEntry, AuditHead
from ..ledger import LedgerDraft, LedgerEntry
from ..model import Record
from ..store.base import (
    ApplySummary,
    Change,
    LinkageRun,
    LinkPair,
    Origin,
    Progress,
    Store,
    Transaction,
)
from .roles import Permission, Principal

__all__ = ["ACCESS_LOG", "AccessLogFailed", "AccessLogWriter", "GuardedStore", "strip_identity"]

ACCESS_LOG = "access"
_LISTED = 50  # ids named in an access entry; more are summarised by count and digest


def strip_identity(record: Record) -> Record:
    """The record without its identifying fields."""
    secret = record.type.identifying_names
    if not any(name in record.values for name in secret):
        return record
    return Record(
        record.kind, record.id, {k: v for k, v in record.values.items() if k not in secret}
    )


def _has_identity(record: Record) -> bool:
    return any(name in record.values for name in record.type.identifying_names)


def _ids_detail(ids: Sequence[str]) -> str:
    if len(ids) <= _LISTED:
        return " ".join(ids)
    digest = hashlib.sha256("\n".join(ids).encode("ascii")).hexdigest()
    return f"{len(ids)} records; sha256 of their ids {digest}"


class AccessLogFailed(RuntimeError):
    """The access log entry of a read could not be written (so nothing was returned)."""


class _Pending:
    __slots__ = ("draft", "entry", "error", "written")

    def __init__(self, draft: LedgerDraft) -> None:
        self.draft = draft
        self.entry: LedgerEntry | None = None
        self.error: BaseException | None = None
        self.written = False


class AccessLogWriter:
    """Appends access-log entries to ``inner`` for many threads, several per transaction.

    :meth:`append` returns once the caller's entry is in the database. A caller that finds no
    write under way writes every entry queued by then in one ``append_ledger`` call; the
    others wait, and whoever still waits when it is done writes what was queued meanwhile.
    If a write fails, every caller whose entry it held gets :class:`AccessLogFailed`. Entries
    keep the order in which they were queued.
    """

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self._queue: list[_Pending] = []
        self._writing = False
        self._done = threading.Condition(threading.Lock())
        self.writes = 0  # transactions and entries written, for tests and benchmarks
        self.entries = 0

    def append(self, draft: LedgerDraft) -> LedgerEntry:
        """Write one entry (with others queued meanwhile); return it once it is written."""
        mine = _Pending(draft)
        batch: list[_Pending] = []
        with self._done:
            self._queue.append(mine)
            while self._writing and not mine.written:
                self._done.wait()
            if not mine.written:  # no write under way: this caller writes the queue
                self._writing = True
                batch, self._queue = self._queue, []
        if batch:
            self._write(batch)
        if mine.entry is None:
            raise AccessLogFailed("the access log entry could not be written") from mine.error
        return mine.entry

    def _write(self, batch: list[_Pending]) -> None:
        try:
            entries = self.inner.append_ledger(ACCESS_LOG, [p.draft for p in batch])
            if len(entries) != len(batch):
                raise RuntimeError(f"{len(entries)} access log entries written of {len(batch)}")
            for pending, entry in zip(batch, entries, strict=True):
                pending.entry = entry
        except BaseException as exc:
            for pending in batch:
                pending.entry, pending.error = None, exc
        finally:
            with self._done:
                for pending in batch:
                    pending.written = True
                self._writing = False
                self.writes += 1
                self.entries += len(batch)
                self._done.notify_all()


class GuardedStore(Store):
    """A store used by one principal (see the module's docstring). With ``access_log``,
    access-log entries are written through that shared writer."""

    def __init__(
        self, inner: Store, principal: Principal, *, access_log: AccessLogWriter | None = None
    ) -> None:
        if access_log is not None and access_log.inner is not inner:
            raise ValueError("the access log writer must write to the same store")
        self.inner = inner
        self.principal = principal
        self.access_log = access_log

    @property
    def reads_identity(self) -> bool:
        """Whether this principal's reads include identifying values."""
        return self.principal.may("read_identity")

    # --- the access log ------------------------------------------------------------------------

    def log(self, action: str, subject: str, detail: str = "") -> LedgerEntry:
        """Append one entry to the access log in this principal's name."""
        draft = LedgerDraft(self.inner.clock(), self.principal.name, action, subject, detail)
        if self.access_log is not None:
            return self.access_log.append(draft)
        return self.inner.append_ledger(ACCESS_LOG, [draft])[0]

    def _release(self, kind: str, records: list[Record], how: str) -> list[Record]:
        if not self.reads_identity:
            return [strip_identity(r) for r in records]
        shown = [r.id for r in records if _has_identity(r)]
        if shown:
            self.log("read", kind, f"{how}: {_ids_detail(shown)}")
        return records

    # --- reads ---------------------------------------------------------------------------------

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        found = self.inner.get_many(kind, ids)
        return {r.id: r for r in self._release(kind, list(found.values()), "get")}

    def scan(self, kind: str) -> Iterator[Record]:
        if not self.reads_identity:
            yield from (strip_identity(r) for r in self.inner.scan(kind))
            return
        logged = False
        for record in self.inner.scan(kind):
            if not logged and _has_identity(record):
                self.log("read", kind, "scan: every record of the kind")
                logged = True
            yield record

    def count(self, kind: str) -> int:
        return self.inner.count(kind)

    def audit_entries(self, after: int = 0) -> Iterator[AuditEntry]:
        return self.inner.audit_entries(after)

    def audit_head(self) -> AuditHead:
        return self.inner.audit_head()

    def latest_audit(self, kind: str) -> Iterator[tuple[str, str, str, str]]:
        return self.inner.latest_audit(kind)

    def digests(self, kind: str) -> Iterator[tuple[str, str, str]]:
        self.principal.require("read_identity", "check records against the audit trail")
        return self.inner.digests(kind)

    def origins(self, dataset: str) -> Iterator[Origin]:
        # Row keys of imports can be identifying (a key column may hold names).
        self.principal.require("read_identity", "read import origins")
        return self.inner.origins(dataset)

    def datasets_of_file(self, file_digest: str) -> list[str]:
        self.principal.require("read_identity", "read import origins")
        return self.inner.datasets_of_file(file_digest)

    def linkage_runs(self) -> list[LinkageRun]:
        runs = self.inner.linkage_runs()
        if self.reads_identity:
            return runs
        return [self._without_frequencies(run) for run in runs]

    @staticmethod
    def _without_frequencies(run: LinkageRun) -> LinkageRun:
        # A trained model carries the frequencies of the names it was trained on.
        try:
            model = json.loads(run.model)
        except ValueError:
            model = {}
        if isinstance(model, dict) and isinstance(model.get("svidok"), dict):
            model["svidok"].pop("tf", None)
        return dataclasses.replace(run, model=json.dumps(model, ensure_ascii=False))

    def linkage_pairs(self, run_id: str, min_probability: float = 0.0) -> Iterator[LinkPair]:
        return self.inner.linkage_pairs(run_id, min_probability)

    def linkage_clusters(self, run_id: str) -> Iterator[tuple[str, str]]:
        return self.inner.linkage_clusters(run_id)

    # --- writes --------------------------------------------------------------------------------

    def apply(
        self, changes: Iterable[Change], *, actor: str, progress: Progress | None = None
    ) -> ApplySummary:
        """Apply changes as the principal (its account name is the audit actor); a change the
        role does not allow rolls the whole batch back."""
        principal = self.principal

        def allowed() -> Iterator[Change]:
            for change in changes:
                need: Permission = "judge" if change.kind == "judgement" else "write"
                principal.require(need, f"{change.action} {change.kind} records")
                yield change

        name = principal.name if principal.authenticated else actor
        return self.inner.apply(allowed(), actor=name, progress=progress)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self.principal.require("write", "write records")
        with self.inner.transaction() as txn:
            yield txn

    def save_linkage(
        self, run: LinkageRun, pairs: Iterable[LinkPair], clusters: Iterable[tuple[str, str]]
    ) -> None:
        self.principal.require("link", "store linkage runs")
        self.inner.save_linkage(run, pairs, clusters)

    # --- protection state ----------------------------------------------------------------------

    def meta(self, prefix: str = "") -> dict[str, str]:
        self.principal.require("admin", "read accounts and key parameters")
        return self.inner.meta(prefix)

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        self.principal.require("admin", "change accounts and key parameters")
        self.inner.set_meta(values)

    def append_ledger(self, log: str, drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
        own = [
            LedgerDraft(d.at, self.principal.name, d.action, d.subject, d.detail) for d in drafts
        ]
        return self.inner.append_ledger(log, own)

    def ledger_entries(self, log: str, after: int = 0) -> Iterator[LedgerEntry]:
        self.principal.require("admin", f"read the {log} log")
        return self.inner.ledger_entries(log, after)

    def ledger_head(self, log: str) -> AuditHead:
        return self.inner.ledger_head(log)

    def close(self) -> None:
        self.inner.close()
