"""The official working-day calendar: every day of every covered year, and which years are covered.

A year is covered only when a ``calendar_year`` row says so; a day of an uncovered year has no
answer (``CalendarNotCovered``), so working-day arithmetic never guesses at next year's 调休.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

SOURCES = {"package": "chinese-calendar 软件包", "import": "管理员导入", "manual": "管理员修改"}


class CalendarYear(Base):
    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarDay(Base):
    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working: Mapped[bool]
    # Holiday name, or "国庆节调休上班" for a make-up workday; empty on ordinary days.
    note: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))


class CalendarStamp(Base):
    """One row whose ``stamp`` changes (database triggers, migration 0021) whenever a calendar day or year is
    written by anyone: processes keep the calendar in memory and check this one number per request."""

    __tablename__ = "calendar_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(BigInteger)
