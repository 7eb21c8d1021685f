"""Pages charge a ticket to its lead unit (issue 10): a department's overdue ticket placed in a town is
neither the town's item on 我的问题, nor offered to it for 申请延期, nor held against it on the 红黑榜."""

from __future__ import annotations

import re
from datetime import date, datetime

from tests.deadline_fixtures import reference
from tests.pages.factory import make_ticket
from workflow.clock import LOCAL_TZ


def _titles(page: str) -> list[str]:
    return re.findall(r'class="title"><a href="/tickets/\d+">([^<]+)</a>', page)


def test_a_towns_pages_leave_a_departments_ticket_to_the_department(browser_as, world, app, sessions, clock):
    reference(sessions, years=(2026, 2027))
    store = app.state.store
    make_ticket(sessions, world, store, title="朝烈村道路破损", state="verified", place="chaolie", lead="chaolie")
    school = make_ticket(sessions, world, store, title="村小学围墙破损", state="rectifying", place="chaolie",
                         lead="education", operator="edu", due_on=date(2026, 12, 10))
    own = make_ticket(sessions, world, store, title="朝烈村垃圾清运", state="rectifying", place="chaolie",
                      lead="chaolie", due_on=date(2026, 12, 20))

    clock.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL_TZ))  # both still before their deadlines
    boao, edu = browser_as("boao"), browser_as("edu")
    assert _titles(boao.get("/my/tickets").text) == ["朝烈村垃圾清运"]
    assert _titles(edu.get("/my/tickets").text) == ["村小学围墙破损"]
    assert "申请延期" not in boao.get(f"/tickets/{school}").text  # the town may see it, not act on it
    assert "申请延期" in edu.get(f"/tickets/{school}").text
    assert "申请延期" in boao.get(f"/tickets/{own}").text

    clock.move_to(datetime(2026, 12, 15, 9, 0, tzinfo=LOCAL_TZ))  # the school's deadline has passed
    assert "申请延期" not in edu.get(f"/tickets/{school}").text  # too late: the service would refuse it
    office = browser_as("office").get("/stats").text
    black = office[office.index('class="board black-board"'):office.index("排名与进度统计表")]
    red = office[office.index('class="board red-board"'):office.index('class="board black-board"')]
    assert "琼海市教育局" in black and "博鳌镇" not in black
    assert "博鳌镇" in red
    town_view = boao.get("/stats").text
    assert "琼海市教育局" not in town_view and "博鳌镇" in town_view
