"""The ticket page: moves through forms with the same rules as the API, evidence upload, thumbnails."""

from __future__ import annotations

import re
from io import BytesIO

from PIL import Image
from sqlalchemy import select

from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from workflow.tickets.models import Evidence, Ticket


def _version(sessions, ticket_id: int) -> str:
    with sessions() as s:
        return str(s.get(Ticket, ticket_id).version)


def _jpeg(size=(2000, 1000)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def test_buttons_are_the_moves_the_user_may_make_now(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")

    def forms(who: str) -> set[str]:
        return set(re.findall(r'class="form move move-(\w+)"', browser_as(who).get(f"/tickets/{ticket_id}").text))

    assert forms("town") == {"accept", "return"}
    assert forms("inspector") == set()
    assert forms("leader") == set()


def test_accepting_without_a_plan_is_refused_and_the_typed_comment_stays(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    client = browser_as("town")
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "return", "version": _version(sessions, ticket_id), "comment": " "})
    assert r.status_code == 409 and "必须填写理由" in r.text
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "accept", "version": _version(sessions, ticket_id), "plan": ""})
    assert r.status_code == 409 and "签收时必须填写整改措施" in r.text
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "accept", "version": _version(sessions, ticket_id), "plan": "清运并设收集点"})
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}")
    page = client.get(f"/tickets/{ticket_id}").text
    assert "清运并设收集点" in page and 'class="flash flash-success" role="status">已签收<' in page
    assert "已签收<" not in client.get(f"/tickets/{ticket_id}").text, "a flash is shown once"


def test_rejecting_needs_a_reason_and_a_stale_page_is_told_to_refresh(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="submitted")
    client = browser_as("inspector")
    version = _version(sessions, ticket_id)
    r = post_form(client, f"/tickets/{ticket_id}/move", {"trigger": "reject", "version": version, "comment": ""})
    assert r.status_code == 409 and "必须填写理由" in r.text
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "reject", "version": str(int(version) - 1), "comment": "照片不清楚"})
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}#moves")  # see test_stale_move_pages
    page = client.get(r.headers["location"]).text
    assert "town-name 于" in page and "已提交验收" in page and ">照片不清楚</textarea>" in page
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "reject", "version": version, "comment": "照片不清楚", "next": "/verify"})
    assert (r.status_code, r.headers["location"]) == (303, "/verify")
    with sessions() as s:
        assert (s.get(Ticket, ticket_id).round, s.get(Ticket, ticket_id).awaiting_verification) == (2, False)


def test_a_role_that_may_not_press_gets_the_machines_reason(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="verified")
    r = post_form(browser_as("inspector"), f"/tickets/{ticket_id}/move",
                  {"trigger": "close", "version": _version(sessions, ticket_id)})
    assert r.status_code == 409 and "您的角色无权执行此操作" in r.text


def test_submitting_before_uploading_says_why_then_works_after_upload(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying")
    client = browser_as("town")
    page = client.get(f"/tickets/{ticket_id}").text
    assert "提交验收前必须上传本轮整改的佐证材料" in page and "move-submit" not in page
    r = post_form(client, f"/tickets/{ticket_id}/evidence", {"stage": "rectified", "evidence_comment": "整改后"},
                  files=[("files", ("after.jpg", _jpeg(), "image/jpeg"))])
    # The next step is 提交验收: the page opens on its form, saying how many files went up.
    assert (r.status_code, r.headers["location"]) == (303, f"/tickets/{ticket_id}?uploaded=1#submit")
    page = client.get(r.headers["location"]).text
    assert "已上传 1 张" in page
    assert 'class="form move move-submit" id="submit"' in page
    r = post_form(client, f"/tickets/{ticket_id}/move",
                  {"trigger": "submit", "version": _version(sessions, ticket_id), "comment": "已完成"})
    assert r.status_code == 303


def test_an_upload_refused_shows_the_reason_and_stores_nothing(browser_as, world, app, sessions):
    early = make_ticket(sessions, world, app.state.store, state="assigned")
    client = browser_as("town")
    r = post_form(client, f"/tickets/{early}/evidence", {"stage": "rectified"},
                  files=[("files", ("after.jpg", _jpeg(), "image/jpeg"))])
    assert r.status_code == 422 and "只有整改中且未提交验收的问题可以上传整改材料" in r.text
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying")
    r = post_form(client, f"/tickets/{ticket_id}/evidence", {"stage": "rectified", "evidence_comment": "整改台账"},
                  files=[("files", ("notes.txt", b"hello", "text/plain"))])
    assert r.status_code == 422 and "不支持的文件类型" in r.text and 'value="整改台账"' in r.text
    r = post_form(client, f"/tickets/{ticket_id}/evidence", {"stage": "rectified"},
                  headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 422 and r.json()["message"] == "请至少选择一个文件"
    with sessions() as s:
        assert len(s.scalars(select(Evidence).where(Evidence.stage == "rectified")).all()) == 0


def test_thumbnails_are_made_at_upload_and_viewing_never_decodes_the_original(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying")
    client = browser_as("town")
    post_form(client, f"/tickets/{ticket_id}/evidence", {"stage": "rectified"},
              files=[("files", ("big.jpg", _jpeg(), "image/jpeg")),
                     ("files", ("plan.pdf", b"%PDF-1.4", "application/pdf"))])
    with sessions() as s:
        photo, pdf = s.scalars(select(Evidence).where(Evidence.stage == "rectified").order_by(Evidence.id)).all()
    store = app.state.store
    assert store.thumbnail_path(photo.sha256).exists()  # before anyone looked at the page
    original = client.get(f"/evidence/{photo.id}/file")
    assert original.content == _jpeg() and "private" in original.headers["cache-control"]
    assert original.headers["content-disposition"].startswith("inline")
    store.path_for(photo.sha256).unlink()  # a view that decoded the original would now fail
    r = client.get(f"/evidence/{photo.id}/thumb")
    assert r.headers["content-type"] == "image/jpeg"
    assert max(Image.open(BytesIO(r.content)).size) == 320
    assert client.get(f"/evidence/{pdf.id}/thumb").headers["content-type"] == "image/svg+xml"
    assert client.get(f"/evidence/{pdf.id}/file").headers["content-disposition"].startswith("attachment")


def test_the_timeline_says_who_did_what_and_when(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="closed")
    page = browser_as("leader").get(f"/tickets/{ticket_id}").text
    timeline = page[page.index("办理记录"):]
    for who, what in (("inspector-name", "登记问题"), ("inspector-name", "交办"), ("town-name", "签收"),
                      ("town-name", "提交验收"), ("inspector-name", "验收通过"), ("office-name", "销号")):
        assert re.search(rf"<b>{who}</b> {what}", timeline), (who, what)
    assert "2026-11-24 09:00" in timeline
    assert timeline.index("销号") < timeline.index("登记问题")  # newest first
