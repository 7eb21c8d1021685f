"""The household survey on a phone (375 px) that loses its signal: answers are kept in the browser,
sent when the connection is back, and counted once — also when the phone sends one again."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import choose, shoot
from tests.browser.test_csp import WATCH
from workflow.accounts.models import Person
from workflow.accounts.service import actor_for
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.surveys.models import SurveyResponse


def _campaign(live_server) -> int:
    with transaction(live_server.app.state.sessions) as s:
        office = actor_for(s, s.scalar(select(Person.id).where(Person.username == "office")))
        town = s.scalar(select(OrgUnit).where(OrgUnit.name == "龙江镇"))
        campaign = create_campaign(s, actor=office, data=CampaignCreate(
            name="2026年冬季群众满意度入户调查", kind="contest", starts_on="2026-11-20", ends_on="2026-12-31",
            scope_unit_ids=[town.id]))
        return campaign.id


def _responses(live_server, campaign_id: int) -> list[tuple[str, str | None]]:
    with live_server.app.state.sessions() as s:
        return list(s.execute(select(SurveyResponse.idempotency_key, SurveyResponse.household)
                              .where(SurveyResponse.campaign_id == campaign_id).order_by(SurveyResponse.id)).all())


def _fill(page, household: str, choices: list[str]) -> None:
    page.get_by_label("户主姓名或户编号（选填）").fill(household)
    for position, choice in enumerate(choices, start=1):
        page.locator(f'fieldset.survey-q:has(input[name="q-{position}"]) label', has_text=re.compile(
            rf"^\s*{choice}\s*$")).click()
    page.get_by_role("button", name="提交问卷").click()


def test_answers_given_offline_arrive_once_when_the_phone_is_back_online(open_as, live_server):
    campaign_id = _campaign(live_server)
    page = open_as("inspector")
    page.add_init_script(WATCH)  # the survey script runs under the Content-Security-Policy, unblocked
    page.goto(f"/campaigns/{campaign_id}/survey")
    assert page.evaluate("document.documentElement.clientWidth") == 375
    choose(page, "village_id", "龙江东风村", partial=True)
    page.context.set_offline(True)
    _fill(page, "王大伯", ["满意", "满意", "认可", "了解"])
    sync = page.locator("[data-survey-sync]")
    expect(sync).to_contain_text("1 份问卷待上传")
    _fill(page, "符阿姨", ["不满意", "基本满意", "认可", "不了解"])
    expect(sync).to_contain_text("2 份问卷待上传")
    shoot(page, "survey-offline-phone")
    assert _responses(live_server, campaign_id) == []
    page.context.set_offline(False)
    expect(sync).to_have_text("全部问卷已上传")
    sent = _responses(live_server, campaign_id)
    assert [h for _, h in sent] == ["王大伯", "符阿姨"]
    # The phone sends the first one again (its reply was lost): it is accepted and not counted twice.
    page.evaluate("""([store, key, village]) => localStorage.setItem(store, JSON.stringify([{key: key,
        village_id: village, respondent_type: 'lifted_household', household: '王大伯', answers: {'1': '满意'}}]))""",
                  [f"zhenggai-survey-{campaign_id}", sent[0][0],
                   int(page.locator('select[name="village_id"]').input_value())])
    page.reload()
    expect(page.locator("[data-survey-sync]")).to_have_text("全部问卷已上传")
    assert _responses(live_server, campaign_id) == sent
    # 6 rated answers, 5 satisfied: 83.3% is under the 90% target, shown red.
    expect(page.locator("[data-total-rate]")).to_have_text("83.3%")
    expect(page.locator("[data-total-rate]")).to_have_class("red")
    assert page.evaluate("window.__csp || []") == []
    page.locator("[data-survey-towns]").scroll_into_view_if_needed()
    shoot(page, "survey-results-phone")


def test_the_campaign_pages_run_under_the_policy(open_as, live_server):
    campaign_id = _campaign(live_server)
    page = open_as("office")
    page.add_init_script(WATCH)
    for path in (f"/campaigns/{campaign_id}/survey", f"/campaigns/{campaign_id}/indicators",
                 f"/campaigns/{campaign_id}/milestones", "/cadence", f"/campaigns/{campaign_id}"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp || []") == [], path
    page.goto("/cadence")
    page.locator("label.check", has_text="“每月一主题”问题排查整改").click()
    page.get_by_role("button", name="生成督查活动").click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/milestones$"))
    expect(page.locator(".milestones li")).to_have_count(4)
    expect(page.locator(".flash")).to_contain_text("已安排1期督查活动")
