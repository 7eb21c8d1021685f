"""Routing per group (issue 10): each group receives what its own routing says — a town's reminders go to
the town's group only, even in a pass that also routed a 约谈 or a rejection to the office's group."""

from __future__ import annotations

from datetime import datetime

from tests.notify_support import (
    KEY_LONGJIANG,
    KEY_OFFICE,
    digests,
    dispatch,
    escalation,
    fake_wecom,
    make_channel,
    make_tickets,
    reminder,
)
from workflow.clock import LOCAL_TZ
from workflow.db import transaction
from workflow.outbox.service import enqueue


def test_a_towns_reminders_after_an_interview_reach_the_town_group_only_never_the_district_group(
        world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], name="龙江镇工作群", config={"key": KEY_LONGJIANG})
    make_channel(sessions, world.units["city"], name="乡村振兴办", config={"key": KEY_OFFICE})
    ids = make_tickets(sessions, unit_id=world.units["dongfeng"], place_id=world.units["dongfeng"], count=4)
    clock.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=LOCAL_TZ))  # a Wednesday, before the 08:30 digest
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
        enqueue(s, kind="rejection", dedupe_key="rejection:1", at=clock.now(), ticket_id=ids[0],
                unit_id=world.units["dongfeng"], payload={"ticket_number": "LJ-2026-0001", "title": "村道垃圾未清理",
                                                          "reason": "照片看不出清运后的路面", "unit_name": "东风村"})
        for n, ticket_id in enumerate(ids[1:], start=2):
            reminder(s, key=str(n), unit_id=world.units["dongfeng"], at=clock.now(), ticket_id=ticket_id,
                     number=f"LJ-2026-{n:04d}", mobile=None)

    with fake_wecom(clock) as fake:
        dispatch(sessions, clock, fake.url)
        clock.move_to(datetime(2026, 11, 25, 8, 30, tzinfo=LOCAL_TZ))
        assert digests(sessions, clock).digests == 1  # one digest, for the town's group only
        dispatch(sessions, clock, fake.url)

    office = [r.content for r in fake.delivered(KEY_OFFICE)]
    town = [r.content for r in fake.delivered(KEY_LONGJIANG)]
    assert len(office) == 2 and not any("LJ-2026-0002" in c for c in office)  # the 约谈 and the rejection
    assert any("约谈通知" in c for c in office)
    digest = [c for c in town if "LJ-2026-0002" in c]
    assert len(digest) == 1 and "LJ-2026-0003" in digest[0] and "LJ-2026-0004" in digest[0]
    assert any("约谈通知" in c for c in town)
