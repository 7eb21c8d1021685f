"""The issue-13 pages: the 督办 panel on the ticket page (催办, 退回仲裁, 督办函, 确认收到), the office's
退回仲裁 and 未确认催办 pages; every new page route tried as the wrong user."""

from __future__ import annotations

from sqlalchemy import select

from tests.deadline_fixtures import at, reference
from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from workflow.letters.models import SupervisionLetter
from workflow.tickets.models import Ticket, TicketEvent
from workflow.urging.models import Urging


def _version(sessions, ticket_id):
    with sessions() as s:
        return str(s.get(Ticket, ticket_id).version)


def test_office_urges_from_the_ticket_page_and_sees_the_count(browser_as, world, app, sessions):
    reference(sessions)
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    office = browser_as("office")
    assert f'action="/tickets/{ticket_id}/urgings"' in office.get(f"/tickets/{ticket_id}").text
    r = post_form(office, f"/tickets/{ticket_id}/urgings", {"note": "请抓紧"})
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}#practice")
    page = office.get(f"/tickets/{ticket_id}").text
    assert '催办次数 <b class="urge-total">1</b>' in page and "已催办" in page
    assert "东风村" in page and "未确认" in page  # the confirmation request, not yet clicked
    ledger = office.get("/ledger").text
    assert "<th>催办次数</th>" in ledger and '<td data-label="催办次数" class="urged">1</td>' in ledger


def test_the_cap_refusal_is_shown_in_chinese_on_the_page(browser_as, world, app, sessions):
    reference(sessions)
    app.state.settings.urge_cap_per_day = 1
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    office = browser_as("office")
    post_form(office, f"/tickets/{ticket_id}/urgings")
    r = post_form(office, f"/tickets/{ticket_id}/urgings")
    assert r.status_code == 429 and "已达每日上限 1 次" in r.text


def test_town_and_village_cannot_urge_from_the_page(browser_as, world, app, sessions):
    reference(sessions)
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    town = browser_as("town")
    assert f'action="/tickets/{ticket_id}/urgings"' not in town.get(f"/tickets/{ticket_id}").text
    r = post_form(town, f"/tickets/{ticket_id}/urgings")
    assert r.status_code == 403 and "只有领导小组办公室、督查人员和领导可以催办" in r.text
    assert post_form(browser_as("boao"), f"/tickets/{ticket_id}/urgings").status_code == 404
    with sessions() as s:
        assert s.scalars(select(Urging)).all() == []


def test_return_with_a_reason_then_upheld_and_reassigned_from_the_pages(browser_as, world, app, sessions):
    reference(sessions)
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    town = browser_as("town")
    r = post_form(town, f"/tickets/{ticket_id}/move", {"trigger": "return", "version": _version(sessions, ticket_id),
                                                       "reason_code": "wrong_place", "comment": "属新和村"})
    assert r.status_code == 303
    assert post_form(town, f"/tickets/{ticket_id}/return-ruling",
                     {"ruling": "overruled", "version": _version(sessions, ticket_id)}).status_code == 403
    office = browser_as("office")
    page = office.get(f"/tickets/{ticket_id}").text
    assert "待裁定的退回" in page and "属地不符" in page
    assert "move-assign" not in page and "请先在下方“督办”中裁定" in page  # the ruling, not a plain 交办
    assert "属地不符" in office.get("/returns").text
    r = post_form(office, f"/tickets/{ticket_id}/return-ruling",
                  {"ruling": "upheld", "lead_unit_id": str(world.units["xinhe"]),
                   "version": _version(sessions, ticket_id), "comment": "改派新和村"})
    assert r.status_code == 303, r.text
    with sessions() as s:
        ticket = s.get(Ticket, ticket_id)
        assert (ticket.state, ticket.lead_unit_id) == ("assigned", world.units["xinhe"])
    counts = office.get("/returns").text
    assert "没有待裁定的退回" in counts and "东风村" in counts


def test_letter_issued_and_replied_from_the_pages(browser_as, world, app, sessions, clock):
    reference(sessions)
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=at("2026-11-25").date())
    clock.move_to(at("2026-11-30", 10))
    office = browser_as("office")
    assert "发督办函" in office.get(f"/tickets/{ticket_id}").text
    assert post_form(browser_as("inspector"), f"/tickets/{ticket_id}/supervision-letters",
                     {"requirement": "x"}).status_code == 403
    r = post_form(office, f"/tickets/{ticket_id}/supervision-letters", {"requirement": "三日内整改到位"})
    assert r.status_code == 303, r.text
    with sessions() as s:
        letter = s.scalars(select(SupervisionLetter)).one()
    assert office.get(f"/supervision-letters/{letter.id}/docx").status_code == 200
    assert browser_as("boao").get(f"/supervision-letters/{letter.id}/docx").status_code == 404
    assert post_form(office, f"/supervision-letters/{letter.id}/reply", {"text": "x"}).status_code == 403
    town = browser_as("town")
    assert "回复督办函" in town.get(f"/tickets/{ticket_id}").text
    r = post_form(town, f"/supervision-letters/{letter.id}/reply", {"text": "已整改，附说明"})
    assert r.status_code == 303
    page = office.get(f"/tickets/{ticket_id}").text
    assert "已回复" in page and "已整改，附说明" in page
    with sessions() as s:
        assert [e.trigger for e in s.scalars(select(TicketEvent).where(TicketEvent.trigger.like("supervision%"))
                                             .order_by(TicketEvent.id))] == ["supervision_letter", "supervision_reply"]


def test_office_pages_are_for_the_office(browser_as, world, app, sessions):
    reference(sessions)
    for who in ("town", "village", "inspector"):
        client = browser_as(who)
        assert client.get("/returns").status_code == 403, who
        assert client.get("/acknowledgements/unread").status_code == 403, who
        assert post_form(client, "/acknowledgements/1/resend").status_code == 403, who
    assert browser_as("leader").get("/returns").status_code == 200
    page = browser_as("office").get("/acknowledgements/unread")
    assert page.status_code == 200 and "没有超时未确认的催办" in page.text


def test_unread_urgings_are_listed_and_resent_from_the_page(browser_as, world, app, sessions, clock):
    reference(sessions)
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    office = browser_as("office")
    post_form(office, f"/tickets/{ticket_id}/urgings")
    clock.move_to(at("2026-11-25", 10))
    page = office.get("/acknowledgements/unread").text
    assert "重新发送" in page and "东风村" in page
    from workflow.acknowledgements.models import Acknowledgement
    with sessions() as s:
        ack = s.scalars(select(Acknowledgement)).one()
    r = post_form(office, f"/acknowledgements/{ack.id}/resend")
    assert (r.status_code, r.headers["location"]) == (303, "/acknowledgements/unread")
    assert "没有超时未确认的催办" in office.get("/acknowledgements/unread").text
