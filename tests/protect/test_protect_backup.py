"""Encrypted backups: complete, verifiable, refused with a wrong key or when altered, restored
onto an empty database (across SQLite and PostgreSQL) and an empty evidence folder."""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from protect_data import NAME

from svidok.evidence import EvidenceFiles
from svidok.protect.backup import BackupError, create_backup, restore_backup, verify_backup
from svidok.protect.consent import withdraw_consent
from svidok.protect.crypto import DecryptionError
from svidok.protect.keys import VaultKeyError
from svidok.store.sql import SQLStore


@pytest.fixture
def original(sql_url, key, testimony, tmp_path):
    records = testimony()
    evidence = tmp_path / "evidence"
    store = SQLStore(sql_url, migrate=True, key=key)
    store.add(records, actor="doc")
    files = EvidenceFiles(evidence, keyring=store.keyring, actor="doc")
    (tmp_path / "photo.bin").write_bytes(b"original photo bytes")
    sha256, _ = files.put(tmp_path / "photo.bin")
    yield store, records, evidence, sha256
    store.close()


def _restore_url(tmp_path):
    return f"sqlite:///{tmp_path / 'restored' / 'svidok.db'}"


def test_a_backup_restores_onto_an_empty_machine_and_verifies(original, key, tmp_path):
    store, records, evidence, sha256 = original
    backup = tmp_path / "b.svb"
    made = create_backup(store, evidence, backup, key)
    assert NAME.encode() not in backup.read_bytes()
    assert verify_backup(backup, key).rows == made.rows
    restored_evidence = tmp_path / "restored" / "evidence"
    restore_backup(backup, key, _restore_url(tmp_path), restored_evidence)
    with SQLStore(_restore_url(tmp_path), key=key) as again:
        assert again.get("person", records[1].id) == records[1]
        assert again.verify_audit().ok and again.audit_head() == store.audit_head()
        files = EvidenceFiles(restored_evidence, keyring=again.keyring)
        report = files.verify_all([sha256])
        assert report.ok and report.files == 1 and report.custody_entries == 1


@pytest.mark.postgres
def test_a_sqlite_backup_restores_onto_postgresql(key, testimony, tmp_path, postgres_server):
    records = testimony()
    with SQLStore(f"sqlite:///{tmp_path / 'a.db'}", migrate=True, key=key) as store:
        store.add(records, actor="doc")
        create_backup(store, tmp_path / "evidence", tmp_path / "b.svb", key)
    url = postgres_server.create_database()
    restore_backup(tmp_path / "b.svb", key, url, tmp_path / "pg-evidence")
    with SQLStore(url, key=key) as again:
        assert again.get("person", records[1].id) == records[1] and again.verify_audit().ok


def test_a_backup_with_the_wrong_key_is_refused_and_nothing_is_written(
    original, key, other_key, tmp_path
):
    store, _, evidence, _ = original
    create_backup(store, evidence, tmp_path / "b.svb", key)
    with pytest.raises(VaultKeyError, match="wrong key for the backup"):
        verify_backup(tmp_path / "b.svb", other_key)
    target = tmp_path / "restored"
    with pytest.raises(VaultKeyError):
        restore_backup(tmp_path / "b.svb", other_key, _restore_url(tmp_path), target / "evidence")
    assert not target.exists()


@pytest.mark.parametrize("where", ["header", "body", "end"])
def test_an_altered_or_truncated_backup_is_refused_before_restoring(original, key, tmp_path, where):
    store, _, evidence, _ = original
    backup = tmp_path / "b.svb"
    create_backup(store, evidence, backup, key)
    os.chmod(backup, 0o600)
    data = bytearray(backup.read_bytes())
    if where == "header":
        data[20] = ord("X") if data[20] != ord("X") else ord("Y")
    elif where == "body":
        data[len(data) // 2] ^= 1
    else:
        del data[-100:]
    backup.write_bytes(bytes(data))
    with pytest.raises((DecryptionError, BackupError, VaultKeyError)):
        restore_backup(backup, key, _restore_url(tmp_path), tmp_path / "restored" / "ev")
    assert not (tmp_path / "restored" / "ev").exists()


def test_restoring_onto_a_database_with_data_is_refused(original, key, tmp_path, sql_url):
    store, _, evidence, _ = original
    create_backup(store, evidence, tmp_path / "b.svb", key)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(tmp_path / "b.svb", key, sql_url, tmp_path / "empty-evidence")


def test_a_backup_never_overwrites_a_file(original, key, tmp_path):
    store, _, evidence, _ = original
    (tmp_path / "b.svb").write_text("keep me")
    with pytest.raises(BackupError, match="exists"):
        create_backup(store, evidence, tmp_path / "b.svb", key)
    assert (tmp_path / "b.svb").read_text() == "keep me"


def test_a_backup_made_after_withdrawal_holds_none_of_the_redacted_data(
    sql_url, testimony, tmp_path, key
):
    records = testimony()
    with SQLStore(sql_url, migrate=True) as store:  # plaintext: the worst case for leftovers
        store.add(records, actor="doc")
        withdraw_consent(store, records[1].id, actor="doc", date="2025-01-10")
        from svidok.protect.vault import scrub

        scrub(store)
        create_backup(store, tmp_path / "none", tmp_path / "b.svb", key)
        if store.engine.dialect.name == "sqlite":
            database = store.engine.url.database
            raw = Path(database).read_bytes()
            assert "Скрипник".encode() not in raw and b"380671234567" not in raw
        with store.engine.connect() as conn:
            assert "Скрипник" not in repr(conn.execute(sa.text("SELECT * FROM identity")).all())
    restore_backup(tmp_path / "b.svb", key, _restore_url(tmp_path), tmp_path / "r" / "ev")
    with SQLStore(_restore_url(tmp_path)) as again:
        dump = repr([list(again.scan(k)) for k in ("person", "source", "event", "claim")])
        assert "Скрипник" not in dump and "Олекс" not in dump
