"""Record ids: pseudonymous, random, and roughly ordered by creation time.

An id is the record type's prefix, six characters of creation time (seconds since 2020-01-01
UTC) and ten random characters (50 bits), in Crockford's base32: ``P-0KQ3V2`` ``7KX39QD2ZM``.
Nothing in an id is derived from what the record says. The time part makes new ids land next
to each other in database indexes: inserting a million records with fully random keys is
several times slower, because every insert touches a random page of every index. The price is
that an id shows roughly when the record was created, which the audit trail records anyway.
"""

from __future__ import annotations

import functools
import os
import random
import secrets
import struct
import threading
import time

__all__ = ["EPOCH", "ID_ALPHABET", "encode_id", "new_id_for_prefix"]

EPOCH = 1_577_836_800  # 2020-01-01T00:00:00Z
# Crockford's base32: no I, L, O, U, so ids read aloud without confusion.
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = tuple(a + b for a in ID_ALPHABET for b in ID_ALPHABET)
_TIME_LIMIT = 1 << 30  # six base32 characters: until 2054


def encode_id(prefix: str, seconds: int, bits: int) -> str:
    """The id for ``seconds`` since :data:`EPOCH` and 50 random ``bits``."""
    pairs = _PAIRS
    return (
        f"{prefix}-{_time_part(seconds)}{pairs[bits >> 40]}{pairs[(bits >> 30) & 1023]}"
        f"{pairs[(bits >> 20) & 1023]}{pairs[(bits >> 10) & 1023]}{pairs[bits & 1023]}"
    )


@functools.lru_cache(maxsize=4)
def _time_part(seconds: int) -> str:
    t = min(max(seconds, 0), _TIME_LIMIT - 1)
    return f"{_PAIRS[t >> 20]}{_PAIRS[(t >> 10) & 1023]}{_PAIRS[t & 1023]}"


class _RandomBits:
    """50-bit random numbers from the operating system's CSPRNG (what :mod:`secrets` uses),
    read 8 KiB at a time: one system call per id was a good part of the time of building a
    million records."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: list[int] = []

    def next(self) -> int:
        with self._lock:
            if not self._values:
                data = secrets.token_bytes(8 * 1024)
                self._values = [v >> 14 for v in struct.unpack("<1024Q", data)]
            return self._values.pop()


_RANDOM = _RandomBits()


def _after_fork() -> None:
    global _RANDOM
    _RANDOM = _RandomBits()  # a forked child must not repeat its parent's ids


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def new_id_for_prefix(
    prefix: str, rng: random.Random | None = None, at: float | None = None
) -> str:
    """A new id; with ``rng`` (and ``at``, default the epoch) it is reproducible."""
    if rng is None:
        seconds = int((time.time() if at is None else at) - EPOCH)
        return encode_id(prefix, seconds, _RANDOM.next())
    return encode_id(prefix, int((EPOCH if at is None else at) - EPOCH), rng.getrandbits(50))
