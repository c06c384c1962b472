"""A content-addressed folder of preserved original files (photos, documents from exports).

Each file is stored once under its SHA-256, as ``root/ab/abcdef…`` (the first two hex digits
name a subfolder, so no folder grows too large), read-only. A file is written to a temporary
name, flushed to disk and then renamed into place, so a crash never leaves a partial file under
a digest; putting the same content again copies nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from ..errors import SvidokError

__all__ = ["BLOCK_SIZE", "EvidenceFiles", "IntegrityError", "hash_file"]

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


class EvidenceFiles:
    """The preserved originals under ``root``, addressed by SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest is (or would be) stored."""
        digest = sha256.strip().lower()
        if not _SHA256.fullmatch(digest):
            raise ValueError(f"{sha256!r} is not a SHA-256 digest (64 hexadecimal digits)")
        return self.root / digest[:2] / digest

    def has(self, sha256: str) -> bool:
        """Whether a file with this digest is stored."""
        return self.path_for(sha256).is_file()

    def put(self, path: Path, *, expected: str | None = None) -> tuple[str, int]:
        """Preserve the file at ``path``; return its (sha256, size).

        Idempotent: content already stored is not copied again. With ``expected`` (the digest
        the caller read earlier) a stored file is trusted as is, and a source whose content no
        longer matches raises :class:`IntegrityError` without storing anything.
        """
        if expected is not None:
            target = self.path_for(expected)
            if target.is_file():
                return expected.strip().lower(), target.stat().st_size
        incoming = self.root / _INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=incoming, prefix="put-")
        temp = Path(temp_name)
        try:
            sha256, size = self._copy(Path(path), fd)
            if expected is not None and sha256 != expected.strip().lower():
                raise IntegrityError(
                    f"{path}: SHA-256 is {sha256}, expected {expected} "
                    "(the file changed after it was read)"
                )
            target = self.path_for(sha256)
            if target.is_file():
                return sha256, size
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(temp, 0o444)
            os.replace(temp, target)
            _fsync_dir(target.parent)
            return sha256, size
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    @staticmethod
    def _copy(source: Path, fd: int) -> tuple[str, int]:
        """Copy ``source`` into the open temporary file ``fd`` while hashing it; fsync."""
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray(BLOCK_SIZE)
        view = memoryview(buffer)
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while n := src.readinto(view):
                chunk = view[:n]
                digest.update(chunk)
                out.write(chunk)
                size += n
            out.flush()
            os.fsync(out.fileno())
        return digest.hexdigest(), size

    def verify(self, sha256: str) -> bool:
        """Whether the stored file exists and still hashes to ``sha256``."""
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        return hash_file(path)[0] == sha256.strip().lower()
