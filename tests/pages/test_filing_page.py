"""The "file a problem" form: files with photos in one transaction; a refusal keeps what was typed."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import PNG
from tests.pages.conftest import filing_key, post_form
from workflow.tickets.models import Evidence, Ticket

FORM = {"title": "村道两侧垃圾堆放", "description": "主干道约50米", "severity": "serious", "source": "covert",
        "due_on": "2026-12-10", "item_q": ""}


def _counts(sessions) -> tuple[int, int]:
    with sessions() as s:
        return s.scalar(select(func.count(Ticket.id))), s.scalar(select(func.count(Evidence.id)))


def test_inspector_files_a_problem_with_photos_and_lands_on_its_page(browser_as, world, sessions):
    client = browser_as("inspector")
    data = FORM | filing_key(client) | {"place_id": str(world.units["dongfeng"]),
                                        "lead_unit_id": str(world.units["longjiang"])}
    r = post_form(client, "/tickets/new", data, files=[("photos", ("site.png", PNG, "image/png")),
                                                       ("photos", ("site2.png", PNG + b"2", "image/png"))])
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "村道两侧垃圾堆放" in page and "较重" in page and "暗访" in page and "2026-12-10" in page
    assert page.count("/thumb") == 2 + 2  # the evidence panel and the timeline
    with sessions() as s:
        ticket = s.scalar(select(Ticket))
        assert (ticket.state, ticket.lead_unit_id) == ("found", world.units["longjiang"])
        assert [e.stage for e in s.scalars(select(Evidence))] == ["found", "found"]


def test_the_upload_script_gets_json_back(browser_as, world):
    client = browser_as("inspector")
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | {"place_id": str(world.units["dongfeng"])},
                  headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 200 and r.json()["redirect"].startswith("/tickets/")
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | {"place_id": ""},
                  headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 422 and r.json()["message"] == "请选择问题所在地"


def test_a_refused_form_shows_the_reason_and_keeps_everything_typed(browser_as, world, sessions):
    client = browser_as("inspector")
    typed = FORM | filing_key(client) | {"title": "", "place_id": str(world.units["dongfeng"]), "item_q": "监测"}
    r = post_form(client, "/tickets/new", typed)
    assert r.status_code == 422 and "请填写问题标题" in r.text
    for value in ("主干道约50米", 'value="2026-12-10"', 'value="监测"'):
        assert value in r.text
    assert f'value="{world.units["dongfeng"]}" selected' in r.text
    assert 'value="serious" selected' in r.text and 'value="covert" selected' in r.text
    assert _counts(sessions) == (0, 0)


def test_a_bad_photo_files_nothing(browser_as, world, sessions):
    client = browser_as("inspector")
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | {"place_id": str(world.units["dongfeng"])},
                  files=[("photos", ("notes.txt", b"hello", "text/plain"))])
    assert r.status_code == 422 and "不支持的文件类型" in r.text and "村道两侧垃圾堆放" in r.text
    assert _counts(sessions) == (0, 0)


def test_a_deadline_before_the_finding_and_an_unreadable_date_are_refused_in_chinese(browser_as, world, sessions):
    client = browser_as("inspector")
    place = {"place_id": str(world.units["dongfeng"])}
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | place | {"due_on": "2020-01-01"})
    assert r.status_code == 422 and "整改期限不能早于发现日期" in r.text
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | place | {"due_on": "明天"})
    assert r.status_code == 422 and "整改期限格式应为 年-月-日" in r.text
    r = post_form(client, "/tickets/new", FORM | filing_key(client) | {"place_id": str(world.units["education"])})
    assert r.status_code == 422 and "问题所在地必须是村（社区）或乡镇" in r.text
    assert _counts(sessions) == (0, 0)


def test_an_operator_may_not_file(browser_as, world, sessions):
    client = browser_as("town")
    r = post_form(client, "/tickets/new", FORM | {"filing_key": "k" * 24, "place_id": str(world.units["dongfeng"])})
    assert r.status_code == 403 and "只有督查员或领导小组办公室可以登记问题" in r.text
    assert _counts(sessions) == (0, 0)


def test_the_item_picker_searches_the_campaigns_checklist(browser_as, world, sessions, session):
    from workflow.accounts.service import actor_for
    from workflow.campaigns.schemas import CampaignCreate
    from workflow.campaigns.service import create_campaign
    from workflow.checklists.loader import load_checklist_file
    from workflow.seeddata import CHECKLIST_DIR

    load_checklist_file(session, CHECKLIST_DIR / "qionghai-2022-five-comparisons.json")
    campaign = create_campaign(session, actor=actor_for(session, world.people["office"]), data=CampaignCreate(
        name="大比拼督查", kind="contest", starts_on="2026-11-01", ends_on="2026-11-30",
        checklist_id="qionghai-2022-five-comparisons"))
    session.commit()
    client = browser_as("inspector")
    r = client.get("/pickers/checklist-items", params={"campaign_id": campaign.id, "item_q": "体外循环"})
    assert "是否存在“体外循环”" in r.text and "应纳尽纳" not in r.text
    assert "<html" not in r.text  # a fragment for htmx, not a page
    assert "先选择督查活动" in client.get("/pickers/checklist-items").text
    assert "先选择督查活动" in client.get("/pickers/checklist-items", params={"campaign_id": 999}).text
