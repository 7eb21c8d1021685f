"""Tickets, their co-responsible units, the append-only event timeline and evidence files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, UTCDateTime

SOURCES = {
    "inspection": "督查",
    "covert": "暗访",
    "audit": "审计",
    "tour": "巡视",
    "media": "媒体舆情",
    "self_check": "自查",
    "public": "群众反映",
}

SEVERITIES = {"general": "一般", "serious": "较重", "major": "严重"}

RESOLUTIONS = {"rectified": "整改销号", "ongoing": "持续整改", "void": "作废"}

# Findings about stationed cadres that seed 003's 约谈 rule reacts to (rules.md 3).
FINDING_CATEGORIES = {"absent_without_reason": "驻村干部无故缺岗", "unfamiliar": "驻村干部对工作不熟、情况不明"}

LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}

EVIDENCE_STAGES = {"found": "发现问题", "rectified": "整改后", "verification": "验收时"}


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        Index("ix_ticket_state_due_at", "state", "due_at"),
        Index("ix_ticket_lead_unit_state", "lead_unit_id", "state"),
        # Issue 15: the statistics' live overdue counts, index-only (workflow/ledger/summary_stats.py).
        Index("ix_ticket_open_due", "state", "due_at", "lead_unit_id", "campaign_id"),
        Index("ix_ticket_open_original_due", "state", "original_due_at", "lead_unit_id", "campaign_id"),
        # The ledger's and the half-year bulletin's 发现日期 range (found_from / found_to).
        Index("ix_ticket_found_at", "found_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    checklist_item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_item.id"))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    responsible_leader_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    source: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20), default="general")
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    found_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 签收 limit of the latest 交办 (workflow/acceptance/limits.py); the rectification deadline ignores it.
    accept_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline policy as given (workflow/deadlines/policies.py), with its label.
    deadline_rule: Mapped[dict | None] = mapped_column(JSON)
    # The light the last sweep saw; reads compute it live (workflow/deadlines/lights.py).
    light: Mapped[str | None] = mapped_column(String(10), index=True)
    finding_category: Mapped[str | None] = mapped_column(String(40), index=True)
    # The cadre a finding is about (seed 003), as opposed to the person responsible for fixing it.
    subject_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    state: Mapped[str] = mapped_column(String(20), default="found", index=True)
    awaiting_verification: Mapped[bool] = mapped_column(default=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    round: Mapped[int] = mapped_column(default=1)
    rework_count: Mapped[int] = mapped_column(default=0)
    return_count: Mapped[int] = mapped_column(default=0)
    plan: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(20))
    # 持续整改/挂账 (workflow/outcomes/): the local date the sweep brings the ticket back for review.
    review_on: Mapped[date | None] = mapped_column(index=True)
    # 立行立改: filed already fixed during the visit (found and closed in one step).
    on_the_spot: Mapped[bool] = mapped_column(default=False, server_default=false())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    co_units: Mapped[list[TicketCoUnit]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def co_unit_ids(self) -> list[int]:
        return [c.org_unit_id for c in self.co_units]


class TicketCoUnit(Base):
    """配合单位: units that help the lead unit; the lead unit alone drives the state."""

    __tablename__ = "ticket_co_unit"
    __table_args__ = (UniqueConstraint("ticket_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)


class TicketNumberCounter(Base):
    """Per prefix and year, the last number handed out; one row lock keeps numbers unique and gapless."""

    __tablename__ = "ticket_number_counter"
    __table_args__ = (UniqueConstraint("prefix", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)


class TicketEvent(Base):
    """Append-only: database triggers refuse UPDATE and DELETE (see the first migration).

    Hash-chained per ticket (``workflow/audit/chain.py``): ``seq`` counts the ticket's events from 1, and
    the unique (ticket_id, seq) makes two writers that read the same predecessor fail loudly, not fork.
    """

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ux_ticket_event_ticket_id_seq", "ticket_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    trigger: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    seq: Mapped[int]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Evidence(Base):
    """A file attached to an event, stored under the data dir by its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ticket_event.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(default=1)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FilingKey(Base):
    """The one-time token of a filing form (or an API Idempotency-Key): a doubled or replayed post files once.

    Claimed in the filing's own transaction, before the ticket is made; the unique (person, key) makes a
    second, concurrent post of the same form wait for the first and then find its ticket.
    """

    __tablename__ = "filing_key"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    key: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MoveDraft(Base):
    """What someone typed into a move form that was refused because the ticket had changed meanwhile.

    Kept on the server (a session cookie cannot hold a long 整改措施) and shown again in the ticket's
    forms while the ticket is still at ``version``; a later successful move by the same person drops it.
    """

    __tablename__ = "move_draft"
    __table_args__ = (UniqueConstraint("person_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    version: Mapped[int]
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
