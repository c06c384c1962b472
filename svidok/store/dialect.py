"""Everything that differs between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from ..errors import SvidokError

__all__ = [
    "SQLiteWriter",
    "bulk_insert",
    "create_engine",
    "is_sqlite",
    "lock_head_sql",
    "normalize_url",
]


def normalize_url(url: str | URL) -> URL:
    """Accept plain ``postgresql://`` URLs and pick the psycopg (v3) driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise SvidokError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://"
        )
    return parsed


def is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(
    url: str | URL, *, busy_timeout_ms: int = 10_000, echo: bool = False
) -> sa.Engine:
    """An engine configured for Svidok's access pattern: one writer, many readers."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, echo=echo)
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise SvidokError(
            "PostgreSQL needs the psycopg driver: pip install 'svidok[postgres]'"
        ) from None
    # No server-side prepared statements: psycopg prepares a query after five runs, and
    # PostgreSQL may then keep a generic plan made while a table was still empty (a sequential
    # scan), which turns a million-row import quadratic.
    return sa.create_engine(
        parsed, echo=echo, pool_pre_ping=True, connect_args={"prepare_threshold": None}
    )


def _configure_sqlite(engine: sa.Engine, busy_timeout_ms: int) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable across app crashes in WAL mode
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted and replaced rows are overwritten, not left in free pages (redaction).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA cache_size = -131072")  # 128 MiB: bulk writes touch many index pages
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock up front, so two writers cannot both read the same audit
        # head and fork the chain; readers use a plain (deferred) transaction.
        if conn.get_execution_options().get("svidok_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def lock_head_sql(engine: sa.Engine) -> str:
    """SQL that reads the audit head and locks it for the rest of the transaction."""
    if is_sqlite(engine):
        return "SELECT seq, hash FROM audit_head WHERE id = 1"  # BEGIN IMMEDIATE holds the lock
    return "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"


def bulk_insert(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many rows fast: COPY on PostgreSQL, one prepared executemany on SQLite.

    This bypasses SQLAlchemy's per-row parameter processing, so values must already be of the
    driver's types (str, int, bool, None).
    """
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote  # "left" and "right" are reserved words
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", list(rows))


def _insert_sql(table: str, columns: Sequence[str], upsert: Sequence[str] = ()) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f"value ->> {i}" for i in range(len(columns)))
    sql = f'INSERT INTO "{table}" ({names}) SELECT {values} FROM json_each(CAST(? AS TEXT))'
    if upsert:
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in upsert)
        conflict = ", ".join(f'"{c}"' for c in upsert)
        sql += f" WHERE true ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    return sql


class SQLiteWriter:
    """The bulk inserts of one SQLite write transaction, run by a second thread.

    SQLite releases the GIL while it executes a statement. Each table's rows of a chunk go in
    one ``INSERT ... SELECT ... FROM json_each(?)``, so SQLite works on its B-trees for the
    whole chunk while the importing thread builds the next chunk in Python (on two cores the
    writes cost almost no wall time). Same connection, same transaction: atomicity is
    unchanged. The caller must :meth:`wait` before any other use of the connection (reads
    must see the writes); a write's error is raised by the next :meth:`wait`.
    """

    # A waiting thread gets the GIL after at most this long (default 5 ms): the writer needs
    # it briefly between statements, and should not idle for milliseconds each time.
    switch_interval = 0.0005

    def __init__(self, dbapi_connection: Any) -> None:
        self._conn = dbapi_connection
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="svidok-sqlite-writer")
        self._pending: Future[None] | None = None
        self._sql: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}
        self._previous_interval: float | None = None

    @staticmethod
    def supported(dbapi_connection: Any) -> bool:
        """Whether this SQLite has the JSON functions (3.38+ has them built in)."""
        try:
            dbapi_connection.execute("SELECT value ->> 0 FROM json_each('[[1]]')").fetchall()
        except sqlite3.Error:
            return False
        return True

    def insert(
        self,
        batches: Sequence[tuple[str, Sequence[str], Sequence[tuple[Any, ...]]]],
        upsert: dict[str, Sequence[str]] | None = None,
    ) -> None:
        """Queue (table, columns, rows) inserts; ``upsert`` names conflict columns per table."""
        statements: list[tuple[str, str]] = []
        for table, columns, rows in batches:
            if not rows:
                continue
            keys = tuple((upsert or {}).get(table, ()))
            sql_key = (table, tuple(columns), keys)
            sql = self._sql.get(sql_key)
            if sql is None:
                sql = self._sql[sql_key] = _insert_sql(table, columns, keys)
            try:
                payload = orjson.dumps(rows).decode("utf-8")
            except TypeError:  # e.g. text with lone surrogates: let the driver refuse it
                self.wait()
                marks = ", ".join("?" for _ in columns)
                names = ", ".join(f'"{c}"' for c in columns)
                self._conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
                continue
            statements.append((sql, payload))
        if not statements:
            return
        self.wait()
        if self._previous_interval is None:
            self._previous_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._previous_interval, self.switch_interval))
        self._pending = self._executor.submit(self._run, statements)

    def _run(self, statements: list[tuple[str, str]]) -> None:
        cursor = self._conn.cursor()
        try:
            for sql, payload in statements:
                cursor.execute(sql, (payload,))
        finally:
            cursor.close()

    def wait(self) -> None:
        """Wait for queued writes; raise the error of a failed one."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for queued writes (ignoring their errors) and stop the thread."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.exception()
        self._executor.shutdown(wait=True)
        if self._previous_interval is not None:
            with _INTERVAL_LOCK:
                if sys.getswitchinterval() == min(self._previous_interval, self.switch_interval):
                    sys.setswitchinterval(self._previous_interval)
            self._previous_interval = None


_INTERVAL_LOCK = threading.Lock()
