"""Checklists and their items, text exactly as in the seeds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base


class Checklist(Base):
    __tablename__ = "checklist"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str | None] = mapped_column(String(300))
    issued_on: Mapped[date | None]
    source_file: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[str | None] = mapped_column(Text)


class ChecklistItem(Base):
    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[str] = mapped_column(ForeignKey("checklist.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_item.id"))
    code: Mapped[str] = mapped_column(String(40))
    area: Mapped[str | None] = mapped_column(String(300))
    topic: Mapped[str | None] = mapped_column(String(300))
    requirement: Mapped[str | None] = mapped_column(Text)
    points: Mapped[float | None] = mapped_column(Float)
    responsible_units: Mapped[list] = mapped_column(JSON, default=list)
    cadence: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
