"""Linkage of an encrypted database keeps the names it compares in memory."""

from __future__ import annotations

import pytest

from svidok.demo import generate
from svidok.errors import SvidokError
from svidok.linkage.run import LinkOptions, link
from svidok.protect.keys import create_key_file
from svidok.store.sql import SQLStore


@pytest.fixture
def encrypted(tmp_path):
    key = create_key_file(tmp_path / "keys" / "svidok.key")
    store = SQLStore(f"sqlite:///{tmp_path / 'vault.db'}", migrate=True, key=key)
    store.add(generate(seed=9, persons=60).records, actor="test")
    yield store
    store.close()


def test_an_encrypted_database_links_on_duckdb_without_spilling_to_disk(encrypted, tmp_path):
    assert encrypted.encrypted
    result = link(encrypted, actor="test")
    assert result.persons < result.records
    assert not list(tmp_path.glob("**/svidok-duckdb-*"))


def test_spark_is_refused_for_an_encrypted_database_before_anything_is_stored(encrypted):
    runs = len(encrypted.linkage_runs())
    with pytest.raises(SvidokError, match="encrypted"):
        link(encrypted, actor="test", options=LinkOptions(backend="spark"))
    assert len(encrypted.linkage_runs()) == runs
