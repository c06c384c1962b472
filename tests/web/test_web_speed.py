"""What keeps pages fast under many clients without giving up a protection: the data version
read at most once a second (at once after a write through the server), remembered name
searches, one access-log entry per results page written with other requests' entries, no
automatic garbage collection over the indexes."""

from __future__ import annotations

import gc
import threading

from fastapi.testclient import TestClient

from svidok.model import make
from svidok.protect.guard import ACCESS_LOG
from svidok.settings import load_settings
from svidok.store import MemoryStore
from svidok.web import create_app
from svidok.web.catalogue import long_lived

from .conftest import csrf_of


def _memory_app(tmp_path):
    settings = load_settings(
        env={}, data_dir=str(tmp_path), config=str(tmp_path / "none.toml"), actor="t"
    )
    return create_app(settings, store=MemoryStore())


def test_the_data_version_is_reread_after_a_second_or_a_change(tmp_path):
    state = _memory_app(tmp_path).state.web
    first = state.version()
    state.raw.add([make("source", kind="interview", title="T")], actor="elsewhere")
    assert state.version() == first  # another process's write: shown within version_seconds
    state.changed()
    assert state.version().audit_seq > first.audit_seq
    state.raw.add([make("source", kind="interview", title="U")], actor="elsewhere")
    state.version_seconds = 0.0
    assert state.version().audit_seq == first.audit_seq + 2


def test_a_write_through_the_server_shows_on_the_next_page_at_once(client_as, web_app):
    state = web_app.state.web
    client = client_as("documenter")
    client.get("/")
    seen = state.version()
    response = client.post(
        "/api/v1/records/source",
        json={"kind": "interview", "title": "Speed test interview"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert response.status_code in (200, 201), response.text
    assert state.version().audit_seq > seen.audit_seq


def test_name_searches_are_remembered_per_version(client_as, web_app):
    client = client_as("analyst")
    catalogue = web_app.state.web.catalogue.get(web_app.state.web.version())
    assert catalogue is not None
    first = client.get("/api/v1/persons", params={"q": "Шевченко"}).json()
    assert catalogue.search("Шевченко", 2000) is catalogue.search("Шевченко", 2000)
    assert client.get("/api/v1/persons", params={"q": "Шевченко"}).json() == first
    catalogue.searches = 2
    try:
        for query in ("a", "b", "c"):
            catalogue.search(query, 10)
        assert len(catalogue._searched) == 2
    finally:
        catalogue.searches = 256


def test_every_results_page_with_names_is_in_the_access_log(client_as, web_app):
    raw = web_app.state.web.raw
    client = client_as("analyst")
    before = raw.ledger_head(ACCESS_LOG).seq
    pages = [client.get("/api/v1/persons", params={"page": n}).json() for n in (1, 2)]
    entries = [e for e in raw.ledger_entries(ACCESS_LOG, after=before) if e.actor == "analyst"]
    assert len(entries) == 2
    for page, entry in zip(pages, entries, strict=True):
        assert {i["id"] for i in page["items"]} == set(entry.detail.removeprefix("get: ").split())


def test_concurrent_pages_share_access_log_writes(client_as, web_app):
    client = client_as("analyst")
    writer = web_app.state.web.access_log
    entries, writes = writer.entries, writer.writes
    errors: list[int] = []

    def read() -> None:
        with TestClient(web_app, cookies=client.cookies) as mine:
            for _ in range(5):
                response = mine.get("/api/v1/persons")
                if response.status_code != 200 or response.json()["items"][0]["name"] is None:
                    errors.append(response.status_code)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert writer.entries - entries == 20 and writer.writes - writes <= 20


def test_indexes_are_built_without_the_collector_and_frozen():
    was = gc.isenabled()
    gc.enable()
    try:
        frozen = gc.get_freeze_count()
        with long_lived():
            assert not gc.isenabled()
            with long_lived():
                kept = [[n] for n in range(1000)]
            assert not gc.isenabled()  # another build is still under way
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
