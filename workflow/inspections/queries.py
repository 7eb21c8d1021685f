"""Reads of inspections: the scoped lookup, and the walk (leaf items grouped by area, with their marks).

An inspection is visible when both its campaign and its place are: another town's walk answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import get_campaign
from workflow.checklists.models import ChecklistItem
from workflow.errors import NotFound
from workflow.inspections.models import MARKS, Inspection, InspectionMark, InspectionPhoto
from workflow.inspections.schemas import InspectionRead, MarkRead
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets.models import Ticket


def get_inspection(session: Session, actor: Actor, inspection_id: int) -> tuple[Inspection, Campaign]:
    inspection = session.scalar(select(Inspection).where(Inspection.id == inspection_id,
                                                         Inspection.place_id.in_(visible_unit_ids(actor))))
    if inspection is None:
        raise NotFound("检查记录不存在或无权查看")
    return inspection, get_campaign(session, actor, inspection.campaign_id)


def find_for_place(session: Session, campaign_id: int, place_id: int) -> Inspection | None:
    return session.scalar(select(Inspection).where(Inspection.campaign_id == campaign_id,
                                                   Inspection.place_id == place_id))


def walk_items(session: Session, checklist_id: str) -> list[tuple[str, ChecklistItem]]:
    """The items one marks — those without sub-items — in checklist order, each with its area.

    The seeds name the area on the top item only, so a leaf inherits its nearest ancestor's.
    """
    items = list(session.scalars(select(ChecklistItem).where(ChecklistItem.checklist_id == checklist_id)
                                 .order_by(ChecklistItem.position)))
    by_id = {i.id: i for i in items}
    parents = {i.parent_id for i in items if i.parent_id is not None}

    def area_of(item: ChecklistItem) -> str:
        while item is not None:
            if item.area:
                return item.area
            item = by_id.get(item.parent_id)
        return "其他"

    return [(area_of(i), i) for i in items if i.id not in parents]


def item_context(session: Session, item: ChecklistItem) -> str:
    """The topic of the item's nearest ancestor that has one (e.g. 行业部门责任落实方面), for the card."""
    node = item
    while node is not None:
        if node.topic:
            return node.topic
        node = session.get(ChecklistItem, node.parent_id) if node.parent_id else None
    return ""


@dataclass
class WalkItem:
    item: ChecklistItem
    context: str
    mark: MarkRead | None


@dataclass
class WalkGroup:
    area: str
    items: list[WalkItem] = field(default_factory=list)


@dataclass
class Walk:
    inspection: Inspection
    campaign: Campaign
    place: OrgUnit
    groups: list[WalkGroup]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def marked(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.mark)

    @property
    def failed(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.mark and i.mark.mark == "fail")


def marks_of(session: Session, inspection: Inspection | int) -> dict[int, MarkRead]:
    inspection_id = inspection if isinstance(inspection, int) else inspection.id
    photos = (select(InspectionPhoto.mark_id, func.count().label("n")).group_by(InspectionPhoto.mark_id)
              .subquery())
    rows = session.execute(
        select(InspectionMark, ChecklistItem.code, Ticket.number, Ticket.state, photos.c.n)
        .join(ChecklistItem, ChecklistItem.id == InspectionMark.checklist_item_id)
        .outerjoin(Ticket, Ticket.id == InspectionMark.ticket_id)
        .outerjoin(photos, photos.c.mark_id == InspectionMark.id)
        .where(InspectionMark.inspection_id == inspection_id)
    ).all()
    return {m.checklist_item_id: MarkRead(
        checklist_item_id=m.checklist_item_id, code=code, mark=m.mark, mark_label=MARKS[m.mark], note=m.note,
        ticket_id=m.ticket_id, ticket_number=number, ticket_state=state, photo_count=n or 0, deduction=m.deduction,
        marked_by_id=m.marked_by_id, marked_at=m.marked_at) for m, code, number, state, n in rows}


def read_mark(session: Session, mark: InspectionMark) -> MarkRead:
    return marks_of(session, mark.inspection_id)[mark.checklist_item_id]


def read_inspection(session: Session, actor: Actor, inspection_id: int) -> InspectionRead:
    inspection, campaign = get_inspection(session, actor, inspection_id)
    marks = marks_of(session, inspection)
    count = len(walk_items(session, campaign.checklist_id)) if campaign.checklist_id else 0
    return InspectionRead.model_validate(inspection).model_copy(
        update={"item_count": count, "marks": sorted(marks.values(), key=lambda m: m.checklist_item_id)})


def walk(session: Session, actor: Actor, inspection_id: int) -> Walk:
    inspection, campaign = get_inspection(session, actor, inspection_id)
    marks = marks_of(session, inspection)
    groups: dict[str, WalkGroup] = {}
    for area, item in walk_items(session, campaign.checklist_id) if campaign.checklist_id else []:
        group = groups.setdefault(area, WalkGroup(area))
        group.items.append(WalkItem(item, item_context(session, item), marks.get(item.id)))
    return Walk(inspection, campaign, session.get(OrgUnit, inspection.place_id), list(groups.values()))


def inspections_of(session: Session, actor: Actor, campaign_id: int) -> list[tuple[Inspection, OrgUnit]]:
    """The campaign's walks the actor may see, with their places, newest first."""
    rows = session.execute(
        select(Inspection, OrgUnit).join(OrgUnit, OrgUnit.id == Inspection.place_id)
        .where(Inspection.campaign_id == campaign_id, Inspection.place_id.in_(visible_unit_ids(actor)))
        .order_by(Inspection.id.desc()))
    return [(i, u) for i, u in rows.all()]
