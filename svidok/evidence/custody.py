"""The custody log of the evidence folder: who did what to which original, when, chained.

Kept beside the originals (``custody.log``, one JSON entry per line, and ``custody.head``) so
that it travels with them, works with any store and is appended to even while an import holds
the database's write lock. Entries are :class:`svidok.ledger.LedgerEntry` objects of the
ledger ``custody``; appends are serialised by an exclusive lock on ``custody.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from ..audit import GENESIS, AuditHead, AuditReport
from ..ledger import LedgerDraft, LedgerEntry, chain, verify_ledger

__all__ = ["CUSTODY", "CustodyLog"]

CUSTODY = "custody"
_FIELDS = frozenset(LedgerEntry.__slots__)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class CustodyLog:
    """The chained custody log in the folder ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / "custody.log"
        self.head_path = self.root / "custody.head"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "custody.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def head(self) -> AuditHead:
        """The recorded head (seq 0 before the first entry)."""
        try:
            seq, hash_ = self.head_path.read_text(encoding="ascii").split()
            return AuditHead(int(seq), hash_)
        except FileNotFoundError:
            return AuditHead(0, GENESIS)
        except ValueError:
            return AuditHead(-1, "damaged")

    def append(self, actor: str, action: str, subject: str, detail: str = "") -> LedgerEntry:
        """Append one entry (durably: flushed to disk before the head moves)."""
        with self._locked():
            entry = chain(
                CUSTODY, self._last(), [LedgerDraft(_now(), actor, action, subject, detail)]
            )[0]
            line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n"
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
            temp = self.head_path.with_suffix(".head-new")
            temp.write_text(f"{entry.seq} {entry.hash}\n", encoding="ascii")
            os.replace(temp, self.head_path)
            return entry

    def _last(self) -> AuditHead:
        # Chain to the last entry actually in the log (the head file may be behind after a
        # crash between the two writes; verification then reports the mismatch).
        last: LedgerEntry | None = None
        for item in self.entries():
            if isinstance(item, LedgerEntry):
                last = item
        return AuditHead(last.seq, last.hash) if last else AuditHead(0, GENESIS)

    def entries(self) -> Iterator[LedgerEntry | str]:
        """Entries in order; a line that cannot be read is yielded as a message naming it."""
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    data = json.loads(line)
                    if not isinstance(data, dict) or set(data) != _FIELDS:
                        raise ValueError("unexpected fields")
                    yield LedgerEntry(**data)
                except (ValueError, TypeError):
                    yield f"{self.path}, line {number}: not a custody entry (the line was altered)"

    def verify(self) -> AuditReport:
        """Check the chain and the head; name the first altered, missing or damaged entry."""
        entries: list[LedgerEntry] = []
        for item in self.entries():
            if isinstance(item, str):
                report = AuditReport(checked=len(entries), first_bad_seq=len(entries) + 1)
                report.problems.append(f"custody log: {item}")
                return report
            entries.append(item)
        return verify_ledger(CUSTODY, entries, self.head(), "custody log")

    def list(self, subject: str | None = None) -> Sequence[LedgerEntry]:
        """Entries, all or those about one original."""
        return [
            e for e in self.entries() if isinstance(e, LedgerEntry) and subject in (None, e.subject)
        ]
