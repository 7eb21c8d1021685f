"""The campaign's own timeline (campaign_event): draws of a sample, deductions changed, bonus points proposed
and decided.

Append-only like the ticket timeline (the database refuses UPDATE and DELETE, migration 0019), written
by the service that made the change in the same transaction, never by ORM events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from workflow.actor import Actor
from workflow.db import Base, UTCDateTime

EVENT_KINDS = {
    "sample_drawn": "抽样",
    "deduction_changed": "扣分",
    "bonus_proposed": "申报加分",
    "bonus_approved": "加分审核通过",
    "bonus_refused": "加分不予认定",
}


class CampaignEvent(Base):
    __tablename__ = "campaign_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict | None] = mapped_column(JSON)

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)


def record(session: Session, *, campaign_id: int, kind: str, actor: Actor, at: datetime, summary: str,
           data: dict | None = None) -> CampaignEvent:
    event = CampaignEvent(campaign_id=campaign_id, kind=kind, actor_id=actor.person_id, at=at, summary=summary[:500],
                          data=data)
    session.add(event)
    session.flush()
    return event


def events_of(session: Session, campaign_id: int, *, kinds: tuple[str, ...] | None = None) -> list[CampaignEvent]:
    query = select(CampaignEvent).where(CampaignEvent.campaign_id == campaign_id)
    if kinds:
        query = query.where(CampaignEvent.kind.in_(kinds))
    return list(session.scalars(query.order_by(CampaignEvent.id)))
