"""Issue 13 in a real browser at phone width (375 px): an inspector files a 立行立改 fix with before and after
photos from the filing form, and the town's unit page shows its counters (screenshot ``unit-counters-phone``)."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.browser.conftest import choose, shoot
from tests.browser.scenery import photo
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Evidence, Ticket, TicketEvent


def _photo(tmp_path, name: str, hue: int) -> str:
    path = tmp_path / name
    path.write_bytes(photo(hue, size=(1200, 900)))
    return str(path)


def test_an_inspector_files_an_on_the_spot_fix_and_it_is_closed_at_once(open_as, live_server, tmp_path):
    inspector = open_as("inspector")
    inspector.goto("/tickets/new")
    inspector.get_by_label("问题标题").fill("村委会公示栏玻璃破损")
    choose(inspector, "place_id", "龙江东风村")
    choose(inspector, "lead_unit_id", "龙江东风村")
    inspector.locator('input[name="photos"]').set_input_files(_photo(tmp_path, "before.jpg", 30))
    inspector.get_by_label("现场已整改到位（登记即销号，计入立行立改）").check()
    inspector.get_by_label("现场整改情况").fill("已督促村委当场更换玻璃")
    inspector.locator('input[name="after_photos"]').set_input_files(_photo(tmp_path, "after.jpg", 140))
    inspector.get_by_role("button", name="登记问题").click()
    inspector.wait_for_url(re.compile(r"/tickets/\d+$"))
    assert "已登记并销号（立行立改）" in inspector.locator(".flash, [role=status]").first.inner_text()
    assert inspector.locator(".t-details .state").inner_text() == "已销号 · 立行立改"
    ticket_id = int(inspector.url.rsplit("/", 1)[1])
    with live_server.app.state.sessions() as s:
        ticket = s.get(Ticket, ticket_id)
        stages = [e.stage for e in s.scalars(select(Evidence).where(Evidence.ticket_id == ticket_id))]
        triggers = [e.trigger for e in s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                                 .order_by(TicketEvent.seq))]
    assert (ticket.state, ticket.resolution, ticket.on_the_spot) == ("closed", "rectified", True)
    assert stages == ["found", "verification"]
    assert triggers == ["file", "attach_evidence", "attach_evidence", "on_the_spot"]


def test_the_unit_page_shows_the_towns_counters_on_a_phone(open_as, live_server):
    with live_server.app.state.sessions() as s:
        town_id = s.scalar(select(OrgUnit.id).where(OrgUnit.name == "龙江镇"))
    office = open_as("office")
    office.goto("/stats")
    office.locator("table.stats a", has_text="龙江镇").first.click()
    office.wait_for_url(re.compile(rf"/units/{town_id}$"))
    assert office.locator("h1").inner_text().startswith("龙江镇 · 2026 年问责计数")
    shown = {li.get_attribute("data-counter"): int(li.locator("b").inner_text())
             for li in office.locator(".unit-counters li").all()}
    api = office.request.get(f"/api/v1/org-units/{town_id}/counters?year=2026").json()["counters"]
    assert shown == api and len(shown) == 9
    assert office.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling on a phone
    shoot(office, "unit-counters-phone")
    town = open_as("boao")
    assert town.goto(f"/units/{town_id}").status == 404  # another town's page is not there for 博鳌镇
