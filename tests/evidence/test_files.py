import hashlib
import os
import stat
from pathlib import Path

import pytest

import svidok.evidence
from svidok.evidence import EvidenceFiles, IntegrityError, hash_file
from svidok.evidence.files import BLOCK_SIZE


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_public_api_is_explicit() -> None:
    assert set(svidok.evidence.__all__) == {
        "CustodyLog",
        "EvidenceFiles",
        "EvidenceReport",
        "IntegrityError",
        "MediaError",
        "hash_file",
        "strip_image",
    }


@pytest.mark.parametrize("size", [0, 1, BLOCK_SIZE - 1, BLOCK_SIZE, 2 * BLOCK_SIZE + 17])
def test_hash_file_matches_hashlib_across_block_boundaries(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    path = _write(tmp_path / "f.bin", data)
    assert hash_file(path) == (hashlib.sha256(data).hexdigest(), size)


def test_it_stores_a_file_under_its_digest_read_only(tmp_path: Path) -> None:
    data = b"photo bytes"
    source = _write(tmp_path / "in" / "photo.jpg", data)
    files = EvidenceFiles(tmp_path / "evidence")
    sha256, size = files.put(source)
    assert (sha256, size) == (hashlib.sha256(data).hexdigest(), len(data))
    stored = tmp_path / "evidence" / sha256[:2] / sha256
    assert files.path_for(sha256) == stored
    assert stored.read_bytes() == data
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444
    assert files.has(sha256) and files.verify(sha256)
    # no temporary file is left behind
    assert list((tmp_path / "evidence" / ".incoming").iterdir()) == []


def test_putting_the_same_content_again_does_not_copy_it(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    first = files.put(_write(tmp_path / "a.jpg", b"same"))
    stored = files.path_for(first[0])
    before = stored.stat()
    again = files.put(_write(tmp_path / "other-name.jpg", b"same"))
    assert again == first
    assert stored.stat().st_ino == before.st_ino and stored.stat().st_mtime_ns == before.st_mtime_ns
    assert files.put(tmp_path / "a.jpg", expected=first[0]) == first
    assert list(files.stored()) == [first[0]]
    assert [e.action for e in files.custody.list()] == ["preserve"]


def test_an_expected_digest_that_does_not_match_stores_nothing(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    source = _write(tmp_path / "a.jpg", b"changed after it was read")
    wrong = hashlib.sha256(b"what was read").hexdigest()
    with pytest.raises(IntegrityError, match="expected"):
        files.put(source, expected=wrong)
    assert not files.has(wrong)
    assert not files.has(hashlib.sha256(source.read_bytes()).hexdigest())
    assert list((tmp_path / "evidence" / ".incoming").iterdir()) == []


def test_verify_detects_a_damaged_or_missing_file(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    sha256, _ = files.put(_write(tmp_path / "a.jpg", b"original"))
    stored = files.path_for(sha256)
    os.chmod(stored, 0o644)
    stored.write_bytes(b"tampered")
    assert files.verify(sha256) is False
    assert files.verify(hashlib.sha256(b"never stored").hexdigest()) is False


def test_a_missing_source_raises_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    with pytest.raises(FileNotFoundError):
        files.put(tmp_path / "missing.jpg")
    assert list((tmp_path / "evidence" / ".incoming").iterdir()) == []


@pytest.mark.parametrize("bad", ["", "abc", "g" * 64, "../" + "a" * 61])
def test_path_for_rejects_what_is_not_a_digest(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        EvidenceFiles(tmp_path).path_for(bad)


def test_digests_are_accepted_in_upper_case(tmp_path: Path) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    sha256, _ = files.put(_write(tmp_path / "a.jpg", b"x"))
    assert files.has(sha256.upper()) and files.verify(sha256.upper())
