"""Every main page at phone (375×812) and desktop (1280×800) width, as screenshots (`make screenshots` writes
them to docs/screenshots/; otherwise they go to a temporary folder).

Each page is opened as the role that works on it; the test also checks the page has no
horizontal overflow at phone width and no untranslated English left in what a user reads.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, choose, shoot

#  name             who          path ("first-rectifying": found by clicking)     whole page?
PAGES = [
    ("login", None, "/login", False),
    ("home", "inspector", "/", False),
    ("campaigns", "inspector", "/campaigns", False),
    ("file-problem", "inspector", "/tickets/new?campaign_id=1", True),
    ("my-tickets", "town", "/my/tickets", False),
    ("ticket", "town", "first-rectifying", True),
    ("verify-queue", "inspector", "/verify", True),
    ("ledger", "office", "/ledger", False),
    ("stats", "leader", "/stats", True),
    ("ticket-extension", "office", "pending-extension", True),
    ("interviews", "office", "/interviews", True),
    ("interview-department", "office", "department-interview", True),
    ("strikes", "office", "village-strikes", True),
    ("outbox", "office", "/outbox", False),
    ("channels", "admin", "/channels", False),
]

ENGLISH = re.compile(r"\b(Error|Not Found|Internal|Submit|Login|None|null|undefined|True|False)\b")


def _go(page, path: str) -> None:
    if path == "first-rectifying":
        page.goto("/my/tickets")
        page.locator("tr", has=page.locator(".state-rectifying")).first.locator("td.title a").click()
        page.wait_for_url(re.compile(r"/tickets/\d+$"))
    elif path == "department-interview":  # the 约谈 of 琼海市教育局, made by the sweep (scenery_escalation)
        page.goto("/interviews")
        page.locator("tr", has_text="琼海市教育局").locator('a[href^="/interviews/"]').first.click()
        page.wait_for_url(re.compile(r"/interviews/\d+$"))
    elif path == "village-strikes":  # 龙江东风村's second strike and who bears its consequences
        page.goto("/api/v1/org-units?kind=village")
        units = json.loads(page.locator("body").inner_text())
        page.goto(f"/units/{next(u['id'] for u in units if u['name'] == '龙江东风村')}/strikes")
    elif path == "pending-extension":  # the ticket whose 延期申请 waits for the office
        page.goto("/api/v1/extensions")
        page.goto(f"/tickets/{json.loads(page.locator('body').inner_text())[0]['ticket_id']}")
    else:
        page.goto(path)
    if path.startswith("/tickets/new"):  # half-filled, as an inspector would have it on site
        page.get_by_label("问题标题").fill("村道两侧垃圾堆放未清理")
        choose(page, "place_id", "龙江东风村")
        page.get_by_label("整改期限").fill("2026-12-10")
        page.get_by_label("整改期限").blur()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("name", "who", "path", "whole"), PAGES, ids=[p[0] for p in PAGES])
def test_main_page_renders_at_phone_and_desktop_width(open_as, name, who, path, whole):
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = open_as(who, viewport=viewport)
        _go(page, path)
        if name == "stats":
            page.wait_for_selector("#town-chart canvas")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} overflows {overflow}px at {label} width"
        text = page.locator("body").inner_text()
        assert not ENGLISH.search(text), f"untranslated text on {name}: {ENGLISH.search(text).group(0)}"
        shoot(page, f"{name}-{label}", full_page=whole)
