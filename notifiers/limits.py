"""A sliding-window rate limiter shared by every process through the database.

WeCom allows 20 messages a minute per robot (practice 12). Each bucket (one per robot key) has
``limit`` slot rows holding when each was last used. Taking a token is one compare-and-set UPDATE of
the oldest slot that is older than the window, so no two processes can take the same slot, on SQLite
or PostgreSQL, and no ``window`` ever holds more than ``limit`` sends. When every slot is younger than
the window, the caller learns when the oldest frees up and moves the delivery's ``available_at`` there.

When the robot itself answers 45009 (someone else posts to it too), ``saturate`` stamps every slot of the
bucket with ``now``: no process takes a token for that robot until a whole window has passed, while the
other robots' buckets are untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from notifiers.bulk import insert_rows_ignoring_conflict
from workflow.db import transaction
from workflow.outbox.models import RateSlot

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CAS_TRIES = 8


class RateLimiter:
    def __init__(self, sessions: sessionmaker[Session], *, limit: int, window: timedelta):
        self.sessions = sessions
        self.limit = limit
        self.window = window
        self._known: set[str] = set()

    def acquire(self, bucket: str, now: datetime) -> datetime | None:
        """None when a token was taken at ``now``; otherwise the earliest time to try again."""
        cutoff = now - self.window
        for _ in range(CAS_TRIES):
            with transaction(self.sessions) as session:
                if bucket not in self._known:  # first use in this process: make sure the slots exist
                    rows = [{"bucket": bucket, "slot": i, "used_at": EPOCH} for i in range(self.limit)]
                    insert_rows_ignoring_conflict(session, RateSlot, rows)
                oldest = (
                    select(RateSlot.slot)
                    .where(RateSlot.bucket == bucket, RateSlot.slot < self.limit, RateSlot.used_at <= cutoff)
                    .order_by(RateSlot.used_at, RateSlot.slot)
                    .limit(1)
                    .scalar_subquery()
                )
                # The outer used_at test is re-checked against the row as committed by a concurrent
                # taker (PostgreSQL re-evaluates it after the row lock), so a slot is never taken twice.
                taken = session.execute(
                    update(RateSlot)
                    .where(RateSlot.bucket == bucket, RateSlot.slot == oldest, RateSlot.used_at <= cutoff)
                    .values(used_at=now)
                    .returning(RateSlot.slot)
                    .execution_options(synchronize_session=False)
                ).first()
            self._known.add(bucket)
            if taken is not None:
                return None
            free_at = self._free_at(bucket)
            if free_at > now:
                return free_at
        return now + timedelta(seconds=1)

    def saturate(self, bucket: str, now: datetime) -> datetime:
        """Back off this bucket for one whole window from ``now``; return when it frees up."""
        with transaction(self.sessions) as session:
            session.execute(
                update(RateSlot).where(RateSlot.bucket == bucket, RateSlot.used_at < now)
                .values(used_at=now).execution_options(synchronize_session=False))
            if bucket not in self._known:
                rows = [{"bucket": bucket, "slot": i, "used_at": now} for i in range(self.limit)]
                insert_rows_ignoring_conflict(session, RateSlot, rows)
        self._known.add(bucket)
        return now + self.window

    def _free_at(self, bucket: str) -> datetime:
        with self.sessions() as session:
            oldest = session.scalar(
                select(func.min(RateSlot.used_at)).where(RateSlot.bucket == bucket, RateSlot.slot < self.limit)
            )
        return (oldest or EPOCH) + self.window
