"""确认收到 (issue 13, practice 8): a signed link in urgings, reminders and 约谈 notices; the page confirms on POST
only, once; forged and expired tokens answer Chinese 4xx pages; unconfirmed urgings are listed and re-sent."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from notifiers.policy import NotifyPolicy
from notifiers.render import Renderer
from tests.deadline_fixtures import at, outbox, reference
from tests.helpers import login
from tests.practice.support import assigned
from workflow.acknowledgements import links
from workflow.acknowledgements.models import Acknowledgement
from workflow.tickets.models import TicketEvent

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _urged(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    r = client.post(f"/api/v1/tickets/{t['id']}/urgings", json={"note": "抓紧"}, headers=login(client, "office"))
    assert r.status_code == 201
    with sessions() as s:
        ack = s.scalars(select(Acknowledgement)).one()
    return t, ack, links.sign(client.app.state.settings.resolved_secret(), ack.id)


def test_the_link_page_confirms_only_on_post_and_only_once(client, world, sessions, browser_as, clock):
    t, ack, token = _urged(client, world, sessions)
    anonymous = browser_as()
    page = anonymous.get(f"/ack/{token}")
    assert page.status_code == 200 and "确认收到" in page.text and t["number"] in page.text
    assert "东风村（village-name）" in page.text
    with sessions() as s:
        assert s.get(Acknowledgement, ack.id).acknowledged_at is None  # a GET (a link preview) records nothing
    csrf = TOKEN.search(page.text).group(1)
    assert anonymous.post(f"/ack/{token}", data={}, follow_redirects=False).status_code == 403  # no CSRF token
    first = anonymous.post(f"/ack/{token}", data={"csrf_token": csrf}, follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, f"/ack/{token}")
    clock.move_to(clock.now() + timedelta(hours=2))
    anonymous.post(f"/ack/{token}", data={"csrf_token": csrf}, follow_redirects=False)  # a second click
    with sessions() as s:
        done = s.get(Acknowledgement, ack.id)
        assert done.acknowledged_at == at("2026-11-24")
        [event] = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "acknowledged")).all()
        assert event.payload["unit_id"] == world.units["dongfeng"] and event.payload["kind"] == "urging"
    assert "已于 2026-11-24 09:00 确认收到" in anonymous.get(f"/ack/{token}").text
    shown = client.get(f"/api/v1/tickets/{t['id']}/acknowledgements", headers=login(client, "office")).json()
    assert [(a["kind"], a["recipient_label"], a["acknowledged_at"] is not None) for a in shown] == [
        ("urging", "东风村（village-name）", True)]


def test_forged_and_expired_tokens_answer_chinese_4xx_pages_and_record_nothing(client, world, sessions, browser_as,
                                                                               clock):
    _, ack, token = _urged(client, world, sessions)
    anonymous = browser_as()
    forged = anonymous.get(f"/ack/{token[:-2]}xx")
    assert forged.status_code == 404 and "确认链接无效" in forged.text
    other_salt = links.URLSafeSerializer(client.app.state.settings.resolved_secret(), salt="x").dumps(ack.id)
    assert anonymous.get(f"/ack/{other_salt}").status_code == 404
    clock.move_to(at("2026-12-02"))  # eight days later
    expired = anonymous.get(f"/ack/{token}")
    assert expired.status_code == 410 and "已过期" in expired.text
    with sessions() as s:
        assert s.get(Acknowledgement, ack.id).acknowledged_at is None


def test_urging_messages_carry_the_signed_link(client, world, sessions):
    _, ack, token = _urged(client, world, sessions)
    [message] = outbox(sessions, "urging")
    with sessions() as s:
        renderer = Renderer.for_session(s, "http://zg.test", NotifyPolicy.from_settings(
            client.app.state.settings).ack_secret)
    notice = renderer.notice("urging", {"p": message.payload, "unit_name": "东风村", "url": "http://zg.test/t",
                                        "ack_url": renderer.ack_url(ack.id)})
    assert f"http://zg.test/ack/{token}" in notice.text and "确认收到" in notice.markdown
    assert "抓紧" in notice.text and len(token) < 40


def test_unconfirmed_urgings_after_n_working_hours_are_listed_and_resent(client, world, sessions, clock):
    _, ack, _ = _urged(client, world, sessions)  # Tuesday 09:00
    office = login(client, "office")
    clock.move_to(at("2026-11-24", 12))
    assert client.get("/api/v1/acknowledgements/unread-urgings", headers=office).json() == []
    clock.move_to(at("2026-11-24", 13, 30))
    [row] = client.get("/api/v1/acknowledgements/unread-urgings", headers=office).json()
    assert row["id"] == ack.id
    r = client.post(f"/api/v1/acknowledgements/{ack.id}/resend", headers=office)
    assert r.status_code == 200 and r.json()["resent_count"] == 1
    assert [m.dedupe_key for m in outbox(sessions, "urging")] == [f"urging:{ack.source_id}",
                                                                  f"urging:{ack.source_id}:resend:1"]
    assert client.get("/api/v1/acknowledgements/unread-urgings", headers=office).json() == []  # clock restarted


def test_working_hours_skip_the_weekend(client, world, sessions, clock):
    reference(sessions)
    clock.move_to(at("2026-11-27", 22))  # Friday evening
    t = assigned(client, world)
    client.post(f"/api/v1/tickets/{t['id']}/urgings", json={}, headers=login(client, "office"))
    clock.move_to(at("2026-11-30", 1))  # Monday 01:00: two working hours (Fri 22–24) + one (Mon 0–1)
    assert client.get("/api/v1/acknowledgements/unread-urgings", headers=login(client, "office")).json() == []
    clock.move_to(at("2026-11-30", 3))
    assert len(client.get("/api/v1/acknowledgements/unread-urgings", headers=login(client, "office")).json()) == 1


def test_wrong_users_cannot_list_or_resend(client, world, sessions, clock):
    t, ack, _ = _urged(client, world, sessions)
    clock.move_to(at("2026-11-25", 10))
    for who in ("town", "village", "inspector", "leader"):
        assert client.get("/api/v1/acknowledgements/unread-urgings", headers=login(client, who)).status_code == 403
        assert client.post(f"/api/v1/acknowledgements/{ack.id}/resend", headers=login(client, who)).status_code \
            == 403
    assert client.get(f"/api/v1/tickets/{t['id']}/acknowledgements", headers=login(client, "boao")).status_code \
        == 404
    assert len(outbox(sessions, "urging")) == 1


def test_reminders_and_interview_notices_open_a_confirmation_request(client, world, sessions):
    from tests.deadline_fixtures import sweep
    reference(sessions)
    assigned(client, world, due_on="2026-11-25")
    sweep(sessions, at("2026-11-26", 10))
    with sessions() as s:
        kinds = sorted({a.kind for a in s.scalars(select(Acknowledgement))})
    assert kinds == ["acceptance", "escalation", "reminder", "urging"]  # not yet 签收 either
    for kind in ("acceptance", "reminder", "escalation", "urging"):
        with sessions() as s:
            asked = {a.dedupe_key for a in s.scalars(select(Acknowledgement).where(Acknowledgement.kind == kind))}
        assert asked and asked == {m.dedupe_key for m in outbox(sessions, kind)}, kind
