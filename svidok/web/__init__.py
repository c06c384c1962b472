"""The web application: FastAPI with server-rendered pages (Jinja2, HTMX) and a JSON API.

``create_app(settings)`` builds it; ``svidok serve`` runs it. See docs/web.md.
"""

from .app import create_app

__all__ = ["create_app"]
