"""The application factory: :func:`create_app` builds the FastAPI app for one database."""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

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

__all__ = ["LANG_COOKIE", "create_app"]

LANG_COOKIE = "svidok_lang"
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
) -> FastAPI:
    """The web application for the database ``settings`` name.

    ``store`` replaces the database (tests pass a memory store); ``accounts`` replaces the
    account system (default: :mod:`svidok.protect.accounts` in that database). With
    ``local_token`` and no accounts in the database, a one-time token (``app.state.web.token``)
    signs its holder in as administrator; ``svidok serve`` prints it.
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

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
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


def _load_session(state: WebState, request: Request) -> tuple[Session, bool]:
    session = state.codec.loads(request.cookies.get(COOKIE))
    if session is None:
        return Session.anonymous(), True
    if not session.signed_in:
        return session, False
    if session.authenticated:
        current = state.accounts.current(session.user)
        if current is None:  # removed or disabled since: sign out
            return Session.anonymous(), True
        if current.role != session.role:
            return dataclasses.replace(session, role=current.role), True
        return session, False
    # Signed in with the local token: valid only while the database has no accounts.
    if state.token is None or state.accounts.any():
        return Session.anonymous(), True
    return session, False


def _middleware(app: FastAPI, state: WebState) -> None:
    @app.middleware("http")
    async def session_middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path.startswith("/static/"):
            response = await call_next(request)
            response.headers["Cache-Control"] = "public, max-age=3600"
            return response
        session, changed = await run_in_threadpool(_load_session, state, request)
        lang = request.cookies.get(LANG_COOKIE, "")
        if lang not in LANGUAGES:
            lang = negotiate(request.headers.get("accept-language"))
        ctx = Ctx(request, state, session, lang)
        request.state.ctx = ctx
        response = await call_next(request)
        final: Ctx = request.state.ctx
        if changed or final.session != session:
            response.set_cookie(
                COOKIE,
                state.codec.dumps(final.session),
                max_age=SESSION_SECONDS,
                httponly=True,
                samesite="lax",
                secure=state.https_only or request.url.scheme == "https",
                path="/",
            )
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        # Pages hold identifying data: never kept in a shared or disk cache.
        headers.setdefault("Cache-Control", "no-store")
        return response


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
