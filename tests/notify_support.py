"""Plain factories and runners for the notification tests (fixed names, fixed keys, frozen time)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import insert, select

from notifiers.base import SmtpSettings, Transport
from notifiers.jobs import dispatch_once, run_digests
from notifiers.policy import NotifyPolicy
from notifiers.window import weekdays_only
from tests.fakes.loopback import LoopbackServer
from tests.fakes.wecom import FakeWeCom
from workflow.channels.models import NotifyChannel
from workflow.db import transaction
from workflow.outbox.models import Delivery, DeliveryAttempt, OutboxMessage
from workflow.outbox.service import enqueue
from workflow.tickets.models import Ticket

KEY_LONGJIANG = "0a1b2c3d-1111-2222-3333-444455556666"
KEY_BOAO = "0a1b2c3d-7777-8888-9999-aaaabbbbcccc"
KEY_OFFICE = "0a1b2c3d-dddd-eeee-ffff-000011112222"
BASE_URL = "http://zg.test"
POLICY = NotifyPolicy(base_url=BASE_URL)


def make_channel(sessions, unit_id: int, *, kind: str = "wecom", name: str = "工作群", config: dict | None = None,
                 at: datetime = datetime(2026, 11, 1, tzinfo=UTC)) -> int:
    with transaction(sessions) as s:
        channel = NotifyChannel(unit_id=unit_id, kind=kind, name=name, config=config or {"key": KEY_LONGJIANG,
                                "format": "markdown"}, is_active=True, created_at=at, updated_at=at)
        s.add(channel)
        s.flush()
        return channel.id


def make_tickets(sessions, *, unit_id: int, place_id: int, count: int, prefix: str = "LJ",
                 at: datetime = datetime(2026, 11, 1, tzinfo=UTC)) -> list[int]:
    rows = [{"number": f"{prefix}-2026-{i:04d}", "title": f"村道垃圾未清理第{i}处", "owner_unit_id": unit_id,
             "place_id": place_id, "lead_unit_id": unit_id, "source": "inspection", "found_at": at,
             "state": "rectifying", "state_changed_at": at, "created_at": at} for i in range(1, count + 1)]
    with transaction(sessions) as s:
        s.execute(insert(Ticket), rows)
        return list(s.scalars(select(Ticket.id).where(Ticket.number.like(f"{prefix}-%")).order_by(Ticket.id)))


def reminder(session, *, key: str, unit_id: int, at: datetime, ticket_id: int | None = None,
             number: str = "LJ-2026-0001", urgency: str = "overdue", working_days_left: int = -2,
             title: str = "村道垃圾未清理", place: str = "东风村", mobile: str | None = "13900000005",
             leader: str | None = None, due_at: datetime = datetime(2026, 11, 20, 16, tzinfo=UTC)) -> bool:
    """A reminder row exactly as the deadline sweep writes it (the contract with issue 3)."""
    return enqueue(session, kind="reminder", dedupe_key=f"reminder:{key}", at=at, ticket_id=ticket_id,
                   unit_id=unit_id, payload={"urgency": urgency, "ticket_number": number, "title": title,
                                             "place_name": place, "due_at": due_at.isoformat(),
                                             "working_days_left": working_days_left,
                                             "responsible_mobile": mobile, "leader_mobile": leader})


def escalation(session, *, interview_id: int, unit_id: int, at: datetime, ticket_id: int | None = None,
               unit_name: str = "龙江镇") -> bool:
    return enqueue(session, kind="escalation", dedupe_key=f"escalation:{interview_id}", at=at, ticket_id=ticket_id,
                   unit_id=unit_id, payload={"interview_id": interview_id, "ticket_number": "LJ-2026-0001",
                                             "title": "村道垃圾未清理", "unit_name": unit_name,
                                             "targets": ["村党组织书记", "第一书记"], "conducted_by": "区级分管领导",
                                             "planned_on": "2026-12-01"})


@contextmanager
def fake_wecom(clock, **kwargs):
    """The fake robot server on loopback, its minute measured on the test's frozen clock."""
    fake = FakeWeCom(clock=lambda: clock.now().timestamp(), **kwargs)
    with LoopbackServer(fake.app) as server:
        fake.url = server.url
        yield fake


def dispatch(sessions, clock, url: str, *, policy: NotifyPolicy = POLICY, smtp: SmtpSettings | None = None,
             holder: str | None = None, is_working_day=weekdays_only):
    with httpx.Client(timeout=10) as http:
        transport = Transport(http=http, wecom_base_url=url, smtp=smtp or SmtpSettings())
        return dispatch_once(sessions, clock=clock, policy=policy, transport=transport,
                             is_working_day=is_working_day, holder=holder)


def digests(sessions, clock, *, policy: NotifyPolicy = POLICY, is_working_day=weekdays_only):
    return run_digests(sessions, clock=clock, policy=policy, is_working_day=is_working_day)


def deliveries(sessions, **where) -> list[Delivery]:
    with sessions() as s:
        query = select(Delivery).order_by(Delivery.id)
        for name, value in where.items():
            query = query.where(getattr(Delivery, name) == value)
        return list(s.scalars(query))


def attempts(sessions, delivery_id: int) -> list[DeliveryAttempt]:
    with sessions() as s:
        return list(s.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id)
                              .order_by(DeliveryAttempt.id)))


def message(sessions, dedupe_key: str) -> OutboxMessage:
    with sessions() as s:
        return s.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))


def later(clock, **delta) -> None:
    clock.move_to(clock.now() + timedelta(**delta))


def policy(**changes) -> NotifyPolicy:
    return replace(POLICY, **changes)
