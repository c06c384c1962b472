"""Signing in and out, the local token, the interface language; their JSON twins."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Annotated

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from ...protect.roles import PERMISSIONS, Principal
from ..app import LANG_COOKIE
from ..auth import Session, SignInFailed
from ..context import Ctx, ctx_of, local_path
from ..deps import ERRORS, _check_csrf, page_write, visitor
from ..i18n import LANGUAGES

__all__ = ["Credentials", "SessionInfo", "router"]

router = APIRouter(responses=ERRORS)


class Credentials(BaseModel):
    """An account name and its password."""

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionInfo(BaseModel):
    """Who is signed in, with which role and permissions, and the CSRF token to send."""

    signed_in: bool
    user: str
    role: str | None
    permissions: list[str]
    csrf: str
    language: str


def _info(ctx: Ctx) -> SessionInfo:
    s = ctx.session
    return SessionInfo(
        signed_in=s.signed_in,
        user=s.user,
        role=s.role if s.signed_in else None,
        permissions=sorted(PERMISSIONS[s.role]) if s.signed_in else [],
        csrf=s.csrf,
        language=ctx.lang,
    )


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _loopback(request: Request) -> bool:
    try:
        return ipaddress.ip_address(_client(request)).is_loopback
    except ValueError:
        return _client(request) in ("testclient", "localhost")


# Password checks (Argon2id: memory- and CPU-hard) get threads of their own, at most two at a
# time, so that a burst of sign-ins never takes the threads pages are served by.
_CHECKS: RunVar[anyio.CapacityLimiter] = RunVar("svidok_password_checks")


async def _sign_in_thread(ctx: Ctx, name: str, password: str) -> Principal:
    try:
        limiter = _CHECKS.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(2)
        _CHECKS.set(limiter)
    return await anyio.to_thread.run_sync(_sign_in, ctx, name, password, limiter=limiter)


def _sign_in(ctx: Ctx, name: str, password: str) -> Principal:
    """Check the rate limit, then the password; raise HTTPException on refusal."""
    limiter = ctx.state.limiter
    client = _client(ctx.request)
    wait = limiter.retry_after(client, name)
    if wait:
        raise HTTPException(
            429,
            ctx.t("Too many failed sign-ins: wait a few minutes and try again."),
            headers={"Retry-After": str(wait)},
        )
    try:
        principal = ctx.state.accounts.authenticate(name, password)
    except SignInFailed:
        limiter.failed(client, name)
        raise HTTPException(401, ctx.t("Wrong account name or password.")) from None
    limiter.succeeded(client, name)
    ctx.request.state.ctx = dataclasses.replace(ctx, session=Session.for_principal(principal))
    return principal


@router.get("/signin", include_in_schema=False)
def signin_page(ctx: Annotated[Ctx, Depends(visitor)], next: str = "/") -> Response:
    if ctx.session.signed_in:
        return RedirectResponse(local_path(next), status_code=303)
    return ctx.render(
        "signin.html",
        next=local_path(next),
        has_accounts=ctx.state.accounts.any(),
        error=None,
    )


@router.post("/signin", include_in_schema=False)
async def signin_submit(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    ctx = ctx_of(request)
    await _check_csrf(request, ctx)
    try:
        await _sign_in_thread(ctx, name.strip(), password)
    except HTTPException as exc:
        if exc.status_code not in (401, 429):
            raise
        page = ctx.render(
            "signin.html",
            status_code=exc.status_code,
            next=local_path(next),
            has_accounts=True,
            error=exc.detail,
            name=name,
        )
        for key, value in (exc.headers or {}).items():
            page.headers[key] = value
        return page
    return RedirectResponse(local_path(next), status_code=303)


@router.get("/signin/token", include_in_schema=False)
def signin_token(ctx: Annotated[Ctx, Depends(visitor)], token: str = "") -> Response:
    state = ctx.state
    if state.token is None or not _loopback(ctx.request) or state.accounts.any():
        raise HTTPException(403, ctx.t("Sign in with your account."))
    principal = state.token.redeem(token[:200])
    if principal is None:
        raise HTTPException(403, ctx.t("This sign-in link is not valid."))
    ctx.request.state.ctx = dataclasses.replace(ctx, session=Session.for_principal(principal))
    return RedirectResponse("/", status_code=303)


@router.post("/signout", include_in_schema=False)
def signout(ctx: Annotated[Ctx, Depends(page_write)]) -> Response:
    ctx.request.state.ctx = dataclasses.replace(ctx, session=Session.anonymous())
    return RedirectResponse("/signin", status_code=303)


@router.get("/lang", include_in_schema=False)
def set_language(ctx: Annotated[Ctx, Depends(visitor)], set: str = "", next: str = "/") -> Response:
    response = RedirectResponse(local_path(next), status_code=303)
    if set in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            set,
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=ctx.state.https_only or ctx.request.url.scheme == "https",
        )
    return response


# --- JSON twins ----------------------------------------------------------------------------


@router.get("/api/v1/session", response_model=SessionInfo, tags=["session"])
def session_info(ctx: Annotated[Ctx, Depends(visitor)]) -> SessionInfo:
    """Who is signed in, and the CSRF token for this session (also before sign-in)."""
    return _info(ctx)


@router.post(
    "/api/v1/session",
    response_model=SessionInfo,
    tags=["session"],
    responses={
        401: {"description": "wrong account or password"},
        429: {"description": "rate-limited"},
    },
)
async def api_signin(request: Request, credentials: Credentials) -> SessionInfo:
    """Sign in (send the CSRF token of ``GET /api/v1/session`` as ``X-CSRF-Token``)."""
    ctx = ctx_of(request)
    await _check_csrf(request, ctx)
    await _sign_in_thread(ctx, credentials.name.strip(), credentials.password)
    return _info(request.state.ctx)


@router.delete("/api/v1/session", response_model=SessionInfo, tags=["session"])
async def api_signout(request: Request) -> SessionInfo:
    """Sign out."""
    ctx = ctx_of(request)
    await _check_csrf(request, ctx)
    request.state.ctx = dataclasses.replace(ctx, session=Session.anonymous())
    return _info(request.state.ctx)
