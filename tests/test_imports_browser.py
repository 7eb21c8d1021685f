"""The import page in a real headless Chromium against a real server on loopback (SQLite only)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest
import uvicorn

from tests.helpers import session_cookie
from tests.xlsx import make_campaign, problem, workbook_bytes

CHROMIUM = os.environ.get("ZHENGGAI_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def live_url(app, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("one database is enough for the browser check")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


def test_uploading_a_bad_file_shows_the_error_table_then_a_good_one_imports(live_url, browser, app, world,
                                                                              sessions, tmp_path):
    make_campaign(sessions, world)
    cookie = session_cookie(app, "inspector")
    context = browser.new_context()
    context.add_cookies([{"name": "zhenggai_session", "value": cookie, "url": live_url}])
    page = context.new_page()
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(workbook_bytes([problem("一"), problem("二", village="幸福村", lead="")]))
    good.write_bytes(workbook_bytes([problem("一"), problem("二", village="新和村", lead="")]))

    page.goto(f"{live_url}/imports/problem-list")
    page.set_input_files("input[name=file]", str(bad))
    page.click("form.import-form button[type=submit]")  # not the menu's 退出
    if os.environ.get("ZHENGGAI_SCREENSHOT"):
        page.screenshot(path=os.environ["ZHENGGAI_SCREENSHOT"], full_page=True)
    rows = page.locator(".import-errors tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().split("\t") == ["3", "村（社区）", "督查范围内没有村（社区）“幸福村”"]

    page.set_input_files("input[name=file]", str(good))
    page.click("form.import-form button[type=submit]")  # not the menu's 退出
    assert "新建问题 2 个" in page.locator(".import-result").inner_text()
    context.close()
