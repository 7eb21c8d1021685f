"""Domain errors carry an HTTP status, a code and a Chinese message; ``web/errors.py`` maps them once.

DomainError
├── NotFound            404  未找到或无权查看 (also what an invisible record answers)
├── NotAuthenticated    401  请先登录
├── PermissionDenied    403  for actions on visible records the role may not take
├── InvalidInput        422  bad input, with the field concerned
│   └── CalendarNotCovered 422 working-day arithmetic reached a year the calendar does not cover
├── TransitionRefused   409  the machine said no, with every reason
└── ConcurrentChange    409  someone else changed the ticket first (optimistic lock)
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "error"
    message = "请求有误"

    def __init__(self, message: str | None = None, detail: Any = None):
        self.message = message or type(self).message
        self.detail = detail
        super().__init__(self.message)


class NotFound(DomainError):
    status = 404
    code = "not_found"
    message = "未找到或无权查看"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    message = "请先登录"


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    message = "您无权执行此操作"


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"
    message = "输入有误"


class TransitionRefused(DomainError):
    status = 409
    code = "transition_refused"
    message = "当前不能执行此操作"


class ConcurrentChange(DomainError):
    status = 409
    code = "concurrent_change"
    message = "该问题已被他人修改，请刷新后重试"


class CalendarNotCovered(InvalidInput):
    """Working days were asked of a year with no calendar: an error, never a guess (issue 3)."""

    code = "calendar_not_covered"
    message = "工作日历未覆盖该年度"

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的工作日历尚未导入，无法按工作日计算。请系统管理员在国务院办公厅公布节假日安排后，"
            f"导入{year}年的放假和调休安排",
            detail={"year": year},
        )
