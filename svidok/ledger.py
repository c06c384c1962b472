"""Ledgers: append-only logs chained by SHA-256, like the audit trail, for events that are not
record changes: reads of identifying data and security actions (the ``access`` log), and what
happens to evidence files (the custody log).

Pure: stores and the evidence folder persist :class:`LedgerEntry` objects; this module chains
and verifies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .audit import GENESIS, AuditHead, AuditReport, entry_hash

__all__ = ["LedgerDraft", "LedgerEntry", "chain", "verify_ledger"]


@dataclass(frozen=True, slots=True)
class LedgerDraft:
    """An entry before it is chained: who did what to what, when, with details (text)."""

    at: str
    actor: str
    action: str
    subject: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One chained entry of a named ledger."""

    log: str
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str
    prev: str
    hash: str

    def expected_hash(self) -> str:
        """The hash this entry's content and link should have."""
        return _hash(
            self.log,
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.detail,
            self.prev,
        )

    def describe(self) -> str:
        """A short, human-readable name of the entry (no detail: it may be long)."""
        return f"#{self.seq} ({self.action} {self.subject} by {self.actor} at {self.at})"


def _hash(
    log: str, seq: int, at: str, actor: str, action: str, subject: str, detail: str, prev: str
) -> str:
    # The audit trail's hash with the ledger's name in the "kind" slot and the detail in the
    # "digest" slot: one definition of how entries are chained.
    return entry_hash(seq, at, actor, action, log, subject, detail, prev)


def chain(log: str, head: AuditHead, drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
    """Entries for ``drafts`` that follow ``head`` in the ledger ``log``."""
    entries: list[LedgerEntry] = []
    seq, prev = head.seq, head.hash
    for d in drafts:
        for name, value in (("actor", d.actor), ("action", d.action), ("subject", d.subject)):
            if "\x1f" in value or (name != "subject" and not value.strip()):
                raise ValueError(
                    f"ledger {log}: {name} {value!r} is empty or has a control character"
                )
        if "\x1f" in d.detail:
            raise ValueError(f"ledger {log}: detail has a control character")
        seq += 1
        h = _hash(log, seq, d.at, d.actor, d.action, d.subject, d.detail, prev)
        entries.append(LedgerEntry(log, seq, d.at, d.actor, d.action, d.subject, d.detail, prev, h))
        prev = h
    return entries


def verify_ledger(
    log: str, entries: Iterable[LedgerEntry], head: AuditHead | None, label: str | None = None
) -> AuditReport:
    """Walk a ledger in order and name the first entry that was edited, deleted or truncated.

    ``label`` names the ledger in messages (default: "<log> log").
    """
    name = label or f"{log} log"
    report = AuditReport()
    prev, expected = GENESIS, 1

    def bad(seq: int, message: str) -> AuditReport:
        report.problems.append(f"{name}: {message}")
        report.first_bad_seq = seq
        return report

    for entry in entries:
        report.checked += 1
        if entry.seq != expected:
            return bad(
                expected,
                f"entry #{expected} is missing (the next entry is #{entry.seq}): entries were deleted",
            )
        if entry.prev != prev:
            return bad(
                entry.seq,
                f"entry {entry.describe()} does not link to entry #{expected - 1}: "
                f"entry #{expected - 1} was altered or replaced",
            )
        if entry.expected_hash() != entry.hash:
            return bad(
                entry.seq,
                f"entry {entry.describe()} was altered: its content does not match its hash",
            )
        prev, expected = entry.hash, expected + 1
    last = expected - 1
    if head is not None:
        if head.seq > last:
            return bad(
                last + 1,
                f"the log ends at entry #{last} but the recorded head is #{head.seq}: "
                f"entries #{last + 1}-#{head.seq} were deleted",
            )
        if head.seq < last or head.hash != prev:
            return bad(
                head.seq, f"the recorded head (#{head.seq}) does not match the last entry (#{last})"
            )
    return report
