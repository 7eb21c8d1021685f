"""More scenery for the screenshots: a pending 延期申请, 约谈 records and a dead letter in the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.channels.models import NotifyChannel
from workflow.deadlines.extensions import ExtensionCreate, request_extension
from workflow.deadlines.local_time import local_date
from workflow.escalation.models import EscalationPolicy, Interview, InterviewTarget
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import Delivery, OutboxMessage
from workflow.outbox.service import enqueue
from workflow.tickets.models import Ticket


def seed_escalation_scenery(session: Session, *, now: datetime) -> None:
    town = session.scalar(select(OrgUnit).where(OrgUnit.kind == "town").order_by(OrgUnit.id))
    operator = session.scalar(select(Person).where(Person.org_unit_id == town.id).order_by(Person.id))
    ticket = session.scalar(select(Ticket).where(Ticket.state == "rectifying", Ticket.due_at > now,
                                                 Ticket.lead_unit_id.in_(select(OrgUnit.id).where(
                                                     OrgUnit.parent_id == town.id)))
                            .order_by(Ticket.due_at))
    if ticket is not None and operator is not None:
        request_extension(session, actor=actor_of(session, operator), ticket_id=ticket.id, now=now,
                          data=ExtensionCreate(reason="连续降雨，道路硬化无法施工", progress="已完成路基平整，待浇筑",
                                               due_on=local_date(ticket.due_at) + timedelta(days=15)))
    policy = session.scalars(select(EscalationPolicy).order_by(EscalationPolicy.id)).first()
    villages = list(session.scalars(select(OrgUnit).where(OrgUnit.kind == "village").order_by(OrgUnit.id).limit(3)))
    for n, (village, status) in enumerate(zip(villages, ("planned", "held", "cancelled"), strict=False)):
        row = Interview(episode_key=f"scenery:{n}", policy_id=policy.id, unit_id=village.id, year=now.year,
                        reason=f"逾期整改不到位：{village.name}村道垃圾未清理", conducted_by="市分管领导",
                        planned_on=local_date(now) + timedelta(days=5 - n * 7), status=status,
                        held_on=local_date(now) - timedelta(days=2) if status == "held" else None,
                        minutes="约谈村党组织书记，要求一周内整改到位。" if status == "held" else "",
                        cancel_reason="已在期限前整改到位" if status == "cancelled" else "",
                        created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        session.add(InterviewTarget(interview_id=row.id, post="village_party_secretary", unit_id=village.id,
                                    label=f"{village.name}党组织书记"))
    channel = NotifyChannel(unit_id=town.id, kind="wecom", name=f"{town.name}整改工作群",
                            config={"key": "0a1b2c3d-4e5f-6789-abcd-ef0123456789", "format": "markdown"},
                            is_active=True, created_at=now, updated_at=now)
    session.add(channel)
    session.flush()
    for n, status in enumerate(("dead", "sent", "pending")):
        enqueue(session, kind="escalation", dedupe_key=f"scenery:escalation:{n}", at=now, unit_id=town.id,
                payload={"interview_id": n, "unit_name": town.name})
        message = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == f"scenery:escalation:{n}"))
        session.add(Delivery(dedupe_key=f"scenery:{n}", kind="message", message_id=message.id, channel_id=channel.id,
                             status=status, attempts={"dead": 6, "sent": 1, "pending": 0}[status], available_at=now,
                             created_at=now, sent_at=now if status == "sent" else None,
                             dead_at=now if status == "dead" else None,
                             last_error="errcode 93000：机器人 key 无效" if status == "dead" else None))
    session.flush()


def seed_justice_scenery(sessions) -> None:
    """A village's second strike in a year, with the consequences seed 002 puts on its backer unit, work team
    and secretary, and a department's own 约谈 — all made by the real sweep on overdue tickets."""
    from workflow.accounts.service import actor_for
    from workflow.clock import LOCAL_TZ
    from workflow.db import transaction
    from workflow.deadlines.policies import DeadlinePolicy
    from workflow.sweep import run_sweep
    from workflow.tickets.filing import file_ticket
    from workflow.tickets.moves import MoveInput, apply_trigger
    from workflow.tickets.schemas import TicketCreate

    def day(text: str) -> datetime:
        return datetime.fromisoformat(f"{text}T09:00").replace(tzinfo=LOCAL_TZ)

    def unit(s, name: str) -> int:
        return s.scalar(select(OrgUnit.id).where(OrgUnit.name == name))

    def late(title: str, place: str, lead: str, filed: str, swept: str) -> None:
        with transaction(sessions) as s:
            inspector = actor_for(s, s.scalar(select(Person.id).where(Person.username == "inspector")))
            data = TicketCreate(title=title, place_id=unit(s, place), lead_unit_id=unit(s, lead),
                                deadline=DeadlinePolicy(kind="working_days", days=5))
            ticket = file_ticket(s, actor=inspector, data=data, now=day(filed))
            apply_trigger(s, actor=inspector, ticket_id=ticket.id, data=MoveInput("assign", ticket.version),
                          now=day(filed))
        run_sweep(sessions, now=day(swept))

    late("村委会门前垃圾桶破损未更换", "龙江东风村", "龙江东风村", "2026-03-02", "2026-03-10")
    late("村道路灯损坏两月未修", "龙江东风村", "龙江东风村", "2026-06-01", "2026-06-09")
    late("村小学围墙破损存在安全隐患", "博鳌东风村", "琼海市教育局", "2026-11-02", "2026-11-10")
