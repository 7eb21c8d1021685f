"""Scoring on the phone (375×812) in a real browser: the inspector walks 龙江东风村 for a 后评估, enters a
扣分 with a note on a 不符合 item, files its ticket in one step, sees the village's score drop at once, is
refused a deduction above the indicator's cap; the office then sees the ranking on the campaign score page.
"""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, shoot
from tests.conftest import START
from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.checklists.models import ChecklistItem
from workflow.db import transaction
from workflow.inspections.models import InspectionMark
from workflow.inspections.queries import walk_items
from workflow.inspections.schemas import MarkIn
from workflow.inspections.service import mark_item, start_inspection
from workflow.orgs.models import OrgUnit
from workflow.scoring.bonus import decide_bonus, propose_bonus
from workflow.scoring.schemas import BonusDecision, BonusIn
from workflow.tickets.models import Ticket
from workflow.uploads.checks import Upload

CHECKLIST = "qionghai-2021-post-evaluation"
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                      "c0f01f00050001ff89993d1d0000000049454e44ae426082")
# Other villages' walks, so the score page has a ranking: village → [(item code, deduction)].
OTHERS = {"龙江新和村": [("2.3.2", 20), ("3.7.2", 15)], "博鳌东风村": [("3.1.1", 40)],
          "博鳌新和村": [("1.4.1", 10), ("4.2.2", 30), ("3.3.4", 10)], "潭门东风村": [("2.4.1", 5)]}


def _setup(live_server) -> tuple[int, int]:
    app = live_server.app
    with transaction(app.state.sessions) as s:
        person = {p.username: p for p in s.scalars(select(Person).where(Person.username.in_(("office", "inspector"))))}
        office, inspector = actor_of(s, person["office"]), actor_of(s, person["inspector"])
        unit = {u.name: u.id for u in s.scalars(select(OrgUnit).where(OrgUnit.kind.in_(("town", "village"))))}
        campaign = create_campaign(s, actor=office, data=CampaignCreate(
            name="2026年巩固脱贫成果后评估（打分）", kind="post_evaluation", starts_on=date(2026, 11, 20),
            ends_on=date(2026, 12, 31), checklist_id=CHECKLIST,
            scope_unit_ids=[unit["龙江镇"], unit["博鳌镇"], unit["潭门镇"]]))
        codes = {i.code: i.id for _a, i in walk_items(s, CHECKLIST)}
        for village, items in OTHERS.items():
            walk = start_inspection(s, actor=inspector, campaign_id=campaign.id, place_id=unit[village], now=START)
            for code, points in items:
                mark_item(s, actor=inspector, inspection_id=walk.id, item_id=codes[code], now=START,
                          store=app.state.store, data=MarkIn(mark="fail", note="现场核实不符", deduction=points))
        entry = propose_bonus(s, actor=inspector, campaign_id=campaign.id, now=START, store=app.state.store,
                              data=BonusIn(unit_id=unit["潭门东风村"], category="provincial",
                                           awarded_on=date(2026, 11, 2), description="驻村经验被省里推广"),
                              evidence=Upload("推广通知.png", "image/png", PIXEL))
        decide_bonus(s, actor=office, campaign_id=campaign.id, bonus_id=entry.id, now=START,
                     data=BonusDecision(approve=True))
        walk = start_inspection(s, actor=inspector, campaign_id=campaign.id, place_id=unit["龙江东风村"], now=START)
        return campaign.id, walk.id


def _item(page, code: str):
    return page.locator("article.walk-item", has=page.locator("b", has_text=re.compile(rf"^{re.escape(code)}$")))


def test_the_inspector_scores_on_a_phone_and_the_office_sees_the_ranking(open_as, live_server):
    campaign_id, walk_id = _setup(live_server)
    inspector = open_as("inspector")
    inspector.goto(f"/inspections/{walk_id}")
    expect(inspector.locator("[data-walk-score]")).to_have_text("1000")

    item = _item(inspector, "1.4.1")
    deduct = item.locator('input[name^="deduction-"]')
    expect(deduct).to_be_hidden()  # only a 不符合 takes a deduction
    item.locator("label.mark-fail").click()
    expect(item.locator("[data-walk-status]")).to_have_text("已保存")
    item.locator("textarea").fill("村委会未见乡村振兴中队牌子，工作机制未运转")
    deduct.fill("12")
    deduct.blur()
    expect(item.locator("[data-walk-status]")).to_have_text("已保存 · 扣 12 分")
    expect(inspector.locator("[data-walk-score]")).to_have_text("988")
    item.get_by_role("button", name="登记为问题").click()
    expect(item.locator(".walk-ticket")).to_contain_text("已交办")

    # 1.4.2 shares 1.4's 30 points: 18 are left, 20 is refused with the reason and changes nothing.
    other = _item(inspector, "1.4.2")
    other.locator("label.mark-fail").click()
    expect(other.locator("[data-walk-status]")).to_have_text("已保存")
    other.locator('input[name^="deduction-"]').fill("20")
    other.locator('input[name^="deduction-"]').blur()
    expect(other.locator("[data-walk-status]")).to_contain_text("扣分超过上限")
    expect(other.locator("[data-walk-status]")).to_contain_text("最多扣 18 分")
    expect(inspector.locator("[data-walk-score]")).to_have_text("988")
    item.scroll_into_view_if_needed()
    shoot(inspector, "walk-deduction-phone", full_page=False)

    with live_server.app.state.sessions() as s:
        mark = s.scalar(select(InspectionMark).join(ChecklistItem, ChecklistItem.id == InspectionMark.checklist_item_id)
                        .where(InspectionMark.inspection_id == walk_id, ChecklistItem.code == "1.4.1"))
        assert mark.deduction == 12 and "扣分：12 分" in s.get(Ticket, mark.ticket_id).description
        refused = s.scalar(select(InspectionMark).join(ChecklistItem,
                                                       ChecklistItem.id == InspectionMark.checklist_item_id)
                           .where(InspectionMark.inspection_id == walk_id, ChecklistItem.code == "1.4.2"))
        assert refused.deduction is None

    # The reloaded walk keeps the deduction; the score page ranks 龙江东风村 with its new score.
    inspector.reload()
    expect(_item(inspector, "1.4.1").locator('input[name^="deduction-"]')).to_have_value("12")
    inspector.goto(f"/campaigns/{campaign_id}/scores")
    row = inspector.locator("tr", has=inspector.locator("a", has_text="龙江东风村"))
    expect(row.locator("[data-score]")).to_have_text("988")

    office = open_as("office", viewport=DESKTOP)
    office.goto(f"/campaigns/{campaign_id}/scores")
    expect(office.locator("[data-town-scores] tbody tr").first).to_contain_text("潭门镇")
    expect(office.locator("[data-unit-scores] tbody tr")).to_have_count(5)
    expect(office.locator("[data-bonus]")).to_contain_text("已认定")
    shoot(office, "campaign-scores")
