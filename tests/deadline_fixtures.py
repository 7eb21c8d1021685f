"""Plain helpers for deadline, reminder and escalation tests: fixed names, fixed dates, frozen time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tests.world import World
from workflow.accounts.service import actor_for, create_person
from workflow.clock import LOCAL_TZ
from workflow.db import transaction
from workflow.deadlines.policies import DeadlinePolicy
from workflow.escalation.models import Interview, Sanction
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import create_unit
from workflow.outbox.models import OutboxMessage
from workflow.reference_data import ensure_reference_data
from workflow.reminders.models import Reminder
from workflow.sweep import run_sweep
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) moment: ``at("2026-10-21")`` is 09:00 that day."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=LOCAL_TZ).replace(
        hour=hour, minute=minute)


def reference(sessions, years=(2025, 2026)) -> None:
    with transaction(sessions) as s:
        ensure_reference_data(s, now=at("2025-01-01"), years=list(years))


def add_posts(sessions, world: World) -> None:
    """The posts seed 002's 约谈 names, around 东风村, plus a backer unit and its work team."""
    with transaction(sessions) as s:
        city, dongfeng, longjiang = (s.get(OrgUnit, world.units[k]) for k in ("city", "dongfeng", "longjiang"))
        backer = create_unit(s, name="琼海市农业农村局", kind="backer_unit", parent=city)
        team = create_unit(s, name="东风村驻村工作队", kind="work_team", parent=backer, serves=dongfeng)
        world.units |= {"backer": backer.id, "team": team.id}
        for key, name, unit, post in [
            ("secretary", "符书记", dongfeng, "village_party_secretary"),
            ("liaison", "吴委员", longjiang, "town_liaison_leader"),
            ("deputy", "林副书记", longjiang, "town_deputy_secretary_rr"),
            ("team_leader", "黄队长", team, "team_leader"),
            ("backer_leader", "郑局长", backer, "backer_unit_leader"),
            ("district_leader", "赵副市长", city, "district_leader_in_charge"),
            ("cadre", "王队员", team, "team_member"),
        ]:
            world.people[key] = create_person(s, name=name, unit=unit, post=post, mobile=None).id


def file_assigned(sessions, world: World, *, when: datetime, deadline: dict | None = None, due_on: str | None = None,
                  title: str = "村道垃圾未清理", place: str = "dongfeng", lead: str | None = None, **extra) -> int:
    with transaction(sessions) as s:
        inspector = actor_for(s, world.people["inspector"])
        data = TicketCreate(title=title, place_id=world.units[place], lead_unit_id=world.units[lead or place],
                            responsible_person_id=world.people["village"] if place == "dongfeng" else None,
                            deadline=DeadlinePolicy(**deadline) if deadline else None,
                            due_on=date.fromisoformat(due_on) if due_on else None, **extra)
        ticket = file_ticket(s, actor=inspector, data=data, now=when)
        apply_trigger(s, actor=inspector, ticket_id=ticket.id, data=MoveInput("assign", ticket.version), now=when)
        return ticket.id


def move(sessions, world: World, ticket_id: int, who: str, trigger: str, *, when: datetime, **kw) -> None:
    with transaction(sessions) as s:
        version = s.get(Ticket, ticket_id).version
        apply_trigger(s, actor=actor_for(s, world.people[who]), ticket_id=ticket_id,
                      data=MoveInput(trigger, version, **kw), now=when)


def sweep(sessions, when: datetime):
    return run_sweep(sessions, now=when)


def ticket(sessions, ticket_id: int) -> Ticket:
    with sessions() as s:
        return s.get(Ticket, ticket_id)


def reminders(sessions, ticket_id: int | None = None) -> list[Reminder]:
    with sessions() as s:
        q = select(Reminder).order_by(Reminder.id)
        if ticket_id is not None:
            q = q.where(Reminder.ticket_id == ticket_id)
        return list(s.scalars(q))


def interviews(sessions) -> list[Interview]:
    with sessions() as s:
        return list(s.scalars(select(Interview).order_by(Interview.id)))


def sanctions(sessions) -> list[Sanction]:
    with sessions() as s:
        return list(s.scalars(select(Sanction).order_by(Sanction.id)))


def outbox(sessions, kind: str) -> list[OutboxMessage]:
    with sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)))
