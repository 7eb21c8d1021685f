"""Is this problem already open? Same place, same title (ignoring spaces) — the import's duplicate rule.

Filing by hand only warns: two different problems may share a short title, so the filer may confirm and
file anyway. The problem-list import skips such rows instead (workflow/imports/rows.py).
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import DomainError
from workflow.tickets.models import Ticket
from workflow.tickets.queries import visible_tickets


class PossibleDuplicate(DomainError):
    status = 409
    code = "possible_duplicate"
    message = "该地点已有同一标题的问题尚未销号，请确认不是重复登记"


def same_title(title: str) -> str:
    return re.sub(r"\s+", "", title)


def open_duplicates(session: Session, actor: Actor, *, place_id: int, title: str) -> list[Ticket]:
    """The not-yet-closed tickets the actor can see at ``place_id`` whose title matches ``title``."""
    wanted = same_title(title)
    if not wanted:
        return []
    candidates = session.scalars(visible_tickets(actor).where(Ticket.place_id == place_id, Ticket.state != "closed")
                                 .order_by(Ticket.id))
    return [t for t in candidates if same_title(t.title) == wanted]


def refuse_duplicates(session: Session, actor: Actor, *, place_id: int, title: str) -> None:
    """Raise ``PossibleDuplicate`` naming the open tickets, so the page can link them and ask to confirm."""
    found = open_duplicates(session, actor, place_id=place_id, title=title)
    if found:
        numbers = "、".join(t.number for t in found[:5])
        raise PossibleDuplicate(
            f"该地点已有同一标题的问题尚未销号（{numbers}），请确认不是重复登记；确属新问题可选择“仍然登记”",
            detail={"field": "title", "duplicates": [{"id": t.id, "number": t.number, "title": t.title,
                                                      "state": t.state} for t in found[:5]]})
