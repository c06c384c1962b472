"""A small demo database with a linkage run and one account per role, shared by the web
tests (building it takes a few seconds), and clients signed in as each role."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from svidok.protect.accounts import add_account
from svidok.protect.roles import Principal
from svidok.settings import load_settings
from svidok.store import open_store

PASSWORD = "correct horse battery"
ROLES = ("admin", "analyst", "documenter", "reviewer", "viewer")


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the demo scenario (60 persons), a linkage run and accounts."""
    from svidok.linkage.run import link
    from svidok.workflows import load_demo

    data = tmp_path_factory.mktemp("web") / "data"
    store = open_store(f"sqlite:///{data / 'svidok.db'}", migrate=True)
    try:
        load_demo(store, seed=7, persons=60, actor="setup", truth_file=None)
        link(store, actor="setup")
        root = Principal("setup", "admin", authenticated=False)
        for role in ROLES:
            add_account(store, role, role, PASSWORD, by=root)
    finally:
        store.close()
    return data


@pytest.fixture(scope="session")
def web_app(web_data: Path) -> Iterator[FastAPI]:
    settings = load_settings(
        env={}, data_dir=str(web_data), config=str(web_data / "none.toml"), actor="web-test"
    )
    from svidok.web import create_app

    app = create_app(settings)
    yield app
    app.state.web.jobs.shutdown()
    app.state.web.raw.close()
    app.state.web.plain.close()


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session."""
    return str(client.get("/api/v1/session").json()["csrf"])


def sign_in(client: TestClient, role: str) -> TestClient:
    token = csrf_of(client)
    response = client.post(
        "/signin", data={"name": role, "password": PASSWORD, "csrf": token, "next": "/"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    client.get("/lang?set=en")
    return client


@pytest.fixture
def client_as(web_app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A factory of clients signed in as the account of a role (English interface)."""
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        client = TestClient(web_app)
        clients.append(client)
        return sign_in(client, role)

    yield make
    for client in clients:
        client.close()


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)
