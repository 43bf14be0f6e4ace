"""Browser fixtures: one headless Chromium per session, the service and the article page
on two localhost origins (so CORS is real), a fresh browser context per test.

Without a local Chromium (or the playwright package) these tests skip with the reason;
under CI=true they fail instead, so a CI machine missing the browser cannot pass.
"""

from __future__ import annotations

import html
import itertools
import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.helpers.browser import THREAD

# The console's pages are checked at a desk and on a tablet.
DESK = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = (os.environ.get("MARGIN_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"browser tests cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Yield one headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    if not CHROMIUM:
        _unavailable("no chromium found (apt-get install chromium, or set MARGIN_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Served:
    """A WSGI app answering on 127.0.0.1 at a free port, from a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def serve_margin(make_app):
    """Return start(overrides) → a running Margin service (the app on .app)."""
    running = []

    def start(overrides: dict | None = None) -> Served:
        app = make_app(overrides)
        served = Served(app)
        served.app = app
        running.append(served)
        return served

    yield start
    for served in running:
        served.close()


@pytest.fixture
def margin(serve_margin):
    """Return the Margin service on its own origin, on default settings."""
    return serve_margin()


class Pages:
    """The host site: article pages on another origin, registered per test."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.served = Served(self.wsgi)

    @Request.application
    def wsgi(self, request):
        page = self.pages.get(request.path)
        if page is None:
            return Response("not found", status=404)
        return Response(page, content_type="text/html; charset=utf-8")

    def article(self, margin_url: str, *, lang: str = "en", thread: str | None = None,
                script: str = "embed.js", head: str = "", body: str = "",
                container: bool = True, **attrs) -> str:
        """Register an article embedding the widget; return its URL."""
        path = f"/news/{uuid.uuid4().hex[:8]}"
        data = {"thread": thread, **attrs}
        attributes = "".join(
            f' data-margin-{name.replace("_", "-")}="{html.escape(str(value))}"'
            for name, value in data.items() if value is not None
        )
        self.pages[path] = f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>Harbour Bridge to close for repairs</title>{head}</head>
<body>
<header><p>The Port Ellery Courier</p></header>
<main>
<h1>Harbour Bridge to close for repairs</h1>
<p>The swing bridge shuts to cars for six weeks from January.</p>
{body}
{'<div id="margin-comments"></div>' if container else ""}
<script src="{margin_url}/widget/{script}"{attributes} async></script>
</main>
</body>
</html>"""
        return f"{self.served.url}{path}"


@pytest.fixture(scope="session")
def pages():
    """Yield the host site, on its own localhost origin."""
    site = Pages()
    yield site
    site.served.close()


@pytest.fixture
def page(browser):
    """Yield a page in a fresh browser context; fail the test on an uncaught page error."""
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    context.clock.install()  # time flows as usual; tests may jump it ahead like a reader
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(error))
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def artifacts():
    """Return the folder for test artifacts (screenshots), created if needed."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Distinct texts, as real readers write: the spam filter holds repeated ones as a flood.
SEED_BODIES = [
    "Will the shuttle boat take bicycles, or only people on foot?",
    "January is the right month for this; the marina is empty then.",
    "Quay Street shops lost half their trade the last time the bridge shut.",
    "Is the footway lit at night while the works are on?",
    "The number 4 bus detour adds twenty minutes to my commute.",
    "Good to see the council planning this before the bearings fail.",
]


@pytest.fixture
def seed():
    """Return post(served, **fields) → id: a comment posted straight to the API."""

    bodies = itertools.cycle(SEED_BODIES)

    def post(served: Served, **fields) -> int:
        payload = {"thread": THREAD, "author": "Ann Reader", "email": "ann@example.com",
                   "body": next(bodies), **fields}
        response = served.app.test_client().post(
            "/api/v1/comments", json=payload, environ_base={"REMOTE_ADDR": "192.0.2.10"})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return post


@pytest.fixture(params=[("en-GB", DESK), ("fr-FR", TABLET)], ids=["en-desk", "fr-tablet"])
def axe_page(request, browser):
    """Yield a page (its `locale` set) whose context lets axe in past a strict CSP."""
    locale, viewport = request.param
    context = browser.new_context(bypass_csp=True, viewport=viewport, locale=locale,
                                  timezone_id="UTC")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.locale = locale
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert errors == []
