"""Dependencies views declare: a signed-in page or API call, and a checked CSRF token.

They are coroutines although they wait for nothing: FastAPI runs a plain function dependency
in a worker thread, one more thread hop per request."""

from __future__ import annotations

from fastapi import HTTPException, Request

from .auth import csrf_matches
from .context import Ctx, NotSignedIn, ctx_of

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "ERRORS",
    "api",
    "api_write",
    "page",
    "page_write",
    "visitor",
]

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

#: The error responses every API operation may give (``{"detail": message}``).
ERRORS: dict[int | str, dict[str, str]] = {
    400: {"description": "The request cannot be carried out as asked"},
    401: {"description": "Not signed in"},
    403: {"description": "The role does not allow it, or the CSRF token is missing"},
    404: {"description": "No such record, pair, upload or task"},
    409: {"description": "Not possible in the current state (e.g. no linkage run)"},
    413: {"description": "The upload is too large"},
    415: {"description": "The upload is not of a supported kind"},
    422: {"description": "Invalid input: the problems are named"},
    429: {"description": "Too many failed sign-ins: wait (Retry-After)"},
    503: {"description": "The indexes are being prepared: ask again"},
}


async def visitor(request: Request) -> Ctx:
    """Any visitor, signed in or not (the sign-in page)."""
    return ctx_of(request)


async def page(request: Request) -> Ctx:
    """A signed-in visitor of a page; others are sent to the sign-in page."""
    ctx = ctx_of(request)
    if not ctx.session.signed_in:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NotSignedIn(target)
    return ctx


async def api(request: Request) -> Ctx:
    """A signed-in caller of the JSON API (401 otherwise)."""
    ctx = ctx_of(request)
    if not ctx.session.signed_in:
        raise HTTPException(401, "sign in first: POST /api/v1/session")
    return ctx


async def _check_csrf(request: Request, ctx: Ctx) -> None:
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not csrf_matches(ctx.session, token):
        raise HTTPException(
            403,
            ctx.t(
                "The form has expired or did not come from this site: reload the page and try again."
            ),
        )


async def page_write(request: Request) -> Ctx:
    """A signed-in visitor submitting a form with this session's CSRF token."""
    ctx = await page(request)
    await _check_csrf(request, ctx)
    return ctx


async def api_write(request: Request) -> Ctx:
    """A signed-in API caller sending this session's CSRF token (``X-CSRF-Token``)."""
    ctx = await api(request)
    await _check_csrf(request, ctx)
    return ctx
