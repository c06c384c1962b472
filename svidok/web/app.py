"""The application factory: :func:`create_app` builds the FastAPI app for one database."""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import secrets
from collections.abc import AsyncIterator, Mapping
from importlib import resources

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..protect.roles import AccessDenied
from ..settings import Settings
from ..store import Store, open_store
from .auth import (
    COOKIE,
    SESSION_SECONDS,
    Accounts,
    LocalToken,
    LoginLimiter,
    ProtectAccounts,
    Session,
    SessionCodec,
)
from .context import Ctx, NotSignedIn, WebState
from .i18n import LANGUAGES, negotiate
from .jobs import Jobs

__all__ = ["LANG_COOKIE", "THREADS", "create_app"]

LANG_COOKIE = "svidok_lang"
# Requests worked on at once: with one interpreter lock, more threads than the database
# connections kept open (5 per engine) only add connection churn and switching.
THREADS = 5
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)

_DESCRIPTION = """\
The JSON twin of every page of Svidok's web application. Sign in with `POST /api/v1/session`
(the response and `GET /api/v1/session` give the CSRF token); send the session cookie with
every request and the token in the `X-CSRF-Token` header with every POST. Identifying fields
are returned only to roles that may read them (admin, analyst, documenter, reviewer), and
each such read is written to the access log.
"""


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    accounts: Accounts | None = None,
    https_only: bool = False,
    local_token: bool = True,
    migrate: bool = False,
    threads: int = THREADS,
) -> FastAPI:
    """The web application for the database ``settings`` name.

    ``store`` replaces the database (tests pass a memory store); ``accounts`` replaces the
    account system (default: :mod:`svidok.protect.accounts` in that database). With
    ``local_token`` and no accounts in the database, a one-time token (``app.state.web.token``)
    signs its holder in as administrator; ``svidok serve`` prints it. ``threads`` is how many
    requests are worked on at once (the others wait their turn, first come first served).
    """
    if store is not None:
        raw = plain = store
    else:
        raw = open_store(settings.database_url, migrate=migrate, key=settings.key_source())
        plain = open_store(settings.database_url, identity=False)
    accounts = accounts or ProtectAccounts(raw)
    token = LocalToken(settings.actor or getpass.getuser()) if local_token else None
    state = WebState(
        settings=settings,
        raw=raw,
        plain=plain,
        accounts=accounts,
        codec=SessionCodec(secrets.token_urlsafe(32)),
        limiter=LoginLimiter(),
        token=token,
        jobs=Jobs(),
        https_only=https_only,
    )
    state.jobs.on_finish = state.changed

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        state.jobs.shutdown()
        if store is None:
            raw.close()
            plain.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Svidok",
        version=__version__,
        description=_DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.web = state
    static = resources.files("svidok.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _middleware(app, state)
    _handlers(app)
    from .views import ROUTERS

    for router in ROUTERS:
        app.include_router(router)

    return app


def _load_session(
    state: WebState, request: Request, *, cached_only: bool = False
) -> tuple[Session, bool] | None:
    """The request's session and whether its cookie must be set again; with ``cached_only``,
    None when that needs a read of the store (the caller then asks again in a thread)."""
    session = state.codec.loads(request.cookies.get(COOKIE))
    if session is None:
        return Session.anonymous(), True
    if not session.signed_in:
        return session, False
    if session.authenticated:
        if not cached_only:
            current = state.accounts.current(session.user)
        elif isinstance(state.accounts, ProtectAccounts):
            known, current = state.accounts.cached(session.user)
            if not known:
                return None
        else:
            return None
        if current is None:  # removed or disabled since: sign out
            return Session.anonymous(), True
        if current.role != session.role:
            return dataclasses.replace(session, role=current.role), True
        return session, False
    if cached_only:
        return None
    # Signed in with the local token: valid only while the database has no accounts.
    if state.token is None or state.accounts.any():
        return Session.anonymous(), True
    return session, False


def _session_of(state: WebState, request: Request) -> tuple[Session, bool]:
    loaded = _load_session(state, request)
    assert loaded is not None
    return loaded


_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    # Pages hold identifying data: never kept in a shared or disk cache.
    (b"cache-control", b"no-store"),
]
_SET_ALWAYS = {b"x-content-type-options", b"x-frame-options", b"referrer-policy"}
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class _SessionMiddleware:
    """Per request: the session from its cookie (re-checked against the account), the
    language, the :class:`Ctx` views use; on the way out, the session cookie when it changed
    and the security headers. A plain ASGI middleware (Starlette's ``BaseHTTPMiddleware``
    costs a task group and a stream per request)."""

    def __init__(self, app: ASGIApp, state: WebState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith("/static/"):
            await self.app(scope, receive, _with_headers(send, [(b"cache-control", _STATIC)]))
            return
        state = self.state
        request = Request(scope)
        # Most requests find the account in the list read less than 2 s ago: no thread hop.
        loaded = _load_session(state, request, cached_only=True)
        if loaded is None:
            loaded = await run_in_threadpool(_session_of, state, request)
        session, changed = loaded
        lang = request.cookies.get(LANG_COOKIE, "")
        if lang not in LANGUAGES:
            lang = negotiate(request.headers.get("accept-language"))
        request.state.ctx = Ctx(request, state, session, lang)
        writes = scope["method"] not in _READS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if writes:  # what it wrote shows on the next page at once
                    state.changed()
                headers = MutableHeaders(scope=message)
                final: Ctx = request.state.ctx
                if changed or final.session != session:
                    cookie = Response()
                    cookie.set_cookie(
                        COOKIE,
                        state.codec.dumps(final.session),
                        max_age=SESSION_SECONDS,
                        httponly=True,
                        samesite="lax",
                        secure=state.https_only or scope.get("scheme") == "https",
                        path="/",
                    )
                    for name, value in cookie.raw_headers:
                        if name == b"set-cookie":
                            headers.append("set-cookie", value.decode("latin-1"))
                for name, value in _HEADERS:
                    key = name.decode()
                    if name in _SET_ALWAYS or key not in headers:
                        headers[key] = value.decode()
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if writes:  # also when it failed half-way
                state.changed()


_STATIC = b"public, max-age=3600"


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra:
                headers[name.decode()] = value.decode()
        await send(message)

    return sending


def _middleware(app: FastAPI, state: WebState) -> None:
    app.add_middleware(_SessionMiddleware, state=state)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": "/signin"})
        return RedirectResponse(f"/signin?next={exc.next_path}", status_code=303)

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, exc: AccessDenied) -> Response:
        return _error(request, 403, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), exc.headers)


def _error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    ctx: Ctx | None = getattr(request.state, "ctx", None)
    if ctx is None:
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    response = ctx.render("error.html", status_code=status, status=status, message=message)
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    return response
