"""The SQL store: SQLAlchemy Core on SQLite (default) or PostgreSQL."""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..audit import GENESIS, AuditEntry, AuditHead
from ..errors import SvidokError
from ..model import Record, record_type, record_types
from . import tables as T
from .base import LinkageRun, LinkPair, Origin, Store, Transaction
from .dialect import bulk_insert, create_engine, lock_head_sql
from .migrations import current_revision, head_revision, upgrade

__all__ = ["SQLStore"]

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


def _select_records(kind: str) -> sa.Select[Any]:
    table = T.tables[kind]
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


def _record(kind: str, row: sa.Row[Any]) -> Record:
    mapping = row._mapping
    return T.record_from_row(kind, mapping, mapping["_identity"])


class _SQLTransaction(Transaction):
    def __init__(self, store: SQLStore, conn: sa.Connection) -> None:
        self.store = store
        self.conn = conn

    def head(self) -> AuditHead:
        row = self.conn.exec_driver_sql(lock_head_sql(self.store.engine)).one()
        return AuditHead(int(row[0]), str(row[1]))

    def digests(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        table = T.tables[kind]
        found: dict[str, str] = {}
        for condition in _among(self.conn, table.c.id, ids):
            rows = self.conn.execute(sa.select(table.c.id, table.c.digest).where(condition))
            found.update({r[0]: r[1] for r in rows})
        return found

    def fetch(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        return self.store._fetch(self.conn, kind, ids)

    def referrers(self, kind: str, ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        targets = list(ids)
        found: list[tuple[str, str, str, str]] = []
        for other in record_types().values():
            table = T.tables[other.name]
            for f in other.references:
                if kind not in f.type.options.get("to", ()):
                    continue
                column = table.c[f.name]
                for condition in _among(self.conn, column, targets):
                    rows = self.conn.execute(sa.select(table.c.id, column).where(condition))
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
        conn = self.conn
        removed: dict[str, list[str]] = {}
        for kind, id in deletes:
            removed.setdefault(kind, []).append(id)
        for record in updates:  # an update replaces the row: delete, then insert again below
            removed.setdefault(record.kind, []).append(record.id)
        for kind, ids in removed.items():
            table = T.tables[kind]
            for condition in _among(conn, table.c.id, ids):
                conn.execute(table.delete().where(condition))
            for condition in _among(conn, T.identity.c.id, ids):
                conn.execute(T.identity.delete().where(condition))
        rows: dict[str, list[tuple[Any, ...]]] = {}
        identities: list[tuple[Any, ...]] = []
        digests = {e.entity_id: e.digest for e in audit}
        for record in itertools.chain(creates, updates):
            row, identifying = T.row_for_record(record, digests.get(record.id) or record.digest())
            columns = T.column_names(record.kind)
            rows.setdefault(record.kind, []).append(tuple([row[c] for c in columns]))
            if identifying is not None:
                identities.append((record.id, record.kind, identifying))
        for kind, kind_rows in rows.items():
            bulk_insert(conn, T.tables[kind], T.column_names(kind), kind_rows)
        bulk_insert(conn, T.identity, ("id", "kind", "data"), identities)
        bulk_insert(
            conn,
            T.audit,
            _AUDIT_COLUMNS,
            [
                (e.seq, e.at, e.actor, e.action, e.kind, e.entity_id, e.digest, e.prev, e.hash)
                for e in audit
            ],
        )
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
        bulk_insert(
            self.conn,
            o,
            _ORIGIN_COLUMNS,
            [
                (
                    x.dataset,
                    x.key,
                    x.content_hash,
                    x.file_digest,
                    x.line,
                    json.dumps(list(x.records)),
                )
                for x in latest.values()
            ],
        )

    def set_head(self, head: AuditHead) -> None:
        self.conn.execute(
            T.audit_head.update().where(T.audit_head.c.id == 1).values(seq=head.seq, hash=head.hash)
        )


class SQLStore(Store):
    """Records in SQL tables; identifying fields in a separate ``identity`` table.

    Open an existing database with ``SQLStore(url)``; create or upgrade its schema with
    ``SQLStore(url, migrate=True)`` (what ``svidok init`` does).
    """

    def __init__(self, url: str, *, migrate: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url)
        try:
            if migrate:
                self.migrate()
            else:
                self._check_revision()
        except BaseException:
            self.engine.dispose()
            raise

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
            yield _SQLTransaction(self, conn)

    def _fetch(self, conn: sa.Connection, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        table = T.tables[record_type(kind).name]
        found: dict[str, Record] = {}
        for condition in _among(conn, table.c.id, ids):
            for row in conn.execute(_select_records(kind).where(condition)):
                record = _record(kind, row)
                found[record.id] = record
        return found

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        with self.engine.connect() as conn:
            return self._fetch(conn, kind, ids)

    def scan(self, kind: str) -> Iterator[Record]:
        table = T.tables[record_type(kind).name]
        for row in _stream(self.engine, _select_records(kind).order_by(table.c.id), 2_000):
            yield _record(kind, row)

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
                    model=run.model,
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
        return [LinkageRun(**dict(row)) for row in rows]

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
