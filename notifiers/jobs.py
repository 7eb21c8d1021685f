"""Job functions for the scheduler and the CLI: plain functions of (sessions, clock, …).

``dispatch_once`` routes pending outbox messages and sends every due delivery; ``run_digests`` builds
the digest of the current slot (then the next ``dispatch_once`` sends it). Both are safe to run in
several processes at once: claims are leases, digests and deliveries have unique keys, and the rate
limiter lives in the database. ``jobs_from_settings`` gives zero-argument callables to register.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable

import httpx
from sqlalchemy.orm import Session, sessionmaker

from notifiers.base import Transport
from notifiers.digests import DigestReport, build_digests
from notifiers.dispatch import Dispatcher, PassReport
from notifiers.limits import RateLimiter
from notifiers.logs import install_key_redaction
from notifiers.policy import NotifyPolicy, smtp_from_settings
from notifiers.registry import build_channels
from notifiers.routing import RouteReport, route_batch
from notifiers.window import IsWorkingDay, default_is_working_day
from workflow.clock import Clock
from workflow.db import transaction

ROUTE_BATCH = 500
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def new_holder() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def route_pending(sessions: sessionmaker[Session], *, clock: Clock, policy: NotifyPolicy, holder: str) -> RouteReport:
    total = RouteReport()
    while True:
        with transaction(sessions) as session:
            batch = route_batch(session, now=clock.now(), holder=holder, policy=policy, limit=ROUTE_BATCH)
        total.routed += batch.routed
        total.unroutable += batch.unroutable
        if batch.routed + batch.unroutable < ROUTE_BATCH:
            return total


def dispatch_once(sessions: sessionmaker[Session], *, clock: Clock, policy: NotifyPolicy, transport: Transport,
                  is_working_day: IsWorkingDay = default_is_working_day, holder: str | None = None,
                  limiter: RateLimiter | None = None) -> PassReport:
    """Route what is pending, free interrupted leases, then send everything due now."""
    holder = holder or new_holder()
    report = PassReport()
    routed = route_pending(sessions, clock=clock, policy=policy, holder=holder)
    report.routed, report.unroutable = routed.routed, routed.unroutable
    limiter = limiter or RateLimiter(sessions, limit=policy.wecom_per_window,
                                     window=policy.wecom_window + policy.wecom_margin)
    dispatcher = Dispatcher(sessions, channels=build_channels(transport), policy=policy, limiter=limiter,
                            is_working_day=is_working_day, holder=holder)
    report.interrupted = dispatcher.reap(clock.now())
    dispatcher.run(clock, report)
    return report


def run_digests(sessions: sessionmaker[Session], *, clock: Clock, policy: NotifyPolicy,
                is_working_day: IsWorkingDay = default_is_working_day) -> DigestReport:
    """Route pending reminders first, so a reminder enqueued before the slot makes it into the digest."""
    route_pending(sessions, clock=clock, policy=policy, holder=new_holder())
    return build_digests(sessions, now=clock.now(), policy=policy, is_working_day=is_working_day)


def make_transport(settings, http: httpx.Client | None = None) -> Transport:
    install_key_redaction()
    return Transport(http=http or httpx.Client(timeout=HTTP_TIMEOUT), wecom_base_url=settings.wecom_base_url,
                     smtp=smtp_from_settings(settings))


def jobs_from_settings(settings, sessions: sessionmaker[Session], clock: Clock,
                       is_working_day: IsWorkingDay = default_is_working_day) -> dict[str, Callable[[], object]]:
    """Zero-argument callables for the scheduler: ``dispatch`` every minute, ``digest`` at the digest times
    (running it every minute is also correct: a slot's digest is built once)."""
    policy = NotifyPolicy.from_settings(settings)

    def dispatch() -> PassReport:
        transport = make_transport(settings)
        with transport.http:
            return dispatch_once(sessions, clock=clock, policy=policy, transport=transport,
                                 is_working_day=is_working_day)

    def digest() -> DigestReport:
        return run_digests(sessions, clock=clock, policy=policy, is_working_day=is_working_day)

    return {"dispatch": dispatch, "digest": digest}
