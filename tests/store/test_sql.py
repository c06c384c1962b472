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
