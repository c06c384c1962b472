"""Where the encryption key comes from: a key file or a passphrase (Argon2id), never the database.

A database (or a backup) records only how to *check* a key: its key id (a keyed hash that
reveals nothing of the key) and, for a passphrase, the Argon2id salt and cost. A
:class:`Keyring` turns the master key into one sub-key per purpose (HKDF), so that the key
that encrypts records never directly encrypts files or computes blind indexes.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import SvidokError

__all__ = [
    "ARGON2_COST",
    "KEY_FILE_PREFIX",
    "KeyFile",
    "KeySource",
    "Keyring",
    "Passphrase",
    "VaultKeyError",
    "VaultParams",
    "create_key_file",
]

KEY_FILE_PREFIX = "svidok-key-1:"
#: Argon2id cost for new passphrase-derived keys (time, memory in KiB, lanes); about 0.3 s.
#: Tests lower it; the cost used is stored with the salt, so changing it later is harmless.
ARGON2_COST = {"t": 3, "m": 65536, "p": 1}


class VaultKeyError(SvidokError):
    """A key is missing, wrong, or of the wrong kind. Nothing was read or written."""


@dataclass(frozen=True, slots=True)
class VaultParams:
    """What is stored beside encrypted data to check a key: never the key itself."""

    key_id: str
    kdf: Mapping[str, Any] | None = None  # None: a key file; else Argon2id salt and cost

    def dump(self) -> str:
        return json.dumps({"version": 1, "key_id": self.key_id, "kdf": self.kdf}, sort_keys=True)

    @classmethod
    def load(cls, text: str, where: str) -> VaultParams:
        try:
            data = json.loads(text)
            if data.get("version") != 1 or not isinstance(data.get("key_id"), str):
                raise ValueError("unknown version")
            kdf = data.get("kdf")
            if kdf is not None and not {"salt", "t", "m", "p"} <= set(kdf):
                raise ValueError("incomplete key derivation parameters")
        except (ValueError, AttributeError, TypeError) as exc:
            raise VaultKeyError(f"{where}: unreadable key parameters ({exc})") from None
        return cls(data["key_id"], kdf)


class KeySource(Protocol):
    """A way to obtain the 32-byte master key."""

    @property
    def description(self) -> str:
        """What the key is, for messages ("key file …", "passphrase")."""
        ...

    def master(self, params: VaultParams | None) -> bytes:
        """The master key; ``params`` of existing data (None for new data)."""
        ...

    def new_kdf(self) -> Mapping[str, Any] | None:
        """Key derivation parameters to store for new data (None for key files)."""
        ...


@dataclass(frozen=True)
class KeyFile:
    """A file holding ``svidok-key-1:<base64 of 32 random bytes>`` (see :func:`create_key_file`)."""

    path: Path

    @property
    def description(self) -> str:
        return f"key file {self.path}"

    def master(self, params: VaultParams | None) -> bytes:
        if params is not None and params.kdf is not None:
            raise VaultKeyError(
                f"this data was encrypted with a passphrase, not a key file ({self.path})"
            )
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise VaultKeyError(f"cannot read the key file {self.path}: {exc}") from None
        if not text.startswith(KEY_FILE_PREFIX):
            raise VaultKeyError(
                f"{self.path} is not a Svidok key file (create one with `svidok key new`)"
            )
        try:
            key = base64.b64decode(text[len(KEY_FILE_PREFIX) :], validate=True)
        except binascii.Error:
            key = b""
        if len(key) != 32:
            raise VaultKeyError(f"{self.path}: the key is damaged (expected 32 bytes of base64)")
        return key

    def new_kdf(self) -> Mapping[str, Any] | None:
        return None


@dataclass(frozen=True)
class Passphrase:
    """A passphrase stretched with Argon2id and a random salt stored with the data."""

    text: str = ""

    @property
    def description(self) -> str:
        return "passphrase"

    def master(self, params: VaultParams | None) -> bytes:
        from argon2.low_level import Type, hash_secret_raw

        if params is None or params.kdf is None:
            raise VaultKeyError("this data was encrypted with a key file, not a passphrase")
        if len(self.text) < 12:
            raise VaultKeyError("a passphrase must have at least 12 characters")
        kdf = params.kdf
        return hash_secret_raw(
            self.text.encode("utf-8"),
            base64.b64decode(kdf["salt"]),
            time_cost=int(kdf["t"]),
            memory_cost=int(kdf["m"]),
            parallelism=int(kdf["p"]),
            hash_len=32,
            type=Type.ID,
        )

    def new_kdf(self) -> Mapping[str, Any] | None:
        salt = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
        return {"name": "argon2id", "salt": salt, **ARGON2_COST}


def _hkdf(master: bytes, info: str, length: int = 32) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), length, salt=None, info=info.encode("ascii")).derive(master)


class Keyring:
    """The master key and the sub-keys derived from it."""

    def __init__(self, master: bytes, kdf: Mapping[str, Any] | None = None) -> None:
        if len(master) != 32:
            raise ValueError("the master key must be 32 bytes")
        self._master = master
        self.kdf = kdf
        self.key_id = _hkdf(master, "svidok key id", 8).hex()

    @classmethod
    def unlock(cls, source: KeySource, params: VaultParams | None, where: str) -> Keyring:
        """The keyring for data described by ``params`` (None: new data); :class:`VaultKeyError`
        when the key does not open it."""
        kdf = params.kdf if params is not None else source.new_kdf()
        ring = cls(source.master(params if params is not None else VaultParams("", kdf)), kdf)
        if params is not None and not hmac.compare_digest(ring.key_id, params.key_id):
            raise VaultKeyError(
                f"wrong key for {where}: the {source.description} does not open it "
                f"(it was encrypted with key {params.key_id}, this is {ring.key_id})"
            )
        return ring

    @property
    def params(self) -> VaultParams:
        return VaultParams(self.key_id, self.kdf)

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose ("records", "files", "backup", "index")."""
        return _hkdf(self._master, f"svidok {purpose}")

    def blind_index(self, value: str) -> str:
        """A keyed hash (HMAC-SHA-256) of ``value``: equal values give equal indexes, and
        without the key nobody can test a guess. For keys derived from names that must be
        stored or compared outside the vault."""
        return hmac.new(self.subkey("index"), value.encode("utf-8"), "sha256").hexdigest()


def create_key_file(path: Path) -> KeyFile:
    """Write a new random key to ``path`` (readable by the owner only); refuse to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise VaultKeyError(f"{path} exists: a key file is never overwritten") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(KEY_FILE_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return KeyFile(path)
