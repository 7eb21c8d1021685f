"""Filling and correcting the calendar: from the chinese-calendar package, from a file, or day by day.

Seeding never overwrites a year that is already covered, so an admin's corrections survive package
upgrades. Changes return the days that actually changed, so deadlines computed from working days
can be recomputed (``workflow.deadlines.recompute``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workflow.calendar.models import CalendarDay, CalendarYear
from workflow.errors import CalendarNotCovered, InvalidInput

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
KIND_WORDS = {"workday": True, "working": True, "上班": True, "工作日": True,
              "holiday": False, "rest": False, "放假": False, "休息日": False, "节假日": False}


@dataclass(frozen=True)
class DayChange:
    day: date
    is_working: bool
    note: str = ""


def package_years() -> range:
    years = sorted({d.year for d in chinese_calendar.constants.holidays})
    return range(years[0], years[-1] + 1)


def covered_years(session: Session) -> list[int]:
    return list(session.scalars(select(CalendarYear.year).order_by(CalendarYear.year)))


def seed_from_package(session: Session, *, now: datetime, years: range | list[int] | None = None) -> list[int]:
    """Cover every year the installed package knows and the database does not yet; return those years."""
    have = set(covered_years(session))
    added = []
    for year in years if years is not None else package_years():
        if year in have or year not in package_years():
            continue
        days = [_package_day(day) for day in _days_of(year)]
        _insert_year(session, year, days, source="package", note="chinese-calendar 软件包", now=now)
        added.append(year)
    return added


def set_days(session: Session, changes: list[DayChange], *, source: str, now: datetime,
             actor_id: int | None = None, cover_new_years: bool = False) -> list[DayChange]:
    """Apply corrections; a new year is created (weekdays working) only when ``cover_new_years``.

    Returns the changes that altered a stored day.
    """
    have = set(covered_years(session))
    for year in sorted({c.day.year for c in changes} - have):
        if not cover_new_years:
            raise CalendarNotCovered(year)
        default = [DayChange(d, d.weekday() < 5) for d in _days_of(year)]
        _insert_year(session, year, default, source=source, note="按国务院办公厅通知导入", now=now)
    changed = []
    for change in changes:
        row = session.get(CalendarDay, change.day)
        if row.is_working == change.is_working and (not change.note or row.note == change.note):
            continue
        if row.is_working != change.is_working:
            changed.append(change)
            ordinary = change.is_working == (change.day.weekday() < 5)
            row.note = change.note or ("" if ordinary else "管理员调整")
        else:
            row.note = change.note
        row.is_working = change.is_working
        row.source = source
        row.updated_at = now
        row.updated_by_id = actor_id
    session.flush()
    return changed


def parse_day_file(text: str) -> list[DayChange]:
    """Lines ``YYYY-MM-DD,workday|holiday[,note]``; blank lines, ``#`` comments and a header are skipped."""
    changes = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not row[0].strip() or row[0].strip().startswith("#") or row[0].strip().lower() == "date":
            continue
        try:
            day = date.fromisoformat(row[0].strip())
            working = KIND_WORDS[row[1].strip().lower()]
        except (ValueError, IndexError, KeyError) as exc:
            raise InvalidInput(f"第{number}行格式有误，应为“日期,workday 或 holiday,说明”：{','.join(row)}",
                               detail={"line": number}) from exc
        changes.append(DayChange(day, working, row[2].strip()[:100] if len(row) > 2 else ""))
    if not changes:
        raise InvalidInput("文件中没有任何日期")
    return changes


def _package_day(day: date) -> DayChange:
    working = chinese_calendar.is_workday(day)
    _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    note = HOLIDAY_NAMES.get(name, name or "") if name else ""
    if working and note:
        note = f"{note}调休上班"
    return DayChange(day, working, note)


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def _insert_year(session: Session, year: int, days: list[DayChange], *, source: str, note: str,
                 now: datetime) -> None:
    session.add(CalendarYear(year=year, source=source, note=note, loaded_at=now))
    session.flush()
    session.execute(insert(CalendarDay), [
        {"day": d.day, "is_working": d.is_working, "note": d.note, "source": source, "updated_at": now,
         "updated_by_id": None} for d in days])
