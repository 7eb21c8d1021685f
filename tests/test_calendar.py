"""The working-day calendar: seeded from chinese-calendar, corrected by admins, never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.deadline_fixtures import at, file_assigned, reference, ticket
from tests.helpers import file_via_api, login, move
from tests.pages.conftest import sign_in
from workflow.calendar import CalendarNotCovered, WorkingCalendar, is_working_day
from workflow.calendar.service import DayChange, parse_day_file
from workflow.db import transaction
from workflow.deadlines.models import TicketDeadline
from workflow.deadlines.recompute import correct_calendar
from workflow.errors import InvalidInput
from workflow.tickets.models import TicketEvent


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    return world


def test_make_up_workdays_and_holidays_come_from_the_package(sessions, ready):
    with sessions() as s:
        assert is_working_day(s, date(2026, 10, 10))      # 国庆调休 Saturday
        assert is_working_day(s, date(2026, 9, 20))       # 国庆调休 Sunday
        assert is_working_day(s, date(2026, 10, 8))       # the Thursday after the holiday
        assert not is_working_day(s, date(2026, 10, 1))   # 国庆节
        assert not is_working_day(s, date(2026, 10, 11))  # an ordinary Sunday


def test_an_uncovered_year_is_an_error_for_working_day_arithmetic(sessions, ready):
    with sessions() as s:
        calendar = WorkingCalendar(s)
        with pytest.raises(CalendarNotCovered) as info:
            calendar.add_working_days(date(2026, 12, 24), 10)
        assert info.value.year == 2027 and "2027年的工作日历尚未导入" in info.value.message
        with pytest.raises(CalendarNotCovered):
            is_working_day(s, date(2027, 1, 4))


def test_assigning_into_an_uncovered_year_is_refused_with_a_clear_message(client, sessions, ready):
    office = login(client, "office")
    t = file_via_api(client, office, ready, due_on=None, deadline={"kind": "working_days", "days": 30})
    r = move(client, office, t, "assign")
    assert r.status_code == 422
    assert r.json()["code"] == "calendar_not_covered" and "2027年" in r.json()["message"]
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()["state"] == "found"


def test_the_api_warns_while_next_years_calendar_is_missing(client, ready):
    r = client.get("/api/v1/calendar/coverage", headers=login(client, "village"))
    assert r.status_code == 200
    assert r.json()["last_year"] == 2026
    assert any("2027年的工作日历尚未导入" in w for w in r.json()["warnings"])


def test_importing_next_years_notice_covers_it(sessions, ready):
    changes = parse_day_file("# 国务院办公厅关于2027年部分节假日安排的通知\ndate,kind,note\n"
                             "2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n")
    with transaction(sessions) as s:
        correct_calendar(s, changes=changes, source="import", now=at("2026-11-24"), cover_new_years=True)
    with sessions() as s:
        assert not is_working_day(s, date(2027, 1, 1))
        assert is_working_day(s, date(2027, 2, 6))
        assert WorkingCalendar(s).add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_a_bad_import_line_names_the_line():
    with pytest.raises(InvalidInput) as info:
        parse_day_file("2027-01-01,holiday\n2027-13-01,holiday\n")
    assert "第2行" in info.value.message


def test_correcting_a_day_recomputes_working_day_deadlines_not_yet_past(sessions, ready):
    moving = file_assigned(sessions, ready, when=at("2026-11-24"), deadline={"kind": "working_days", "days": 5})
    fixed = file_assigned(sessions, ready, when=at("2026-11-24"), due_on="2026-12-01")
    past = file_assigned(sessions, ready, when=at("2026-11-02"), deadline={"kind": "working_days", "days": 2})
    assert ticket(sessions, moving).due_at == datetime(2026, 12, 1, 15, 59, 59, tzinfo=UTC)
    with transaction(sessions) as s:
        # 11月3日 lies inside the past ticket's window: a deadline already past is not moved.
        report = correct_calendar(s, changes=[DayChange(date(2026, 11, 26), False, "临时放假"),
                                              DayChange(date(2026, 11, 3), False, "补记放假")],
                                  source="manual", now=at("2026-11-24", 12))
    assert [m.ticket_id for m in report.moved] == [moving]
    assert ticket(sessions, moving).due_at == datetime(2026, 12, 2, 15, 59, 59, tzinfo=UTC)
    assert ticket(sessions, moving).original_due_at == ticket(sessions, moving).due_at
    assert ticket(sessions, fixed).due_at == datetime(2026, 12, 1, 15, 59, 59, tzinfo=UTC)
    assert ticket(sessions, past).due_at == datetime(2026, 11, 4, 15, 59, 59, tzinfo=UTC)
    with sessions() as s:
        history = s.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id == moving)
                            .order_by(TicketDeadline.id)).all()
        (event,) = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == moving,
                                                       TicketEvent.trigger == "deadline_recomputed")).all()
    assert [h.reason for h in history] == ["assigned", "calendar_corrected"]
    assert history[0].superseded_at is not None and history[1].superseded_at is None
    assert event.payload["previous_due_at"] == "2026-12-01T15:59:59+00:00"


def test_only_an_admin_may_correct_the_calendar_over_the_api(client, ready):
    body = {"kind": "holiday", "note": "临时放假"}
    assert client.put("/api/v1/calendar/days/2026-11-26", json=body,
                      headers=login(client, "office")).status_code == 403
    r = client.put("/api/v1/calendar/days/2026-11-26", json=body, headers=login(client, "admin"))
    assert r.status_code == 200 and r.json()["changed_days"] == ["2026-11-26"]
    days = client.get("/api/v1/calendar/2026", headers=login(client, "village")).json()
    assert {"day": "2026-11-26", "is_working": False, "note": "临时放假", "source": "manual"} in days
    assert client.get("/api/v1/calendar/2030", headers=login(client, "village")).status_code == 422


def test_the_home_page_warns_the_managers_while_next_years_calendar_is_missing(client, ready):
    assert "工作日历尚未导入" not in client.get("/").text  # the anonymous landing page says nothing of the ledger
    r = sign_in(client, "office").get("/")
    assert r.status_code == 200 and "2027年的工作日历尚未导入" in r.text
    assert "zhenggai calendar" not in r.text  # words for a reader, not a shell command
