"""The identity vault on SQLite and PostgreSQL: identifying data encrypted at rest, the key
never in the database, a missing or wrong key refused before anything is read, rotation."""

import json

import pytest
import sqlalchemy as sa
from protect_data import NAME, PHONE

from svidok.model import make
from svidok.protect.keys import Passphrase, VaultKeyError
from svidok.protect.vault import rekey
from svidok.store import LinkageRun, open_store
from svidok.store.sql import SQLStore


def _raw(store: SQLStore) -> str:
    """Everything in the database's tables, as text (what a thief of the database sees)."""
    from svidok.store.tables import metadata

    with store.engine.connect() as conn:
        return "\n".join(repr(conn.execute(sa.select(t)).all()) for t in metadata.sorted_tables)


def _with_model(store, records):
    model = json.dumps({"svidok": {"tf": {"surname_main": {"скрипник": 1.0}}}}, ensure_ascii=False)
    store.save_linkage(LinkageRun("L-1", "t", "a", "duckdb", 0.9, model, "{}"), [], [])


def test_identifying_values_and_name_frequencies_are_encrypted_at_rest(sql_url, key, testimony):
    records = testimony()
    with SQLStore(sql_url, migrate=True, key=key) as store:
        store.add(records, actor="a")
        _with_model(store, records)
        raw = _raw(store)
        assert store.get("person", records[1].id) == records[1]
        assert "скрипник" in store.linkage_runs()[0].model
    for secret in (NAME, PHONE, "Скрипник", "скрипник", "2001-03-05", "Вигадана"):
        assert secret not in raw
    assert key.path.read_text().split(":")[1].strip() not in raw  # the key is not stored


def test_a_missing_key_is_refused_with_a_clear_error(sql_url, key, testimony):
    with SQLStore(sql_url, migrate=True, key=key) as store:
        store.add(testimony(), actor="a")
    with pytest.raises(VaultKeyError, match="is encrypted: give its key"):
        SQLStore(sql_url)


def test_a_wrong_key_is_refused_before_any_record_is_read(sql_url, key, other_key, testimony):
    with SQLStore(sql_url, migrate=True, key=key) as store:
        store.add(testimony(), actor="a")
    with pytest.raises(VaultKeyError, match=f"wrong key .* {other_key.path} does not open it"):
        open_store(sql_url, key=other_key)


def test_a_passphrase_database_opens_with_the_passphrase_only(sql_url, testimony, other_key):
    records = testimony()
    with SQLStore(sql_url, migrate=True, key=Passphrase("a long passphrase here")) as store:
        store.add(records, actor="a")
    with SQLStore(sql_url, key=Passphrase("a long passphrase here")) as store:
        assert store.get("person", records[1].id) == records[1]
    with pytest.raises(VaultKeyError, match="wrong key"):
        SQLStore(sql_url, key=Passphrase("a long passphrase, no"))
    with pytest.raises(VaultKeyError, match="passphrase, not a key file"):
        SQLStore(sql_url, key=other_key)


def test_a_plaintext_database_with_records_refuses_a_key_until_encrypted(
    sql_url, key, testimony, tmp_path
):
    records = testimony()
    with SQLStore(sql_url, migrate=True) as store:
        store.add(records, actor="a")
        _with_model(store, records)
    with pytest.raises(VaultKeyError, match="svidok key encrypt"):
        SQLStore(sql_url, key=key)
    done = rekey(sql_url, old=None, new=key, evidence_root=tmp_path / "none", actor="a")
    assert (done.identities, done.models) == (5, 1)
    with SQLStore(sql_url, key=key) as store:
        assert NAME not in _raw(store)
        assert store.get("person", records[1].id) == records[1]
        assert store.verify_audit().ok


def test_rotation_re_encrypts_everything_and_the_old_key_opens_nothing(
    sql_url, key, other_key, testimony, tmp_path
):
    records = testimony()
    with SQLStore(sql_url, migrate=True, key=key) as store:
        store.add(records, actor="a")
        _with_model(store, records)
    rekey(sql_url, old=key, new=other_key, evidence_root=tmp_path / "none", actor="a")
    with pytest.raises(VaultKeyError, match="wrong key"):
        SQLStore(sql_url, key=key)
    with SQLStore(sql_url, key=other_key) as store:
        assert store.get("person", records[1].id) == records[1]
        assert "скрипник" in store.linkage_runs()[0].model
        assert [e.action for e in store.ledger_entries("access")] == ["key.rotate"]
    with pytest.raises(Exception, match="the new key is the current key"):
        rekey(sql_url, old=other_key, new=other_key, evidence_root=tmp_path, actor="a")


def test_an_identity_swapped_between_records_is_detected(sql_url, key):
    a = make("person", name="Перший Один", consent="internal_use")
    b = make("person", name="Другий Два", consent="internal_use")
    with SQLStore(sql_url, migrate=True, key=key) as store:
        store.add([a, b], actor="a")
        with store.engine.begin() as conn:
            data = dict(conn.execute(sa.text("SELECT id, data FROM identity")).all())
            conn.execute(
                sa.text("UPDATE identity SET data = :d WHERE id = :i"), {"d": data[b.id], "i": a.id}
            )
        with pytest.raises(Exception, match=f"identity/person/{a.id}: .*belongs to another record"):
            store.get("person", a.id)
