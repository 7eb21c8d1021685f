"""Which years the calendar covers, and the warnings to show while next year's is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from workflow.calendar.service import covered_years

# The State Council publishes next year's holidays in October or November; warn from October on.
WARN_NEXT_YEAR_FROM_MONTH = 10


@dataclass
class Coverage:
    years: list[int]
    warnings: list[str] = field(default_factory=list)

    @property
    def first_year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def last_year(self) -> int | None:
        return self.years[-1] if self.years else None


def coverage(session: Session, *, today: date) -> Coverage:
    years = covered_years(session)
    result = Coverage(years=years)
    if today.year not in years:
        result.warnings.append(f"{today.year}年的工作日历尚未导入：按工作日计算的期限、提醒和红黄灯无法计算")
    if today.month >= WARN_NEXT_YEAR_FROM_MONTH and today.year + 1 not in years:
        result.warnings.append(
            f"{today.year + 1}年的工作日历尚未导入：跨入{today.year + 1}年的工作日期限将无法计算，"
            f"请系统管理员在国务院办公厅公布节假日安排后及时导入")
    return result
