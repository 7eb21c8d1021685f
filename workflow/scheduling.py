"""APScheduler only ticks; a lease row in the database lets one process at a time do the work (STYLE E9).

Every process may run a scheduler (several uvicorn workers, a CLI sweep from cron). Each job body
first takes the lease named after the job with one conditional UPDATE that works on SQLite and
PostgreSQL; a holder that crashed stops blocking when its lease expires. The lease saves work;
the unique keys on reminders and 约谈 are what make a second run harmless.

Jobs are plain callables registered by the edge (``web/app.py`` lifespan, or the lead's wiring for
the notifications dispatcher): ``build_scheduler([...ScheduledJob...])``.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import String, or_, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from workflow.audit.anchors import daily_anchor
from workflow.calendar.service import seed_from_package
from workflow.clock import LOCAL_TZ, Clock
from workflow.db import Base, UTCDateTime, insert_ignoring_conflict, transaction
from workflow.sweep import SweepConfig, SweepReport, run_sweep

log = logging.getLogger(__name__)

SWEEP_LEASE = "sweep"
DAILY_LEASE = "daily"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class SchedulerLease(Base):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(sessions: sessionmaker[Session], name: str, *, holder: str, at: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease in its own committed transaction; False when someone else holds it."""
    with transaction(sessions) as session:
        insert_ignoring_conflict(session, SchedulerLease, name=name, holder=None, expires_at=EPOCH)
        taken = session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == name,
                   or_(SchedulerLease.holder.is_(None), SchedulerLease.holder == holder,
                       SchedulerLease.expires_at < at))
            .values(holder=holder, expires_at=at + ttl)
            .execution_options(synchronize_session=False)
        ).rowcount
    return taken == 1


def release(sessions: sessionmaker[Session], name: str, *, holder: str) -> None:
    with transaction(sessions) as session:
        session.execute(update(SchedulerLease).where(SchedulerLease.name == name, SchedulerLease.holder == holder)
                        .values(holder=None, expires_at=EPOCH).execution_options(synchronize_session=False))


def leased(sessions: sessionmaker[Session], name: str, work: Callable[[], object], *, lease_clock: Clock | None = None,
           ttl: timedelta = timedelta(minutes=10), holder: str | None = None):
    """Run ``work`` only while holding the lease; return its result, or None when the lease was taken.

    The lease runs on the wall clock even when ``work`` is given another ``now`` (``sweep --now``).
    """
    lease_clock = lease_clock or Clock()
    holder = holder or holder_id()
    if not acquire(sessions, name, holder=holder, at=lease_clock.now(), ttl=ttl):
        log.info("%s: lease held elsewhere, skipping", name)
        return None
    try:
        return work()
    finally:
        release(sessions, name, holder=holder)


def sweep_once(sessions: sessionmaker[Session], *, now: datetime, config: SweepConfig | None = None,
               lease_clock: Clock | None = None) -> SweepReport:
    def work() -> SweepReport:
        report = run_sweep(sessions, now=now, config=config)
        _anchor_today(sessions, now=now)  # the daily job may have been missed while no process ran
        return report

    report = leased(sessions, SWEEP_LEASE, work, lease_clock=lease_clock)
    return report if report is not None else SweepReport(now=now, ran=False)


def _anchor_today(sessions: sessionmaker[Session], *, now: datetime) -> None:
    """Take today's audit anchor if nobody has; a failure here must not cost the sweep its report."""
    try:
        daily_anchor(sessions, now=now)
    except Exception:
        log.exception("audit anchor failed")


def daily(sessions: sessionmaker[Session], *, now: datetime) -> list[int]:
    """Once a day: anchor the audit history (workflow/audit/anchors.py), and cover any year a newer
    chinese-calendar package knows (admin corrections are kept)."""
    def work() -> list[int]:
        _anchor_today(sessions, now=now)
        with transaction(sessions) as session:
            return seed_from_package(session, now=now)

    return leased(sessions, DAILY_LEASE, work) or []


@dataclass(frozen=True)
class ScheduledJob:
    """``trigger`` and ``kwargs`` as APScheduler's ``add_job`` takes them ("interval", minutes=5)."""

    id: str
    func: Callable[[], object]
    trigger: str
    kwargs: dict = field(default_factory=dict)


def default_jobs(sessions: sessionmaker[Session], *, clock: Clock, config: SweepConfig | None = None,
                 sweep_minutes: int = 5) -> list[ScheduledJob]:
    return [
        # First run right at start-up, then every few minutes.
        ScheduledJob("sweep", lambda: sweep_once(sessions, now=clock.now(), config=config), "interval",
                     {"minutes": sweep_minutes, "next_run_time": datetime.now(UTC) + timedelta(seconds=5)}),
        ScheduledJob("daily", lambda: daily(sessions, now=clock.now()), "cron",
                     {"hour": 0, "minute": 7, "timezone": LOCAL_TZ}),
    ]


def build_scheduler(jobs: list[ScheduledJob]):
    """A background scheduler with an in-memory job store; start it in the app's lifespan."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=LOCAL_TZ, job_defaults={"coalesce": True, "max_instances": 1,
                                                                     "misfire_grace_time": 300})
    for job in jobs:
        scheduler.add_job(_logged(job), job.trigger, id=job.id, name=job.id, replace_existing=True, **job.kwargs)
    return scheduler


def _logged(job: ScheduledJob) -> Callable[[], None]:
    def run() -> None:
        try:
            job.func()
        except Exception:  # a job must not kill the scheduler thread; the next tick tries again
            log.exception("scheduled job %s failed", job.id)

    return run


__all__ = ["ScheduledJob", "build_scheduler", "default_jobs", "leased", "run_sweep", "sweep_once"]
