"""``svidok serve``: the web application on this machine."""

from __future__ import annotations

import ipaddress

import click

from ._base import Context, cli, pass_context

__all__: list[str] = []


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--https-only",
    is_flag=True,
    help="Mark session cookies Secure (when a reverse proxy serves the app over https).",
)
@pass_context
def serve(ctx: Context, host: str, port: int, https_only: bool) -> None:
    """Run the web application (sign-in, dashboard, persons, data entry, review, imports,
    audit) on HOST:PORT. A database without accounts is served on loopback only, to whoever
    opens the one-time sign-in link printed here."""
    import uvicorn

    from ..web import create_app

    loopback = _is_loopback(host)
    app = create_app(ctx.settings, https_only=https_only, local_token=loopback, migrate=True)
    state = app.state.web
    shown = f"[{host}]" if ":" in host else host
    if state.accounts.any():
        url = f"http://{shown}:{port}/"
    elif loopback:
        url = f"http://{shown}:{port}/signin/token?token={state.token.value}"
    else:
        raise click.UsageError(
            "this database has no accounts: create one (svidok account add NAME --role admin) "
            "before serving it beyond this machine"
        )
    state.catalogue.start(state.version())  # build the indexes while the browser opens
    ctx.out.print(f"Svidok is running: open {url}")
    ctx.out.print("Press Ctrl+C to stop.")
    # No access log: request lines hold searched names.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
