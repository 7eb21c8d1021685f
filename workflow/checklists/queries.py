"""Reads of checklists and their items."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from workflow.checklists.models import Checklist, ChecklistItem


def list_checklists(session: Session) -> list[Checklist]:
    return list(session.scalars(select(Checklist).order_by(Checklist.id)))


def search_items(session: Session, checklist_id: str, text: str = "", limit: int = 50) -> list[ChecklistItem]:
    query = select(ChecklistItem).where(ChecklistItem.checklist_id == checklist_id)
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(ChecklistItem.topic.like(like), ChecklistItem.requirement.like(like), ChecklistItem.area.like(like))
        )
    return list(session.scalars(query.order_by(ChecklistItem.position).limit(limit)))


def list_areas(session: Session, *, checklist_id: str | None = None) -> list[str]:
    """The checklist areas (领域, e.g. 责任落实) that the ledger can filter by: of one checklist (the chosen
    campaign's), or of every checklist when no campaign is chosen."""
    query = select(ChecklistItem.area).where(ChecklistItem.area.is_not(None)).distinct()
    if checklist_id is not None:
        query = query.where(ChecklistItem.checklist_id == checklist_id)
    return sorted(session.scalars(query))


def item_ids_in_area(area: str) -> Select:
    """Items of an area and their sub-items: the seeds name the area on the top item only."""
    tree = select(ChecklistItem.id).where(ChecklistItem.area == area).cte("area_items", recursive=True)
    child = select(ChecklistItem.id).where(ChecklistItem.parent_id == tree.c.id, ChecklistItem.area.is_(None))
    tree = tree.union_all(child)
    return select(tree.c.id)


def get_checklist(session: Session, checklist_id: str | None) -> Checklist | None:
    return session.get(Checklist, checklist_id) if checklist_id else None


def get_item(session: Session, item_id: int | None) -> ChecklistItem | None:
    return session.get(ChecklistItem, item_id) if item_id else None
