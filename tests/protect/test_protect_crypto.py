"""The vault's primitives: keys, sealed values and encrypted streams, attacked."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svidok.protect.crypto import (
    CHUNK,
    DecryptionError,
    decrypt_stream,
    encrypt_stream,
    open_text,
    seal_text,
)
from svidok.protect.keys import (
    KEY_FILE_PREFIX,
    KeyFile,
    Keyring,
    Passphrase,
    VaultKeyError,
    create_key_file,
)

RING = Keyring(bytes(range(32)))
OTHER = Keyring(bytes(range(1, 33)))


@given(st.text(max_size=300), st.text(min_size=1, max_size=40))
def test_sealed_text_opens_to_itself_and_hides_it(text, context):
    sealed = seal_text(RING, "records", text, context)
    assert open_text(RING, "records", sealed, context) == text
    if len(text) >= 4:
        assert text not in sealed


def test_a_sealed_value_moved_to_another_record_does_not_open():
    sealed = seal_text(RING, "records", '{"name": "x"}', "identity/person/P-1")
    with pytest.raises(DecryptionError, match="belongs to another record"):
        open_text(RING, "records", sealed, "identity/person/P-2")


def test_a_sealed_value_with_a_flipped_bit_does_not_open():
    sealed = seal_text(RING, "records", "secret", "c")
    prefix, key_id, payload = sealed.split(".", 2)
    flipped = payload[:-6] + ("A" if payload[-6] != "A" else "B") + payload[-5:]
    with pytest.raises(DecryptionError):
        open_text(RING, "records", f"{prefix}.{key_id}.{flipped}", "c")


def test_another_key_does_not_open_a_sealed_value():
    with pytest.raises(DecryptionError, match="not the current key"):
        open_text(OTHER, "records", seal_text(RING, "records", "secret", "c"), "c")


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=3 * CHUNK + 10) | st.sampled_from([b"", b"x" * CHUNK, b"y" * 2 * CHUNK]))
def test_streams_round_trip_at_every_length(data):
    out = io.BytesIO()
    assert encrypt_stream(RING, "files", io.BytesIO(data), out, "f") == len(data)
    assert b"".join(decrypt_stream(RING, "files", io.BytesIO(out.getvalue()), "f")) == data


@pytest.mark.parametrize("cut", ["last chunk", "one byte", "whole chunks"])
def test_a_truncated_stream_is_refused(cut):
    out = io.BytesIO()
    encrypt_stream(RING, "files", io.BytesIO(b"z" * (2 * CHUNK + 100)), out, "f")
    raw = out.getvalue()
    header = 20
    cuts = {
        "last chunk": len(raw) - 116,
        "one byte": len(raw) - 1,
        "whole chunks": header + CHUNK + 16,
    }
    with pytest.raises(DecryptionError, match="altered, truncated"):
        b"".join(decrypt_stream(RING, "files", io.BytesIO(raw[: cuts[cut]]), "f"))


def test_a_stream_for_another_file_is_refused():
    out = io.BytesIO()
    encrypt_stream(RING, "files", io.BytesIO(b"photo"), out, "evidence/aa")
    with pytest.raises(DecryptionError):
        b"".join(decrypt_stream(RING, "files", io.BytesIO(out.getvalue()), "evidence/bb"))


def test_key_files_are_created_once_and_never_overwritten(tmp_path):
    path = tmp_path / "k"
    create_key_file(path)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(VaultKeyError, match="never overwritten"):
        create_key_file(path)
    assert len(KeyFile(path).master(None)) == 32


@settings(max_examples=60)
@given(st.binary(max_size=120))
def test_a_damaged_key_file_gives_a_clear_error_naming_it(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("k") / "key"
    path.write_bytes(content)
    try:
        assert len(KeyFile(path).master(None)) == 32
    except VaultKeyError as exc:
        assert str(path) in str(exc)


def test_a_key_file_with_a_short_key_is_refused(tmp_path):
    path = tmp_path / "k"
    path.write_text(KEY_FILE_PREFIX + "AAAA\n", encoding="ascii")
    with pytest.raises(VaultKeyError, match="damaged"):
        KeyFile(path).master(None)


def test_a_passphrase_opens_its_data_and_a_wrong_one_is_named_wrong():
    ring = Keyring.unlock(Passphrase("correct horse battery"), None, "test data")
    params = ring.params
    assert Keyring.unlock(Passphrase("correct horse battery"), params, "x").key_id == ring.key_id
    with pytest.raises(VaultKeyError, match="wrong key for test data"):
        Keyring.unlock(Passphrase("correct horse battery!"), params, "test data")
    with pytest.raises(VaultKeyError, match="at least 12"):
        Keyring.unlock(Passphrase("short"), params, "x")


def test_a_key_file_cannot_open_passphrase_data(tmp_path):
    params = Keyring.unlock(Passphrase("correct horse battery"), None, "x").params
    with pytest.raises(VaultKeyError, match="passphrase, not a key file"):
        Keyring.unlock(create_key_file(tmp_path / "k"), params, "x")


def test_blind_indexes_match_equal_values_and_depend_on_the_key():
    assert RING.blind_index("Скрипник") == RING.blind_index("Скрипник")
    assert RING.blind_index("Скрипник") != RING.blind_index("Скрипнік")
    assert RING.blind_index("Скрипник") != OTHER.blind_index("Скрипник")
