"""Turning encryption on for an existing database, and rotating its key.

Both re-encrypt everything under a new key: the evidence originals first (each file is
replaced atomically and names its key, so an interrupted run is simply repeated), then, in one
database transaction, the identity rows, the trained linkage models and the key parameters.
After a rotation the old key opens nothing in the database or the evidence folder; backups
made before it still need the old key (destroy them, or the old key, to make them unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ..errors import SvidokError
from ..evidence import EvidenceFiles
from ..ledger import LedgerDraft
from ..store import tables as T
from ..store.base import Store
from ..store.sql import SQLStore
from .crypto import seal_text
from .guard import ACCESS_LOG
from .keys import Keyring, KeySource

__all__ = ["Rekeyed", "rekey", "scrub"]

_PAGE = 2_000


@dataclass(frozen=True)
class Rekeyed:
    """What a change of key re-encrypted."""

    key_id: str
    identities: int
    models: int
    files: int


def _rewrite(
    store: SQLStore, conn: sa.Connection, table: sa.Table, column: str, context: str, ring: Keyring
) -> int:
    """Re-encrypt one text column of ``table`` (keyed by ``id``), a page at a time."""
    count, after = 0, ""
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c[column])
            .where(table.c.id > after)
            .order_by(table.c.id)
            .limit(_PAGE)
        ).all()
        if not rows:
            return count
        params = []
        for row_id, value in rows:
            where = context.format(id=row_id)
            plain = store._open(where, value)
            params.append({"k": row_id, "v": seal_text(ring, "records", plain, where)})
        conn.execute(
            table.update()
            .where(table.c.id == sa.bindparam("k"))
            .values({column: sa.bindparam("v")}),
            params,
        )
        count += len(rows)
        after = rows[-1][0]


def rekey(
    url: str, *, old: KeySource | None, new: KeySource, evidence_root: Path, actor: str
) -> Rekeyed:
    """Encrypt the database at ``url`` (``old`` None: it is plaintext) or rotate its key to
    ``new``, with its evidence folder. Refuses a new key equal to the current one."""
    store = SQLStore(url, key=old)
    try:
        if old is not None and not store.encrypted:
            raise SvidokError("the database is not encrypted: run `svidok key encrypt` first")
        where = "the new key"
        ring = Keyring.unlock(new, None, where)
        if store.keyring is not None and store.keyring.key_id == ring.key_id:
            raise SvidokError("the new key is the current key: nothing would change")
        files = EvidenceFiles(evidence_root, keyring=store.keyring, actor=actor)
        moved = files.reencrypt(ring) if evidence_root.is_dir() else 0
        with store.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            identities = _rewrite_identity(store, conn, ring)
            models = _rewrite(store, conn, T.linkage_run, "model", "linkage_run/{id}", ring)
            conn.execute(T.meta.delete().where(T.meta.c.name == "vault"))
            conn.execute(T.meta.insert().values(name="vault", value=ring.params.dump()))
        action = "key.rotate" if old is not None else "key.encrypt"
        store.append_ledger(
            ACCESS_LOG,
            [LedgerDraft(store.clock(), actor, action, "database", f"new key {ring.key_id}")],
        )
        return Rekeyed(ring.key_id, identities, models, moved)
    finally:
        store.close()


def _rewrite_identity(store: SQLStore, conn: sa.Connection, ring: Keyring) -> int:
    table = T.identity
    count, after = 0, ""
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.kind, table.c.data)
            .where(table.c.id > after)
            .order_by(table.c.id)
            .limit(_PAGE)
        ).all()
        if not rows:
            return count
        params = []
        for row_id, kind, data in rows:
            where = f"identity/{kind}/{row_id}"
            plain = store._open(where, data)
            params.append({"k": row_id, "v": seal_text(ring, "records", plain, where)})
        conn.execute(
            table.update().where(table.c.id == sa.bindparam("k")).values(data=sa.bindparam("v")),
            params,
        )
        count += len(rows)
        after = rows[-1][0]


def scrub(store: Store) -> None:
    """Make the database drop what redaction removed from where it may linger: SQLite's
    write-ahead log is checkpointed and truncated (deleted rows are already overwritten:
    ``secure_delete``); PostgreSQL's dead row versions are vacuumed from the tables that hold
    identifying data. Backups made from now on hold none of it."""
    inner = getattr(store, "inner", store)
    if not isinstance(inner, SQLStore):
        return
    if inner.engine.dialect.name == "sqlite":
        raw = inner.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return
    options = {"isolation_level": "AUTOCOMMIT"}
    with inner.engine.connect().execution_options(**options) as conn:
        for table in (T.identity, T.linkage_run):
            conn.exec_driver_sql(f"VACUUM {table.name}")
