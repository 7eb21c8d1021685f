"""Downloads started from a page answer a file or a Chinese HTML error page, never JSON (issue 11);
the import page has the menu and 退出; the outbox's empty list reads right under 全部."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from docx import Document
from openpyxl import load_workbook

from tests.conftest import START
from tests.pages.factory import make_ticket

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_ledger_offers_the_half_years_and_the_campaigns_for_the_bulletin(browser_as, world):
    page = browser_as("office").get("/ledger").text
    assert 'action="/ledger/bulletin.docx"' in page and "/api/v1/ledger/bulletin.docx" not in page
    assert '<option value="half:2026H2" selected>2026年下半年</option>' in page  # the clock stands in Nov 2026
    assert '<option value="half:2026H1" >2026年上半年</option>' in page
    assert 'href="/ledger/export.xlsx?' in page


def test_a_half_year_bulletin_downloads_and_bad_choices_answer_a_chinese_page(browser_as, world, app, sessions):
    make_ticket(sessions, world, app.state.store, state="assigned")
    office = browser_as("office")
    r = office.get("/ledger/bulletin.docx?scope=half:2026H2")
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert "2026年下半年" in "\n".join(p.text for p in Document(BytesIO(r.content)).paragraphs)
    for query in ("", "?scope=", "?scope=half:2026H3", "?scope=campaign:abc", "?scope=campaign:999"):
        r = office.get(f"/ledger/bulletin.docx{query}")
        assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("text/html"), (query, r.text)
        assert "<h1>" in r.text and "{" not in r.text.split("<main", 1)[1].split("</main>")[0], query
    assert "请选择通报范围" in office.get("/ledger/bulletin.docx").text
    assert "半年度写法有误" in office.get("/ledger/bulletin.docx?scope=half:2026H3").text
    # A role that may not issue bulletins gets the page too, not JSON.
    r = browser_as("town").get("/ledger/bulletin.docx?scope=half:2026H2")
    assert r.status_code == 403 and "只有领导小组办公室、督查员或分管领导可以生成通报" in r.text


def test_the_ledger_export_from_the_page_is_the_filtered_workbook(browser_as, world, app, sessions):
    make_ticket(sessions, world, app.state.store, state="assigned", title="东风村垃圾")
    make_ticket(sessions, world, app.state.store, state="assigned", title="朝烈村厕所", place="chaolie", lead="chaolie")
    r = browser_as("office").get(f"/ledger/export.xlsx?unit_id={world.units['longjiang']}&campaign_id=x")
    assert r.status_code == 200
    cells = [c.value for row in load_workbook(BytesIO(r.content)).worksheets[0].iter_rows() for c in row]
    assert "东风村垃圾" in cells and "朝烈村厕所" not in cells
    assert browser_as("office").get("/ledger/export.xlsx?q=").status_code == 200
    town = load_workbook(BytesIO(browser_as("town").get("/ledger/export.xlsx").content)).worksheets[0]
    assert "朝烈村厕所" not in [c.value for row in town.iter_rows() for c in row]  # 龙江镇 sees its own only
    r = browser_as().get("/ledger/export.xlsx", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=%2Fledger%2Fexport.xlsx")


def test_the_import_page_has_the_menu_and_sign_out(browser_as, world):
    page = browser_as("inspector").get("/imports/problem-list").text
    assert 'aria-label="主菜单"' in page and ">退出</button>" in page
    assert '<a href="/imports/problem-list" aria-current="page">导入问题清单</a>' in page
    assert 'name="csrf_token"' in page.split('action="/imports/problem-list"')[1].split("</form>")[0]


def test_the_outbox_says_there_is_nothing_without_an_empty_filter_name(browser_as, world):
    office = browser_as("office")
    assert "暂无通知消息。" in office.get("/outbox").text and "没有的消息" not in office.get("/outbox").text
    assert "没有“发送失败”的消息。" in office.get("/outbox?status=dead").text

def test_only_the_office_issues_a_bulletin_and_only_an_issued_one_counts_against_the_units(browser_as, world, app,
                                                                                           sessions, clock):
    from sqlalchemy import func, select

    from tests.pages.conftest import post_form
    from workflow.counters.models import BulletinMention

    def mentions() -> int:
        with sessions() as s:
            return s.scalar(select(func.count()).select_from(BulletinMention))

    make_ticket(sessions, world, app.state.store, state="assigned", due_on=date(2026, 11, 24))
    clock.move_to(START + timedelta(days=3))  # overdue: named in the bulletin
    office, leader = browser_as("office"), browser_as("leader")
    assert office.get("/ledger/bulletin.docx?scope=half:2026H2").status_code == 200
    assert mentions() == 0, "a draft is not a 通报"
    assert "印发通报" in office.get("/ledger").text and "印发通报" not in leader.get("/ledger").text
    r = post_form(leader, "/ledger/bulletin.docx", {"scope": "half:2026H2"})
    assert r.status_code == 403 and "只有领导小组办公室可以印发通报" in r.text and mentions() == 0
    r = post_form(office, "/ledger/bulletin.docx", {"scope": "half:2026H2"})
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert mentions() >= 1
