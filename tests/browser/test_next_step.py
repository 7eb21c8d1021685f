"""The next step always in view, in a real browser at phone width (375×812): every move says it took effect,
an upload lands on the 提交验收 form, a 返工 reason is on the ticket's first screen, 销号 asks first.

The ticket is filed through the service (the filing form has browser tests of its own); everything after
交办 is tapped, by the inspector, the town and the office.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import choose, shoot
from tests.browser.scenery import photo
from tests.conftest import START
from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.schemas import TicketCreate

TITLE = "龙江东风村村口排水沟淤堵"


def _file(live_server) -> int:
    with transaction(live_server.app.state.sessions) as s:
        inspector = actor_of(s, s.scalar(select(Person).where(Person.username == "inspector")))
        village = s.scalar(select(OrgUnit).where(OrgUnit.name == "龙江东风村"))
        ticket = file_ticket(s, actor=inspector, now=START, data=TicketCreate(
            title=TITLE, place_id=village.id, lead_unit_id=village.id, description="排水沟淤堵约 30 米。"))
        attach_evidence(s, actor=inspector, ticket_id=ticket.id, stage="found", comment="", now=START,
                        store=live_server.app.state.store, uploads=[Upload("found.jpg", "image/jpeg", photo(10))])
        return ticket.id


def _flash(page) -> str:
    return page.locator(".flash").inner_text()


def _press(page, trigger: str, **fields) -> None:
    form = page.locator(f"form.move-{trigger}")
    for name, value in fields.items():
        form.locator(f'[name="{name}"]').fill(value)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def _upload(page, tmp_path, name: str, hue: int) -> None:
    path = tmp_path / name
    path.write_bytes(photo(hue, size=(2400, 1800)))
    form = page.locator("form.upload")
    form.locator('input[type="file"]').set_input_files(str(path))
    with page.expect_navigation(url=re.compile(r"#submit$")):
        form.locator('button[type="submit"]').click()
    page.wait_for_load_state("networkidle")


def test_every_move_confirms_itself_and_the_next_step_is_in_view(open_as, live_server, tmp_path):
    ticket_id = _file(live_server)
    url = f"/tickets/{ticket_id}"
    inspector, town, office = open_as("inspector"), open_as("town"), open_as("office")

    inspector.goto(url)
    _press(inspector, "assign", comment="请于期限内疏通")
    assert _flash(inspector) == "已交办"
    inspector.reload()
    assert inspector.locator(".flash").count() == 0  # shown once

    # The village's first screen: 签收 with its 整改措施 first, 退回 folded away below it.
    town.goto(url)
    accept, back = town.locator("form.move-accept"), town.locator("details.secondary-move")
    assert accept.bounding_box()["y"] < back.bounding_box()["y"]
    expect(town.locator("form.move-return")).to_be_hidden()
    assert back.locator("summary").bounding_box()["height"] >= 44
    shoot(town, "next-step-1-accept-phone", full_page=False)
    _press(town, "accept", plan="组织人员清淤，加装盖板")
    assert _flash(town) == "已签收"

    # After the upload the page opens on the 提交验收 form, saying how many went up, the field to fill in view.
    _upload(town, tmp_path, "after-1.jpg", 80)
    submit = town.locator("#submit")
    expect(submit).to_be_in_viewport()
    expect(submit.locator("textarea[name=comment]")).to_be_in_viewport()
    assert "已上传 1 张" in submit.inner_text()
    shoot(town, "next-step-2-after-upload-phone", full_page=False)
    _press(town, "submit", comment="已清淤并加装盖板")
    assert _flash(town) == "已提交验收"

    # 返工 from the queue; the village's first screen then leads with the reason, who and when.
    inspector.goto("/verify")
    card = inspector.locator(".verify-item", has_text=TITLE)
    card.locator("form.move-reject textarea").fill("盖板未固定，下游仍有淤泥")
    with inspector.expect_navigation():
        card.locator("form.move-reject button").click()
    assert _flash(inspector) == "已返工"

    town.goto("/my/tickets")
    reworked = town.locator("#reworked")
    expect(reworked.get_by_role("link", name=TITLE)).to_be_visible()
    assert "被返工" in reworked.inner_text()
    town.goto(url)
    rework = town.locator("#rework")
    expect(rework).to_be_in_viewport()
    text = rework.inner_text()
    assert "盖板未固定，下游仍有淤泥" in text and "李督查" in text and "2026-11-24" in text
    assert "已作废的上一轮材料（第 1 轮）" in town.locator("#evidence").inner_text()
    shoot(town, "next-step-3-reworked-phone", full_page=False)

    _upload(town, tmp_path, "after-2.jpg", 150)
    _press(town, "submit", comment="盖板已固定，下游淤泥已清理")
    assert _flash(town) == "已提交验收"

    inspector.goto("/verify")
    card = inspector.locator(".verify-item", has_text=TITLE)
    justification = card.locator("form.move-verify [name=justification]")
    if justification.count():  # the stand-in photos look alike: 验收 over the flags needs a word (issue 16)
        justification.fill("现场复核属实，照片为同一处整改前后")
    with inspector.expect_navigation():
        card.locator("form.move-verify button").click()
    assert _flash(inspector) == "已验收"

    # 销号 asks once more; 取消 changes nothing, 确认销号 closes.
    office.goto("/to-close")
    office.get_by_role("link", name=TITLE).click()
    _press(office, "close", comment="同意销号")
    assert "确认销号？" in office.locator("h1").inner_text()
    shoot(office, "next-step-4-confirm-close-phone", full_page=False)
    with office.expect_navigation():
        office.get_by_role("link", name="取消").click()
    assert office.locator(".t-details .state").inner_text().startswith("已验收")
    _press(office, "close", comment="同意销号")
    with office.expect_navigation():
        office.get_by_role("button", name="确认销号").click()
    assert _flash(office) == "已销号"
    assert office.locator(".t-details .state").inner_text().startswith("已销号")
    assert office.locator("form.upload").count() == 0

    with live_server.app.state.sessions() as s:
        ticket = s.get(Ticket, ticket_id)
        assert (ticket.state, ticket.round, ticket.rework_count) == ("closed", 2, 1)


def test_the_copy_link_button_puts_the_tickets_address_on_the_clipboard(open_as, live_server):
    ticket_id = _file(live_server)
    page = open_as("inspector")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"/tickets/{ticket_id}")
    button = page.locator("button.copy-link")
    expect(button).to_have_text("复制链接")
    assert button.bounding_box()["height"] >= 44
    button.click()
    expect(button).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/tickets/{ticket_id}"


def test_tap_targets_on_a_phone_are_at_least_44_px(open_as, live_server):
    page = open_as("town")
    page.goto("/ledger")
    label = page.locator("label.check", has_text="只看逾期")
    assert label.bounding_box()["height"] >= 44
    assert label.locator("input").bounding_box()["width"] >= 20
    for tab in page.locator(".nav a").all()[:3]:
        assert tab.bounding_box()["height"] >= 44


def test_the_channels_form_shows_only_the_chosen_kinds_fields_and_names_the_unit(open_as, live_server):
    office = open_as("office")
    office.goto("/channels")
    assert re.match(r"为.+添加渠道", office.locator("#channel-form").locator("xpath=..").locator("h2").inner_text())
    expect(office.locator('fieldset[data-kind="wecom"]')).to_be_visible()
    expect(office.locator('fieldset[data-kind="email"]')).to_be_hidden()
    office.locator('select[name="kind"]').select_option("email")
    expect(office.locator('fieldset[data-kind="email"]')).to_be_visible()
    expect(office.locator('fieldset[data-kind="wecom"]')).to_be_hidden()
    expect(office.locator('fieldset[data-kind="webhook"]')).to_be_hidden()


def test_choosing_a_campaign_narrows_the_ledgers_area_filter_in_place(open_as, live_server):
    office = open_as("office")
    office.goto("/ledger")
    areas = office.locator("#ledger-area option")
    everything = areas.count()
    choose(office, "campaign_id", "大比拼", partial=True)
    office.wait_for_url(re.compile(r"campaign_id=\d+"))
    office.wait_for_load_state("networkidle")
    expect(office.locator("#ledger-area option")).not_to_have_count(everything)
    assert office.locator("#ledger-area option").count() > 1  # the campaign's own checklist areas, and 全部
