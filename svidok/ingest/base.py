"""What every importer produces: items (one per row or message) that build records lazily.

An adapter (CSV/XLSX with a mapping, Telegram export, Uwazi export) reads its file and yields
:class:`Item` objects, :class:`Reject` objects for input it cannot use, and fills a
:class:`ReadReport`. It never writes: :mod:`svidok.ingest.importer` decides, per item, whether
it is new, changed or unchanged (by its ``key`` and ``content_hash``), builds only what must be
written, and applies everything in one transaction.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..model import Record, record_type
from ..model.ids import new_id_for_prefix
from ..model.records import canonical_bytes

__all__ = [
    "Adapter",
    "Allocator",
    "IdSource",
    "Item",
    "ReadReport",
    "Reject",
    "content_hash",
]


def content_hash(parts: object) -> str:
    """SHA-256 of the canonical JSON of a row's raw content (cells, message fields)."""
    return hashlib.sha256(canonical_bytes(parts)).hexdigest()


@dataclass(frozen=True, slots=True)
class Reject:
    """Input that could not be imported, with where it is and why."""

    file: str
    where: str  # "line 12", "Sheet1!C7", "message 345"
    field: str  # the column, cell or field concerned ("" when the whole row)
    reason: str
    value: str = ""

    def __str__(self) -> str:
        column = f", {self.field}" if self.field else ""
        return f"{self.file}, {self.where}{column}: {self.reason}"


class IdSource(Protocol):
    """Ids for the records an item builds: the ids it had before, when it was imported earlier."""

    def next(self, kind: str) -> str:
        """The id for the next record of ``kind`` this item builds."""
        ...

    def of(self, key: str, kind: str, index: int = 0) -> str:
        """The id of the ``index``-th record of ``kind`` built by another item ``key``."""
        ...

    def earlier(self) -> Iterable[str]:
        """The keys of the items earlier imports of the dataset recorded."""
        ...


@dataclass(frozen=True, slots=True)
class Item:
    """One row or message: its key in the dataset, its content hash, and how to build it.

    ``build`` returns the item's records in a stable order (the same kinds in the same order
    for the same content), taking their ids from the given :class:`IdSource`; it raises
    :class:`svidok.errors.ValidationError` (or returns rejects) when the content is unusable.
    """

    key: str
    line: int
    where: str
    content_hash: str
    build: Callable[[IdSource], list[Record] | list[Reject]]
    # Files to preserve with the item: (sha256, path). The importer copies them into the
    # content-addressed evidence folder before it commits the records that name them.
    attachments: tuple[tuple[str, Path], ...] = ()
    # False for the item describing the file as a whole (the list's source, the chat): it is
    # imported like the others but not counted among the rows or messages.
    counted: bool = True
    # True when other items refer to this item's records (``IdSource.of``): only such items'
    # ids are remembered during an import, so a million rows do not keep a million id lists.
    anchor: bool = False
    # Kinds of records this item cannot speak to this time (a message whose media this export
    # does not include): records of these kinds an earlier import made are kept, not deleted.
    keeps: frozenset[str] = frozenset()


@dataclass
class ReadReport:
    """What an adapter saw besides items: the file, its digest, and what it left out."""

    file: str
    file_digest: str = ""
    dataset: str = ""
    unit: str = "rows"  # what the items are called in summaries: rows, messages, entities
    details: dict[str, str] = field(default_factory=dict)  # encoding, delimiter, sheet...
    dropped: Counter[str] = field(default_factory=Counter)  # what privacy rules removed
    skipped: Counter[str] = field(default_factory=Counter)  # empty rows, service messages...
    warnings: Counter[str] = field(default_factory=Counter)  # imported, but worth a look
    notes: list[str] = field(default_factory=list)


class Adapter(Protocol):
    """A readable input: yields items and rejects, and reports on the file."""

    report: ReadReport

    def items(self) -> Iterator[Item | Reject]:
        """Items and rejects in file order. May raise ReadError for an unreadable file."""
        ...


class Allocator:
    """Hands out record ids: existing ones for known items (by kind, in order), new ones else."""

    def __init__(self, known: Mapping[str, tuple[str, ...]], rng: random.Random | None = None):
        self.known = known
        self.rng = rng
        self.allocated: dict[str, list[str]] = {}

    def for_item(self, key: str, anchor: bool = True, *, fresh: bool = False) -> _ItemIds:
        """Ids for one item: its earlier ones in order, unless ``fresh`` (new ids only)."""
        return _ItemIds(self, key, anchor, fresh)

    def _new(self, kind: str) -> str:
        return new_id_for_prefix(_prefix(kind), self.rng)


@functools.cache
def _prefix(kind: str) -> str:
    return record_type(kind).prefix


class _ItemIds:
    __slots__ = ("allocator", "anchor", "key", "old", "used")

    def __init__(
        self, allocator: Allocator, key: str, anchor: bool = True, fresh: bool = False
    ) -> None:
        self.allocator = allocator
        self.key = key
        self.anchor = anchor
        self.old: dict[str, list[str]] = {}
        for record_id in () if fresh else allocator.known.get(key, ()):
            self.old.setdefault(record_id[0], []).append(record_id)
        self.used: list[str] = []

    def next(self, kind: str) -> str:
        prefix = _prefix(kind)
        reuse = self.old.get(prefix) if self.old else None
        record_id = reuse.pop(0) if reuse else new_id_for_prefix(prefix, self.allocator.rng)
        self.used.append(record_id)
        if self.anchor:
            self.allocator.allocated[self.key] = self.used
        return record_id

    def earlier(self) -> Iterable[str]:
        return self.allocator.known.keys()

    def of(self, key: str, kind: str, index: int = 0) -> str:
        prefix = record_type(kind).prefix
        ids = self.allocator.allocated.get(key) or list(self.allocator.known.get(key, ()))
        matching = [i for i in ids if i[0] == prefix]
        if index >= len(matching):
            raise LookupError(f"item {key!r} has no {kind} number {index + 1}")
        return matching[index]
