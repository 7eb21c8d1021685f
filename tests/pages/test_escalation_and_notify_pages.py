"""约谈与扣分 pages and the notification pages (outbox with dead letters, channels per unit)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.deadline_fixtures import reference
from tests.notify_support import escalation, make_channel, message
from tests.pages.conftest import post_form
from workflow.db import transaction
from workflow.escalation.models import EscalationPolicy, Interview
from workflow.outbox.models import Delivery

AT = datetime(2026, 11, 20, 2, tzinfo=UTC)


def make_interview(sessions, unit_id: int, *, reason: str = "逾期整改不到位：村道垃圾未清理") -> int:
    reference(sessions, years=(2026, 2027))
    with transaction(sessions) as s:
        policy = s.scalars(select(EscalationPolicy).order_by(EscalationPolicy.id)).first()
        row = Interview(episode_key=f"test:{unit_id}:{reason}", policy_id=policy.id, unit_id=unit_id, year=2026,
                        reason=reason, conducted_by="市分管领导", planned_on=date(2026, 12, 1), created_at=AT,
                        updated_at=AT)
        s.add(row)
        s.flush()
        return row.id


def test_the_office_lists_filters_and_records_a_held_interview(browser_as, world, sessions):
    iid = make_interview(sessions, world.units["dongfeng"])
    office = browser_as("office")
    listing = office.get("/interviews?year=2026&status=planned").text
    assert "逾期整改不到位" in listing and "拟约谈" in listing
    assert "逾期整改不到位" not in office.get("/interviews?status=held").text
    assert "东风村" in office.get(f"/interviews/{iid}").text
    r = post_form(office, f"/interviews/{iid}", {"version": "1", "status": "cancelled", "minutes": "记录草稿",
                                                 "cancel_reason": ""})
    assert r.status_code == 422 and "取消约谈必须说明理由" in r.text and "记录草稿" in r.text
    r = post_form(office, f"/interviews/{iid}", {"version": "1", "status": "held", "held_on": "2026-11-30",
                                                 "minutes": "约谈村书记，限期一周"})
    assert r.status_code == 303
    page = office.get(f"/interviews/{iid}").text
    assert "已约谈" in page and "约谈村书记，限期一周" in page
    r = post_form(office, f"/interviews/{iid}/attachments",
                  files=[("files", ("记录.pdf", b"%PDF-1.4 x", "application/pdf"))])
    assert r.status_code == 303
    assert "记录.pdf" in office.get(f"/interviews/{iid}").text
    strikes = office.get(f"/units/{world.units['dongfeng']}/strikes?year=2026").text
    assert "约谈次数" in strikes and "逾期整改不到位" in strikes


def test_interviews_out_of_scope_answer_404_and_units_may_not_record_them(browser_as, world, sessions):
    iid = make_interview(sessions, world.units["dongfeng"])
    boao = browser_as("boao")
    assert boao.get(f"/interviews/{iid}").status_code == 404
    assert "逾期整改不到位" not in boao.get("/interviews").text
    assert boao.get(f"/units/{world.units['dongfeng']}/strikes").status_code == 404
    assert post_form(boao, f"/interviews/{iid}", {"version": "1", "status": "held"}).status_code == 404
    town = browser_as("town")
    assert "逾期整改不到位" in town.get(f"/interviews/{iid}").text
    assert "登记约谈情况" not in town.get(f"/interviews/{iid}").text
    assert post_form(town, f"/interviews/{iid}", {"version": "1", "status": "held"}).status_code == 403
    assert post_form(town, f"/interviews/{iid}/attachments",
                     files=[("files", ("a.pdf", b"%PDF-1.4", "application/pdf"))]).status_code == 403


def test_the_outbox_shows_dead_letters_with_their_error_and_retries_them(browser_as, world, sessions):
    unit = world.units["longjiang"]
    channel = make_channel(sessions, unit)
    with transaction(sessions) as s:
        escalation(s, interview_id=7, unit_id=unit, at=AT)
    msg = message(sessions, "escalation:7")
    with transaction(sessions) as s:
        s.add(Delivery(dedupe_key="d:7", kind="message", message_id=msg.id, channel_id=channel, status="dead",
                       attempts=5, available_at=AT, created_at=AT, dead_at=AT,
                       last_error="errcode 45009 接口调用超过限制"))
    office = browser_as("office")
    page = office.get("/outbox?status=dead").text
    assert "errcode 45009" in page and "5 次" in page and "重新发送" in page
    delivery = int(page.split('action="/outbox/deliveries/')[1].split("/")[0])
    assert post_form(browser_as("town"), f"/outbox/deliveries/{delivery}/retry").status_code == 403
    assert post_form(browser_as("boao"), f"/outbox/deliveries/{delivery}/retry").status_code == 404  # out of scope
    r = post_form(office, f"/outbox/deliveries/{delivery}/retry")
    assert r.status_code == 303
    assert "重新发送" not in office.get("/outbox?status=dead").text
    for user in ("town", "inspector", "leader"):
        assert browser_as(user).get("/outbox").status_code == 403


def test_channels_take_a_pasted_webhook_url_show_the_key_masked_and_keep_typed_values(browser_as, world):
    unit = str(world.units["longjiang"])
    admin = browser_as("admin")
    r = post_form(admin, "/channels", {"unit_id": unit, "kind": "email", "name": "镇办邮箱", "to": "not-an-address"})
    assert r.status_code == 422 and "邮箱格式不正确" in r.text and 'value="镇办邮箱"' in r.text
    assert 'value="not-an-address"' in r.text
    key = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    r = post_form(admin, "/channels", {"unit_id": unit, "kind": "wecom", "name": "龙江镇整改群", "format": "text",
                                       "key": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}"})
    assert r.status_code == 303
    page = admin.get(f"/channels?unit_id={unit}").text
    assert "龙江镇整改群" in page and key not in page and "****" in page
    channel = int(page.split('action="/channels/')[1].split("/")[0])
    assert post_form(admin, f"/channels/{channel}/active", {"active": "0"}).status_code == 303
    assert "已停用" in admin.get(f"/channels?unit_id={unit}").text
    assert browser_as("town").get("/channels").status_code == 403
    assert post_form(browser_as("town"), f"/channels/{channel}/active", {"active": "1"}).status_code == 403
    assert post_form(browser_as("town"), "/channels", {"unit_id": unit, "kind": "email", "name": "x",
                                                       "to": "a@b.cn"}).status_code == 403
