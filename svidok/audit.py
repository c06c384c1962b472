"""The audit trail: append-only entries chained by SHA-256, and their verification.

Pure: stores produce and persist :class:`AuditEntry` objects; this module computes hashes and
checks a sequence of entries (and, optionally, the records they describe).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "GENESIS",
    "Action",
    "AuditEntry",
    "AuditHead",
    "AuditReport",
    "chain_entries",
    "entry_hash",
    "next_entry",
    "verify_chain",
    "verify_records",
]

GENESIS = "0" * 64
Action = Literal["create", "update", "delete"]


def entry_hash(
    seq: int, at: str, actor: str, action: str, kind: str, entity_id: str, digest: str, prev: str
) -> str:
    """SHA-256 over the entry's fields and the previous entry's hash."""
    # \x1f (unit separator) cannot occur in any field: actors and ids are cleaned text.
    payload = "\x1f".join((str(seq), at, actor, action, kind, entity_id, digest, prev))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: who did what to which record, when, and the digest of the new state."""

    seq: int
    at: str
    actor: str
    action: str
    kind: str
    entity_id: str
    digest: str
    prev: str
    hash: str

    def expected_hash(self) -> str:
        return entry_hash(
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.kind,
            self.entity_id,
            self.digest,
            self.prev,
        )

    def describe(self) -> str:
        return (
            f"#{self.seq} ({self.action} {self.kind} {self.entity_id} by {self.actor} at {self.at})"
        )


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The last entry's sequence number and hash, kept beside the log (and worth keeping apart)."""

    seq: int
    hash: str


def next_entry(
    head: AuditHead, at: str, actor: str, action: str, kind: str, entity_id: str, digest: str
) -> AuditEntry:
    """The entry that follows ``head``."""
    seq = head.seq + 1
    return AuditEntry(
        seq,
        at,
        actor,
        action,
        kind,
        entity_id,
        digest,
        head.hash,
        entry_hash(seq, at, actor, action, kind, entity_id, digest, head.hash),
    )


def chain_entries(
    head: AuditHead, at: str, actor: str, changes: Sequence[tuple[str, str, str, str]]
) -> list[AuditEntry]:
    """The entries that follow ``head`` for ``changes`` (action, kind, entity id, digest), in
    order: the same entries as :func:`next_entry` one at a time, built with less overhead."""
    sha256 = hashlib.sha256
    middle = f"\x1f{at}\x1f{actor}\x1f"
    seq, prev = head.seq, head.hash
    entries: list[AuditEntry] = []
    append = entries.append
    for action, kind, entity_id, digest in changes:
        seq += 1
        payload = f"{seq}{middle}{action}\x1f{kind}\x1f{entity_id}\x1f{digest}\x1f{prev}"
        hash_ = sha256(payload.encode("utf-8")).hexdigest()
        append(AuditEntry(seq, at, actor, action, kind, entity_id, digest, prev, hash_))
        prev = hash_
    return entries


@dataclass
class AuditReport:
    """Outcome of a verification: ``ok`` and, when not, the first broken link."""

    checked: int = 0
    records_checked: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(entries: Iterable[AuditEntry], head: AuditHead | None) -> AuditReport:
    """Walk the entries in order and report the first one that breaks the chain.

    Detects an edited entry (its hash no longer matches), an entry whose hash was recomputed
    after editing (the next entry's link breaks), deleted entries (a gap in sequence numbers),
    and entries deleted from the end (the log stops before the recorded head).
    """
    report = AuditReport()
    prev, expected = GENESIS, 1
    for entry in entries:
        report.checked += 1
        if entry.seq != expected:
            report.problems.append(
                f"audit entry #{expected} is missing (the next entry is #{entry.seq}): "
                "entries were deleted"
            )
            report.first_bad_seq = expected
            return report
        if entry.prev != prev:
            report.problems.append(
                f"audit entry {entry.describe()} does not link to entry #{expected - 1}: "
                f"entry #{expected - 1} was altered or replaced"
            )
            report.first_bad_seq = entry.seq
            return report
        if entry.expected_hash() != entry.hash:
            report.problems.append(
                f"audit entry {entry.describe()} was altered: its content does not match its hash"
            )
            report.first_bad_seq = entry.seq
            return report
        prev, expected = entry.hash, expected + 1
    last = expected - 1
    if head is not None:
        if head.seq > last:
            report.problems.append(
                f"the audit log ends at entry #{last} but the recorded head is #{head.seq}: "
                f"entries #{last + 1}-#{head.seq} were deleted"
            )
            report.first_bad_seq = last + 1
        elif head.seq < last or head.hash != prev:
            report.problems.append(
                f"the recorded audit head (#{head.seq}) does not match the last entry (#{last})"
            )
            report.first_bad_seq = head.seq
    return report


def verify_records(
    latest: Iterator[tuple[str, str, str, str]],
    current: Iterator[tuple[str, str, str]],
    report: AuditReport,
    limit: int = 20,
) -> AuditReport:
    """Compare each record's digest with the digest its latest audit entry recorded.

    ``latest`` yields (kind, id, action, digest) and ``current`` yields (kind, id, digest), both
    sorted by (kind, id). Records changed or added outside the store, and records deleted
    without an audit entry, are reported.
    """
    sentinel = ("\uffff", "\uffff")
    a, b = next(latest, None), next(current, None)
    while a is not None or b is not None:
        ka = (a[0], a[1]) if a else sentinel
        kb = (b[0], b[1]) if b else sentinel
        if ka == kb:
            assert a is not None and b is not None
            report.records_checked += 1
            if a[2] == "delete":
                report.problems.append(f"{b[0]} {b[1]} exists although the audit trail deleted it")
            elif a[3] != b[2]:
                report.problems.append(
                    f"{b[0]} {b[1]} was changed outside Svidok: it does not match its last audit entry"
                )
            a, b = next(latest, None), next(current, None)
        elif ka < kb:
            assert a is not None
            if a[2] != "delete":
                report.problems.append(f"{a[0]} {a[1]} was deleted without an audit entry")
            a = next(latest, None)
        else:
            assert b is not None
            report.records_checked += 1
            report.problems.append(f"{b[0]} {b[1]} has no audit entry: it was added outside Svidok")
            b = next(current, None)
        if len(report.problems) >= limit:
            report.problems.append("... (stopped after the first problems)")
            break
    return report
