"""The API documentation works on a machine without internet: every asset comes from this server."""

from __future__ import annotations

import re

from tests.browser.conftest import DESKTOP

ELSEWHERE = re.compile(r"^(?!http://127\.0\.0\.1[:/]).+")


def _offline(page) -> list[str]:
    """Refuse every request that leaves the test server, and remember those the page needs (scripts, styles,
    fonts, data). ReDoc's sidebar asks the CDN for its "by Redocly" logo and hides it when that fails."""
    leaving: list[str] = []

    def refuse(route):
        if route.request.resource_type != "image":
            leaving.append(route.request.url)
        route.abort()

    page.route(ELSEWHERE, refuse)
    return leaving


def _scroll_through_operations(page) -> set[str]:
    """Swagger UI renders only the operations near the viewport once the API is this large: scroll to the end,
    collecting every operation path it shows on the way."""
    seen: set[str] = set()
    for _ in range(400):
        seen.update(page.locator(".opblock-summary-path").all_inner_texts())
        if page.evaluate("window.innerHeight + window.scrollY >= document.body.scrollHeight - 2"):
            break
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(30)
    return seen


def test_swagger_docs_show_the_operations_without_internet(open_as):
    page = open_as(None, viewport=DESKTOP)
    leaving = _offline(page)
    page.goto("/docs")
    page.locator(".opblock-post .opblock-summary-path", has_text="/api/v1/auth/token").first.wait_for()
    assert page.locator(".opblock-post .opblock-summary-path", has_text="/api/v1/auth/token").count() == 1
    seen = _scroll_through_operations(page)
    assert "/api/v1/tickets/{ticket_id}/transitions" in seen and len(seen) > 30
    assert leaving == []


def test_redoc_shows_the_operations_without_internet(open_as):
    page = open_as(None, viewport=DESKTOP)
    leaving = _offline(page)
    page.goto("/redoc")
    page.get_by_text("/api/v1/tickets/{ticket_id}/transitions").first.wait_for(state="attached")
    assert page.locator("h1").filter(has_text="整改通").count() >= 1
    assert leaving == []
