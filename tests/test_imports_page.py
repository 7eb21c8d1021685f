"""The import page: upload form, success summary, and the Chinese error table for a rejected file."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import session_cookie
from tests.xlsx import make_campaign, problem, workbook_bytes
from workflow.tickets.models import Ticket

CSRF = "import-page-csrf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sign_in(client, app, world, username: str) -> None:
    """A live session without the login form's Argon2 (tests/helpers.py)."""
    client.cookies.set("zhenggai_session", session_cookie(app, username, csrf=CSRF))


def post(client, campaign_id, content, csrf=CSRF):
    data = {"campaign_id": str(campaign_id)} | ({"csrf_token": csrf} if csrf is not None else {})
    return client.post("/imports/problem-list", data=data, files={"file": ("清单.xlsx", content, XLSX_TYPE)})


def test_page_offers_the_template_and_the_campaigns(client, app, world, sessions):
    make_campaign(sessions, world)
    sign_in(client, app, world, "inspector")
    r = client.get("/imports/problem-list")
    assert r.status_code == 200
    assert "/api/v1/imports/problem-list/template" in r.text and "2026年下半年乡村振兴督导" in r.text
    template = client.get("/api/v1/imports/problem-list/template")  # the page's link works on the session cookie
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_rejected_file_shows_each_error_in_a_table_and_imports_nothing(client, app, world, sessions):
    campaign_id = make_campaign(sessions, world)
    sign_in(client, app, world, "office")
    r = post(client, campaign_id, workbook_bytes([problem("一"), problem("二", village="幸福村")]))
    assert r.status_code == 422
    assert "整个文件未导入" in r.text
    assert "<td>3</td><td>村（社区）</td><td>督查范围内没有村（社区）“幸福村”</td>" in r.text
    with sessions() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0


def test_good_file_shows_the_summary(client, app, world, sessions):
    campaign_id = make_campaign(sessions, world)
    sign_in(client, app, world, "inspector")
    content = workbook_bytes([problem("一"), problem("二")])
    r = post(client, campaign_id, content)
    assert r.status_code == 200 and "导入成功" in r.text and "QH-2026-0001 至 QH-2026-0002" in r.text
    assert "该文件已导入过" in post(client, campaign_id, content).text


def test_page_is_for_importers_only(client, app, world, sessions):
    campaign_id = make_campaign(sessions, world)
    anonymous = client.get("/imports/problem-list", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    sign_in(client, app, world, "town")
    r = client.get("/imports/problem-list")
    assert r.status_code == 403 and "只有督查员或领导小组办公室可以导入问题清单" in r.text
    assert post(client, campaign_id, workbook_bytes([problem("一")])).status_code == 403


def test_an_upload_without_the_pages_csrf_token_is_refused_and_imports_nothing(client, app, world, sessions):
    campaign_id = make_campaign(sessions, world)
    sign_in(client, app, world, "office")
    for token in (None, "forged"):
        r = post(client, campaign_id, workbook_bytes([problem("一")]), csrf=token)
        assert r.status_code == 403 and "页面已过期或请求来源无法确认" in r.text
    with sessions() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0
