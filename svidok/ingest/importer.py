"""Apply an adapter's items to a store: one transaction per file, idempotent, with rejects.

Each item has a key in its dataset and a content hash. An item whose key is known with the
same hash is unchanged and is not even built; a known key with a new hash is rebuilt with the
ids it had, so the store records updates (and deletes records the row no longer yields); a new
key creates records. The origin of every written item (file digest, line, content hash, record
ids) is stored with the records in the same transaction. With any reject, nothing is committed
unless ``accept_partial`` is set.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadError, SvidokError, ValidationError
from ..evidence.files import EvidenceFiles
from ..model import Record, kind_for_id
from ..store import ApplySummary, Change, Origin, Store
from .base import Adapter, Allocator, Item, ReadReport, Reject

__all__ = ["ImportSummary", "import_file", "write_rejects"]

# Deleting a row's records: what refers to others goes first.
_DELETE_ORDER = (
    "claim",
    "involvement",
    "evidence",
    "published_figure",
    "event",
    "person",
    "source",
)


@dataclass
class ImportSummary:
    """What one import did (or would have done, when it was not committed)."""

    report: ReadReport
    added: int = 0  # items (rows, messages) new to the dataset
    updated: int = 0  # items whose content changed since the last import
    unchanged: int = 0
    rejected: int = 0
    committed: bool = False
    store: ApplySummary = field(default_factory=ApplySummary)
    rejects: list[Reject] = field(default_factory=list)
    rejects_file: Path | None = None
    attachments: int = 0
    new_files: list[str] = field(default_factory=list)  # evidence files this import added

    @property
    def items(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected


class _RollBack(Exception):
    """Raised at the end of the change stream to undo an import that has rejects."""


@dataclass
class _Moves:
    """Rows of a spreadsheet found on another line (or under another running number) than
    at the last import: a row inserted above them, rows removed or sorted. A row whose content
    was imported under another key keeps that key's records (it is not rebuilt as a different
    person over them), and a key whose earlier content now sits elsewhere gets new records."""

    owner: dict[str, str]  # content hash -> the key it had at the last import
    current: dict[str, str]  # key -> content hash in this file
    now: set[str]  # content hashes in this file
    claimed: set[str] = field(default_factory=set)  # known keys whose records moved

    @classmethod
    def for_file(
        cls, adapter: Adapter, known: dict[str, tuple[str, tuple[str, ...]]]
    ) -> _Moves | None:
        if not any(k.startswith(("row:", "key:")) for k in known):
            return None  # nothing imported yet, or keys that do not shift (message ids)
        report = adapter.report
        saved = (report.dropped.copy(), report.skipped.copy(), report.warnings.copy())
        notes = list(report.notes)

        def items() -> Iterator[Item]:
            return (item for item in adapter.items() if isinstance(item, Item))

        # first without keeping anything (the usual re-import: every row where it was), then,
        # only when some row changed, with every row's hash
        changed = any(known.get(i.key, ("",))[0] != i.content_hash for i in items())
        current = {item.key: item.content_hash for item in items()} if changed else {}
        # the passes above counted what the real pass will count again
        report.dropped, report.skipped, report.warnings = saved
        report.notes[:] = notes
        if not changed:
            return None
        owner = {content: key for key, (content, _) in known.items()}
        return cls(owner, current, set(current.values()))

    def moved_from(self, item: Item) -> str | None:
        """The known key whose records this item's content had, if it moved here."""
        owner = self.owner.get(item.content_hash)
        if owner is None or owner == item.key or owner in self.claimed:
            return None
        if self.current.get(owner) == item.content_hash:
            return None  # the same content is still there too: a repeated row
        self.claimed.add(owner)
        return owner

    def displaced(self, old_content: str) -> bool:
        """Whether a key's content at the last import is now on another line."""
        return old_content in self.now


@dataclass(slots=True)
class _Prepared:
    """An item after building: what the store needs, nothing that refers back to the file."""

    key: str
    line: int
    counted: bool
    content_hash: str
    before: tuple[str, ...] | None  # the record ids of the previous import of this key
    unchanged: bool = False
    moved: tuple[str, ...] | None = None  # the records of the key this content had before
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    attachments: tuple[tuple[str, Path], ...] = ()
    keeps: frozenset[str] = frozenset()


def import_file(
    store: Store,
    adapter: Adapter,
    *,
    actor: str,
    accept_partial: bool = False,
    evidence: EvidenceFiles | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import everything ``adapter`` yields into ``store`` in one transaction.

    Returns the summary; ``summary.committed`` is False when rejects stopped the import (the
    store is then unchanged). File-level errors (ReadError) propagate after the rollback.
    """
    summary = ImportSummary(report=adapter.report)
    report = adapter.report
    if report.file_digest:
        others = [d for d in store.datasets_of_file(report.file_digest) if d != report.dataset]
        for other in others:
            report.warnings[
                f"this exact file was imported before as dataset {other!r}: its rows are now "
                "recorded twice (give the mapping that dataset name to update it instead)"
            ] += 1
    known = _known(store, adapter)
    moves = _Moves.for_file(adapter, known)
    stream = _serial(adapter, known, moves)

    # rows of the sheet imported before that this file has no more: their records are carried
    # by no row (unchanged, corrected in place, or moved to another line); counted, not kept
    families: set[str] = set()
    carried = [0]

    def changes() -> Iterator[Change]:
        for entry in stream:
            if progress:
                progress(1)
            if isinstance(entry, Reject):
                summary.rejected += 1
                summary.rejects.append(entry)
                continue
            if entry.key.startswith(("row:", "key:")):
                families.add(_family(entry.key))
                carried[0] += bool(entry.moved or entry.before)  # an earlier row's records go on
            yield from _changes_for(entry, summary, evidence)
        gone = sum(1 for k in known if k.startswith(("row:", "key:")) and _family(k) in families)
        gone -= carried[0]
        if gone:
            adapter.report.warnings[
                "rows imported before that this file no longer has: kept, and still counted "
                "(nothing is deleted by an import)"
            ] += gone
        if summary.rejects and not accept_partial:
            raise _RollBack()
        if summary.items == 0:
            raise _RollBack()  # no row or message: not even the file's source is recorded

    try:
        summary.store = store.apply(changes(), actor=actor)
        summary.committed = True
    except _RollBack:
        summary.committed = False
    except BaseException:
        _discard(evidence, summary.new_files, "the import failed: nothing refers to the file")
        raise
    if not summary.committed:
        _discard(evidence, summary.new_files, "the import was not committed")
    return summary


def _discard(evidence: EvidenceFiles | None, digests: list[str], reason: str) -> None:
    """Remove the files this import preserved when its records were not written (a file an
    earlier import stored is never in ``digests``)."""
    if evidence is None:
        return
    for sha256 in digests:
        evidence.discard(sha256, reason)


def _known(store: Store, adapter: Adapter) -> dict[str, tuple[str, tuple[str, ...]]]:
    dataset = adapter.report.dataset
    if not dataset:
        raise SvidokError(f"{adapter.report.file}: the adapter names no dataset")
    return {o.key: (o.content_hash, o.records) for o in store.origins(dataset)}


def _family(key: str) -> str:
    """The sheet a row key belongs to: "row:12" -> "row", "row:Sheet2:12" -> "row:Sheet2"."""
    return "key" if key.startswith("key:") else key.rsplit(":", 1)[0]


def _prepare(
    item: Item,
    known: dict[str, tuple[str, tuple[str, ...]]],
    allocator: Allocator,
    file: str,
    moves: _Moves | None = None,
) -> _Prepared:
    before = known.get(item.key)
    prepared = _Prepared(
        item.key, item.line, item.counted, item.content_hash, before[1] if before else None
    )
    if before is not None and before[0] == item.content_hash:
        prepared.unchanged = True
        return prepared
    fresh = False
    if moves is not None:
        owner = moves.moved_from(item)
        if owner is not None:
            prepared.moved = known[owner][1]
            return prepared
        if before is not None and moves.displaced(before[0]):
            # this key's records belong to the row now on another line: start afresh
            prepared.before, fresh = None, True
    try:
        built = item.build(allocator.for_item(item.key, item.anchor, fresh=fresh))
    except ValidationError as exc:
        built = [Reject(file, item.where, p.field or "", p.message) for p in exc.problems]
    prepared.rejects = [b for b in built if isinstance(b, Reject)]
    if not prepared.rejects:
        prepared.records = [b for b in built if isinstance(b, Record)]
        prepared.attachments = item.attachments
        prepared.keeps = item.keeps
    return prepared


def _serial(
    adapter: Adapter,
    known: dict[str, tuple[str, tuple[str, ...]]],
    moves: _Moves | None = None,
) -> Iterator[_Prepared | Reject]:
    allocator = Allocator({key: records for key, (_, records) in known.items()})
    for entry in adapter.items():
        if isinstance(entry, Reject):
            yield entry
        else:
            yield _prepare(entry, known, allocator, adapter.report.file, moves)


def _changes_for(
    prepared: _Prepared, summary: ImportSummary, evidence: EvidenceFiles | None
) -> Iterator[Change]:
    count = 1 if prepared.counted else 0
    if prepared.unchanged:
        summary.unchanged += count
        return
    if prepared.moved is not None:
        summary.unchanged += count
        summary.report.warnings[
            "rows found on another line than at the last import (rows inserted, removed or "
            "sorted): they keep their records"
        ] += count
        yield _origin(prepared, summary, prepared.moved)
        return
    if prepared.rejects:
        summary.rejected += count
        summary.rejects.extend(prepared.rejects)
        return
    records = prepared.records
    if evidence is not None:
        for sha256, path in prepared.attachments:
            known = evidence.has(sha256)
            stored, _ = evidence.put(path, expected=sha256)
            if not known:
                summary.new_files.append(stored)
            if stored != sha256:
                raise ReadError(summary.report.file, f"{path} changed while it was being imported")
            summary.attachments += 1
    before = prepared.before or ()
    old_ids = set(before)
    for record in records:
        yield Change.update(record) if record.id in old_ids else Change.create(record)
    new_ids = {r.id for r in records}
    kept = [i for i in before if i not in new_ids and kind_for_id(i) in prepared.keeps]
    gone = [i for i in before if i not in new_ids and kind_for_id(i) not in prepared.keeps]
    for kind in _DELETE_ORDER:
        for record_id in gone:
            if kind_for_id(record_id) == kind:
                yield Change.delete(kind, record_id)
    if prepared.before is None:
        summary.added += count
    else:
        summary.updated += count
    yield _origin(prepared, summary, (*(r.id for r in records), *kept))


def _origin(prepared: _Prepared, summary: ImportSummary, records: tuple[str, ...]) -> Change:
    """Where the item's records came from, written with them."""
    report = summary.report
    return Change.of_origin(
        Origin(
            report.dataset,
            prepared.key,
            prepared.content_hash,
            report.file_digest,
            prepared.line,
            records,
        )
    )


def write_rejects(rejects: list[Reject], path: Path) -> Path:
    """Write rejects as CSV (file, where, column, value, reason) for the person fixing the file.

    The values are cells of the file (names among them): the file is readable by its owner
    only, like the pseudonym salt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "where", "column", "value", "reason"])
        for r in rejects:
            writer.writerow([r.file, r.where, r.field, r.value[:200], r.reason])
    return path
