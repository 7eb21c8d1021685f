"""My tickets (most urgent first, with lights), what I filed, and the verification queue."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.conftest import START
from tests.deadline_fixtures import reference
from tests.pages.factory import make_ticket

EARLIER = START - timedelta(days=10)


def test_my_tickets_puts_the_most_urgent_first_with_red_and_yellow_lights(browser_as, world, app, sessions):
    reference(sessions, years=(2026, 2027))  # yellow = within 3 working days (issue 3), so the calendar is needed
    store = app.state.store
    make_ticket(sessions, world, store, title="下月到期", state="rectifying", due_on=date(2026, 12, 20))
    make_ticket(sessions, world, store, title="已经逾期", state="assigned", due_on=date(2026, 11, 23), at=EARLIER)
    make_ticket(sessions, world, store, title="三天内到期", state="rectifying", due_on=date(2026, 11, 26))
    make_ticket(sessions, world, store, title="没有期限", state="rectifying", due_on=None)
    make_ticket(sessions, world, store, title="已经验收", state="verified", due_on=date(2026, 11, 20), at=EARLIER)
    make_ticket(sessions, world, store, title="博鳌的问题", state="assigned", place="chaolie", lead="chaolie")
    page = browser_as("town").get("/my/tickets").text
    titles = re.findall(r'class="title"><a href="/tickets/\d+">([^<]+)</a>', page)
    assert titles == ["已经逾期", "三天内到期", "下月到期", "没有期限"]
    rows = page.split('class="title"')[1:]
    assert "light-red" in rows[0] and "light-yellow" in rows[1] and "light-green" in rows[2]
    assert "light-" not in rows[3].split("</tr>")[0]
    assert "2026-11-23" in rows[0]


def test_what_i_filed_lists_only_my_findings(browser_as, world, app, sessions):
    make_ticket(sessions, world, app.state.store, title="李督查登记的")
    page = browser_as("inspector").get("/my/filed").text
    assert "李督查登记的" in page
    assert "您还没有登记过问题" in browser_as("inspector2").get("/my/filed").text


def test_the_queue_shows_submissions_with_finding_photos_beside_this_rounds_evidence(browser_as, world, app,
                                                                                     sessions):
    waiting = make_ticket(sessions, world, app.state.store, title="待验收的问题", state="submitted")
    make_ticket(sessions, world, app.state.store, title="还在整改的问题", state="rectifying")
    page = browser_as("inspector").get("/verify").text
    assert "待验收的问题" in page and "还在整改的问题" not in page
    card = page[page.index(f'id="verify-{waiting}"'):]
    found, rectified = card.split("发现问题时")[1].split("整改后（本轮）")
    assert found.count("/thumb") == 1 and rectified.split("verdicts")[0].count("/thumb") == 1
    assert "整改情况：已清理" in card
    assert 'name="trigger" value="verify"' in card and 'name="trigger" value="reject"' in card
    assert re.search(r'<textarea name="comment" rows="2" required>', card)  # the reason is required
    # The town sees its submission waiting, without the verdict forms.
    town_page = browser_as("town").get("/verify").text
    assert "待验收的问题" in town_page and 'value="verify"' not in town_page


def test_without_the_years_calendar_the_list_says_so_to_the_office_and_shows_no_yellow(browser_as, world, app,
                                                                                      sessions):
    make_ticket(sessions, world, app.state.store, title="三天内到期", state="rectifying", due_on=date(2026, 11, 26))
    page = browser_as("town").get("/my/tickets").text
    assert "工作日历尚未导入" not in page  # the village cannot import a calendar: the managers are told
    assert "light-yellow" not in page.split("<tbody>")[1]
    assert "2026年或次年的工作日历尚未导入" in browser_as("office").get("/ledger").text
