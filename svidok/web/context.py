"""What every view works with: the server's state and, per request, who asks and in which
language, with the store as that principal sees it."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..protect.guard import GuardedStore
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
    env: Environment = field(default_factory=_environment)
    catalogue: Versioned[Catalogue] = field(init=False)
    caches: dict[str, Versioned[Any]] = field(default_factory=dict)
    _run: tuple[float, str] = (0.0, "")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.catalogue = Versioned(lambda version: build_catalogue(self.raw, version))

    def latest_run(self, *, refresh: bool = False) -> str:
        """Id of the latest linkage run ("" for none), re-read at most every 10 seconds
        (runs are large rows; a run started from the web calls this with ``refresh``)."""
        checked, run_id = self._run
        if refresh or time.monotonic() - checked > 10:
            runs = self.plain.linkage_runs()
            run_id = runs[-1].id if runs else ""
            self._run = (time.monotonic(), run_id)
        return run_id

    def version(self) -> DataVersion:
        """The current data version."""
        return version_of(self.plain, self.latest_run())

    def cache(self, name: str, build: Any) -> Versioned[Any]:
        """A named per-version cache (created on first use)."""
        with self._lock:
            if name not in self.caches:
                self.caches[name] = Versioned(build)
            return self.caches[name]

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
        inner = self.state.raw if principal.may("read_identity") else self.state.plain
        return GuardedStore(inner, principal)

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
