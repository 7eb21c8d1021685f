"""The outbox dispatcher against the fake WeCom server on loopback, on SQLite and PostgreSQL: immediate
messages, routing, backoff, dead letters, permanent key errors and the shared 20-a-minute limit."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from tests.conftest import START
from tests.helpers import login, move, upload
from tests.notify_support import (
    KEY_BOAO,
    KEY_LONGJIANG,
    KEY_OFFICE,
    attempts,
    deliveries,
    dispatch,
    escalation,
    fake_wecom,
    later,
    make_channel,
    message,
    policy,
)
from workflow.channels.models import NotifyChannel
from workflow.clock import LOCAL_TZ
from workflow.db import transaction


def test_a_rejection_goes_out_at_once_to_the_town_group_and_the_office_group_even_at_night(
        client, world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], name="龙江镇工作群", config={"key": KEY_LONGJIANG})
    make_channel(sessions, world.units["city"], name="乡村振兴办", config={"key": KEY_OFFICE})
    inspector, office, village = login(client, "inspector"), login(client, "office"), login(client, "village")
    ticket = client.post("/api/v1/tickets", headers=inspector, json={
        "title": "村道垃圾未清理", "place_id": world.units["dongfeng"], "lead_unit_id": world.units["dongfeng"],
        "responsible_person_id": world.people["village"], "due_on": "2026-12-10"}).json()
    ticket = move(client, office, ticket, "assign").json()
    ticket = move(client, village, ticket, "accept", plan="三日内清运").json()
    assert upload(client, village, ticket["id"]).status_code == 201
    ticket = move(client, village, ticket, "submit", comment="已清运").json()
    clock.move_to(datetime(2026, 11, 24, 22, 30, tzinfo=LOCAL_TZ))  # outside the send window
    assert move(client, inspector, ticket, "reject", comment="照片看不出清运后的路面").status_code == 200

    with fake_wecom(clock) as fake:
        report = dispatch(sessions, clock, fake.url)

    assert report.sent == 4 and report.dead == 0
    for key in (KEY_LONGJIANG, KEY_OFFICE):
        markdown, mention = fake.delivered(key)
        assert ticket["number"] in markdown.content and "照片看不出清运后的路面" in markdown.content
        assert f"http://zg.test/tickets/{ticket['id']}" in markdown.content
        assert mention.mentions == ["13900000006"]  # the responsible person's mobile
    assert message(sessions, f"rejection:{_reject_event_id(sessions)}").status == "routed"


def _reject_event_id(sessions) -> int:
    from workflow.tickets.models import TicketEvent

    with sessions() as s:
        return s.scalar(select(TicketEvent.id).where(TicketEvent.trigger == "reject"))


def test_an_escalation_reaches_the_unit_and_the_office_and_every_response_is_recorded(world, sessions, clock):
    make_channel(sessions, world.units["boao"], config={"key": KEY_BOAO})
    make_channel(sessions, world.units["city"], config={"key": KEY_OFFICE})
    with transaction(sessions) as s:
        escalation(s, interview_id=7, unit_id=world.units["chaolie"], at=clock.now(), unit_name="朝烈村")
    with fake_wecom(clock) as fake:
        dispatch(sessions, clock, fake.url)
    assert ["约谈通知 · 朝烈村" in r.content for r in fake.delivered()] == [True, True]
    assert {r.key for r in fake.delivered()} == {KEY_BOAO, KEY_OFFICE}
    for d in deliveries(sessions):
        assert (d.status, d.attempts, d.last_status_code) == ("sent", 1, 200)
        assert '"errcode":0' in d.last_response.replace(" ", "")
        assert [(a.outcome, a.status_code) for a in attempts(sessions, d.id)] == [("sent", 200)]


def test_transient_failures_back_off_by_doubling_then_the_row_is_dead_with_its_last_error(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
    strict = policy(max_attempts=4)
    with fake_wecom(clock) as fake:
        fake.fail_with = -1
        waits = []
        for _ in range(4):
            dispatch(sessions, clock, fake.url, policy=strict)
            (d,) = deliveries(sessions)
            if d.status == "dead":
                break
            waits.append((d.available_at - clock.now()).total_seconds())
            clock.move_to(d.available_at)
    assert waits == [30, 60, 120]
    assert (d.status, d.attempts) == ("dead", 4)
    assert "已重试 4 次" in d.last_error and "errcode -1" in d.last_error
    assert [a.outcome for a in attempts(sessions, d.id)] == ["retry"] * 4
    assert all("system busy" in a.response for a in attempts(sessions, d.id))
    assert len(fake.requests) == 4


def test_an_invalid_robot_key_fails_at_once_without_burning_retries_and_disables_the_channel(world, sessions, clock):
    bad = make_channel(sessions, world.units["longjiang"], config={"key": "0a1b2c3d-dead-dead-dead-000000000000"})
    with transaction(sessions) as s:
        for i in (1, 2):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock, keys={KEY_LONGJIANG}) as fake:
        report = dispatch(sessions, clock, fake.url)
    assert report.dead == 2 and len(fake.requests) == 1  # the second one was not even tried
    first, second = deliveries(sessions)
    assert (first.status, first.attempts) == ("dead", 1) and "93000" in first.last_error
    assert second.status == "dead" and "不可用" in second.last_error and attempts(sessions, second.id) == []
    with sessions() as s:
        assert "93000" in s.get(NotifyChannel, bad).disabled_reason


def test_twenty_a_minute_per_robot_the_rest_wait_for_the_next_minute_and_the_server_never_refuses(
        world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        for i in range(25):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock) as fake:
        first = dispatch(sessions, clock, fake.url)
        assert (first.sent, first.throttled) == (20, 5)
        waiting = deliveries(sessions, status="pending")
        assert {(d.attempts, d.available_at) for d in waiting} == {(0, clock.now() + timedelta(seconds=61))}
        later(clock, seconds=60)  # the robot's minute is over, but our one-second margin is not
        assert dispatch(sessions, clock, fake.url).sent == 0
        later(clock, seconds=1)
        assert dispatch(sessions, clock, fake.url).sent == 5
    assert fake.answered(45009) == [] and len(fake.delivered()) == 25


def test_two_dispatchers_at_once_share_one_limit_and_send_each_message_once(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        for i in range(30):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock) as fake:
        reports = []
        workers = [threading.Thread(target=lambda n=n: reports.append(dispatch(sessions, clock, fake.url,
                                                                              holder=f"worker-{n}")))
                   for n in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=120)
        assert sum(r.sent for r in reports) == 20 and fake.answered(45009) == []
        later(clock, seconds=61)
        dispatch(sessions, clock, fake.url)
    contents = [r.content for r in fake.delivered()]
    assert len(contents) == 30 and len(deliveries(sessions, status="sent")) == 30


def test_a_45009_from_the_server_is_not_a_failure_the_row_waits_a_minute_with_its_attempt_given_back(
        world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        for i in range(5):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock, limit=3) as fake:  # someone else is posting to the same robot
        report = dispatch(sessions, clock, fake.url)
        assert (report.sent, report.throttled) == (3, 2)
        throttled = deliveries(sessions, status="pending")
        assert [d.attempts for d in throttled] == [0, 0]
        assert [a.outcome for a in attempts(sessions, throttled[0].id)] == ["throttled"]
        assert "45009" in throttled[0].last_response
        later(clock, seconds=61)
        assert dispatch(sessions, clock, fake.url).sent == 2
    assert len(deliveries(sessions, status="sent")) == 5


def test_dispatching_again_sends_nothing_twice(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())  # same key: one row
    with fake_wecom(clock) as fake:
        dispatch(sessions, clock, fake.url)
        later(clock, hours=2)
        dispatch(sessions, clock, fake.url)
    assert len(fake.requests) == 1
    assert START  # the frozen start is a Tuesday 09:00 in Asia/Shanghai


def test_after_a_45009_nothing_more_is_posted_to_that_robot_until_its_window_clears_while_others_carry_on(
        world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], config={"key": KEY_LONGJIANG})
    make_channel(sessions, world.units["boao"], config={"key": KEY_BOAO})
    with transaction(sessions) as s:
        for i in range(5):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now())
        for i in range(10, 13):
            escalation(s, interview_id=i, unit_id=world.units["boao"], at=clock.now(), unit_name="博鳌镇")
    with fake_wecom(clock, limit=3) as fake:  # someone else is posting to the 龙江镇 robot too
        report = dispatch(sessions, clock, fake.url)
        assert len(fake.answered(45009)) == 1 and len(fake.requests) == 7  # 3 sent + one refused, then silence
        assert len(fake.delivered(KEY_BOAO)) == 3 and (report.sent, report.throttled) == (6, 2)
        later(clock, seconds=30)
        with transaction(sessions) as s:  # something new for the robot while it is backed off
            escalation(s, interview_id=99, unit_id=world.units["longjiang"], at=clock.now())
        assert dispatch(sessions, clock, fake.url, holder="another-process").sent == 0
        assert len(fake.requests) == 7
        later(clock, seconds=31)
        assert dispatch(sessions, clock, fake.url).sent == 3
    assert len(fake.answered(45009)) == 1 and len(deliveries(sessions, status="sent")) == 9
