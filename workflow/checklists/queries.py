"""Reads of checklists and their items."""

from __future__ import annotations

from sqlalchemy import or_, select
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
