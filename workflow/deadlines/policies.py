"""Deadline policies (整改时限): how a ticket's deadline is computed, as data stored on the ticket.

Seed rules: 001 立行立改 / 整改时间表、路线图 (rule 6), 003 N 个工作日 (rule 11), 001 N 天 (rule 12),
000 一个月内 (rule 13). Relative policies count from the day after 交办 (次日起, practice 1); the
deadline is the end of its last day in Asia/Shanghai.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from workflow.calendar.reader import WorkingCalendar

POLICY_KINDS = {
    "immediate": "立行立改",
    "calendar_days": "自然日",
    "working_days": "工作日",
    "calendar_months": "自然月",
    "fixed_date": "指定日期",
    "timetable": "整改时间表",
}
RELATIVE_KINDS = ("immediate", "calendar_days", "working_days", "calendar_months")
MAX_DAYS = 3660


class MilestoneIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    due_on: date


class DeadlinePolicy(BaseModel):
    kind: Literal["immediate", "calendar_days", "working_days", "calendar_months", "fixed_date", "timetable"]
    days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    months: int | None = Field(default=None, ge=1, le=120)
    due_on: date | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _complete(self):
        if self.kind in ("calendar_days", "working_days") and not self.days:
            raise ValueError(f"“{POLICY_KINDS[self.kind]}”期限必须填写天数（至少 1 天）")
        if self.kind == "immediate" and self.days is None:
            self.days = 0
        if self.kind == "calendar_months" and not self.months:
            raise ValueError("按自然月计算的期限必须填写月数")
        if self.kind == "fixed_date" and self.due_on is None:
            raise ValueError("指定日期的期限必须填写日期")
        if self.kind == "timetable" and not self.milestones:
            raise ValueError("整改时间表至少要有一个节点")
        return self

    @property
    def is_relative(self) -> bool:
        return self.kind in RELATIVE_KINDS

    def label(self) -> str:
        match self.kind:
            case "immediate":
                return "立行立改（当日）" if not self.days else f"立行立改（{self.days}日内）"
            case "calendar_days":
                return f"{self.days}日内（交办次日起算）"
            case "working_days":
                return f"{self.days}个工作日内（交办次日起算）"
            case "calendar_months":
                return f"{self.months}个月内"
            case "fixed_date":
                return f"{self.due_on:%Y年%m月%d日}前"
        return f"整改时间表（{len(self.milestones)}个节点）"

    def stored(self) -> dict:
        """What the ticket keeps: the policy and its label, as JSON."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False) | {"label": self.label()}


def due_day(policy: DeadlinePolicy, start: date, calendar: WorkingCalendar) -> date:
    """The last day of the time limit; ``start`` is the local date of 交办."""
    match policy.kind:
        case "immediate" | "calendar_days":
            return start + timedelta(days=policy.days or 0)
        case "working_days":
            return calendar.add_working_days(start, policy.days or 0)
        case "calendar_months":
            return add_months(start, policy.months or 0)
        case "fixed_date":
            return policy.due_on
    return max(m.due_on for m in policy.milestones)


def add_months(start: date, months: int) -> date:
    """Same day N months later, or the month's last day when that day does not exist (1月31日 → 2月28日)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, month_calendar.monthrange(year, month)[1]))


def policy_of(stored: dict | None) -> DeadlinePolicy | None:
    if not stored:
        return None
    return DeadlinePolicy.model_validate({k: v for k, v in stored.items() if k != "label"})
