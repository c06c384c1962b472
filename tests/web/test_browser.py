"""End-to-end flows in a real headless Chromium (Debian's package, driven by Playwright):
sign-in, search across scripts, entering an event, reviewing a pair, an import. One server
and one browser for all of them; screenshots of the main pages go to test-artifacts/.

Skipped when /usr/bin/chromium is missing, unless SVIDOK_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from svidok.names.translit import transliterate

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
def base_url(web_app) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        web_app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
        lifespan="off",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("SVIDOK_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"SVIDOK_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(
            f"{CHROMIUM} is missing: apt-get install chromium (or .ci/install-system-packages)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page_as(browser, base_url):
    contexts = []

    def make(role: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/lang?set=en&next=/signin")
        page.get_by_label("Account name").fill(role)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base_url}/")
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_sign_in_and_the_dashboard(browser, base_url, page_as):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{base_url}/lang?set=en&next=/signin")
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_label("Account name").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert "Wrong account name or password" in page.locator("#signin-error").inner_text()
    shot(page, "signin")
    context.close()
    page = page_as("analyst")
    assert page.locator("svg.chart").count() >= 3
    page.locator("#estimates").wait_for()
    shot(page, "dashboard")


def test_search_finds_a_name_across_scripts(page_as, client_as):
    client = client_as("analyst")
    name = next(
        i["name"] for i in client.get("/api/v1/persons").json()["items"]
        if i["name"] and re.fullmatch(r"[А-ЯІЇЄҐ][а-яіїєґ']+ [А-ЯІЇЄҐ][а-яіїєґ']+ [А-ЯІЇЄҐ][а-яіїєґ']+", i["name"])
    )  # fmt: skip
    surname, given = name.split()[:2]
    latin = f"{transliterate(given, 'kmu2010')} {transliterate(surname, 'kmu2010')}"
    page = page_as("analyst")
    page.goto(page.url + "persons")
    page.get_by_label("Name, in any script").fill(latin)  # HTMX searches as one types
    page.locator("table.persons", has_text=name).wait_for()
    shot(page, "persons-search")
    page.locator("table.persons a").first.click()
    page.get_by_role("heading", name="Records side by side").wait_for()
    shot(page, "person")


def test_a_documenter_enters_an_event(page_as):
    page = page_as("documenter")
    page.goto(page.url + "entry/event")
    page.get_by_label("Type").select_option("conscription")
    page.get_by_label("Date").fill("2024-13")
    place = page.get_by_label("Place")
    place.fill("Melitopol")
    option = page.locator("#f-place-options option").first
    option.wait_for(state="attached")
    code = option.get_attribute("value")
    assert code and code.startswith("UA")
    place.fill(code)
    page.get_by_role("button", name="Save").click()
    assert "month 13" in page.locator("#f-date-error").inner_text()
    shot(page, "entry-invalid")
    page.get_by_label("Date").fill("2024-10")
    page.get_by_role("button", name="Save").click()
    page.locator("#saved").wait_for()
    assert "Melitopol" in page.content() or "Мелітополь" in page.content()
    shot(page, "entry-saved")


def test_a_reviewer_decides_with_the_keyboard(page_as):
    page = page_as("reviewer")
    page.goto(page.url + "review")
    if page.locator("#queue-empty").count():
        pytest.skip("no uncertain pair left to review")
    before = page.locator("#review-count").inner_text()
    shot(page, "review")
    page.keyboard.press("u")
    page.wait_for_load_state()
    page.locator("#review-count").wait_for()
    assert page.locator("#review-count").inner_text() != before


def test_a_documenter_imports_a_spreadsheet(page_as, tmp_path):
    csv = tmp_path / "list.csv"
    csv.write_text(
        "ПІБ,Дата народження,Область,Дата,Подія\n"
        "Мельник Тарас Петрович,2000-01-02,Херсонська,2024-07,призов\n",
        encoding="utf-8",
    )
    page = page_as("documenter")
    page.goto(page.url + "imports")
    page.get_by_label("File").set_input_files(str(csv))
    page.get_by_role("button", name="Upload").click()
    page.get_by_label("Mapping (YAML)").wait_for()
    shot(page, "import-mapping")
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator('#job-state[data-state="done"]').wait_for(timeout=30_000)
    assert "Imported:" in page.locator("#import-summary").inner_text()
    shot(page, "import-done")
