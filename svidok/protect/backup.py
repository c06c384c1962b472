"""Encrypted, verifiable backups of the database and the evidence folder, and their restore.

A backup is one file: a plaintext header (format, creation time, schema revision, and how to
check the key: key id and, for a passphrase, the Argon2id salt) followed by one AES-GCM
stream (:mod:`.crypto`) bound to that header. Inside, members follow each other: every table
of the database as JSON lines (a logical dump, so a SQLite backup restores onto PostgreSQL and
back), every evidence file as stored (still encrypted with the database's key when it is), the
custody log, and last a manifest with each member's SHA-256 and size.

Restoring reads the whole backup once to check it (a wrong key or any alteration is refused
before anything is written), then writes the database in one transaction onto an empty
database and moves the evidence files into an empty folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from ..errors import SvidokError
from ..store import tables as T
from ..store.dialect import bulk_insert
from ..store.migrations import current_revision, head_revision
from ..store.sql import SQLStore
from .crypto import decrypt_stream, encrypt_stream
from .keys import Keyring, KeySource, VaultParams

__all__ = ["BackupError", "BackupSummary", "create_backup", "restore_backup", "verify_backup"]

_MAGIC = b"SVIDOK-BACKUP 1\n"
_BATCH = 5_000


class BackupError(SvidokError):
    """A backup that cannot be made, read or restored (nothing was written)."""


@dataclass
class BackupSummary:
    """What a backup holds (or what a restore wrote)."""

    path: Path
    created: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    key_id: str = ""


class _Writer:
    """Members framed as: name line, length-prefixed chunks, a zero length."""

    def __init__(self) -> None:
        self.manifest: dict[str, dict[str, Any]] = {}

    def member(self, name: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
        digest, size, lines = hashlib.sha256(), 0, 0
        yield name.encode("utf-8") + b"\n"
        for chunk in chunks:
            if chunk:
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
                yield struct.pack(">Q", len(chunk)) + chunk
        yield struct.pack(">Q", 0)
        self.manifest[name] = {"sha256": digest.hexdigest(), "bytes": size, "lines": lines}


class _Stream:
    """A read() interface over an iterator of byte strings (what encrypt_stream reads)."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self.parts = parts
        self.buffer = bytearray()

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self.buffer) < n:
            part = next(self.parts, None)
            if part is None:
                break
            self.buffer += part
        size = len(self.buffer) if n < 0 else min(n, len(self.buffer))
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data


def _rows(conn: sa.Connection, table: sa.Table) -> Iterator[bytes]:
    key = list(table.primary_key.columns)
    result = conn.execution_options(yield_per=_BATCH).execute(sa.select(table).order_by(*key))
    for row in result:
        yield json.dumps(list(row), ensure_ascii=False).encode("utf-8") + b"\n"


def _file(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def _evidence_paths(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".incoming" not in path.parts and path.name != "custody.lock"
    ]
    return found


def _context(header: bytes) -> str:
    return "backup/" + hashlib.sha256(header).hexdigest()


def create_backup(
    store: SQLStore, evidence_root: Path, target: Path, key: KeySource
) -> BackupSummary:
    """Write an encrypted backup of ``store`` and ``evidence_root`` to ``target`` (written to a
    temporary name and renamed when complete; an existing file is never overwritten)."""
    if target.exists():
        raise BackupError(f"{target} exists: a backup never overwrites a file")
    ring = Keyring.unlock(key, None, "the backup")
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with store.engine.connect() as conn:
        revision = current_revision(conn)
    header_data = {"created": created, "schema": revision, "key": json.loads(ring.params.dump())}
    header = _MAGIC + json.dumps(header_data, sort_keys=True).encode("ascii") + b"\n"
    summary = BackupSummary(target, created, key_id=ring.key_id)
    writer = _Writer()

    def members(conn: sa.Connection) -> Iterator[bytes]:
        for table in T.metadata.sorted_tables:
            yield from writer.member(f"db/{table.name}.jsonl", _rows(conn, table))
        for name, path in _evidence_paths(evidence_root):
            yield from writer.member(f"evidence/{name}", _file(path))
            summary.files += name.count("/") == 1  # originals, not the custody log
        manifest = {"schema": revision, "members": writer.manifest}
        yield from writer.member("manifest.json", iter([json.dumps(manifest).encode("ascii")]))

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            isolation = "REPEATABLE READ" if store.engine.dialect.name == "postgresql" else None
            options = {"isolation_level": isolation} if isolation else {}
            with store.engine.connect().execution_options(**options) as conn, conn.begin():
                summary.bytes = encrypt_stream(
                    ring, "backup", _Stream(members(conn)), out, _context(header)
                )
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o400)
        os.link(temp_name, target)  # fails rather than overwrite a file created meanwhile
    finally:
        os.unlink(temp_name)
    for name, info in writer.manifest.items():
        if name.startswith("db/"):
            summary.rows[name[3:].removesuffix(".jsonl")] = int(info["lines"])
    return summary


def _read_header(handle: IO[bytes], path: Path) -> tuple[bytes, dict[str, Any]]:
    magic = handle.read(len(_MAGIC))
    if magic != _MAGIC:
        raise BackupError(f"{path} is not a Svidok backup")
    line = handle.readline(10_000)
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or "key" not in data:
            raise ValueError("no key parameters")
    except ValueError as exc:
        raise BackupError(f"{path}: the backup's header is damaged ({exc})") from None
    return magic + line, data


def _members(path: Path, key: KeySource) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(name, chunks) of each member, decrypted and authenticated as they are read."""
    with open(path, "rb") as handle:
        header, data = _read_header(handle, path)
        params = VaultParams.load(json.dumps(data["key"]), str(path))
        ring = Keyring.unlock(key, params, f"the backup {path}")
        plain = _Stream(decrypt_stream(ring, "backup", handle, _context(header)))

        def body() -> Iterator[bytes]:
            while True:
                raw = plain.read(8)
                if len(raw) != 8:
                    raise BackupError(f"{path}: the backup ends inside a member")
                (size,) = struct.unpack(">Q", raw)
                if size == 0:
                    return
                chunk = plain.read(size)
                if len(chunk) != size:
                    raise BackupError(f"{path}: the backup ends inside a member")
                yield chunk

        while True:
            name = bytearray()
            while (c := plain.read(1)) not in (b"", b"\n"):
                name += c
                if len(name) > 1000:
                    raise BackupError(f"{path}: a member's name is damaged")
            if not name:
                return
            yield name.decode("utf-8"), body()


def verify_backup(path: Path, key: KeySource) -> BackupSummary:
    """Decrypt and check the whole backup; raise naming what is wrong (wrong key, altered or
    truncated content, a member that does not match the manifest)."""
    with open(path, "rb") as handle:
        _, header = _read_header(handle, path)
    summary = BackupSummary(path, str(header.get("created", "")))
    seen: dict[str, tuple[str, int, int]] = {}
    for name, chunks in _members(path, key):
        digest, size, lines = hashlib.sha256(), 0, 0
        content = bytearray() if name == "manifest.json" else None
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if content is not None:
                content += chunk
        if content is not None:
            manifest = json.loads(content)
            for member, info in manifest["members"].items():
                if seen.get(member) is None:
                    raise BackupError(f"{path}: {member} is listed in the manifest but missing")
                if seen[member][:2] != (info["sha256"], info["bytes"]):
                    raise BackupError(f"{path}: {member} does not match the manifest")
            extra = set(seen) - set(manifest["members"])
            if extra:
                raise BackupError(f"{path}: {sorted(extra)[0]} is not in the manifest")
            summary.key_id = str(header["key"].get("key_id", ""))
            return summary
        seen[name] = (digest.hexdigest(), size, lines)
        if name.startswith("db/"):
            summary.rows[name[3:].removesuffix(".jsonl")] = lines
        elif name.count("/") == 2:  # evidence/ab/<sha256>: an original
            summary.files += 1
        summary.bytes += size
    raise BackupError(f"{path}: the backup has no manifest (it is incomplete)")


def restore_backup(
    path: Path,
    key: KeySource,
    url: str,
    evidence_root: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> BackupSummary:
    """Restore a backup onto an empty database at ``url`` and an empty evidence folder."""
    say = progress or (lambda message: None)
    say("checking the backup")
    summary = verify_backup(path, key)
    with open(path, "rb") as handle:
        _, header = _read_header(handle, path)
    if header.get("schema") != head_revision():
        raise BackupError(
            f"{path} was made with schema revision {header.get('schema')}, this Svidok has "
            f"{head_revision()}: restore it with the matching version"
        )
    if evidence_root.exists() and any(evidence_root.iterdir()):
        raise BackupError(f"{evidence_root} is not empty: restore onto an empty evidence folder")
    store = SQLStore(url, migrate=True, identity=False)
    try:
        if not store._empty() or store.meta():
            raise BackupError("the target database is not empty: restore onto an empty database")
        evidence_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=evidence_root.parent))
        try:
            say("restoring")
            with store.engine.connect().execution_options(svidok_write=True) as conn, conn.begin():
                for table in reversed(T.metadata.sorted_tables):
                    conn.execute(table.delete())
                for name, chunks in _members(path, key):
                    if name.startswith("db/"):
                        _load_table(
                            conn, T.metadata.tables[name[3:].removesuffix(".jsonl")], chunks
                        )
                    elif name.startswith("evidence/"):
                        target = staging / name[len("evidence/") :]
                        if staging.resolve() not in target.resolve().parents:
                            raise BackupError(f"{path}: member {name} points outside the folder")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with open(target, "wb") as out:
                            for chunk in chunks:
                                out.write(chunk)
                    else:
                        for _ in chunks:
                            pass
            evidence_root.mkdir(parents=True, exist_ok=True)
            for item in staging.iterdir():
                shutil.move(str(item), evidence_root / item.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        store.close()
    return summary


def _load_table(conn: sa.Connection, table: sa.Table, chunks: Iterator[bytes]) -> None:
    columns = [c.name for c in table.columns]
    booleans = {i for i, c in enumerate(table.columns) if isinstance(c.type, sa.Boolean)}
    batch: list[tuple[Any, ...]] = []
    pending = b""
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            values = json.loads(line)
            for i in booleans:
                if values[i] is not None:
                    values[i] = bool(values[i])
            batch.append(tuple(values))
            if len(batch) >= _BATCH:
                bulk_insert(conn, table, columns, batch)
                batch = []
    bulk_insert(conn, table, columns, batch)
