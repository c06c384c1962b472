"""Record ids: pseudonymous, random, and roughly ordered by creation time.

An id is the record type's prefix, six characters of creation time (seconds since 2020-01-01
UTC) and ten random characters (50 bits), in Crockford's base32: ``P-0KQ3V2`` ``7KX39QD2ZM``.
Nothing in an id is derived from what the record says. The time part makes new ids land next
to each other in database indexes: inserting a million records with fully random keys is
several times slower, because every insert touches a random page of every index. The price is
that an id shows roughly when the record was created, which the audit trail records anyway.
"""

from __future__ import annotations

import random
import secrets
import time

__all__ = ["EPOCH", "ID_ALPHABET", "encode_id", "new_id_for_prefix"]

EPOCH = 1_577_836_800  # 2020-01-01T00:00:00Z
# Crockford's base32: no I, L, O, U, so ids read aloud without confusion.
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = tuple(a + b for a in ID_ALPHABET for b in ID_ALPHABET)
_TIME_LIMIT = 1 << 30  # six base32 characters: until 2054


def encode_id(prefix: str, seconds: int, bits: int) -> str:
    """The id for ``seconds`` since :data:`EPOCH` and 50 random ``bits``."""
    t = min(max(seconds, 0), _TIME_LIMIT - 1)
    return (
        f"{prefix}-{_PAIRS[t >> 20]}{_PAIRS[(t >> 10) & 1023]}{_PAIRS[t & 1023]}"
        f"{_PAIRS[bits >> 40]}{_PAIRS[(bits >> 30) & 1023]}"
        f"{_PAIRS[(bits >> 20) & 1023]}{_PAIRS[(bits >> 10) & 1023]}{_PAIRS[bits & 1023]}"
    )


def new_id_for_prefix(
    prefix: str, rng: random.Random | None = None, at: float | None = None
) -> str:
    """A new id; with ``rng`` (and ``at``, default the epoch) it is reproducible."""
    if rng is None:
        seconds = int((time.time() if at is None else at) - EPOCH)
        return encode_id(prefix, seconds, secrets.randbits(50))
    return encode_id(prefix, int((EPOCH if at is None else at) - EPOCH), rng.getrandbits(50))
