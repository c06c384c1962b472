"""What every view works with: the server's state and, per request, who asks and in which
language, with the store as that principal sees it."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..protect.guard import AccessLogWriter, GuardedStore
from ..protect.roles import Permission, Principal
from ..settings import Settings
from ..store import Store
from .auth import Accounts, LocalToken, LoginLimiter, Session, SessionCodec
from .catalogue import Catalogue, DataVersion, Versioned, build_catalogue, version_of
from .i18n import LANGUAGES, translator
from .jobs import Jobs

__all__ = ["Ctx", "NotSignedIn", "WebState", "ctx_of", "local_path"]


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site (never another site: no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("svidok.web", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        auto_reload=False,  # templates are package data: no stat() of every file per page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return env


@dataclass
class WebState:
    """Everything the app keeps between requests."""

    settings: Settings
    raw: Store  # reads identifying data: for principals whose role may
    plain: Store  # never reads the identity table: for the others
    accounts: Accounts
    codec: SessionCodec
    limiter: LoginLimiter
    token: LocalToken | None
    jobs: Jobs
    https_only: bool = False
    version_seconds: float = 1.0  # how long the data version read from the store is trusted
    env: Environment = field(default_factory=_environment)
    catalogue: Versioned[Catalogue] = field(init=False)
    access_log: AccessLogWriter = field(init=False)
    caches: dict[str, Versioned[Any]] = field(default_factory=dict)
    _derived: dict[str, tuple[object, dict[str, Any]]] = field(default_factory=dict)
    _run: tuple[float, str] = (0.0, "")
    _version: tuple[float, DataVersion] | None = None
    _generation: int = 0  # of changed() calls: a version read before one is not kept
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.catalogue = Versioned(lambda version: build_catalogue(self.raw, version), large=True)
        # Reads of identifying data by concurrent requests share write transactions.
        self.access_log = AccessLogWriter(self.raw)

    def latest_run(self, *, refresh: bool = False) -> str:
        """Id of the latest linkage run ("" for none), re-read at most every 10 seconds
        (runs are large rows; a run started from the web calls this with ``refresh``)."""
        checked, run_id = self._run
        if refresh or time.monotonic() - checked > 10:
            runs = self.plain.linkage_runs()
            run_id = runs[-1].id if runs else ""
            self._run = (time.monotonic(), run_id)
            if refresh:
                self.changed()
        return run_id

    def version(self) -> DataVersion:
        """The current data version, read from the store at most every ``version_seconds``
        (every page asks; writes made through this server call :meth:`changed`, so only
        other processes' writes can take up to that long to show)."""
        known = self._version
        if known is not None and time.monotonic() - known[0] < self.version_seconds:
            return known[1]
        started, generation = time.monotonic(), self._generation
        version = version_of(self.plain, self.latest_run())
        with self._lock:
            if generation == self._generation:
                self._version = (started, version)
        return version

    def changed(self) -> None:
        """Data may have changed: the next :meth:`version` reads the store again."""
        with self._lock:
            self._generation += 1
            self._version = None

    def cache(self, name: str, build: Any) -> Versioned[Any]:
        """A named per-version cache (created on first use)."""
        with self._lock:
            if name not in self.caches:
                self.caches[name] = Versioned(build)
            return self.caches[name]

    def derived(self, name: str, source: object, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, kept under ``key`` while the cache called ``name`` derives from
        ``source`` (the same object: a value of another data version starts it afresh)."""
        with self._lock:
            held = self._derived.get(name)
            if held is None or held[0] is not source:
                held = self._derived[name] = (source, {})
            if key in held[1]:
                return held[1][key]
        value = make()
        with self._lock:
            held[1][key] = value
        return value

    @property
    def evidence_dir(self) -> Path:
        return self.settings.evidence_dir


class NotSignedIn(Exception):
    """Raised by page dependencies: the handler redirects to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


@dataclass
class Ctx:
    """One request: the session, the language, the principal's store, rendering."""

    request: Request
    state: WebState
    session: Session
    lang: str

    @property
    def principal(self) -> Principal:
        return self.session.principal()

    @property
    def actor(self) -> str:
        p = self.principal
        return p.name if p.authenticated else self.state.settings.actor

    @cached_property
    def store(self) -> GuardedStore:
        """The store as this principal sees it: roles enforced, identifying reads logged."""
        principal = self.principal
        if principal.may("read_identity"):
            return GuardedStore(self.state.raw, principal, access_log=self.state.access_log)
        return GuardedStore(self.state.plain, principal)

    def may(self, permission: Permission) -> bool:
        return self.session.signed_in and self.principal.may(permission)

    def require(self, permission: Permission) -> None:
        """403 unless the principal's role grants ``permission``."""
        if not self.may(permission):
            raise HTTPException(403, self.t("Your role does not allow this."))

    def t(self, message: str) -> str:
        return translator(self.lang)(message)

    def catalogue(self) -> Catalogue | None:
        return self.state.catalogue.get(self.state.version())

    def render(self, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
        """Render a page with the common context (translator, session, CSRF token, roles)."""
        page = self.state.env.get_template(template)
        html = page.render(
            _=self.t,
            lang=self.lang,
            languages=LANGUAGES,
            session=self.session,
            csrf=self.session.csrf,
            may=self.may,
            path=self.request.url.path,
            full_path=str(self.request.url.path)
            + (f"?{self.request.url.query}" if self.request.url.query else ""),
            nonce=secrets.token_urlsafe(8),
            **data,
        )
        return HTMLResponse(html, status_code=status_code)


def ctx_of(request: Request) -> Ctx:
    """The request's context (set by the session middleware)."""
    ctx = getattr(request.state, "ctx", None)
    if not isinstance(ctx, Ctx):
        raise RuntimeError("no session context: the session middleware did not run")
    return ctx
