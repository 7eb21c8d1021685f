"""What every command needs: settings read once, an engine, sessions, and a clock."""

from __future__ import annotations

from datetime import datetime

from workflow.clock import LOCAL_TZ, Clock, FrozenClock
from workflow.db import make_engine, make_sessionmaker
from workflow.settings import Settings


def sessions(settings: Settings):
    return make_sessionmaker(make_engine(settings.database_url))


def clock_at(now: str | None) -> Clock:
    """``--now 2026-12-01T09:00`` is read as Asia/Shanghai time unless it names its own offset."""
    if not now:
        return Clock()
    at = datetime.fromisoformat(now)
    return FrozenClock(at if at.tzinfo else at.replace(tzinfo=LOCAL_TZ))
