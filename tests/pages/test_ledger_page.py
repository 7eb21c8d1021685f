"""The ledger: filters, keyset pages and a bounded count; the stats page: chart data, ranking, red/black list."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from tests.conftest import START
from tests.pages.factory import make_ticket
from workflow.accounts.service import actor_for
from workflow.ledger import browse
from workflow.tickets.queries import TicketFilters

EARLIER = START - timedelta(days=10)


def _boards(html: str) -> tuple[str, str]:
    red = html[html.index('class="board red-board"'):html.index('class="board black-board"')]
    black = html[html.index('class="board black-board"'):html.index("排名与进度统计表")]
    return red, black


def _titles(html: str) -> list[str]:
    return re.findall(r'class="title"><a href="/tickets/\d+">([^<]+)</a>', html)


def test_ledger_filters_by_state_town_overdue_source_and_text(browser_as, world, app, sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="东风村逾期", state="rectifying", due_on=date(2026, 11, 20), at=EARLIER)
    make_ticket(sessions, world, store, title="东风村已销号", state="closed")
    make_ticket(sessions, world, store, title="朝烈村暗访", state="assigned", place="chaolie", lead="chaolie",
                source="covert")
    client = browser_as("office")
    assert set(_titles(client.get("/ledger").text)) == {"东风村逾期", "东风村已销号", "朝烈村暗访"}
    assert _titles(client.get("/ledger?state=closed").text) == ["东风村已销号"]
    assert _titles(client.get(f"/ledger?unit_id={world.units['boao']}").text) == ["朝烈村暗访"]
    assert _titles(client.get("/ledger?overdue=1").text) == ["东风村逾期"]
    assert _titles(client.get("/ledger?source=covert").text) == ["朝烈村暗访"]
    page = client.get("/ledger?q=销号&state=closed").text
    assert _titles(page) == ["东风村已销号"] and 'value="销号"' in page and 'value="closed" selected' in page
    assert "共 <b>1</b> 个问题" in page


def test_ledger_filters_by_checklist_area_including_sub_items(browser_as, world, app, sessions, session):
    from workflow.checklists.loader import load_checklist_file
    from workflow.checklists.models import ChecklistItem
    from workflow.seeddata import CHECKLIST_DIR

    load_checklist_file(session, CHECKLIST_DIR / "qionghai-2022-five-comparisons.json")
    session.commit()
    child = session.query(ChecklistItem).filter_by(code="1-2").one()  # area is named on its parent "1" only
    assert child.area is None
    child_id = child.id
    session.rollback()  # end the read: on SQLite an open write session would hold the lock
    make_ticket(sessions, world, app.state.store, title="体外循环", checklist_item_id=child_id)
    make_ticket(sessions, world, app.state.store, title="没有条目")
    client = browser_as("office")
    page = client.get("/ledger?area=五比").text
    assert _titles(page) == ["体外循环"] and '<option value="五比" selected>' in page


def test_ledger_pages_by_keyset_forward_and_back(browser_as, world, app, sessions, monkeypatch):
    ids = [make_ticket(sessions, world, app.state.store, title=f"问题{n}") for n in range(5)]
    monkeypatch.setattr(browse, "PER_PAGE", 2)
    monkeypatch.setattr(browse.ledger_page, "__kwdefaults__", {"after": None, "before": None, "per_page": 2})
    client = browser_as("office")
    first = client.get("/ledger?state=assigned").text
    assert _titles(first) == ["问题4", "问题3"] and "上一页" not in first
    second = client.get(f"/ledger?state=assigned&after={ids[3]}").text
    assert _titles(second) == ["问题2", "问题1"]
    assert f"before={ids[2]}" in second and f"after={ids[1]}" in second and "state=assigned" in second
    assert _titles(client.get(f"/ledger?state=assigned&after={ids[1]}").text) == ["问题0"]
    back = client.get(f"/ledger?state=assigned&before={ids[2]}").text
    assert _titles(back) == ["问题4", "问题3"]


def test_the_count_stops_at_the_cap(world, app, sessions):
    for n in range(3):
        make_ticket(sessions, world, app.state.store, title=f"问题{n}")
    with sessions() as s:
        actor = actor_for(s, world.people["office"])
        assert browse.bounded_count(s, actor, TicketFilters(), cap=10) == 3
        assert browse.bounded_count(s, actor, TicketFilters(), cap=2) == 3  # cap + 1 means "more than cap"


def test_stats_rank_towns_and_put_them_on_the_red_and_black_lists(browser_as, world, app, sessions):
    store = app.state.store
    # 龙江镇: verified on time (100%). 博鳌镇: one overdue and open (0%).
    make_ticket(sessions, world, store, title="按期", state="verified", due_on=date(2026, 12, 1))
    make_ticket(sessions, world, store, title="逾期", state="rectifying", place="chaolie", lead="chaolie",
                due_on=date(2026, 11, 20), at=EARLIER)
    client = browser_as("leader")
    page = client.get("/stats").text
    red, black = _boards(page)
    assert "龙江镇" in red and "100.0%" in red and "博鳌镇" in black and "0.0%" in black
    chart = json.loads(re.search(r'<script type="application/json" id="town-progress">(.*?)</script>', page,
                                 re.S).group(1))
    assert chart["towns"] == ["博鳌镇", "龙江镇"] and chart["overdue"] == [1, 0]
    assert [name for name, _ in chart["series"]] == ["待交办", "已交办", "整改中", "已验收", "已销号", "持续整改"]
    # Thresholds are the user's to set; a nonsense pair is refused in Chinese and the form keeps it.
    red, black = _boards(client.get("/stats?red_at=100&black_below=0").text)
    assert "龙江镇" in red and "博鳌镇" not in black
    bad = client.get("/stats?red_at=80&black_below=90")
    assert bad.status_code == 422 and "红榜门槛须不低于黑榜门槛" in bad.text and 'value="80"' in bad.text
    assert client.get("/stats?red_at=abc").status_code == 422


def test_an_operator_sees_only_its_own_town_in_the_stats(browser_as, world, app, sessions):
    make_ticket(sessions, world, app.state.store, state="verified")
    make_ticket(sessions, world, app.state.store, state="verified", place="chaolie", lead="chaolie")
    page = browser_as("boao").get("/stats").text
    assert "博鳌镇" in page and "龙江镇" not in page
