"""A move refused because the ticket changed meanwhile: redirect to the ticket (no stale POST to re-send),
keep what was typed, say who changed what and when — 您在另一个页面 when it was the same person."""

from __future__ import annotations

from sqlalchemy import select

from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from workflow.tickets.models import Ticket, TicketEvent


def _version(sessions, ticket_id: int) -> str:
    with sessions() as s:
        return str(s.get(Ticket, ticket_id).version)


def _move(client, ticket_id: int, **fields):
    return post_form(client, f"/tickets/{ticket_id}/move", fields)


def test_a_reject_after_someone_verified_redirects_names_them_and_keeps_the_reason(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="submitted")
    inspector, office = browser_as("inspector"), browser_as("office")
    seen = _version(sessions, ticket_id)  # both opened the page at this version
    assert _move(office, ticket_id, trigger="verify", version=seen, comment="现场核实属实").status_code == 303
    r = _move(inspector, ticket_id, trigger="reject", version=seen, comment="收集点未设遮挡，照片看不清")
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}#moves")
    page = inspector.get(r.headers["location"]).text
    assert "该问题已有变动：office-name 于 09:00 已验收" in page and "您填写的内容已保留" in page
    assert "收集点未设遮挡，照片看不清" in page and "现已不能办理" in page  # 返工 is gone: the text is shown apart
    with sessions() as s:
        assert s.get(Ticket, ticket_id).state == "verified"
        assert s.scalar(select(TicketEvent.trigger).order_by(TicketEvent.seq.desc()).limit(1)) == "verify"
    # A reload is a GET: nothing is re-sent, the flash is gone, the kept text stays while nothing else changes.
    again = inspector.get(f"/tickets/{ticket_id}").text
    assert "该问题已有变动" not in again and "收集点未设遮挡，照片看不清" in again
    assert "收集点未设遮挡" not in office.get(f"/tickets/{ticket_id}").text  # the draft is the inspector's own


def test_the_same_person_in_another_tab_is_told_so_and_the_typed_text_fills_the_form_again(
        browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="found")
    inspector, town = browser_as("inspector"), browser_as("town")
    first_tab = _version(sessions, ticket_id)
    assert _move(inspector, ticket_id, trigger="assign", version=first_tab, comment="第一个页面交办").status_code == 303
    # The town returns it: 交办 is offered again, and the inspector's second tab still shows the first version.
    assert _move(town, ticket_id, trigger="return", version=_version(sessions, ticket_id),
                 comment="不属于本镇").status_code == 303
    r = _move(inspector, ticket_id, trigger="assign", version=first_tab, comment="请东风村于十日内整改")
    assert r.status_code == 303
    page = inspector.get(r.headers["location"]).text
    assert "town-name 于 09:00 已退回（此前另有 1 项变动）" in page
    assert ">请东风村于十日内整改</textarea>" in page  # back in the 交办 form, ready to send
    # The same person's own change in another tab is not 他人's.
    version = _version(sessions, ticket_id)
    assert _move(inspector, ticket_id, trigger="assign", version=version, comment="").status_code == 303
    r = _move(inspector, ticket_id, trigger="assign", version=version, comment="重复交办")
    page = inspector.get(r.headers["location"]).text
    assert "您在另一个页面 于 09:00 已交办" in page and "他人" not in page
    # Once the ticket moves on, the old draft is not offered any more.
    town_version = _version(sessions, ticket_id)
    assert _move(town, ticket_id, trigger="accept", version=town_version, plan="清运垃圾").status_code == 303
    assert "重复交办" not in inspector.get(f"/tickets/{ticket_id}").text


def test_an_accept_typed_in_a_stale_page_keeps_the_long_plan(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    town = browser_as("town")
    seen = _version(sessions, ticket_id)
    plan = "一、组织保洁员清运主干道两侧生活垃圾；" * 60  # longer than any cookie could carry
    assert _move(town, ticket_id, trigger="return", version=seen, comment="应由村里牵头").status_code == 303
    r = _move(town, ticket_id, trigger="accept", version=seen, plan=plan)
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}#moves")
    page = town.get(r.headers["location"]).text
    assert "您在另一个页面 于 09:00 已退回" in page and plan in page
    assert town.cookies.get("zhenggai_session") and len(town.cookies.get("zhenggai_session")) < 4000
