"""The dispatcher: claim due deliveries with a lease, send each outside any transaction, record the
outcome in a new short transaction (STYLE E8).

Nothing is lost at any moment: a row leaves ``pending`` only when a send is recorded as sent or
given up on. A worker killed between send and commit leaves its lease behind; once the lease expires
the row is reaped (an ``interrupted`` attempt is recorded) and sent again — at least once, so
receivers may see a duplicate, never a gap. Retries back off by doubling up to a cap; after
``max_attempts`` tries, or on a permanent error, the row is ``dead`` with its last error until an
admin retries it. Throttling (our shared limiter, WeCom 45009) and quiet hours move ``available_at``
and give the attempt back: they are not failures. A 45009 also saturates that robot's limiter bucket, so no
dispatcher posts to it again until its window has passed; other robots carry on. Every statement that opens
a write transaction writes first, so on SQLite two dispatchers queue on the lock instead of failing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from notifiers.base import Channel, Outcome
from notifiers.limits import RateLimiter
from notifiers.policy import NotifyPolicy
from notifiers.window import IsWorkingDay
from workflow.channels.models import NotifyChannel
from workflow.clock import Clock
from workflow.db import transaction
from workflow.outbox.models import Delivery, DeliveryAttempt

log = logging.getLogger("notifiers.dispatch")

INTERRUPTED = "上次发送中断（进程退出或超时），结果未知，将重新发送"
SEND_BUDGET = timedelta(seconds=15)  # a send must be able to finish inside the lease it was claimed with


@dataclass
class PassReport:
    routed: int = 0
    unroutable: int = 0
    sent: int = 0
    retried: int = 0
    throttled: int = 0
    deferred: int = 0
    dead: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, result: str) -> None:
        setattr(self, result, getattr(self, result) + 1)


@dataclass(frozen=True)
class Snapshot:
    """What a send needs, read in a short read-only transaction."""

    id: int
    key: str
    quiet: bool
    attempts: int
    payload: dict
    lease_until: datetime
    channel_id: int
    channel_kind: str
    channel_config: dict
    channel_usable: str | None  # None when usable, else why not


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], *, channels: dict[str, Channel], policy: NotifyPolicy,
                 limiter: RateLimiter, is_working_day: IsWorkingDay, holder: str):
        self.sessions = sessions
        self.channels = channels
        self.policy = policy
        self.limiter = limiter
        self.is_working_day = is_working_day
        self.holder = holder
        self._broken: dict[int, str] = {}  # channels found broken during this pass (snapshots are per batch)

    def reap(self, now: datetime) -> int:
        """Leases that expired without an outcome: record the interruption and free the rows."""
        with transaction(self.sessions) as session:
            rows = session.execute(
                update(Delivery).where(Delivery.status == "pending", Delivery.lease_until < now)
                .values(lease_until=None, lease_holder=None, last_error=INTERRUPTED)
                .returning(Delivery.id, Delivery.lease_holder).execution_options(synchronize_session=False)).all()
            session.add_all(DeliveryAttempt(delivery_id=row_id, at=now, holder=holder, outcome="interrupted",
                                            error=INTERRUPTED) for row_id, holder in rows)
        return len(rows)

    def claim(self, now: datetime) -> list[int]:
        free = or_(Delivery.lease_until.is_(None), Delivery.lease_until < now)
        due = (select(Delivery.id).where(Delivery.status == "pending", Delivery.available_at <= now, free)
               .order_by(Delivery.available_at, Delivery.id).limit(self.policy.batch_size)
               .with_for_update(skip_locked=True))
        with transaction(self.sessions) as session:
            ids = session.execute(
                update(Delivery).where(Delivery.id.in_(due), Delivery.status == "pending", free)
                .values(lease_until=now + self.policy.lease, lease_holder=self.holder, attempts=Delivery.attempts + 1)
                .returning(Delivery.id).execution_options(synchronize_session=False)).scalars().all()
        return sorted(ids)

    def run(self, clock: Clock, report: PassReport) -> None:
        """Claim and deliver batches until nothing is due."""
        while ids := self.claim(clock.now()):
            for snap in self._snapshots(ids):
                report.add(self.deliver(snap, clock))

    def deliver(self, snap: Snapshot, clock: Clock) -> str:
        now = clock.now()
        if now + SEND_BUDGET > snap.lease_until:
            self._release(snap, available_at=now, note=None)
            return "deferred"
        if unusable := snap.channel_usable or self._broken.get(snap.channel_id):
            self._bury(snap, now, unusable)
            return "dead"
        if snap.attempts > self.policy.max_attempts:
            self._bury(snap, now, f"已尝试 {snap.attempts - 1} 次仍未得到结果，不再发送")
            return "dead"
        if snap.quiet and not self.policy.window.is_open(now, self.is_working_day):
            self._release(snap, available_at=self.policy.window.next_open(now, self.is_working_day), note=None)
            return "deferred"
        channel = self.channels[snap.channel_kind]
        bucket = channel.rate_bucket(snap.channel_config)
        if bucket and (free_at := self.limiter.acquire(bucket, now)) is not None:
            self._release(snap, available_at=free_at, note=None)
            return "throttled"
        started = time.perf_counter()
        outcome = channel.send(snap.channel_config, snap.payload, now=now, key=snap.key)
        elapsed = int((time.perf_counter() - started) * 1000)
        retry_at = None
        if outcome.result == "throttled" and bucket:
            # The robot counts posts we did not make: nothing more to it (from any process) until it clears.
            retry_at = self.limiter.saturate(bucket, clock.now())
        return self._record(snap, outcome, clock.now(), elapsed, retry_at=retry_at)

    def _snapshots(self, ids: list[int]) -> list[Snapshot]:
        """The claimed rows, read once per batch in a short read-only transaction."""
        with self.sessions() as session:
            rows = session.execute(
                select(Delivery, NotifyChannel).join(NotifyChannel, NotifyChannel.id == Delivery.channel_id)
                .where(Delivery.id.in_(ids), Delivery.lease_holder == self.holder, Delivery.status == "pending")
                .order_by(Delivery.id)).all()
        return [self._snapshot(d, ch) for d, ch in rows]

    def _snapshot(self, d: Delivery, ch: NotifyChannel) -> Snapshot:
        usable = None
        if not ch.is_active:
            usable = f"渠道“{ch.name}”已停用"
        elif ch.disabled_reason:
            usable = f"渠道“{ch.name}”不可用：{ch.disabled_reason}"
        elif ch.kind not in self.channels:
            usable = f"未知的渠道类型：{ch.kind}"
        return Snapshot(d.id, d.dedupe_key, d.quiet, d.attempts, d.payload, d.lease_until, ch.id, ch.kind,
                        dict(ch.config), usable)

    def _mine(self, snap: Snapshot):
        return update(Delivery).where(Delivery.id == snap.id, Delivery.lease_holder == self.holder,
                                      Delivery.status == "pending").execution_options(synchronize_session=False)

    def _release(self, snap: Snapshot, *, available_at: datetime, note: str | None) -> None:
        """Not an attempt (quiet hours, our own limiter, lease too short): give the attempt back."""
        values = {"lease_until": None, "lease_holder": None, "available_at": available_at,
                  "attempts": Delivery.attempts - 1}
        if note:
            values["last_error"] = note
        with transaction(self.sessions) as session:
            session.execute(self._mine(snap).values(**values))

    def _bury(self, snap: Snapshot, now: datetime, reason: str) -> None:
        with transaction(self.sessions) as session:
            session.execute(self._mine(snap).values(status="dead", dead_at=now, last_error=reason,
                                                    lease_until=None, lease_holder=None))
        log.warning("delivery %s dead without sending: %s", snap.id, reason)

    def _record(self, snap: Snapshot, outcome: Outcome, now: datetime, elapsed_ms: int, *,
                retry_at: datetime | None = None) -> str:
        common = {"lease_until": None, "lease_holder": None, "last_status_code": outcome.status_code,
                  "last_response": outcome.response or None}
        if outcome.result == "sent":
            values, result = {"status": "sent", "sent_at": now, "last_error": None}, "sent"
        elif outcome.result == "throttled":
            values = {"available_at": retry_at or now + self.policy.wecom_window, "attempts": Delivery.attempts - 1,
                      "last_error": outcome.error}
            result = "throttled"
        elif outcome.result == "retry" and snap.attempts < self.policy.max_attempts:
            values = {"available_at": now + self.policy.backoff(snap.attempts), "last_error": outcome.error}
            result = "retried"
        else:
            reason = outcome.error if outcome.result == "permanent" else \
                f"已重试 {snap.attempts} 次仍失败：{outcome.error}"
            values, result = {"status": "dead", "dead_at": now, "last_error": reason}, "dead"
        with transaction(self.sessions) as session:
            session.add(DeliveryAttempt(delivery_id=snap.id, at=now, holder=self.holder, outcome=outcome.result,
                                        status_code=outcome.status_code, response=outcome.response or None,
                                        error=outcome.error or None, duration_ms=elapsed_ms))
            session.flush()  # the insert opens the write transaction before anything is read
            session.execute(self._mine(snap).values(**common, **values))
            if outcome.disable_channel:
                self._broken[snap.channel_id] = f"渠道不可用：{outcome.error}"
                session.execute(
                    update(NotifyChannel).where(NotifyChannel.id == snap.channel_id,
                                                NotifyChannel.disabled_reason.is_(None))
                    .values(disabled_reason=outcome.error, disabled_at=now))
        if result != "sent":
            log.info("delivery %s to channel %s: %s %s", snap.id, snap.channel_id, outcome.result, outcome.error)
        return result
