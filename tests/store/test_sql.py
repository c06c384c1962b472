"""SQL-specific behaviour: migrations match the model, schema checks, identifying data apart."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from svidok.errors import SvidokError
from svidok.model import make
from svidok.store.sql import SQLStore
from svidok.store.tables import metadata


def test_migrations_create_exactly_the_models_tables(sql_url):
    store = SQLStore(sql_url, migrate=True)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        store.close()


def test_opening_an_uninitialised_database_says_to_run_init(sql_url):
    with pytest.raises(SvidokError, match="svidok init"):
        SQLStore(sql_url)


def test_opening_a_missing_sqlite_file_creates_nothing(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(SvidokError, match="svidok init"):
        SQLStore(f"sqlite:///{path}")
    assert not path.exists()


def test_identifying_values_are_not_in_the_person_table(sql_url):
    store = SQLStore(sql_url, migrate=True)
    try:
        p = make("person", name="Скрипник Олексій", phone="+380671234567", sex="male")
        store.add([p], actor="t")
        with store.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT * FROM person")).mappings().one()
            identity = conn.execute(sa.text("SELECT data FROM identity")).scalar_one()
        assert "Скрипник" not in str(dict(row)) and "380671234567" not in str(dict(row))
        assert "Скрипник" in identity
    finally:
        store.close()


def test_migrating_twice_is_harmless(sql_url):
    SQLStore(sql_url, migrate=True).close()
    store = SQLStore(sql_url, migrate=True)
    try:
        assert store.audit_head().seq == 0
    finally:
        store.close()


def test_record_row_matches_row_for_record():
    from svidok.store.tables import column_names, record_row, row_for_record

    records = [
        make("person", name="Скрипник Олексій", phone="+380671234567", sex="male", birth="1990"),
        make("person", sex="female"),
        make("event", type="detention", date="2024-03", place="UA-23"),
        make("event", type="detention", date="2024-03-01/2024-05-20", place="Запорізька область"),
        make("source", kind="ngo_list", title="Перелік", reliability="B"),
    ]
    for record in records:
        row, identifying = row_for_record(record, "d" * 64)
        assert record_row(record, "d" * 64) == (
            tuple(row[c] for c in column_names(record.kind)),
            identifying,
        )


def test_the_sqlite_writer_reports_a_failed_write_at_the_next_wait(tmp_path):
    import sqlite3

    from svidok.store.dialect import SQLiteWriter

    conn = sqlite3.connect(tmp_path / "w.db", check_same_thread=False, isolation_level=None)
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, flag BOOLEAN)")
    assert SQLiteWriter.supported(conn)
    writer = SQLiteWriter(conn)
    try:
        writer.insert([("t", ("id", "n", "flag"), [("a", 1, True), ("б", None, False)])])
        writer.wait()
        assert conn.execute("SELECT * FROM t ORDER BY id").fetchall() == [
            ("a", 1, 1),
            ("б", None, 0),
        ]
        writer.insert([("t", ("id", "n", "flag"), [("a", 2, True)])])
        with pytest.raises(sqlite3.IntegrityError):
            writer.wait()
        writer.insert([("t", ("id", "n", "flag"), [("a", 3, False)])], {"t": ("id",)})
        writer.wait()
        assert conn.execute("SELECT n, flag FROM t WHERE id = 'a'").fetchone() == (3, 0)
    finally:
        writer.close()
        conn.close()
