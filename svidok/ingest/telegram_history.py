"""What earlier imports of a Telegram chat stored: so an older export does not undo edits.

Exports are snapshots: a volunteer may import this week's export, then last month's one found
on another laptop. Its messages are older versions of the stored ones, and importing them as
updates would silently put back texts that were edited since. :class:`StoredVersions` reads
the dataset's origins (message key -> content hash, records) and, for a message whose content
differs, the edit time the stored post carries in its title (``…, edited 2024-04-01 10:00:00
UTC``): the importer is then told the message is unchanged. It also counts the messages an
earlier import brought that this export lacks (they are kept, never deleted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Protocol

from ..model import Record, kind_for_id
from ..store import Origin

__all__ = ["EDITED", "OriginReader", "StoredVersions", "edited_suffix"]

EDITED = re.compile(r", edited (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$")


class OriginReader(Protocol):
    """The part of :class:`svidok.store.Store` this module reads."""

    def origins(self, dataset: str) -> Iterator[Origin]: ...

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]: ...


def edited_suffix(seconds: int | None) -> str:
    """The title suffix of an edited post (its edit time in UTC), "" for one never edited."""
    if seconds is None:
        return ""
    return f", edited {datetime.fromtimestamp(seconds, UTC):%Y-%m-%d %H:%M:%S} UTC"


def _edited_at(title: object) -> int | None:
    found = EDITED.search(title) if isinstance(title, str) else None
    if found is None:
        return None
    return int(datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp())


class StoredVersions:
    """The stored messages of one dataset (none without a store), with the edit time of each
    stored post, read in full when the adapter is made: the import's write transaction must
    not wait for reads (a guarded store logs them, which is a write of its own)."""

    def __init__(self, store: OriginReader | None, dataset: str) -> None:
        self.known: dict[str, Origin] = {}
        self.edited: dict[str, int | None] = {}
        if store is None:
            return
        self.known = {o.key: o for o in store.origins(dataset) if o.key.startswith("message:")}
        first = {
            key: next((i for i in o.records if kind_for_id(i) == "source"), None)
            for key, o in self.known.items()
        }
        sources = store.get_many("source", [i for i in first.values() if i])
        for key, source_id in first.items():
            stored = sources.get(source_id) if source_id else None
            self.edited[key] = _edited_at(stored.get("title") if stored is not None else None)

    def newer(self, key: str, content_hash: str, edited: int | None) -> str | None:
        """The stored content hash when the stored message was edited after this version
        (``edited``: this version's edit time, None if never edited); else None."""
        origin = self.known.get(key)
        if origin is None or origin.content_hash == content_hash:
            return None
        stored_edit = self.edited.get(key)
        if stored_edit is None or (edited is not None and edited >= stored_edit):
            return None
        return origin.content_hash

    def missing(self, seen: set[str]) -> int:
        """How many stored messages are not among the keys ``seen`` in this export."""
        return sum(1 for key in self.known if key not in seen)
