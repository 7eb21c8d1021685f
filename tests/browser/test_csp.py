"""The pages work under the Content-Security-Policy (issue 14): no inline script runs, and nothing on the
main pages is blocked. A violation shows as a ``securitypolicyviolation`` event and a console error;
both are collected on every page, as each role that works there sees it."""

from __future__ import annotations

import re

from tests.browser.conftest import DESKTOP

WATCH = """document.addEventListener("securitypolicyviolation", function (e) {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""

PAGES = {
    "office": ["/", "/ledger", "/stats", "/campaigns", "/verify", "/tickets/new", "/my/filed", "/interviews",
               "/outbox", "/imports/problem-list", "/account/password"],
    "town": ["/my/tickets", "first-ticket"],
    "admin": ["/channels", "/accounts"],
    None: ["/", "/login"],
}


def watched(open_as, who):
    page = open_as(who, viewport=DESKTOP)
    page.add_init_script(WATCH)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def test_main_pages_run_under_the_policy_without_a_single_violation(open_as):
    for who, paths in PAGES.items():
        page, errors = watched(open_as, who)
        for path in paths:
            if path == "first-ticket":
                page.goto("/my/tickets")
                page.locator("td.title a").first.click()
                page.wait_for_url(re.compile(r"/tickets/\d+$"))
                response = None
            else:
                response = page.goto(path)
            page.wait_for_load_state("networkidle")
            if response is not None:
                assert "script-src 'self';" in response.headers["content-security-policy"], path
            if path == "/stats":
                page.wait_for_selector("#town-chart canvas")  # ECharts drew from the JSON data block
                page.locator("#town-chart canvas").hover()  # the tooltip writes styled HTML
            assert page.evaluate("window.__csp || []") == [], (who, path)
        assert [e for e in errors if "Content Security Policy" in e] == [], who


def test_the_unit_picker_still_reloads_the_channels_page_without_inline_handlers(open_as):
    page, errors = watched(open_as, "admin")
    page.goto("/channels")
    select = page.locator('select[name="unit_id"]')
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    page.wait_for_url(re.compile(rf"/channels\?unit_id={value}$"))
    assert page.evaluate("window.__csp || []") == [] and errors == []
