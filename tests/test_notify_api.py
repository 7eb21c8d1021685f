"""Routing is configured through the API by admin/office: channels per unit (keys masked, a pasted URL
accepted), the outbox and dead letters with their last error, retry, and the message templates.
Every route is tried as the wrong user: 403 for a role that may not act, 404 outside one's scope."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from tests.helpers import login
from tests.notify_support import KEY_LONGJIANG, digests, dispatch, escalation, fake_wecom, make_channel, reminder
from tests.world import PASSWORD
from workflow.accounts.service import create_person
from workflow.channels.models import NotifyChannel
from workflow.clock import LOCAL_TZ
from workflow.db import transaction
from workflow.orgs.service import create_unit

URL = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY_LONGJIANG}"
BAD_KEY = "0a1b2c3d-dead-dead-dead-000000000000"


@pytest.fixture
def other_district(sessions):
    """万宁市 with its own office: a manager, but not of our units."""
    with transaction(sessions) as s:
        wanning = create_unit(s, name="万宁市", kind="district", code="WN")
        create_person(s, name="万宁办", unit=wanning, roles=["office"], username="wn-office", password=PASSWORD)
        return wanning.id


def add_channel(client, headers, unit_id, key=URL, kind="wecom"):
    return client.post(f"/api/v1/org-units/{unit_id}/channels", headers=headers,
                       json={"kind": kind, "name": "龙江镇工作群", "config": {"key": key}})


def test_office_adds_a_robot_by_pasting_the_whole_url_and_only_ever_sees_the_key_masked(client, world, sessions):
    office = login(client, "office")
    r = add_channel(client, office, world.units["longjiang"])
    assert r.status_code == 201, r.text
    assert r.json()["config"] == {"key": "0a1b****6666", "format": "markdown"}
    listed = client.get(f"/api/v1/org-units/{world.units['longjiang']}/channels", headers=office)
    assert [c["name"] for c in listed.json()] == ["龙江镇工作群"]
    assert KEY_LONGJIANG not in r.text + listed.text
    with sessions() as s:
        assert s.scalar(select(NotifyChannel.config))["key"] == KEY_LONGJIANG  # stored bare


def test_something_that_is_not_a_robot_key_is_refused_in_chinese_and_nothing_is_saved(client, world):
    office = login(client, "office")
    r = add_channel(client, office, world.units["longjiang"], key="https://qyapi.weixin.qq.com/cgi-bin/webhook/send")
    assert r.status_code == 422 and "key" in r.json()["message"] and r.json()["code"] == "invalid_input"
    r = client.post(f"/api/v1/org-units/{world.units['longjiang']}/channels", headers=office,
                    json={"kind": "pager", "name": "x", "config": {}})
    assert r.status_code == 422 and "未知的渠道类型" in r.json()["message"]
    assert client.get(f"/api/v1/org-units/{world.units['longjiang']}/channels", headers=office).json() == []


def test_channels_wrong_users_get_403_for_their_role_and_404_outside_their_scope(client, world, sessions,
                                                                                   other_district):
    channel_id = make_channel(sessions, world.units["longjiang"])
    town, boao, wanning = login(client, "town"), login(client, "boao"), login(client, "wn-office")
    lj = world.units["longjiang"]
    assert client.get(f"/api/v1/org-units/{lj}/channels", headers=town).status_code == 403
    assert add_channel(client, town, lj).status_code == 403
    assert client.patch(f"/api/v1/channels/{channel_id}", headers=town, json={"name": "x"}).status_code == 403
    for outsider in (boao, wanning):
        assert client.get(f"/api/v1/org-units/{lj}/channels", headers=outsider).status_code == 404
        assert add_channel(client, outsider, lj).status_code == 404
        assert client.patch(f"/api/v1/channels/{channel_id}", headers=outsider, json={"name": "x"}).status_code == 404
    assert client.get(f"/api/v1/org-units/{lj}/channels").status_code == 401
    with sessions() as s:
        assert s.scalars(select(NotifyChannel.name)).all() == ["工作群"]


def test_a_dead_letter_shows_its_last_error_and_goes_out_when_the_key_is_fixed_and_it_is_retried(
        client, world, sessions, clock):
    office = login(client, "office")
    channel_id = add_channel(client, office, world.units["longjiang"], key=BAD_KEY).json()["id"]
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock, keys={KEY_LONGJIANG}) as fake:
        dispatch(sessions, clock, fake.url)
        (dead,) = client.get("/api/v1/outbox/deliveries?status=dead", headers=office).json()
        assert "93000" in dead["last_error"] and dead["attempts"] == 1 and dead["status_label"] == "发送失败"
        channel = client.get(f"/api/v1/org-units/{world.units['longjiang']}/channels", headers=office).json()[0]
        assert "93000" in channel["disabled_reason"]
        refused = client.post(f"/api/v1/outbox/deliveries/{dead['id']}/retry", headers=office)
        assert refused.status_code == 409 and "渠道" in refused.json()["message"]

        fixed = client.patch(f"/api/v1/channels/{channel_id}", headers=office, json={"config": {"key": URL}})
        assert fixed.json()["disabled_reason"] is None
        retried = client.post(f"/api/v1/outbox/deliveries/{dead['id']}/retry", headers=office)
        assert retried.status_code == 200 and retried.json()["status"] == "pending"
        assert dispatch(sessions, clock, fake.url).sent == 1
    detail = client.get(f"/api/v1/outbox/deliveries/{dead['id']}", headers=office).json()
    assert [a["outcome"] for a in detail["attempt_log"]] == ["permanent", "sent"]
    assert detail["payload"]["msgtype"] == "markdown"
    assert client.post(f"/api/v1/outbox/deliveries/{dead['id']}/retry", headers=office).status_code == 409
    assert BAD_KEY not in str(detail) and KEY_LONGJIANG not in str(detail)


def test_a_message_with_nowhere_to_go_is_listed_with_the_reason_and_retried_once_a_channel_exists(
        client, world, sessions, clock):
    office = login(client, "office")
    with transaction(sessions) as s:
        escalation(s, interview_id=9, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock) as fake:
        assert dispatch(sessions, clock, fake.url).unroutable == 1
        (msg,) = client.get("/api/v1/outbox/messages?status=unroutable", headers=office).json()
        assert "未配置通知渠道" in msg["last_error"] and msg["kind_label"] == "约谈通知"
        assert add_channel(client, office, world.units["longjiang"]).status_code == 201
        assert client.post(f"/api/v1/outbox/messages/{msg['id']}/retry", headers=office).status_code == 200
        assert dispatch(sessions, clock, fake.url).sent == 1
    (msg,) = client.get("/api/v1/outbox/messages", headers=office).json()
    assert (msg["status"], msg["deliveries"]) == ("routed", {"sent": 1})


def test_outbox_wrong_users_get_403_for_their_role_and_404_outside_their_scope(
        client, world, sessions, clock, other_district):
    make_channel(sessions, world.units["longjiang"], config={"key": BAD_KEY})
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock, keys={KEY_LONGJIANG}) as fake:
        dispatch(sessions, clock, fake.url)
    office = login(client, "office")
    (dead,) = client.get("/api/v1/outbox/deliveries?status=dead", headers=office).json()
    (msg,) = client.get("/api/v1/outbox/messages", headers=office).json()
    town, boao, wanning = login(client, "town"), login(client, "boao"), login(client, "wn-office")
    for path in ("/api/v1/outbox/messages", "/api/v1/outbox/deliveries"):
        assert client.get(path, headers=town).status_code == 403
    assert client.get(f"/api/v1/outbox/deliveries/{dead['id']}", headers=town).status_code == 403
    assert client.post(f"/api/v1/outbox/deliveries/{dead['id']}/retry", headers=town).status_code == 403
    for outsider in (boao, wanning):
        assert client.get(f"/api/v1/outbox/deliveries/{dead['id']}", headers=outsider).status_code == 404
        assert client.post(f"/api/v1/outbox/deliveries/{dead['id']}/retry", headers=outsider).status_code == 404
        assert client.post(f"/api/v1/outbox/messages/{msg['id']}/retry", headers=outsider).status_code == 404
    assert client.get("/api/v1/outbox/deliveries", headers=wanning).json() == []  # sees none of ours
    assert client.get("/api/v1/outbox/deliveries?status=dead", headers=office).json()[0]["status"] == "dead"


def test_an_admin_changes_the_digest_text_without_code_and_the_next_digest_uses_it(client, world, sessions, clock):
    admin = login(client, "admin")
    body = ("{% for g in groups %}{{ g.label }}：{% for i in g.lines %}{{ i.ticket_number }} {% endfor %}"
            "{% endfor %}请速办")
    r = client.put("/api/v1/notify-templates/digest.md.j2", headers=admin, json={"body": body})
    assert r.status_code == 200 and r.json()["customized"] is True
    make_channel(sessions, world.units["longjiang"])
    clock.move_to(datetime(2026, 11, 25, 8, 30, tzinfo=LOCAL_TZ))
    with transaction(sessions) as s:
        reminder(s, key="1", unit_id=world.units["longjiang"], at=clock.now(), number="LJ-2026-0042", mobile=None)
    with fake_wecom(clock) as fake:
        digests(sessions, clock)
        dispatch(sessions, clock, fake.url)
    assert [r.content for r in fake.delivered()] == ["已逾期：LJ-2026-0042 请速办"]
    reset = client.delete("/api/v1/notify-templates/digest.md.j2", headers=admin)
    assert reset.json()["customized"] is False and "整改催办提醒" in reset.json()["body"]


@pytest.mark.parametrize("body, words", [("{% for g in groups %}", "模板有误"),
                                         ("{{ no_such_variable }}", "no_such_variable")])
def test_a_broken_template_is_refused_with_the_reason_and_the_old_one_stays(client, world, body, words):
    admin = login(client, "admin")
    r = client.put("/api/v1/notify-templates/digest.md.j2", headers=admin, json={"body": body})
    assert r.status_code == 422 and words in r.json()["message"]
    listed = {t["name"]: t for t in client.get("/api/v1/notify-templates", headers=admin).json()}
    assert listed["digest.md.j2"]["customized"] is False


def test_templates_only_an_admin_may_change_them(client, world):
    office, town = login(client, "office"), login(client, "town")
    assert client.get("/api/v1/notify-templates", headers=office).status_code == 200
    assert client.get("/api/v1/notify-templates", headers=town).status_code == 403
    for who in (office, town):
        assert client.put("/api/v1/notify-templates/subject.j2", headers=who, json={"body": "x"}).status_code == 403
        assert client.delete("/api/v1/notify-templates/subject.j2", headers=who).status_code == 403
    admin = login(client, "admin")
    assert client.put("/api/v1/notify-templates/nope.j2", headers=admin, json={"body": "x"}).status_code == 404
