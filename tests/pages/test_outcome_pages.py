"""The pages of issue 13's second half: /stats with both rates and weights, the unit page, the ticket page's
办结方式 forms and the filing form's 立行立改 option — each also tried as the wrong user."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import login, move, png
from tests.outcomes.support import TIMETABLE, accepted, assigned, extended_and_plain, prepare
from tests.pages.conftest import filing_key, post_form
from workflow.tickets.models import Evidence, Ticket


def test_the_unit_page_shows_the_counters_and_is_404_for_another_town(browser_as, client, sessions, world):
    prepare(sessions, world)
    t = assigned(client, world, due_on="2026-12-10")
    assert move(client, login(client, "village"), t, "return", comment="不属于本村").status_code == 200
    town = browser_as("town")
    page = town.get(f"/units/{world.units['longjiang']}")
    assert page.status_code == 200 and "龙江镇 · 2026 年问责计数" in page.text
    assert '<li data-counter="returns"><span>退回</span><b class="red">1</b></li>' in page.text
    assert town.get(f"/units/{world.units['boao']}").status_code == 404
    assert town.get(f"/units/{world.units['longjiang']}?year=1900").status_code == 422
    assert browser_as().get(f"/units/{world.units['longjiang']}", follow_redirects=False).status_code in (303, 401)


def test_stats_shows_both_rates_side_by_side_and_ranks_by_weights(browser_as, client, clock, sessions, world):
    prepare(sessions, world)
    extended_and_plain(client, clock, world)
    office = browser_as("office")
    page = office.get("/stats").text
    assert "按期整改率<br><small>原定期限</small>" in page
    assert "<td>50.0%</td><td>100.0%</td>" in page  # original, then extended
    r = office.get("/stats?weights=popularity:1")
    assert r.status_code == 422 and "未知的排名指标" in r.text
    weighted = office.get("/stats?weights=on_time_rate:1,returns:5").text
    assert "本次排名按：按期整改率（延期后期限）×1、退回×5" in weighted


def test_the_office_holds_a_timetable_ticket_as_ongoing_from_its_page(browser_as, client, sessions, world):
    prepare(sessions, world)
    t = accepted(client, world, deadline=TIMETABLE)
    office = browser_as("office")
    page = office.get(f"/tickets/{t['id']}").text
    assert "转为持续整改（挂账）" in page and "作废（误报、重复登记）" in page
    assert "其他办结方式" not in browser_as("village").get(f"/tickets/{t['id']}").text
    form = {"resolution": "ongoing", "version": str(t["version"]), "comment": "跨年工程", "review_on": "2026-11-01"}
    r = post_form(office, f"/tickets/{t['id']}/outcome", form)
    assert r.status_code == 422 and "请填写今天以后的复查日期" in r.text and "跨年工程" in r.text
    village = browser_as("village")
    assert post_form(village, f"/tickets/{t['id']}/outcome", form | {"review_on": "2027-02-01"}).status_code == 403
    assert post_form(browser_as("boao"), f"/tickets/{t['id']}/outcome",
                     form | {"review_on": "2027-02-01"}).status_code == 404
    r = post_form(office, f"/tickets/{t['id']}/outcome", form | {"review_on": "2027-02-01"})
    assert r.status_code == 303
    page = office.get(r.headers["location"]).text
    assert "已转为持续整改（挂账）" in page and "复查日期 <b>2027-02-01</b>" in page


def test_an_inspector_files_an_on_the_spot_fix_from_the_filing_form(browser_as, sessions, world):
    prepare(sessions, world)
    inspector = browser_as("inspector")
    assert "现场已整改到位（登记即销号，计入立行立改）" in inspector.get("/tickets/new").text
    dongfeng = str(world.units["dongfeng"])
    data = {"title": "公示栏破损", "place_id": dongfeng, "lead_unit_id": dongfeng,
            "source": "inspection", "severity": "general", "deadline_kind": "none", "on_the_spot": "1",
            "spot_comment": "已当场更换"}
    photos = [("photos", ("before.png", png(20), "image/png")), ("after_photos", ("after.png", png(21), "image/png"))]
    r = post_form(inspector, "/tickets/new", data | filing_key(inspector) | {"spot_comment": ""}, files=photos)
    assert r.status_code == 422 and "请说明现场整改的情况" in r.text
    key = filing_key(inspector)
    r = post_form(inspector, "/tickets/new", data | key, files=photos)
    assert r.status_code == 303
    assert post_form(inspector, "/tickets/new", data | key, files=photos).status_code == 303, "a double tap"
    page = inspector.get(r.headers["location"]).text
    assert "已登记并销号（立行立改）" in page and "立行立改" in page
    with sessions() as s:
        ticket = s.scalar(select(Ticket))
        assert (ticket.state, ticket.on_the_spot, ticket.resolution) == ("closed", True, "rectified")
        assert [e.stage for e in s.scalars(select(Evidence).order_by(Evidence.id))] == ["found", "verification"]
    assert post_form(browser_as("village"), "/tickets/new", data, files=photos).status_code == 403
