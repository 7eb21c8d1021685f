"""Filing a problem: the inspector or the office creates a ticket in state ``found``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.campaigns.service import get_campaign
from workflow.checklists.models import ChecklistItem
from workflow.deadlines import service as deadlines
from workflow.deadlines.local_time import local_date
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.orgs.service import get_visible_unit
from workflow.tickets import events
from workflow.tickets.models import Ticket, TicketCoUnit
from workflow.tickets.numbering import next_number
from workflow.tickets.schemas import TicketCreate

FILERS = ("office", "inspector")


def ensure_filer(actor: Actor) -> None:
    """Who may file: the pages ask this before showing the form, the service before filing."""
    if not actor.has_any(*FILERS):
        raise PermissionDenied("只有督查员或领导小组办公室可以登记问题")


def file_ticket(session: Session, *, actor: Actor, data: TicketCreate, now: datetime) -> Ticket:
    ensure_filer(actor)
    place = get_visible_unit(session, actor, data.place_id, what="问题所在地")
    if place.kind not in ("village", "town", "district"):
        raise InvalidInput("问题所在地必须是村（社区）或乡镇", detail={"field": "place_id"})
    lead = get_visible_unit(session, actor, data.lead_unit_id, what="牵头单位") if data.lead_unit_id else None
    co_units = [get_visible_unit(session, actor, uid, what="配合单位") for uid in data.co_unit_ids]
    _check_people(session, actor, data)
    _check_references(session, actor, data)
    district = owning_district(session, place)
    found_at = data.found_at or now
    if found_at.tzinfo is None:
        raise InvalidInput("发现时间必须带时区", detail={"field": "found_at"})
    policy = deadlines.resolve_policy(data.deadline, data.due_on)
    deadlines.check_policy(policy, found_on=local_date(found_at))
    due_at = deadlines.due_at_on_filing(policy, WorkingCalendar(session))
    ticket = Ticket(
        number=next_number(session, prefix=district.code or "ZG", year=local_date(found_at).year),
        title=data.title,
        description=data.description,
        campaign_id=data.campaign_id,
        checklist_item_id=data.checklist_item_id,
        owner_unit_id=district.id,
        place_id=place.id,
        lead_unit_id=lead.id if lead else None,
        responsible_person_id=data.responsible_person_id,
        responsible_leader_id=data.responsible_leader_id,
        source=data.source,
        severity=data.severity,
        found_at=found_at,
        found_by_id=actor.person_id,
        due_at=due_at,
        original_due_at=due_at,
        deadline_rule=policy.stored() if policy else None,
        finding_category=data.finding_category,
        subject_person_id=data.subject_person_id,
        state="found",
        state_changed_at=now,
        created_at=now,
        co_units=[TicketCoUnit(org_unit_id=u.id) for u in co_units],
    )
    session.add(ticket)
    session.flush()
    events.record(
        session, ticket, trigger="file", actor=actor, at=now, to_state="found",
        payload={"number": ticket.number, "due_at": due_at.isoformat() if due_at else None,
                 "deadline_rule": ticket.deadline_rule},
    )
    deadlines.on_filing(session, ticket, policy, actor=actor, now=now)
    return ticket


def owning_district(session: Session, unit: OrgUnit) -> OrgUnit:
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    districts = session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids), OrgUnit.kind == "district"))
    found = sorted(districts, key=lambda u: len(u.path))
    return found[-1] if found else unit


def _check_people(session: Session, actor: Actor, data: TicketCreate) -> None:
    for field, person_id in (
        ("responsible_person_id", data.responsible_person_id),
        ("responsible_leader_id", data.responsible_leader_id),
        ("subject_person_id", data.subject_person_id),
    ):
        if person_id is not None:
            check_visible_person(session, actor, person_id, field=field)


def check_visible_person(session: Session, actor: Actor, person_id: int, *, field: str) -> Person:
    person = session.scalar(
        select(Person).where(Person.id == person_id, Person.org_unit_id.in_(visible_unit_ids(actor)))
    )
    if person is None:
        raise InvalidInput("责任人不存在或不在您的管辖范围内", detail={"field": field})
    return person


def _check_references(session: Session, actor: Actor, data: TicketCreate) -> None:
    if data.campaign_id is not None:
        try:
            get_campaign(session, actor, data.campaign_id)
        except NotFound as exc:
            raise InvalidInput("督查活动不存在", detail={"field": "campaign_id"}) from exc
    if data.checklist_item_id is not None and session.get(ChecklistItem, data.checklist_item_id) is None:
        raise InvalidInput("督导细则条目不存在", detail={"field": "checklist_item_id"})
