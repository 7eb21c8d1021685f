"""Issue 13 in a real browser at phone width (375×812): the office urges a ticket from its page, the unit
confirms receipt through the signed link without signing in, and a 退回 with its reason is upheld and
reassigned by the office."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.browser.conftest import shoot
from tests.conftest import START
from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.acknowledgements import links
from workflow.acknowledgements.models import Acknowledgement
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate


def _assigned_ticket(live_server, title: str) -> int:
    """Filed and assigned to 龙江东风村 through the services, at the server's frozen time."""
    with transaction(live_server.app.state.sessions) as s:
        inspector = actor_of(s, s.scalar(select(Person).where(Person.username == "inspector")))
        village = s.scalar(select(OrgUnit).where(OrgUnit.name == "龙江东风村"))
        ticket = file_ticket(s, actor=inspector, now=START, data=TicketCreate(
            title=title, place_id=village.id, lead_unit_id=village.id, due_on=START.date().replace(day=30)))
        apply_trigger(s, actor=inspector, ticket_id=ticket.id, now=START, data=MoveInput("assign", ticket.version))
        return ticket.id


def test_office_urges_and_the_unit_confirms_receipt_through_the_signed_link(open_as, live_server):
    ticket_id = _assigned_ticket(live_server, "龙江东风村垃圾收集点破损未修复")
    office = open_as("office")
    office.goto(f"/tickets/{ticket_id}")
    form = office.locator("form.urge")
    form.locator('[name="note"]').fill("请于本周内修复到位")
    form.get_by_role("button", name="催办").click()
    office.wait_for_url(re.compile(rf"/tickets/{ticket_id}#practice$"))
    assert office.locator(".urge-total").inner_text() == "1"
    assert "已催办" in office.locator("body").inner_text()
    assert "未确认" in office.locator("ul.acks").inner_text()
    shoot(office, "practice-urged-phone")

    with live_server.app.state.sessions() as s:
        ack = s.scalars(select(Acknowledgement).where(Acknowledgement.ticket_id == ticket_id)).one()
    token = links.sign(live_server.app.state.settings.resolved_secret(), ack.id)

    unit = open_as(None)  # the link from the group message: nobody signed in
    unit.goto(f"/ack/{token}")
    assert "龙江东风村垃圾收集点破损未修复" in unit.locator("section.ack").inner_text()
    unit.get_by_role("button", name="确认收到").click()
    unit.wait_for_url(re.compile(rf"/ack/{re.escape(token)}$"))
    assert "确认收到，谢谢" in unit.locator(".ack-done").inner_text()
    unit.goto(f"/ack/{token}")  # a second visit shows the first confirmation and no button
    assert unit.get_by_role("button", name="确认收到").count() == 0
    bad = unit.goto(f"/ack/{token}x")
    assert bad.status == 404 and "确认链接无效" in unit.locator("body").inner_text()

    office.goto(f"/tickets/{ticket_id}")
    assert "已确认收到" in office.locator("ul.acks").inner_text()


def test_a_return_is_upheld_and_reassigned_by_the_office(open_as, live_server):
    ticket_id = _assigned_ticket(live_server, "龙江东风村与新和村交界处排水沟堵塞")
    town = open_as("town")
    town.goto(f"/tickets/{ticket_id}")
    town.locator("details.secondary-move summary").click()  # 退回 sits behind its own disclosure (issue 11)
    form = town.locator("form.move-return")
    form.locator('select[name="reason_code"]').select_option("wrong_place")
    form.locator('[name="comment"]').fill("该排水沟位于新和村辖区")
    form.get_by_role("button", name="退回").click()
    town.wait_for_url(re.compile(rf"/tickets/{ticket_id}$"))

    office = open_as("office")
    office.goto("/returns")
    assert "属地不符" in office.locator("table.pending-returns").inner_text()
    office.locator("table.pending-returns a", has_text=re.compile(r"QH-")).last.click()
    ruling = office.locator("form.ruling")
    assert "属地不符" in office.locator(".return-pending").inner_text()
    ruling.locator('input[value="upheld"]').check()
    pick = ruling.locator('select[name="lead_unit_id"]')
    pick.select_option(pick.locator("option", has_text="龙江新和村").first.get_attribute("value"))
    ruling.locator('[name="comment"]').fill("经核实属新和村，改派")
    shoot(office, "practice-return-ruling-phone")
    ruling.get_by_role("button", name="裁定").click()
    office.wait_for_url(re.compile(rf"/tickets/{ticket_id}$"))
    assert "龙江新和村" in office.locator(".t-details .facts").inner_text()
    timeline = office.locator(".t-timeline").inner_text()
    assert "退回" in timeline and "交办" in timeline

    with live_server.app.state.sessions() as s:
        ticket = s.get(Ticket, ticket_id)
        village = s.scalar(select(OrgUnit).where(OrgUnit.name == "龙江新和村"))
        assert (ticket.state, ticket.lead_unit_id) == ("assigned", village.id)
    office.goto("/returns")
    assert "龙江东风村" in office.locator("table.return-counts").inner_text()
