"""Who is signed in: accounts, signed session cookies, CSRF tokens and a login rate limit.

The web app does not keep accounts of its own. :class:`Accounts` is the small interface it
needs; :class:`ProtectAccounts` implements it with :mod:`svidok.protect.accounts` (Argon2id
hashes in the store's metadata, failures in the access log). While a database has no account,
the CLI lets whoever can open it act as administrator; the web equivalent is a one-time
token printed by ``svidok serve`` on the terminal of the person who started it (and only on
loopback), see :class:`LocalToken`.

A session is a cookie signed with a per-server secret (itsdangerous), HttpOnly,
SameSite=Strict and Secure when the request came over https. It holds the account name, the
role, the CSRF token and when it was issued; the account is checked again on every request,
so a disabled account or a changed role takes effect at once.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..protect.roles import ROLES, Principal, Role
from ..store import Store

__all__ = [
    "COOKIE",
    "SESSION_SECONDS",
    "Accounts",
    "LocalToken",
    "LoginLimiter",
    "ProtectAccounts",
    "Session",
    "SessionCodec",
    "SignInFailed",
    "csrf_matches",
]

COOKIE = "svidok_session"
SESSION_SECONDS = 12 * 3600


class SignInFailed(Exception):
    """Wrong account or password, or a disabled account (one message for every cause)."""


class Accounts(Protocol):
    """What the web app needs of an account system."""

    def any(self) -> bool:
        """Whether at least one account exists."""
        ...

    def authenticate(self, name: str, password: str) -> Principal:
        """The principal for ``name``; raise :class:`SignInFailed` otherwise."""
        ...

    def current(self, name: str) -> Principal | None:
        """The principal of an existing, enabled account, or None."""
        ...


class ProtectAccounts:
    """:class:`Accounts` backed by :mod:`svidok.protect.accounts` on the raw (unguarded) store."""

    def __init__(self, store: Store, *, cache_seconds: float = 2.0) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self._cached: tuple[float, dict[str, Principal]] | None = None
        self._lock = threading.Lock()

    def _all(self) -> dict[str, Principal]:
        from ..protect.accounts import accounts

        now = time.monotonic()
        with self._lock:
            if self._cached is None or now - self._cached[0] > self.cache_seconds:
                # Disabled accounts can neither sign in nor stay signed in.
                found = {
                    a.name: Principal(a.name, a.role)
                    for a in accounts(self.store)
                    if not a.disabled
                }
                self._cached = (now, found)
            return self._cached[1]

    def any(self) -> bool:
        from ..protect.accounts import accounts

        return bool(accounts(self.store))

    def authenticate(self, name: str, password: str) -> Principal:
        from ..protect.accounts import AuthenticationError, authenticate

        try:
            principal = authenticate(self.store, name, password)
        except AuthenticationError:
            raise SignInFailed("wrong account or password") from None
        self.forget()
        return principal

    def current(self, name: str) -> Principal | None:
        return self._all().get(name)

    def cached(self, name: str) -> tuple[bool, Principal | None]:
        """``(True, current(name))`` if that needs no read of the store (the account list
        was read less than ``cache_seconds`` ago), else ``(False, None)``."""
        with self._lock:
            cached = self._cached
        if cached is None or time.monotonic() - cached[0] > self.cache_seconds:
            return False, None
        return True, cached[1].get(name)

    def forget(self) -> None:
        """Drop the cached account list (after a change)."""
        with self._lock:
            self._cached = None


@dataclass(frozen=True, slots=True)
class Session:
    """What a session cookie carries. ``user`` is empty before sign-in."""

    csrf: str
    user: str = ""
    role: Role = "viewer"
    authenticated: bool = True
    issued: float = 0.0

    @property
    def signed_in(self) -> bool:
        return bool(self.user)

    def principal(self) -> Principal:
        return Principal(self.user, self.role, self.authenticated)

    @classmethod
    def anonymous(cls) -> Session:
        return cls(csrf=secrets.token_urlsafe(32))

    @classmethod
    def for_principal(cls, principal: Principal) -> Session:
        # A new CSRF token at sign-in: a token seen before it is worthless after it.
        return cls(
            csrf=secrets.token_urlsafe(32),
            user=principal.name,
            role=principal.role,
            authenticated=principal.authenticated,
            issued=time.time(),
        )


class SessionCodec:
    """Signs sessions into cookie values and reads them back (expired or forged: None)."""

    def __init__(self, secret: str, max_age: int = SESSION_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="svidok-session")
        self.max_age = max_age

    def dumps(self, session: Session) -> str:
        return str(
            self._serializer.dumps(
                {
                    "c": session.csrf,
                    "u": session.user,
                    "r": session.role,
                    "a": session.authenticated,
                    "i": session.issued,
                }
            )
        )

    def loads(self, value: str | None) -> Session | None:
        if not value:
            return None
        try:
            data = self._serializer.loads(value, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or data.get("r") not in ROLES:
            return None
        return Session(
            csrf=str(data.get("c", "")),
            user=str(data.get("u", "")),
            role=data["r"],
            authenticated=bool(data.get("a", True)),
            issued=float(data.get("i", 0.0)),
        )


def csrf_matches(session: Session, token: str | None) -> bool:
    """Whether a submitted CSRF token is the session's (compared in constant time)."""
    return bool(token) and hmac.compare_digest(session.csrf.encode(), str(token).encode())


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per client address and per account name within
    ``window`` seconds; :meth:`retry_after` says how long to wait (0: go ahead)."""

    def __init__(
        self,
        attempts: int = 5,
        window: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def retry_after(self, client: str, name: str) -> int:
        """Seconds until another attempt is allowed for this client or account name."""
        now = self.clock()
        with self._lock:
            waits = [
                self.window - (now - times[0])
                for key in (f"ip:{client}", f"name:{name.casefold()}")
                if len(times := self._recent(key, now)) >= self.attempts
            ]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, client: str, name: str) -> None:
        """Count one failed attempt."""
        now = self.clock()
        with self._lock:
            for key in (f"ip:{client}", f"name:{name.casefold()}"):
                self._recent(key, now).append(now)

    def succeeded(self, client: str, name: str) -> None:
        """Forget the client's and the account's failures."""
        with self._lock:
            self._failures.pop(f"ip:{client}", None)
            self._failures.pop(f"name:{name.casefold()}", None)


class LocalToken:
    """A one-time secret for a database without accounts: shown to whoever started the
    server (on its terminal), it signs that person in as administrator, as the CLI would."""

    def __init__(self, os_user: str) -> None:
        self.os_user = os_user
        self.value = secrets.token_urlsafe(24)
        self.used = False

    def redeem(self, token: str) -> Principal | None:
        """The administrator principal if ``token`` is right (it stays valid while the
        database has no accounts, so the person can open a second browser)."""
        if hmac.compare_digest(self.value.encode(), token.encode()):
            self.used = True
            return Principal(self.os_user, "admin", authenticated=False)
        return None
