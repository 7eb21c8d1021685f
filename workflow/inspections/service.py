"""The checklist walk: start (or resume) an inspection, mark items, add photos, finish.

Every mark is saved on its own as the inspector goes (the phone may lose signal between items), so
each call is idempotent: marking an item again updates its row; a 不符合 files its ticket once, through
the normal filing and move services (events and outbox as for any ticket), and never twice — the
mark row is locked while the ticket is filed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns import events
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import get_campaign
from workflow.checklists.models import ChecklistItem
from workflow.db import insert_ignoring_conflict
from workflow.deadlines.policies import policy_of
from workflow.errors import InvalidInput, PermissionDenied
from workflow.inspections.models import Inspection, InspectionMark, InspectionPhoto
from workflow.inspections.queries import find_for_place, get_inspection, item_context
from workflow.inspections.schemas import MarkIn
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import get_visible_unit
from workflow.scoring.caps import checked_deduction, tree_of
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore
from workflow.uploads.checks import check_uploads

WALKERS = ("inspector", "office")
PLACE_KINDS = ("village", "town")
# The ticket's source follows the campaign's kind; an unannounced visit is 暗访.
SOURCE_BY_KIND = {"covert_check": "covert", "self_check": "self_check"}


def ensure_walker(actor: Actor, campaign: Campaign) -> None:
    """Inspectors and the office walk; when the campaign names a team, an inspector must be on it."""
    if not actor.has_any(*WALKERS):
        raise PermissionDenied("只有督查员或领导小组办公室可以逐项检查")
    team = campaign.team_person_ids
    if team and not actor.has_any("office") and actor.person_id not in team:
        raise PermissionDenied("您不是本次督查的检查组成员")


def start_inspection(session: Session, *, actor: Actor, campaign_id: int, place_id: int,
                     now: datetime) -> Inspection:
    """The place's inspection in this campaign: created on the first visit, resumed after that."""
    campaign = get_campaign(session, actor, campaign_id)
    ensure_walker(actor, campaign)
    if not campaign.checklist_id:
        raise InvalidInput("该督查活动未关联督导细则，无法逐项检查", detail={"field": "checklist_id"})
    place = get_visible_unit(session, actor, place_id, what="检查地点")
    if place.kind not in PLACE_KINDS:
        raise InvalidInput("检查地点必须是村（社区）或乡镇", detail={"field": "place_id"})
    scope = [session.get(OrgUnit, uid) for uid in campaign.scope_unit_ids]
    if scope and not any(place.path.startswith(u.path) for u in scope):
        raise InvalidInput(f"{place.name}不在本次督查的范围内", detail={"field": "place_id"})
    insert_ignoring_conflict(session, Inspection, campaign_id=campaign.id, place_id=place.id,
                             inspector_id=actor.person_id, started_at=now)
    return find_for_place(session, campaign.id, place.id)


def finish_inspection(session: Session, *, actor: Actor, inspection_id: int, now: datetime) -> Inspection:
    inspection, campaign = get_inspection(session, actor, inspection_id)
    ensure_walker(actor, campaign)
    if inspection.finished_at is None:
        inspection.finished_at = now
        session.flush()
    return inspection


def mark_item(session: Session, *, actor: Actor, inspection_id: int, item_id: int, data: MarkIn,
              now: datetime, store: EvidenceStore) -> InspectionMark:
    inspection, campaign, item = _open_walk(session, actor, inspection_id, item_id)
    mark = _locked_mark(session, inspection, item, data.mark, actor, now)
    deduction = _deduction(session, inspection, campaign, item, data)
    if mark.ticket_id is not None and data.mark != "fail":
        number = session.get(Ticket, mark.ticket_id).number
        raise InvalidInput(f"该条目已登记为问题 {number}，不能再改为其他结果", detail={"field": "mark"})
    if data.assign and not data.file_ticket and mark.ticket_id is None:
        raise InvalidInput("先登记为问题，才能交办", detail={"field": "assign"})
    mark.mark, mark.note, mark.marked_by_id, mark.marked_at = data.mark, data.note, actor.person_id, now
    if (mark.deduction or 0) != (deduction or 0):
        _record_deduction(session, actor, inspection, item, mark.deduction, deduction, now)
    mark.deduction = deduction
    session.flush()
    if data.file_ticket or (data.assign and mark.ticket_id is not None):
        if data.mark != "fail":
            raise InvalidInput("只有“不符合”的条目可以登记为问题", detail={"field": "mark"})
        ticket = _ticket_of(session, actor, inspection, campaign, item, mark, data, now, store)
        if data.assign and ticket.state == "found":
            apply_trigger(session, actor=actor, ticket_id=ticket.id, now=now,
                          data=MoveInput("assign", ticket.version, comment="逐项检查发现，现场交办"))
    return mark


def _deduction(session: Session, inspection: Inspection, campaign: Campaign, item: ChecklistItem,
               data: MarkIn) -> float | None:
    """The item's 扣分 as it may be stored: within the caps, given what the place's other items deduct."""
    if not data.deduction:
        return checked_deduction(None, item.id, data.deduction, data.mark, {})  # None or 0: no tree needed
    others = dict(session.execute(
        select(InspectionMark.checklist_item_id, InspectionMark.deduction)
        .where(InspectionMark.inspection_id == inspection.id, InspectionMark.checklist_item_id != item.id,
               InspectionMark.deduction.is_not(None))).all())
    return checked_deduction(tree_of(session, campaign.checklist_id), item.id, data.deduction, data.mark, others)


def _record_deduction(session: Session, actor: Actor, inspection: Inspection, item: ChecklistItem,
                      old: float | None, new: float | None, now: datetime) -> None:
    """A score changes only with an event on the campaign's timeline: who changed which item's 扣分, from what."""
    place = session.get(OrgUnit, inspection.place_id)
    events.record(session, campaign_id=inspection.campaign_id, kind="deduction_changed", actor=actor, at=now,
                  summary=f"{place.name} {item.code} 扣分 {old or 0:g} → {new or 0:g} 分",
                  data={"inspection_id": inspection.id, "item_id": item.id, "code": item.code, "from": old,
                        "to": new})


def add_photos(session: Session, *, actor: Actor, inspection_id: int, item_id: int, uploads: list[Upload],
               now: datetime, store: EvidenceStore) -> list[InspectionPhoto]:
    """Photos of a marked item; a photo sent again (a retry after losing signal) is stored once.

    When the item already filed a ticket, new photos also go to the ticket's 发现问题 evidence.
    """
    inspection, _campaign, item = _open_walk(session, actor, inspection_id, item_id)
    mark = session.scalar(select(InspectionMark).where(InspectionMark.inspection_id == inspection.id,
                                                       InspectionMark.checklist_item_id == item.id))
    if mark is None:
        raise InvalidInput("请先选择“符合”“不符合”或“不适用”，再上传照片", detail={"field": "mark"})
    fresh = []
    for upload, checked in zip(uploads, check_uploads(uploads, has_thumbnail=store.has_thumbnail_of), strict=True):
        sha = store.put(checked.content, thumbnail=checked.thumbnail)
        if insert_ignoring_conflict(session, InspectionPhoto, mark_id=mark.id, sha256=sha,
                                    filename=checked.filename, content_type=checked.content_type,
                                    size=len(checked.content), uploaded_by_id=actor.person_id, uploaded_at=now):
            fresh.append(upload)
    if fresh and mark.ticket_id is not None:
        attach_evidence(session, actor=actor, ticket_id=mark.ticket_id, stage="found", uploads=fresh,
                        comment="逐项检查现场照片", now=now, store=store)
    return list(session.scalars(select(InspectionPhoto).where(InspectionPhoto.mark_id == mark.id)
                                .order_by(InspectionPhoto.id)))


def _open_walk(session: Session, actor: Actor, inspection_id: int, item_id: int):
    inspection, campaign = get_inspection(session, actor, inspection_id)
    ensure_walker(actor, campaign)
    if inspection.finished_at is not None:
        raise InvalidInput("本次检查已结束，不能再修改", detail={"field": "inspection"})
    item = session.get(ChecklistItem, item_id)
    if item is None or item.checklist_id != campaign.checklist_id:
        raise InvalidInput("该条目不属于本次督查的督导细则", detail={"field": "checklist_item_id"})
    return inspection, campaign, item


def _locked_mark(session: Session, inspection: Inspection, item: ChecklistItem, mark: str, actor: Actor,
                 now: datetime) -> InspectionMark:
    """The item's row, created if missing and locked, so two saves of one item cannot both file a ticket."""
    insert_ignoring_conflict(session, InspectionMark, inspection_id=inspection.id, checklist_item_id=item.id,
                             mark=mark, note="", marked_by_id=actor.person_id, marked_at=now)
    return session.scalars(
        select(InspectionMark).where(InspectionMark.inspection_id == inspection.id,
                                     InspectionMark.checklist_item_id == item.id)
        .with_for_update().execution_options(populate_existing=True)).one()


def _ticket_of(session: Session, actor: Actor, inspection: Inspection, campaign: Campaign, item: ChecklistItem,
               mark: InspectionMark, data: MarkIn, now: datetime, store: EvidenceStore) -> Ticket:
    if mark.ticket_id is not None:
        return session.get(Ticket, mark.ticket_id)
    ticket = file_ticket(session, actor=actor, now=now, data=TicketCreate(
        title=data.title or default_title(item), description=_description(session, item, mark),
        place_id=inspection.place_id, lead_unit_id=inspection.place_id, campaign_id=campaign.id,
        checklist_item_id=item.id, source=SOURCE_BY_KIND.get(campaign.kind, "inspection"),
        deadline=policy_of(campaign.deadline_rule)))
    mark.ticket_id = ticket.id
    session.flush()
    photos = list(session.scalars(select(InspectionPhoto).where(InspectionPhoto.mark_id == mark.id)
                                  .order_by(InspectionPhoto.id)))
    if photos:
        attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="found", comment="逐项检查现场照片",
                        now=now, store=store,
                        uploads=[Upload(p.filename, p.content_type, store.read(p.sha256)) for p in photos])
    return ticket


def default_title(item: ChecklistItem) -> str:
    """The prefilled title: the item's requirement (or topic), shortened, marked as not met."""
    text = " ".join((item.requirement or item.topic or item.code).split())
    text = text if len(text) <= 60 else text[:59] + "…"
    return f"{text}（不符合）"


def _description(session: Session, item: ChecklistItem, mark: InspectionMark) -> str:
    lines = [f"督导细则 {item.code}　{item_context(session, item)}".rstrip(), item.requirement or ""]
    if mark.note.strip():
        lines.append(f"检查情况：{mark.note.strip()}")
    if mark.deduction:
        lines.append(f"扣分：{mark.deduction:g} 分")
    return "\n".join(line for line in lines if line)
