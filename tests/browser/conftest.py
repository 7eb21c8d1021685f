"""A real server and a real browser: uvicorn on a free loopback port, Debian's headless Chromium.

The database is a SQLite file migrated by Alembic and seeded by ``scenery.seed_scenery``; the
server's clock is frozen at ``START`` so deadlines and lights are the same on every run.
Without /usr/bin/chromium the tests skip with the reason, unless ZHENGGAI_REQUIRE_BROWSER=1
(set by .ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from tests.browser.scenery import seed_scenery
from tests.browser.scenery_escalation import seed_escalation_scenery, seed_justice_scenery
from tests.conftest import START
from web.app import create_app
from workflow.clock import FrozenClock
from workflow.db import transaction
from workflow.migrate import upgrade_head
from workflow.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
# --lang: the browser's own widgets (date picker placeholder) in Chinese, as on the users' phones.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=zh-CN"]
REQUIRE_BROWSER = os.environ.get("ZHENGGAI_REQUIRE_BROWSER") == "1"
# The README's screenshots. Tests write theirs to a temporary folder, so `make test` changes no tracked file;
# `make screenshots` sets ZHENGGAI_SCREENSHOTS_DIR to this folder to update them.
COMMITTED_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREENSHOTS_ENV = "ZHENGGAI_SCREENSHOTS_DIR"
_screenshots: dict[str, Path] = {}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (ZHENGGAI_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


class LiveServer:
    """uvicorn serving the app in a thread; ``url`` is http://127.0.0.1:<free port>."""

    def __init__(self, app):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:  # waiting for a socket, not for domain time
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    _require_chromium()
    root = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{root / 'pages.db'}"
    upgrade_head(url)
    settings = Settings(database_url=url, data_dir=root / "data", secret_key="browser-test", run_scheduler=False)
    app = create_app(settings, clock=FrozenClock(START))
    with transaction(app.state.sessions) as session:
        seed_scenery(session, store=app.state.store, now=START)
        seed_escalation_scenery(session, now=START)
    seed_justice_scenery(app.state.sessions)
    with LiveServer(app) as server:
        yield server
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, live_server):
    """``open_as("inspector")`` → a signed-in page at phone width (or ``viewport=DESKTOP``)."""
    contexts = []

    def open_as(username: str | None, viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                      is_mobile=viewport is PHONE, has_touch=viewport is PHONE,
                                      base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str = "demo1234") -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session", autouse=True)
def screenshots_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get(SCREENSHOTS_ENV)
    _screenshots["dir"] = Path(chosen).resolve() if chosen else tmp_path_factory.mktemp("screenshots")
    return _screenshots["dir"]


# Settled: the document and every image (lazy ones included, forced eager for full-page shots) are loaded and
# decoded, fonts are ready, and htmx has no request, swap or settle in flight.
SETTLED = """async () => {
  document.querySelectorAll('img[loading="lazy"]').forEach(img => { img.loading = "eager"; });
  await document.fonts.ready;
  await Promise.all(Array.from(document.images).map(img => img.complete ? null
    : new Promise(done => { img.addEventListener("load", done); img.addEventListener("error", done); })));
  await Promise.all(Array.from(document.images).map(img => img.decode ? img.decode().catch(() => null) : null));
  return document.readyState === "complete" && Array.from(document.images).every(img => img.complete)
    && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added");
}"""


def settle(page) -> None:
    """Wait until what the screenshot shows will not change any more."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, polling=100)
    page.wait_for_load_state("networkidle")  # eager images may have started requests


def shoot(page, name: str, *, full_page: bool = True) -> Path:
    """Write <name>.png once the page has settled: to a temporary folder, or to ZHENGGAI_SCREENSHOTS_DIR
    (docs/screenshots/ with `make screenshots`, which the README shows)."""
    folder = _screenshots["dir"]
    folder.mkdir(parents=True, exist_ok=True)
    settle(page)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    return path


def choose(page, select_name: str, text: str, *, partial: bool = False) -> None:
    """Pick the option named ``text`` (or containing it): options are indented by depth and may end in （kind）."""
    select = page.locator(f'select[name="{select_name}"]')
    named = text if partial else re.compile(rf"^\s*{re.escape(text)}\s*(（|$)")
    value = select.locator("option", has_text=named).first.get_attribute("value")
    select.select_option(value)
