"""Digests and quiet hours: reminders are bundled per channel per run (08:30 on working days), grouped by
urgency; nothing of the kind goes out outside 08:00–20:00 on working days; leaders are copied on tickets
due within 3 working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notifiers.window import weekdays_only
from tests.notify_support import (
    KEY_BOAO,
    KEY_LONGJIANG,
    deliveries,
    digests,
    dispatch,
    fake_wecom,
    later,
    make_channel,
    make_tickets,
    message,
    policy,
    reminder,
)
from workflow.clock import LOCAL_TZ
from workflow.db import transaction


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LOCAL_TZ)  # 2026-11-23 is a Monday


def test_reminders_are_bundled_into_one_digest_per_channel_at_0830_grouped_by_urgency(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], config={"key": KEY_LONGJIANG})
    make_channel(sessions, world.units["boao"], config={"key": KEY_BOAO})
    ids = make_tickets(sessions, unit_id=world.units["dongfeng"], place_id=world.units["dongfeng"], count=5)
    clock.move_to(at(25, 8, 0))
    with transaction(sessions) as s:
        lj, bo = world.units["dongfeng"], world.units["chaolie"]
        reminder(s, key="1", unit_id=lj, at=clock.now(), ticket_id=ids[0], number="LJ-2026-0001",
                 urgency="overdue", working_days_left=-3, mobile="13900000006", leader="13800000001")
        reminder(s, key="2", unit_id=lj, at=clock.now(), ticket_id=ids[1], number="LJ-2026-0002",
                 urgency="overdue", working_days_left=-1, place="新和村", mobile="13900000007")
        reminder(s, key="3", unit_id=lj, at=clock.now(), ticket_id=ids[2], number="LJ-2026-0003",
                 urgency="due_today", working_days_left=0, mobile="13900000006")
        reminder(s, key="4", unit_id=lj, at=clock.now(), ticket_id=ids[3], number="LJ-2026-0004",
                 urgency="due_soon", working_days_left=2, mobile="13900000006", leader="13800000002")
        reminder(s, key="5", unit_id=lj, at=clock.now(), ticket_id=ids[4], number="LJ-2026-0005",
                 urgency="due_soon", working_days_left=5, mobile="13900000006", leader="13800000003")
        reminder(s, key="6", unit_id=bo, at=clock.now(), number="BA-2026-0001", place="朝烈村", mobile=None)

    with fake_wecom(clock) as fake:
        assert digests(sessions, clock).digests == 0  # 08:00: the window is open, but the run is at 08:30
        assert dispatch(sessions, clock, fake.url).sent == 0
        clock.move_to(at(25, 8, 30))
        assert digests(sessions, clock).digests == 2
        dispatch(sessions, clock, fake.url)
        later(clock, minutes=1)
        assert digests(sessions, clock).digests == 0  # one digest per channel per run
        assert dispatch(sessions, clock, fake.url).sent == 0

    markdown, mention = fake.delivered(KEY_LONGJIANG)
    text = markdown.content
    assert "共 5 个问题" in text
    assert text.index("已逾期（2）") < text.index("今日到期（1）") < text.index("即将到期（2）")
    assert text.index("LJ-2026-0001") < text.index("LJ-2026-0002")  # most overdue first
    assert f"[LJ-2026-0003](http://zg.test/tickets/{ids[2]}) 东风村" in text
    assert "新和村" in text and "逾期3个工作日" in text and "剩5个工作日" in text
    # Responsible people are @mentioned; leaders only for tickets due within 3 working days (or overdue).
    assert sorted(mention.mentions) == ["13800000001", "13800000002", "13900000006", "13900000007"]
    assert "分管领导督办" in mention.content
    (boao,) = fake.delivered(KEY_BOAO)  # nobody to mention: no text message
    assert "BA-2026-0001" in boao.content and "朝烈村" in boao.content


@pytest.mark.parametrize("fmt, most", [("markdown", 4), ("text", 6)])
def test_a_town_with_200_overdue_tickets_receives_a_few_messages_not_200(world, sessions, clock, fmt, most):
    make_channel(sessions, world.units["longjiang"], config={"key": KEY_LONGJIANG, "format": fmt})
    ids = make_tickets(sessions, unit_id=world.units["longjiang"], place_id=world.units["dongfeng"], count=200)
    clock.move_to(at(25, 7, 0))
    with transaction(sessions) as s:
        for i, ticket_id in enumerate(ids, start=1):
            reminder(s, key=str(i), unit_id=world.units["longjiang"], at=clock.now(), ticket_id=ticket_id,
                     number=f"LJ-2026-{i:04d}", working_days_left=-(i % 9) - 1, mobile="13900000005")
    clock.move_to(at(25, 8, 30))
    with fake_wecom(clock) as fake:
        digests(sessions, clock)
        dispatch(sessions, clock, fake.url)
    received = fake.delivered(KEY_LONGJIANG)
    assert 1 < len(received) <= most
    assert len(fake.requests) == len(received)  # nothing refused: every part within the byte limit
    everything = "\n".join(r.content for r in received)
    assert "共 200 个问题" in everything and "另有 150 个" in everything
    assert received[-1].mentions == ["13900000005"]


def test_quiet_hours_reminders_enqueued_at_night_wait_for_0830_on_the_next_working_day(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    holiday = date(2026, 11, 30)  # pretend Monday 30 November is a public holiday

    def is_working_day(day: date) -> bool:
        return weekdays_only(day) and day != holiday

    clock.move_to(at(27, 21, 0))  # Friday evening
    with transaction(sessions) as s:
        reminder(s, key="1", unit_id=world.units["longjiang"], at=clock.now())
    with fake_wecom(clock) as fake:
        for moment in (at(27, 21, 0), at(28, 8, 30), at(29, 9, 0), at(30, 8, 30), datetime(2026, 12, 1, 7, 59,
                                                                                               tzinfo=LOCAL_TZ)):
            clock.move_to(moment)
            digests(sessions, clock, is_working_day=is_working_day)
            dispatch(sessions, clock, fake.url, is_working_day=is_working_day)
        assert fake.requests == []
        clock.move_to(datetime(2026, 12, 1, 8, 30, tzinfo=LOCAL_TZ))  # Tuesday
        digests(sessions, clock, is_working_day=is_working_day)
        dispatch(sessions, clock, fake.url, is_working_day=is_working_day)
    assert len(fake.delivered()) == 2


def test_a_digest_that_fails_until_after_20_00_waits_for_the_window_without_losing_attempts(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    clock.move_to(at(25, 8, 0))
    with transaction(sessions) as s:
        reminder(s, key="1", unit_id=world.units["longjiang"], at=clock.now(), mobile=None)
    with fake_wecom(clock) as fake:
        clock.move_to(datetime(2026, 11, 25, 19, 59, 40, tzinfo=LOCAL_TZ))
        digests(sessions, clock)
        fake.fail_with = -1
        assert dispatch(sessions, clock, fake.url).retried == 1
        clock.move_to(deliveries(sessions)[0].available_at)  # 20:00:10, the window has closed
        assert dispatch(sessions, clock, fake.url).deferred == 1
        (d,) = deliveries(sessions)
        assert (d.status, d.attempts, d.available_at) == ("pending", 1, at(26, 8, 0))
        fake.fail_with = None
        clock.move_to(at(26, 8, 0))
        assert dispatch(sessions, clock, fake.url).sent == 1


def test_reminders_enqueued_after_the_run_wait_for_the_next_run(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    clock.move_to(at(25, 8, 0))
    with transaction(sessions) as s:
        reminder(s, key="early", unit_id=world.units["longjiang"], at=clock.now(), number="LJ-2026-0001", mobile=None)
    clock.move_to(at(25, 8, 30))
    digests(sessions, clock)
    clock.move_to(at(25, 10, 0))
    with transaction(sessions) as s:
        reminder(s, key="late", unit_id=world.units["longjiang"], at=clock.now(), number="LJ-2026-0002", mobile=None)
    with fake_wecom(clock) as fake:
        digests(sessions, clock)  # 10:00 is still the 08:30 run: the late reminder waits
        dispatch(sessions, clock, fake.url)
        assert ["LJ-2026-0002" in r.content for r in fake.delivered()] == [False]
        clock.move_to(at(26, 8, 30))
        digests(sessions, clock)
        dispatch(sessions, clock, fake.url)
    assert "LJ-2026-0002" in fake.delivered()[-1].content
    assert message(sessions, "reminder:late").status == "routed"


def test_a_reminder_for_a_village_without_a_group_reaches_its_towns_group(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    clock.move_to(at(25, 8, 30))
    with transaction(sessions) as s:
        reminder(s, key="v", unit_id=world.units["xinhe"], at=clock.now(), place="新和村", mobile=None)
    with fake_wecom(clock) as fake:
        digests(sessions, clock)
        dispatch(sessions, clock, fake.url)
    assert "新和村" in fake.delivered(KEY_LONGJIANG)[0].content


def test_reminder_mode_each_sends_one_message_per_reminder_inside_the_window(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    each = policy(reminder_mode="each")
    clock.move_to(at(25, 7, 0))
    with transaction(sessions) as s:
        for i in range(3):
            reminder(s, key=str(i), unit_id=world.units["longjiang"], at=clock.now(), number=f"LJ-2026-{i:04d}",
                     mobile=None)
    with fake_wecom(clock) as fake:
        assert dispatch(sessions, clock, fake.url, policy=each).deferred == 3  # 07:00: before the window
        clock.move_to(at(25, 8, 0))
        assert dispatch(sessions, clock, fake.url, policy=each).sent == 3
