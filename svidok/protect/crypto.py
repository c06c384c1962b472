"""AES-256-GCM for short texts (identifying values) and for streams (evidence files, backups).

Texts become ``svk1.<key id>.<base64(nonce + ciphertext)>``; the associated data binds each
ciphertext to where it belongs (a record's kind and id), so one record's identity cannot be
swapped in for another's without detection.

Streams are cut into 64 KiB chunks, each sealed with a nonce made of a random prefix, the
chunk's number and a "last chunk" flag (the STREAM construction): reordering, dropping or
truncating chunks is detected, and a stream is decrypted without holding it in memory.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from collections.abc import Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import SvidokError
from .keys import Keyring

__all__ = [
    "CHUNK",
    "STREAM_MAGIC",
    "DecryptionError",
    "Readable",
    "Writable",
    "decrypt_stream",
    "encrypt_stream",
    "is_sealed",
    "open_text",
    "read_stream_key_id",
    "seal_text",
]

CHUNK = 64 * 1024
STREAM_MAGIC = b"SVKS1"
_TEXT_PREFIX = "svk1."
_TAG = 16


class Readable(Protocol):
    """Anything with ``read(n) -> bytes`` (files, pipes, in-memory streams)."""

    def read(self, n: int = -1, /) -> bytes: ...


class Writable(Protocol):
    """Anything with ``write(data)``."""

    def write(self, data: bytes, /) -> int: ...


class DecryptionError(SvidokError):
    """Ciphertext that does not open: wrong key, or altered, swapped or truncated data."""


def is_sealed(text: str) -> bool:
    """Whether ``text`` is a sealed value (plaintext identity JSON starts with "{")."""
    return text.startswith(_TEXT_PREFIX)


def seal_text(ring: Keyring, purpose: str, plaintext: str, context: str) -> str:
    """Encrypt ``plaintext``, bound to ``context`` (e.g. "person/P-…")."""
    nonce = os.urandom(12)
    sealed = AESGCM(ring.subkey(purpose)).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    return f"{_TEXT_PREFIX}{ring.key_id}.{base64.b64encode(nonce + sealed).decode('ascii')}"


def open_text(ring: Keyring, purpose: str, sealed: str, context: str) -> str:
    """Decrypt a value from :func:`seal_text`; :class:`DecryptionError` naming ``context``."""
    try:
        prefix, key_id, payload = sealed.split(".", 2)
        raw = base64.b64decode(payload, validate=True)
    except (ValueError, binascii.Error):
        raise DecryptionError(f"{context}: the encrypted value is damaged") from None
    if prefix + "." != _TEXT_PREFIX or len(raw) < 12 + _TAG:
        raise DecryptionError(f"{context}: the encrypted value is damaged")
    if key_id != ring.key_id:
        raise DecryptionError(f"{context}: encrypted with key {key_id}, not the current key")
    try:
        plain = AESGCM(ring.subkey(purpose)).decrypt(raw[:12], raw[12:], context.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            f"{context}: the encrypted value was altered or belongs to another record"
        ) from None
    return plain.decode("utf-8")


def _read(source: Readable, n: int) -> bytes:
    """Exactly ``n`` bytes, fewer only at the end (pipes may return short reads)."""
    parts, missing = [], n
    while missing:
        part = source.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def encrypt_stream(
    ring: Keyring, purpose: str, source: Readable, target: Writable, context: str
) -> int:
    """Encrypt ``source`` into ``target`` (header, then sealed chunks); return plaintext bytes."""
    aead = AESGCM(ring.subkey(purpose))
    prefix = os.urandom(7)
    target.write(STREAM_MAGIC + bytes.fromhex(ring.key_id) + prefix)
    aad = context.encode("utf-8")
    counter, total = 0, 0
    chunk = _read(source, CHUNK)
    while True:
        following = _read(source, CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        target.write(aead.encrypt(_nonce(prefix, counter, last), chunk, aad))
        total += len(chunk)
        if last:
            return total
        counter += 1
        chunk = following


def read_stream_key_id(head: bytes) -> str | None:
    """The key id in a stream header (first 20 bytes), or None if it is not a Svidok stream."""
    if len(head) < len(STREAM_MAGIC) + 8 or not head.startswith(STREAM_MAGIC):
        return None
    return head[len(STREAM_MAGIC) : len(STREAM_MAGIC) + 8].hex()


def decrypt_stream(ring: Keyring, purpose: str, source: Readable, context: str) -> Iterator[bytes]:
    """Plaintext chunks of a stream from :func:`encrypt_stream`.

    Raises :class:`DecryptionError` naming ``context`` for a wrong key or any alteration; a
    chunk is only yielded once it is authenticated, but callers must still discard what they
    received when an error comes (later chunks may be missing).
    """
    header = _read(source, len(STREAM_MAGIC) + 8 + 7)
    key_id = read_stream_key_id(header)
    if key_id is None:
        raise DecryptionError(f"{context}: not an encrypted Svidok file")
    if key_id != ring.key_id:
        raise DecryptionError(f"{context}: encrypted with key {key_id}, not the given key")
    prefix = header[-7:]
    aead = AESGCM(ring.subkey(purpose))
    aad = context.encode("utf-8")
    counter = 0
    block = _read(source, CHUNK + _TAG)
    while True:
        following = _read(source, CHUNK + _TAG) if len(block) == CHUNK + _TAG else b""
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, aad)
        except InvalidTag:
            raise DecryptionError(
                f"{context}: the encrypted content was altered, truncated or belongs elsewhere"
            ) from None
        if last:
            return
        counter += 1
        block = following
