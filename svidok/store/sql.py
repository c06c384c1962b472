"""The SQL store: SQLAlchemy Core on SQLite (default) or PostgreSQL."""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..audit import GENESIS, AuditEntry, AuditHead
from ..errors import SvidokError
from ..ledger import LedgerDraft, LedgerEntry, chain
from ..model import Record, record_type, record_types
from . import tables as T
from .base import LinkageRun, LinkPair, Origin, Store, Transaction
from .dialect import SQLiteWriter, bulk_insert, create_engine, lock_head_sql
from .migrations import current_revision, head_revision, upgrade

if TYPE_CHECKING:
    from ..protect.keys import Keyring, KeySource

__all__ = ["SQLStore"]

_VAULT = "vault"  # meta row: how to check the key (svidok.protect.keys.VaultParams)
_LEDGER_COLUMNS = ("log", "seq", "at", "actor", "action", "subject", "detail", "prev", "hash")

_AUDIT_COLUMNS = ("seq", "at", "actor", "action", "kind", "entity_id", "digest", "prev", "hash")
_PAIR_COLUMNS = ("run_id", "left_id", "right_id", "probability", "match_weight", "detail")
_ORIGIN_COLUMNS = ("dataset", "key", "content_hash", "file_digest", "line", "records")
_IN_CHUNK = 500  # ids per IN (...) list: well below SQLite's and PostgreSQL's parameter limits


def _chunks(ids: Iterable[str], size: int = _IN_CHUNK) -> Iterator[list[str]]:
    iterator = iter(ids)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _among(conn: sa.Connection, column: Any, ids: Iterable[str]) -> Iterator[Any]:
    """Conditions "column is one of ids", a chunk at a time.

    PostgreSQL gets one array parameter per 20,000 ids (``= ANY(...)``): planning a statement
    with hundreds of parameters, thousands of times in a big import, kept the server busier
    than the import itself. SQLite gets ``IN (...)`` lists below its parameter limit.
    """
    if conn.dialect.name == "postgresql":
        for chunk in _chunks(ids, 20_000):
            yield column == sa.any_(sa.bindparam(None, chunk, type_=postgresql.ARRAY(sa.String)))
    else:
        for chunk in _chunks(ids):
            yield column.in_(chunk)


def _origin_rows(origins: Iterable[Origin]) -> list[tuple[Any, ...]]:
    return [
        (x.dataset, x.key, x.content_hash, x.file_digest, x.line, json.dumps(list(x.records)))
        for x in origins
    ]


def _select_records(kind: str, identity: bool) -> sa.Select[Any]:
    table = T.tables[kind]
    if not identity:  # the identity table is not even read
        return sa.select(table, sa.null().label("_identity"))
    return sa.select(table, T.identity.c.data.label("_identity")).select_from(
        table.outerjoin(T.identity, T.identity.c.id == table.c.id)
    )


def _stream(engine: sa.Engine, query: sa.Executable, batch: int) -> Iterator[Any]:
    """Rows of ``query`` fetched in batches; the cursor closes even if the caller stops early."""
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(query)
        try:
            yield from result
        finally:
            result.close()


class _SQLTransaction(Transaction):
    def __init__(self, store: SQLStore, conn: sa.Connection, writer: SQLiteWriter | None) -> None:
        self.store = store
        self.conn = conn
        self.writer = writer  # SQLite: bulk inserts run in a second thread
        self._raw: Any = conn.connection.driver_connection if writer is not None else None

    def _sync(self) -> sa.Connection:
        """The connection, once queued writes are done (reads must see them)."""
        if self.writer is not None:
            self.writer.wait()
        return self.conn

    def head(self) -> AuditHead:
        row = self._sync().exec_driver_sql(lock_head_sql(self.store.engine)).one()
        return AuditHead(int(row[0]), str(row[1]))

    def digests(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        table = T.tables[kind]
        conn = self._sync()
        if self._raw is not None:
            # One statement per call, whatever the number of ids: the list goes as JSON.
            wanted = list(ids)
            if not wanted:
                return {}
            sql = f'SELECT id, digest FROM "{table.name}" WHERE id IN (SELECT value FROM json_each(?))'
            return dict(self._raw.execute(sql, (json.dumps(wanted),)).fetchall())
        found: dict[str, str] = {}
        for condition in _among(conn, table.c.id, ids):
            rows = conn.execute(sa.select(table.c.id, table.c.digest).where(condition))
            found.update({r[0]: r[1] for r in rows})
        return found

    def fetch(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        return self.store._fetch(self._sync(), kind, ids)

    def referrers(self, kind: str, ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        targets = list(ids)
        found: list[tuple[str, str, str, str]] = []
        conn = self._sync()
        for other in record_types().values():
            table = T.tables[other.name]
            for f in other.references:
                if kind not in f.type.options.get("to", ()):
                    continue
                column = table.c[f.name]
                for condition in _among(conn, column, targets):
                    rows = conn.execute(sa.select(table.c.id, column).where(condition))
                    found.extend((other.name, r[0], f.name, r[1]) for r in rows)
        return found

    def write(
        self,
        creates: list[Record],
        updates: list[Record],
        deletes: list[tuple[str, str]],
        audit: list[AuditEntry],
        origins: list[Origin],
    ) -> None:
        removed: dict[str, list[str]] = {}
        for kind, id in deletes:
            removed.setdefault(kind, []).append(id)
        for record in updates:  # an update replaces the row: delete, then insert again below
            removed.setdefault(record.kind, []).append(record.id)
        if removed:
            conn = self._sync()
            for kind, ids in removed.items():
                table = T.tables[kind]
                for condition in _among(conn, table.c.id, ids):
                    conn.execute(table.delete().where(condition))
                for condition in _among(conn, T.identity.c.id, ids):
                    conn.execute(T.identity.delete().where(condition))
        rows: dict[str, list[tuple[Any, ...]]] = {}
        identities: list[tuple[Any, ...]] = []
        digests = {e.entity_id: e.digest for e in audit}
        seal = self.store._sealer()
        record_row = T.record_row
        for record in itertools.chain(creates, updates):
            row, identifying = record_row(record, digests.get(record.id) or record.digest())
            kind_rows = rows.get(record.kind)
            if kind_rows is None:
                kind_rows = rows[record.kind] = []
            kind_rows.append(row)
            if identifying is not None:
                if seal is not None:
                    identifying = seal(f"identity/{record.kind}/{record.id}", identifying)
                identities.append((record.id, record.kind, identifying))
        audit_rows = [
            (e.seq, e.at, e.actor, e.action, e.kind, e.entity_id, e.digest, e.prev, e.hash)
            for e in audit
        ]
        if self.writer is not None:
            batches: list[tuple[str, Sequence[str], Sequence[tuple[Any, ...]]]] = [
                (kind, T.column_names(kind), kind_rows) for kind, kind_rows in rows.items()
            ]
            batches.append(("identity", ("id", "kind", "data"), identities))
            batches.append(("audit", _AUDIT_COLUMNS, audit_rows))
            # Origins are upserted: a newer import of the same key replaces the older one.
            latest = {(o.dataset, o.key): o for o in origins}  # the last one wins in a chunk
            batches.append(("origin", _ORIGIN_COLUMNS, _origin_rows(latest.values())))
            self.writer.insert(batches, {"origin": ("dataset", "key")})
            return
        conn = self.conn
        for kind, kind_rows in rows.items():
            bulk_insert(conn, T.tables[kind], T.column_names(kind), kind_rows)
        bulk_insert(conn, T.identity, ("id", "kind", "data"), identities)
        bulk_insert(conn, T.audit, _AUDIT_COLUMNS, audit_rows)
        self._write_origins(origins)

    def _write_origins(self, origins: list[Origin]) -> None:
        if not origins:
            return
        latest = {(o.dataset, o.key): o for o in origins}  # the last one wins within a chunk
        by_dataset: dict[str, list[str]] = {}
        for dataset, key in latest:
            by_dataset.setdefault(dataset, []).append(key)
        o = T.origin
        for dataset, keys in by_dataset.items():
            for condition in _among(self.conn, o.c.key, keys):
                self.conn.execute(o.delete().where(o.c.dataset == dataset, condition))
        bulk_insert(self.conn, o, _ORIGIN_COLUMNS, _origin_rows(latest.values()))

    def set_head(self, head: AuditHead) -> None:
        self._sync().execute(
            T.audit_head.update().where(T.audit_head.c.id == 1).values(seq=head.seq, hash=head.hash)
        )


class SQLStore(Store):
    """Records in SQL tables; identifying fields in a separate ``identity`` table.

    Open an existing database with ``SQLStore(url)``; create or upgrade its schema with
    ``SQLStore(url, migrate=True)`` (what ``svidok init`` does).

    An encrypted database (see :mod:`svidok.protect`) needs ``key`` to read or write
    identifying data; an empty database opened with a ``key`` becomes encrypted; a plaintext
    database with records refuses a key (``svidok key encrypt`` converts it). With
    ``identity=False`` the identity table is never read (no key is needed).
    """

    def __init__(
        self,
        url: str,
        *,
        migrate: bool = False,
        key: KeySource | None = None,
        identity: bool = True,
    ) -> None:
        self.url = url
        self.identity = identity
        self.keyring: Keyring | None = None
        self._encrypted = False
        self.engine = create_engine(url)
        database = self.engine.url.database
        if (
            not migrate
            and self.engine.dialect.name == "sqlite"
            and database not in (None, "", ":memory:")
            and not Path(database).exists()
        ):  # connecting would create an empty file that every later command then finds
            self.engine.dispose()
            raise SvidokError(f"there is no database at {database}: run `svidok init` first")
        try:
            if migrate:
                self.migrate()
            else:
                self._check_revision()
            self._unlock(key)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def encrypted(self) -> bool:
        """Whether identifying data in this database is encrypted (as of opening it)."""
        return self._encrypted

    def _unlock(self, key: KeySource | None) -> None:
        from ..protect.keys import Keyring, VaultKeyError, VaultParams

        where = f"the database {self.engine.url.render_as_string(hide_password=True)}"
        stored = self.meta(_VAULT).get(_VAULT)
        self._encrypted = stored is not None
        if stored is not None:
            if key is not None:
                self.keyring = Keyring.unlock(key, VaultParams.load(stored, where), where)
            elif self.identity:
                raise VaultKeyError(
                    f"{where} is encrypted: give its key (the key_file or passphrase setting)"
                )
            return
        if key is None:
            return
        if not self._empty():
            raise VaultKeyError(
                f"{where} is not encrypted but a key is configured: encrypt it with "
                "`svidok key encrypt`, or remove the key setting"
            )
        ring = Keyring.unlock(key, None, where)
        self.set_meta({_VAULT: ring.params.dump()})
        self.keyring, self._encrypted = ring, True

    def _empty(self) -> bool:
        with self.engine.connect() as conn:
            tables = (T.identity, T.audit, T.linkage_run)
            return all(conn.execute(sa.select(t).limit(1)).first() is None for t in tables)

    def _sealer(self) -> Callable[[str, str], str] | None:
        """:meth:`_seal` when identifying data is encrypted, None when it is kept as is."""
        if self.keyring is None and not self.encrypted:
            return None
        return self._seal

    def _seal(self, context: str, text: str) -> str:
        if self.keyring is None:
            if self.encrypted:
                raise SvidokError("writing identifying data to an encrypted database needs its key")
            return text
        from ..protect.crypto import seal_text

        return seal_text(self.keyring, "records", text, context)

    def _open(self, context: str, text: str) -> str:
        from ..protect.crypto import is_sealed, open_text

        if not is_sealed(text):
            return text
        if self.keyring is None:
            raise SvidokError(f"{context} is encrypted: opening it needs the key")
        return open_text(self.keyring, "records", text, context)

    def _record(self, kind: str, row: sa.Row[Any]) -> Record:
        mapping = row._mapping
        sealed = mapping["_identity"]
        identity = self._open(f"identity/{kind}/{mapping['id']}", sealed) if sealed else None
        return T.record_from_row(kind, mapping, identity)

    def migrate(self) -> None:
        """Bring the schema to the latest revision and make sure the audit head exists."""
        with self.engine.begin() as conn:
            upgrade(conn)
        with self.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            if conn.execute(sa.select(T.audit_head.c.id)).first() is None:
                conn.execute(T.audit_head.insert().values(id=1, seq=0, hash=GENESIS))

    def _check_revision(self) -> None:
        with self.engine.connect() as conn:
            current = current_revision(conn)
        if current is None:
            raise SvidokError(
                f"the database {self.engine.url.render_as_string(hide_password=True)} has no "
                "Svidok schema: run `svidok init` first"
            )
        if current != head_revision():
            raise SvidokError(
                f"the database schema is at revision {current}, this Svidok expects "
                f"{head_revision()}: run `svidok init` to upgrade"
            )

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            writer = None
            if conn.dialect.name == "sqlite":
                raw = conn.connection.driver_connection
                if SQLiteWriter.supported(raw):
                    writer = SQLiteWriter(raw)
            try:
                yield _SQLTransaction(self, conn, writer)
                if writer is not None:
                    writer.wait()  # before the commit: a failed write rolls everything back
            finally:
                if writer is not None:
                    writer.close()

    def _fetch(self, conn: sa.Connection, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        table = T.tables[record_type(kind).name]
        found: dict[str, Record] = {}
        for condition in _among(conn, table.c.id, ids):
            for row in conn.execute(_select_records(kind, self.identity).where(condition)):
                record = self._record(kind, row)
                found[record.id] = record
        return found

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        with self.engine.connect() as conn:
            return self._fetch(conn, kind, ids)

    def scan(self, kind: str) -> Iterator[Record]:
        table = T.tables[record_type(kind).name]
        query = _select_records(kind, self.identity).order_by(table.c.id)
        for row in _stream(self.engine, query, 2_000):
            yield self._record(kind, row)

    def count(self, kind: str) -> int:
        table = T.tables[record_type(kind).name]
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

    def audit_entries(self, after: int = 0) -> Iterator[AuditEntry]:
        a = T.audit
        query = (
            sa.select(
                a.c.seq,
                a.c.at,
                a.c.actor,
                a.c.action,
                a.c.kind,
                a.c.entity_id,
                a.c.digest,
                a.c.prev,
                a.c.hash,
            )
            .where(a.c.seq > after)
            .order_by(a.c.seq)
        )
        for row in _stream(self.engine, query, 5_000):
            seq, at, actor, action, kind, entity_id, digest, prev, hash_ = row
            yield AuditEntry(int(seq), at, actor, action, kind, entity_id, digest, prev, hash_)

    def audit_head(self) -> AuditHead:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(T.audit_head.c.seq, T.audit_head.c.hash)).first()
        return AuditHead(int(row[0]), str(row[1])) if row else AuditHead(0, GENESIS)

    def latest_audit(self, kind: str) -> Iterator[tuple[str, str, str, str]]:
        a = T.audit
        last = (
            sa.select(a.c.entity_id, sa.func.max(a.c.seq).label("seq"))
            .where(a.c.kind == kind)
            .group_by(a.c.entity_id)
            .subquery()
        )
        query = (
            sa.select(a.c.entity_id, a.c.action, a.c.digest)
            .join(last, a.c.seq == last.c.seq)
            .order_by(a.c.entity_id)
        )
        for row in _stream(self.engine, query, 5_000):
            yield (kind, row[0], row[1], row[2])

    def digests(self, kind: str) -> Iterator[tuple[str, str, str]]:
        if not self.identity:
            raise SvidokError("checking records against the audit trail needs identifying data")
        for record in self.scan(kind):
            yield (kind, record.id, record.digest())

    def origins(self, dataset: str) -> Iterator[Origin]:
        o = T.origin
        query = sa.select(o.c.key, o.c.content_hash, o.c.file_digest, o.c.line, o.c.records).where(
            o.c.dataset == dataset
        )
        for key, content_hash, file_digest, line, records in _stream(self.engine, query, 5_000):
            yield Origin(
                dataset, key, content_hash, file_digest, int(line), tuple(json.loads(records))
            )

    def datasets_of_file(self, file_digest: str) -> list[str]:
        o = T.origin
        query = sa.select(o.c.dataset).where(o.c.file_digest == file_digest).distinct()
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def save_linkage(
        self, run: LinkageRun, pairs: Iterable[LinkPair], clusters: Iterable[tuple[str, str]]
    ) -> None:
        with self.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            conn.execute(
                T.linkage_run.insert().values(
                    id=run.id,
                    created=run.created,
                    actor=run.actor,
                    backend=run.backend,
                    threshold=run.threshold,
                    # The trained model holds name frequencies: encrypted like identity data.
                    model=self._seal(f"linkage_run/{run.id}", run.model),
                    summary=run.summary,
                )
            )
            batch: list[tuple[Any, ...]] = []
            for p in pairs:
                batch.append((run.id, p.left, p.right, p.probability, p.match_weight, p.detail))
                if len(batch) >= 20_000:
                    bulk_insert(conn, T.linkage_pair, _PAIR_COLUMNS, batch)
                    batch = []
            bulk_insert(conn, T.linkage_pair, _PAIR_COLUMNS, batch)
            rows = [(run.id, person, cluster) for person, cluster in clusters]
            bulk_insert(conn, T.linkage_cluster, ("run_id", "person_id", "cluster_id"), rows)

    def linkage_runs(self) -> list[LinkageRun]:
        r = T.linkage_run
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(r).order_by(r.c.created, r.c.id)).mappings().all()
        runs = []
        for row in rows:
            model = row["model"]
            if self.keyring is None and model.startswith("svk1."):
                model = json.dumps({"sealed": True})
            else:
                model = self._open(f"linkage_run/{row['id']}", model)
            runs.append(LinkageRun(**{**dict(row), "model": model}))
        return runs

    def linkage_pairs(self, run_id: str, min_probability: float = 0.0) -> Iterator[LinkPair]:
        p = T.linkage_pair
        query = (
            sa.select(p.c.left_id, p.c.right_id, p.c.probability, p.c.match_weight, p.c.detail)
            .where(p.c.run_id == run_id, p.c.probability >= min_probability)
            .order_by(p.c.left_id, p.c.right_id)
        )
        for left, right, probability, weight, detail in _stream(self.engine, query, 10_000):
            yield LinkPair(left, right, float(probability), float(weight), detail)

    def linkage_clusters(self, run_id: str) -> Iterator[tuple[str, str]]:
        c = T.linkage_cluster
        query = (
            sa.select(c.c.person_id, c.c.cluster_id)
            .where(c.c.run_id == run_id)
            .order_by(c.c.person_id)
        )
        yield from ((person, cluster) for person, cluster in _stream(self.engine, query, 10_000))

    # --- protection state ------------------------------------------------------------------

    def meta(self, prefix: str = "") -> dict[str, str]:
        m = T.meta
        query = sa.select(m.c.name, m.c.value)
        if prefix:
            query = query.where(m.c.name.startswith(prefix, autoescape=True))
        with self.engine.connect() as conn:
            return {name: value for name, value in conn.execute(query)}

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        m = T.meta
        with self.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            for name, value in values.items():
                conn.execute(m.delete().where(m.c.name == name))
                if value is not None:
                    conn.execute(m.insert().values(name=name, value=value))

    def append_ledger(self, log: str, drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
        m, name = T.meta, f"ledger_head/{log}"
        with self.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
            # The head row is the lock that serialises appenders (SQLite: BEGIN IMMEDIATE).
            conn.execute(
                sa.text(
                    "INSERT INTO meta (name, value) VALUES (:n, :v) ON CONFLICT (name) DO NOTHING"
                ),
                {"n": name, "v": f"0 {GENESIS}"},
            )
            lock = sa.select(m.c.value).where(m.c.name == name)
            if conn.dialect.name == "postgresql":
                lock = lock.with_for_update()
            seq, hash_ = conn.execute(lock).scalar_one().split()
            entries = chain(log, AuditHead(int(seq), hash_), drafts)
            if entries:
                rows = [tuple(getattr(e, c) for c in _LEDGER_COLUMNS) for e in entries]
                bulk_insert(conn, T.ledger, _LEDGER_COLUMNS, rows)
                last = entries[-1]
                conn.execute(
                    m.update().where(m.c.name == name).values(value=f"{last.seq} {last.hash}")
                )
        return entries

    def ledger_entries(self, log: str, after: int = 0) -> Iterator[LedgerEntry]:
        g = T.ledger
        query = (
            sa.select(*(g.c[c] for c in _LEDGER_COLUMNS))
            .where(g.c.log == log, g.c.seq > after)
            .order_by(g.c.seq)
        )
        for row in _stream(self.engine, query, 5_000):
            values = dict(zip(_LEDGER_COLUMNS, row, strict=True))
            yield LedgerEntry(**{**values, "seq": int(values["seq"])})

    def ledger_head(self, log: str) -> AuditHead:
        stored = self.meta(f"ledger_head/{log}").get(f"ledger_head/{log}")
        if stored is None:
            return AuditHead(0, GENESIS)
        seq, hash_ = stored.split()
        return AuditHead(int(seq), hash_)
