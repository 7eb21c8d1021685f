"""Time is an input: services take ``now`` from a Clock so tests move time instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    def __init__(self, at: datetime):
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self.at

    def move_to(self, at: datetime) -> None:
        self.at = at.astimezone(UTC)


def to_local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TZ)
