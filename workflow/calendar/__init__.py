"""The Chinese working-day calendar (工作日, incl. 调休), stored in the database (issue 3)."""

from workflow.calendar.reader import WorkingCalendar, is_working_day
from workflow.errors import CalendarNotCovered

__all__ = ["CalendarNotCovered", "WorkingCalendar", "is_working_day"]
