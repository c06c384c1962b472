"""Views, one module per page family; each page has its JSON twin under ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from . import audit, dashboard, entry, imports, persons, review, session

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    session.router,
    dashboard.router,
    persons.router,
    entry.router,
    review.router,
    imports.router,
    audit.router,
)
