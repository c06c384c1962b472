"""A content-addressed folder of preserved original files (photos, documents from exports).

Each file is stored once under the SHA-256 of its original bytes, as ``root/ab/abcdef…`` (the
first two hex digits name a subfolder, so no folder grows too large), read-only and never
rewritten except to change the key it is encrypted with. A file is written to a temporary
name, flushed to disk and then renamed into place, so a crash never leaves a partial file under
a digest; putting the same content again copies nothing.

With a keyring (an encrypted database) originals are encrypted at rest (AES-GCM in chunks,
bound to their digest, see :mod:`svidok.protect.crypto`). Every preservation, read, working
copy, verification and re-encryption is appended to the custody log (:mod:`.custody`).
Working copies are made from verified originals and stripped of metadata (:mod:`.strip`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import SvidokError
from .custody import CustodyLog

if TYPE_CHECKING:
    from ..protect.keys import Keyring

__all__ = ["BLOCK_SIZE", "EvidenceFiles", "EvidenceReport", "IntegrityError", "hash_file"]

#: Files are read and hashed in blocks of this many bytes.
BLOCK_SIZE = 1 << 20

_SHA256 = re.compile(r"[0-9a-f]{64}")
_INCOMING = ".incoming"  # temporary files; a name no digest folder can have


class IntegrityError(SvidokError):
    """A file's content is not what its digest says (changed since read, or damaged)."""


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of the file at ``path``, read in 1 MB blocks."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(BLOCK_SIZE)
    view = memoryview(buffer)
    with open(path, "rb") as handle:
        while n := handle.readinto(view):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Hashing:
    """A reader that hashes and counts what passes through it."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


@dataclass
class EvidenceReport:
    """Outcome of :meth:`EvidenceFiles.verify_all`: each problem names the file."""

    files: int = 0
    custody_entries: int = 0
    problems: list[str] = field(default_factory=list)
    # Stored files no record names (left by an import that was not committed before
    # svidok removed such files, or by a record deleted since): not damage, but to look at.
    unreferenced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class EvidenceFiles:
    """The preserved originals under ``root``, addressed by SHA-256 (see the module's docstring).

    ``actor`` is who the custody log names for what this object does.
    """

    def __init__(
        self, root: Path, *, keyring: Keyring | None = None, actor: str = "svidok"
    ) -> None:
        self.root = Path(root)
        self.keyring = keyring
        self.actor = actor
        self.custody = CustodyLog(self.root)

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest is (or would be) stored."""
        digest = sha256.strip().lower()
        if not _SHA256.fullmatch(digest):
            raise ValueError(f"{sha256!r} is not a SHA-256 digest (64 hexadecimal digits)")
        return self.root / digest[:2] / digest

    def has(self, sha256: str) -> bool:
        """Whether a file with this digest is stored."""
        return self.path_for(sha256).is_file()

    def stored(self) -> Iterator[str]:
        """Digests of the stored files, in order."""
        for folder in sorted(self.root.glob("[0-9a-f][0-9a-f]")):
            for path in sorted(folder.iterdir()):
                if _SHA256.fullmatch(path.name):
                    yield path.name

    def put(self, path: Path, *, expected: str | None = None) -> tuple[str, int]:
        """Preserve the file at ``path``; return its (sha256, size).

        Idempotent: content already stored is not copied again. With ``expected`` (the digest
        the caller read earlier) a stored file is trusted as is, and a source whose content no
        longer matches raises :class:`IntegrityError` without storing anything.
        """
        if expected is not None:
            target = self.path_for(expected)
            if target.is_file():
                return expected.strip().lower(), self._size(target)
        want = expected.strip().lower() if expected is not None else None
        if want is None and self.keyring is not None:
            # The ciphertext is bound to the digest, so it must be known before writing.
            want = hash_file(Path(path))[0]
            if self.has(want):
                return want, self._size(self.path_for(want))
        sha256, size, temp = self._write_temp(Path(path), f"evidence/{want}")
        try:
            if want is not None and sha256 != want:
                raise IntegrityError(
                    f"{path}: SHA-256 is {sha256}, expected {want} "
                    "(the file changed after it was read)"
                )
            target = self.path_for(sha256)
            if target.is_file():
                return sha256, size
            self._install(temp, target)
            how = "encrypted" if self.keyring is not None else "plaintext"
            self.custody.append(self.actor, "preserve", sha256, f"{size} bytes, {how}")
            return sha256, size
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def discard(self, sha256: str, reason: str) -> None:
        """Remove a stored file that no record names (an import that was not committed put
        it there); the custody log says so. Never use it for a file a record names."""
        target = self.path_for(sha256)
        if target.is_file():
            target.unlink()
            _fsync_dir(target.parent)
            self.custody.append(self.actor, "discard", sha256.strip().lower(), reason)

    def _write_temp(self, source: Path, context: str) -> tuple[str, int, Path]:
        """Copy ``source`` to a temporary file (encrypted, bound to ``context``, with a
        keyring), hashing the original bytes; fsync. Returns (sha256, size, temporary path)."""
        from ..protect.crypto import encrypt_stream

        incoming = self.root / _INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=incoming, prefix="put-")
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                reader = _Hashing(src)
                if self.keyring is not None:
                    encrypt_stream(self.keyring, "files", reader, out, context)
                else:
                    while chunk := reader.read(BLOCK_SIZE):
                        out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            temp.unlink()
            raise
        return reader.digest.hexdigest(), reader.size, temp

    @staticmethod
    def _install(temp: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temp, 0o444)
        os.replace(temp, target)
        _fsync_dir(target.parent)

    @staticmethod
    def _size(path: Path) -> int:
        """The original's size (an encrypted file adds a header and a tag per chunk)."""
        from ..protect.crypto import CHUNK

        size = path.stat().st_size
        if not _encrypted(path):
            return size
        body = size - 20
        return body - 16 * max(1, -(-body // (CHUNK + 16)))

    def _plain(self, path: Path, sha256: str, ring: Keyring | None = None) -> Iterator[bytes]:
        """The original bytes of a stored file, decrypted if it is encrypted."""
        from ..protect.crypto import DecryptionError, decrypt_stream

        with open(path, "rb") as handle:
            if not _encrypted(path):
                while chunk := handle.read(BLOCK_SIZE):
                    yield chunk
                return
            ring = ring or self.keyring
            if ring is None:
                raise DecryptionError(f"evidence {sha256}: encrypted, and no key was given")
            yield from decrypt_stream(ring, "files", handle, f"evidence/{sha256}")

    def problem(self, sha256: str) -> str | None:
        """What is wrong with the stored file of ``sha256`` (None: present and intact)."""
        from ..protect.crypto import DecryptionError

        path = self.path_for(sha256)
        if not path.is_file():
            return f"evidence {sha256} is missing ({path})"
        digest = hashlib.sha256()
        try:
            for chunk in self._plain(path, sha256):
                digest.update(chunk)
        except DecryptionError as exc:
            return f"evidence {sha256} was altered ({path}): {exc}"
        if digest.hexdigest() != sha256:
            return f"evidence {sha256} was altered ({path}): its content no longer has this SHA-256"
        return None

    def verify(self, sha256: str) -> bool:
        """Whether the stored file exists and still hashes to ``sha256``."""
        return self.problem(sha256.strip().lower()) is None

    def verify_all(self, expected: Iterable[str] = ()) -> EvidenceReport:
        """Re-hash every stored original, check that each of ``expected`` (the digests the
        database names) is present, verify the custody log, and log the verification."""
        report = EvidenceReport()
        for sha256 in self.stored():
            report.files += 1
            if (problem := self.problem(sha256)) is not None:
                report.problems.append(problem)
        named = set(expected)
        for sha256 in sorted(named):
            if not self.has(sha256):
                report.problems.append(f"evidence {sha256} is named by the database but missing")
        report.unreferenced = [s for s in self.stored() if s not in named]
        custody = self.custody.verify()
        report.custody_entries = custody.checked
        report.problems.extend(custody.problems)
        outcome = "intact" if report.ok else f"{len(report.problems)} problems"
        self.custody.append(self.actor, "verify", "*", f"{report.files} files; {outcome}")
        return report

    def read(self, sha256: str, *, purpose: str) -> bytes:
        """The verified original bytes (in memory: for working copies); logged in custody."""
        path = self.path_for(sha256)
        if (problem := self.problem(sha256)) is not None:
            raise IntegrityError(problem)
        data = b"".join(self._plain(path, sha256))
        self.custody.append(self.actor, "read", sha256, purpose)
        return data

    def working_copy(self, sha256: str, folder: Path) -> Path:
        """A copy of the original, stripped of metadata, written to ``folder``; logged."""
        from .strip import strip_image

        digest = sha256.strip().lower()
        data, fmt = strip_image(self.read(digest, purpose="working copy"), f"evidence {digest}")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{digest[:16]}-working.{'jpg' if fmt == 'JPEG' else 'png'}"
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=".working-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp_name, target)
        copy_digest = hashlib.sha256(data).hexdigest()
        self.custody.append(
            self.actor,
            "working-copy",
            digest,
            f"{target.name}, metadata stripped, sha256 {copy_digest}",
        )
        return target

    def reencrypt(self, new: Keyring) -> int:
        """Encrypt every original with ``new`` (from plaintext or from this object's key);
        files already under ``new`` are skipped, so an interrupted run can be repeated."""
        from ..protect.crypto import encrypt_stream, read_stream_key_id

        changed = 0
        for sha256 in self.stored():
            path = self.path_for(sha256)
            with open(path, "rb") as handle:
                if read_stream_key_id(handle.read(20)) == new.key_id:
                    continue
            if (problem := self.problem(sha256)) is not None:
                raise IntegrityError(f"{problem}: not re-encrypted; nothing was changed for it")
            fd, temp_name = tempfile.mkstemp(dir=self.root / _INCOMING, prefix="key-")
            temp = Path(temp_name)
            try:
                with os.fdopen(fd, "wb") as out:
                    encrypt_stream(
                        new, "files", _Chunks(self._plain(path, sha256)), out, f"evidence/{sha256}"
                    )
                    out.flush()
                    os.fsync(out.fileno())
                self._install(temp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()
            self.custody.append(self.actor, "re-encrypt", sha256, f"key {new.key_id}")
            changed += 1
        return changed


class _Chunks:
    """A file-like reader over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buffer = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self.buffer) < n:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.buffer += chunk
        data, self.buffer = (self.buffer, b"") if n < 0 else (self.buffer[:n], self.buffer[n:])
        return data


def _encrypted(path: Path) -> bool:
    from ..protect.crypto import STREAM_MAGIC

    with open(path, "rb") as handle:
        return handle.read(len(STREAM_MAGIC)) == STREAM_MAGIC
