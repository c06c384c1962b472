"""Evidence originals: encrypted at rest, tampering with a file or the custody log detected
and named, working copies without EXIF/GPS."""

import io
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from svidok.evidence import EvidenceFiles, IntegrityError, MediaError, strip_image
from svidok.protect.keys import Keyring

RING = Keyring(bytes(range(32)))


def _photo(path, gps=True):
    image = Image.new("RGB", (64, 48), (180, 20, 20))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x0131] = "SecretSoftware"
    exif[0x0112] = 6  # rotated: the working copy must come out upright
    if gps:
        exif[0x8825] = {1: "N", 2: (47.0, 14.0, 5.0), 3: "E", 4: (35.0, 21.0, 9.0)}
    image.save(path, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return path


@pytest.fixture
def files(tmp_path):
    return EvidenceFiles(tmp_path / "evidence", keyring=RING, actor="doc")


def test_originals_are_encrypted_at_rest_and_read_back_verified(files, tmp_path):
    original = _photo(tmp_path / "p.jpg")
    sha256, size = files.put(original)
    stored = files.path_for(sha256).read_bytes()
    assert b"SecretCameraMaker" not in stored and original.read_bytes() not in stored
    assert files.read(sha256, purpose="test") == original.read_bytes()
    assert size == original.stat().st_size and files.put(original) == (sha256, size)
    assert files.path_for(sha256).stat().st_mode & 0o222 == 0  # write-once: read-only
    assert [e.action for e in files.custody.list(sha256)] == ["preserve", "read"]


def test_a_working_copy_has_no_exif_gps_or_comment_and_is_upright(files, tmp_path):
    sha256, _ = files.put(_photo(tmp_path / "p.jpg"))
    copy = files.working_copy(sha256, tmp_path / "work")
    data = copy.read_bytes()
    for secret in (b"SecretCameraMaker", b"SecretSoftware", b"secret comment", b"Exif"):
        assert secret not in data
    with Image.open(copy) as image:
        assert dict(image.getexif()) == {} and image.size == (48, 64)
        assert "exif" not in image.info and "comment" not in image.info
    entry = files.custody.list(sha256)[-1]
    assert entry.action == "working-copy" and "metadata stripped" in entry.detail


def test_a_png_with_text_chunks_loses_them(files, tmp_path):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Мелітополь, вул. Вигадана 1")
    path = tmp_path / "p.png"
    Image.new("RGBA", (10, 10)).save(path, pnginfo=info)
    sha256, _ = files.put(path)
    data = files.working_copy(sha256, tmp_path / "w").read_bytes()
    assert "Мелітополь".encode() not in data and b"Location" not in data


def test_a_file_that_is_not_an_image_gets_no_working_copy(files, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4 /Author (Secret Author)")
    sha256, _ = files.put(path)
    with pytest.raises(MediaError, match=f"evidence {sha256}: .*no working copy made"):
        files.working_copy(sha256, tmp_path / "w")
    assert not (tmp_path / "w").exists() or list((tmp_path / "w").iterdir()) == []


def _tamper(path, offset=-1):
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("ring", [RING, None], ids=["encrypted", "plaintext"])
def test_a_tampered_original_is_detected_named_and_never_copied(tmp_path, ring):
    files = EvidenceFiles(tmp_path / "evidence", keyring=ring)
    good, _ = files.put(_photo(tmp_path / "a.jpg"))
    (tmp_path / "b.bin").write_bytes(b"other original")
    bad, _ = files.put(tmp_path / "b.bin")
    _tamper(files.path_for(bad))
    report = files.verify_all([good, bad])
    assert report.files == 2 and len(report.problems) == 1
    assert report.problems[0].startswith(f"evidence {bad} was altered")
    with pytest.raises(IntegrityError, match=bad):
        files.working_copy(bad, tmp_path / "w")


def test_a_missing_original_named_by_the_database_is_reported(files, tmp_path):
    sha256, _ = files.put(_photo(tmp_path / "a.jpg"))
    os.chmod(files.path_for(sha256), 0o644)
    files.path_for(sha256).unlink()
    report = files.verify_all([sha256])
    assert f"evidence {sha256} is named by the database but missing" in report.problems


@pytest.mark.parametrize("attack", ["edit", "delete", "truncate", "garble"])
def test_tampering_with_the_custody_log_is_detected_and_named(files, tmp_path, attack):
    for n in range(3):
        (tmp_path / f"{n}.bin").write_bytes(b"original %d" % n)
        files.put(tmp_path / f"{n}.bin")
    log = files.custody.path
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    if attack == "edit":
        entry = json.loads(lines[1])
        entry["actor"] = "mallory"
        lines[1] = json.dumps(entry) + "\n"
    elif attack == "delete":
        del lines[1]
    elif attack == "truncate":
        del lines[2]
    else:
        lines[1] = "{not json\n"
    log.write_text("".join(lines), encoding="utf-8")
    report = files.verify_all()
    assert not report.ok
    expected = {
        "edit": "custody log: entry #2 (preserve",
        "delete": "custody log: entry #2 is missing",
        "truncate": "custody log: the log ends at entry #2 but the recorded head is #3",
        "garble": "line 2: not a custody entry",
    }[attack]
    assert expected in report.problems[0]


def test_rotation_re_encrypts_originals_and_resumes_after_an_interruption(files, tmp_path):
    sha256, _ = files.put(_photo(tmp_path / "a.jpg"))
    new = Keyring(bytes(range(2, 34)))
    assert files.reencrypt(new) == 1
    assert files.reencrypt(new) == 0  # already under the new key: skipped
    rotated = EvidenceFiles(files.root, keyring=new)
    assert rotated.verify(sha256) and not files.verify(sha256)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_stripping_arbitrary_bytes_gives_a_clean_image_or_a_clear_error(data):
    try:
        out, fmt = strip_image(data, "x")
    except MediaError as exc:
        assert str(exc).startswith("x: ")
    else:
        assert fmt in ("JPEG", "PNG")
        assert dict(Image.open(io.BytesIO(out)).getexif()) == {}
