"""Every page renders for every role; what a user may not see answers 404, what a role may not do answers 403."""

from __future__ import annotations

import pytest

from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from tests.pages.test_escalation_and_notify_pages import make_interview

ROLES = ["admin", "office", "inspector", "leader", "town"]
PAGES = ["/", "/campaigns", "/my/tickets", "/my/filed", "/verify", "/ledger", "/stats",
         "/ledger?state=rectifying&overdue=1&q=垃圾&area=五比", "/pickers/checklist-items?item_q=x",
         "/interviews", "/interviews?year=2026&status=held", "/account/password"]
MANAGER_PAGES = ["/outbox", "/outbox?status=dead", "/channels"]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_renders_in_chinese_for_every_role(browser_as, world, app, sessions, username):
    ticket_id = make_ticket(sessions, world, app.state.store, state="submitted")
    interview_id = make_interview(sessions, world.units["dongfeng"])
    client = browser_as(username)
    for path in [*PAGES, f"/tickets/{ticket_id}", f"/interviews/{interview_id}",
                 f"/units/{world.units['dongfeng']}/strikes"]:
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        assert r.headers["content-type"].startswith("text/html")
    for path in MANAGER_PAGES:
        assert client.get(path).status_code == (200 if username in ("admin", "office") else 403), path
    assert client.get("/accounts").status_code == (200 if username == "admin" else 403)
    r = client.get("/tickets/new")
    if username in ("office", "inspector"):
        assert r.status_code == 200
    else:
        assert r.status_code == 403 and "只有督查员或领导小组办公室可以登记问题" in r.text


def test_another_towns_ticket_and_its_evidence_answer_404(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying")
    client = browser_as("boao")
    for path in (f"/tickets/{ticket_id}", "/evidence/1/thumb", "/evidence/1/file", "/tickets/999999",
                 "/campaigns/999999", "/no-such-page"):
        r = client.get(path)
        assert r.status_code == 404 and ("未找到或无权查看" in r.text or "不存在或无权查看" in r.text), path
    r = post_form(client, f"/tickets/{ticket_id}/move", {"trigger": "accept", "version": "3", "plan": "x"})
    assert r.status_code == 404
    r = post_form(client, f"/tickets/{ticket_id}/evidence", {"stage": "rectified"},
                  files=[("files", ("a.png", b"x", "image/png"))])
    assert r.status_code == 404
    assert "村道垃圾未清理" not in client.get("/ledger").text
    assert "村道垃圾未清理" not in client.get("/my/tickets").text


def test_a_village_operator_sees_its_own_ticket_but_not_the_neighbours(browser_as, world, app, sessions):
    own = make_ticket(sessions, world, app.state.store, title="东风村的问题")
    other = make_ticket(sessions, world, app.state.store, title="新和村的问题", place="xinhe", lead="xinhe")
    client = browser_as("village")
    assert client.get(f"/tickets/{own}").status_code == 200
    assert client.get(f"/tickets/{other}").status_code == 404
    page = client.get("/ledger").text
    assert "东风村的问题" in page and "新和村的问题" not in page


def test_pickers_offer_only_units_in_the_actors_scope(browser_as, world):
    town_page = browser_as("office").get("/tickets/new").text
    assert "博鳌镇" in town_page and "东风村" in town_page
    # An operator cannot file at all; the ledger's town filter lists only its own town.
    ledger = browser_as("boao").get("/ledger").text
    assert "博鳌镇" in ledger and "龙江镇" not in ledger
