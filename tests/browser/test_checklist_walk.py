"""The checklist walk at phone width (375×812) in a real browser: the office sets up a campaign with the
004 checklist, the inspector walks 龙江东风村 item by item — marks, a note, a photo, a 不符合 filed and
交办 in one step — loses the connection, reloads, and finds every mark saved; then 批量交办 the rest.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import choose, shoot
from tests.browser.scenery import photo
from workflow.checklists.models import ChecklistItem
from workflow.inspections.models import InspectionMark, InspectionPhoto
from workflow.tickets.models import Evidence, Ticket

CAMPAIGN = "2026年冬季巩固脱贫成果后评估"


def _item(page, code: str):
    return page.locator("article.walk-item", has=page.locator("b", has_text=re.compile(rf"^{re.escape(code)}$")))


MARK_KEYS = {"符合": "pass", "不符合": "fail", "不适用": "not_applicable"}


def _mark(page, code: str, label: str):
    item = _item(page, code)
    item.locator(f"label.mark-{MARK_KEYS[label]}").click()
    return item


def _db_marks(live_server) -> dict[str, tuple[str, int | None]]:
    with live_server.app.state.sessions() as s:
        rows = s.execute(select(ChecklistItem.code, InspectionMark.mark, InspectionMark.ticket_id)
                         .join(ChecklistItem, ChecklistItem.id == InspectionMark.checklist_item_id)).all()
    return {code: (mark, ticket) for code, mark, ticket in rows}


def test_office_sets_up_the_campaign_and_the_inspector_walks_the_checklist_on_a_phone(open_as, live_server,
                                                                                        tmp_path):
    office = open_as("office")
    office.goto("/campaigns/new")
    office.get_by_label("活动名称").fill(CAMPAIGN)
    choose(office, "kind", "后评估")
    choose(office, "checklist_id", "巩固脱贫成果后评估", partial=True)
    office.get_by_label("开始日期").fill("2026-11-20")
    office.get_by_label("结束日期").fill("2026-12-31")
    office.get_by_label("筛选督查范围").fill("龙江")
    expect(office.locator('label[data-name="博鳌镇"]')).to_be_hidden()
    office.locator('label[data-name="龙江镇"]').click()
    office.get_by_label("筛选检查组成员").fill("李")
    office.locator('label[data-name="李督查"]').click()
    office.locator("label.check", has_text="限定天数（自然日）").click()
    office.locator("input[name=deadline_days]").fill("15")
    shoot(office, "campaign-form-phone")
    office.get_by_role("button", name="保存").click()
    office.wait_for_url(re.compile(r"/campaigns/\d+$"))
    assert "15日内（交办次日起算）" in office.locator(".facts").inner_text()

    inspector = open_as("inspector")
    inspector.goto(office.url.removeprefix(live_server.url))
    inspector.get_by_label("筛选检查地点").fill("东风")
    choose(inspector, "place_id", "龙江东风村")
    inspector.get_by_role("button", name="开始或继续检查").click()
    inspector.wait_for_url(re.compile(r"/inspections/\d+$"))
    walk_url = inspector.url

    # Search, mark 不符合 with a note, and file it with 交办 in one step.
    inspector.get_by_label("搜索条目").fill("中队")
    expect(_item(inspector, "1.1.1")).to_be_hidden()
    item = _mark(inspector, "1.4.1", "不符合")
    item.locator("textarea").fill("村委会未见乡村振兴中队牌子")
    item.locator("textarea").blur()
    expect(item.locator("[data-walk-status]")).to_have_text("已保存")
    assert item.locator('input[name^="title-"]').input_value().startswith("乡村振兴中队已经挂牌")
    item.get_by_role("button", name="登记为问题").click()
    expect(item.locator(".walk-ticket")).to_contain_text("已交办")
    inspector.get_by_label("搜索条目").fill("")

    # 符合, and a 不符合 with a photo from the camera.
    expect(_mark(inspector, "1.1.1", "符合").locator("[data-walk-status]")).to_have_text("已保存")
    water = _mark(inspector, "2.4.1", "不符合")
    expect(water.locator("[data-walk-status]")).to_have_text("已保存")
    camera = tmp_path / "water.jpg"
    camera.write_bytes(photo(40, size=(2400, 1800)))
    water.locator("[data-walk-photos]").set_input_files(str(camera))
    expect(water.locator("[data-walk-status]")).to_contain_text("照片 1 张")

    # The signal drops: the mark stays on the phone, marked unsent.
    inspector.route("**/api/v1/inspections/**", lambda route: route.abort())
    lost = _mark(inspector, "1.1.2", "不适用")
    expect(lost.locator("[data-walk-status]")).to_contain_text("未同步")
    expect(inspector.locator("[data-walk-sync]")).to_contain_text("有 1 项尚未同步")
    assert "1.1.2" not in _db_marks(live_server)
    assert "not_applicable" in inspector.evaluate("() => JSON.stringify(localStorage)")

    # Signal back, page reloaded: the unsent mark is put back and sent; the saved ones come from the server.
    inspector.unroute("**/api/v1/inspections/**")
    inspector.goto(walk_url)
    lost = _item(inspector, "1.1.2")
    expect(lost.locator("[data-walk-status]")).to_have_text("已保存")
    expect(inspector.locator("[data-walk-sync]")).to_have_text("全部已保存")
    expect(lost.locator('input[value="not_applicable"]')).to_be_checked()
    expect(_item(inspector, "1.1.1").locator('input[value="pass"]')).to_be_checked()
    expect(_item(inspector, "2.4.1").locator("[data-walk-status]")).to_contain_text("照片 1 张")
    expect(_item(inspector, "1.4.1").locator("textarea")).to_have_value("村委会未见乡村振兴中队牌子")
    expect(inspector.locator("[data-walk-marked]")).to_have_text("4")
    assert inspector.evaluate("() => localStorage.length") == 0 or inspector.evaluate(
        "() => Object.values(localStorage).every(v => v === '{}')")

    # File the water item without 交办; its photo becomes the ticket's finding evidence.
    water = _item(inspector, "2.4.1")
    water.locator('input[name^="assign-"]').uncheck()
    water.get_by_role("button", name="登记为问题").click()
    expect(water.locator(".walk-ticket")).to_contain_text("发现问题")
    _item(inspector, "1.4.1").scroll_into_view_if_needed()
    shoot(inspector, "walk-phone", full_page=False)

    marks = _db_marks(live_server)
    assert {code: mark for code, (mark, _t) in marks.items()} == {
        "1.4.1": "fail", "1.1.1": "pass", "2.4.1": "fail", "1.1.2": "not_applicable"}
    with live_server.app.state.sessions() as s:
        filed = {t.id: t for t in s.scalars(select(Ticket).where(Ticket.id.in_([marks["1.4.1"][1],
                                                                                 marks["2.4.1"][1]])))}
        assert sorted(t.state for t in filed.values()) == ["assigned", "found"]
        assert s.scalar(select(InspectionPhoto.content_type)) == "image/jpeg"  # shrunk on the phone
        found = s.scalars(select(Evidence).where(Evidence.ticket_id == marks["2.4.1"][1])).all()
        assert [e.stage for e in found] == ["found"]

    # 批量交办 the found one from the campaign.
    campaign_id = office.url.rsplit("/", 1)[1]
    inspector.goto(f"/tickets/bulk-assign?campaign_id={campaign_id}")
    inspector.locator("label.check", has_text="全选").click()
    inspector.get_by_label("交办意见").fill("请按期整改到位")
    shoot(inspector, "bulk-assign-phone")
    inspector.get_by_role("button", name="交办所选问题").click()
    expect(inspector.locator(".bulk-result")).to_contain_text("已交办 1 个")
    with live_server.app.state.sessions() as s:
        assert s.get(Ticket, marks["2.4.1"][1]).state == "assigned"
