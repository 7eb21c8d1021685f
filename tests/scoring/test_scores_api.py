"""Rule 17 (seed 004): deductions per item with the checklist's caps, area subtotals of the 1000-point
后评估, unit and town ranks, a ticket filed from a deduction in one step, the xlsx export, the bulletin's
scores section and the ``checklist_score`` ranking criterion — through the API on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from tests.docx_reading import open_docx
from tests.helpers import login
from tests.inspections.support import create_campaign, leaf_ids, load_004
from tests.scoring.support import put_mark, scored_campaign
from workflow.campaigns.events import CampaignEvent
from workflow.checklists.models import ChecklistItem
from workflow.inspections.models import InspectionMark
from workflow.scoring.caps import ScoreTree
from workflow.tickets.models import Ticket


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _scores(client, campaign_id: int, who: str = "office"):
    return client.get(f"/api/v1/campaigns/{campaign_id}/scores", headers=login(client, who))


def _walk(client, campaign_id: int, place_id: int, who: str = "inspector") -> int:
    r = client.post(f"/api/v1/campaigns/{campaign_id}/inspections", json={"place_id": place_id},
                    headers=login(client, who))
    assert r.status_code == 200, r.text
    return r.json()["id"]


def test_rule_17_a_deduction_above_the_indicator_cap_is_refused_with_the_reason(client, world, sessions):
    campaign = create_campaign(client, world)
    walk = _walk(client, campaign["id"], world.units["dongfeng"])
    inspector = login(client, "inspector")
    first, second = leaf_ids(sessions, ["1.4.1", "1.4.2"])  # both under 1.4 村级责任落实, 30 points
    r = put_mark(client, inspector, walk, first, mark="fail", deduction=31)
    assert r.status_code == 422 and "扣分超过上限" in r.json()["message"] and "1.4 分值 30 分" in r.json()["message"]
    with sessions() as s:
        assert s.scalar(select(InspectionMark)) is None  # refused: nothing saved
    assert put_mark(client, inspector, walk, first, mark="fail", deduction=20).json()["deduction"] == 20
    r = put_mark(client, inspector, walk, second, mark="fail", deduction=15)
    message = r.json()["message"]
    assert r.status_code == 422 and "其他条目已扣 20 分" in message and "最多扣 10 分" in message
    ok = put_mark(client, inspector, walk, second, mark="fail", deduction=10, note="书记不熟悉情况")
    assert ok.status_code == 200 and ok.json()["unit_score"] == 970
    # Lowering the first frees room under the cap; its own earlier value does not count against itself.
    assert put_mark(client, inspector, walk, first, mark="fail", deduction=20).status_code == 200
    r = put_mark(client, inspector, walk, first, mark="fail", deduction=-1)
    assert r.status_code == 422 and "不能为负数" in r.json()["message"]
    r = put_mark(client, inspector, walk, first, mark="pass", deduction=5)
    assert r.status_code == 422 and "不符合" in r.json()["message"]
    # Marking it 符合 without a deduction clears the deduction.
    assert put_mark(client, inspector, walk, first, mark="pass").json()["unit_score"] == 990


def test_scores_have_four_area_subtotals_of_the_1000_point_checklist_and_ranks(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    body = _scores(client, campaign["id"]).json()
    assert body["total_points"] == 1000
    units = {u["name"]: u for u in body["units"]}
    dongfeng = units["东风村"]
    assert [(a["name"], a["points"], a["subtotal"]) for a in dongfeng["areas"]] == [
        ("责任落实", 200, 170), ("政策落实", 250, 250), ("工作落实", 430, 380), ("巩固成效", 120, 115)]
    assert (dongfeng["deducted"], dongfeng["score"], dongfeng["marked"], dongfeng["items"]) == (85, 915, 4, 61)
    assert [(u["rank"], u["name"], u["score"]) for u in body["units"]] == [
        (1, "新和村", 990), (2, "朝烈村", 940), (3, "东风村", 915)]
    assert [(t["rank"], t["name"], t["villages"], t["score"]) for t in body["towns"]] == [
        (1, "龙江镇", 2, 952.5), (2, "博鳌镇", 1, 940)]


def test_a_deduction_files_and_assigns_its_ticket_in_one_step(client, world, sessions):
    campaign = create_campaign(client, world)
    walk = _walk(client, campaign["id"], world.units["dongfeng"])
    (item,) = leaf_ids(sessions, ["2.3.2"])
    r = put_mark(client, login(client, "inspector"), walk, item, mark="fail", note="两户仍住危房", deduction=25,
                 file_ticket=True, assign=True)
    assert r.status_code == 200, r.text
    mark = r.json()
    assert mark["ticket_state"] == "assigned" and mark["deduction"] == 25 and mark["unit_score"] == 975
    with sessions() as s:
        ticket = s.get(Ticket, mark["ticket_id"])
        assert "扣分：25 分" in ticket.description and "两户仍住危房" in ticket.description
    # The village sees the ticket it must fix.
    assert client.get(f"/api/v1/tickets/{mark['ticket_id']}", headers=login(client, "village")).status_code == 200


def test_towns_see_only_their_own_units_scores_with_their_true_rank(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    town = _scores(client, campaign["id"], "town").json()
    assert sorted(u["name"] for u in town["units"]) == ["东风村", "新和村"]
    assert [(t["name"], t["rank"]) for t in town["towns"]] == [("龙江镇", 1)]
    boao = _scores(client, campaign["id"], "boao").json()
    assert [(u["name"], u["rank"]) for u in boao["units"]] == [("朝烈村", 2)]
    assert [t["name"] for t in boao["towns"]] == ["博鳌镇"]
    village = _scores(client, campaign["id"], "village").json()
    assert [u["name"] for u in village["units"]] == ["东风村"] and village["towns"] == []
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/scores", headers=login(client, "edu")).status_code == 404
    assert _scores(client, campaign["id"] + 50).status_code == 404


def test_only_the_campaigns_team_and_the_office_enter_deductions(client, world, sessions):
    campaign = create_campaign(client, world)
    walk = _walk(client, campaign["id"], world.units["dongfeng"])
    (item,) = leaf_ids(sessions, ["1.4.1"])
    r = put_mark(client, login(client, "inspector2"), walk, item, mark="fail", deduction=5)
    assert r.status_code == 403 and "检查组成员" in r.json()["message"]
    for who in ("town", "village"):
        assert put_mark(client, login(client, who), walk, item, mark="fail", deduction=5).status_code == 403
    assert put_mark(client, login(client, "boao"), walk, item, mark="fail", deduction=5).status_code == 404
    assert put_mark(client, login(client, "office"), walk, item, mark="fail", deduction=5).status_code == 200
    assert _scores(client, campaign["id"]).json()["units"][0]["score"] == 995


def test_the_scores_export_opens_in_openpyxl_with_units_towns_and_bonuses(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    r = client.get(f"/api/v1/campaigns/{campaign['id']}/scores.xlsx", headers=login(client, "office"))
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["单位得分", "乡镇排名", "加分明细"]
    rows = list(book["单位得分"].iter_rows(values_only=True))
    assert rows[0][4:8] == ("责任落实（200分）", "政策落实（250分）", "工作落实（430分）", "巩固成效（120分）")
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["东风村"][4:11] == (170, 250, 380, 115, 85, 0, 915) and by_name["东风村"][0] == 3
    towns = list(book["乡镇排名"].iter_rows(values_only=True))
    assert towns[1][:6] == (1, "龙江镇", 2, 952.5, 0, 952.5)
    # A town's export holds its own rows only.
    town = client.get(f"/api/v1/campaigns/{campaign['id']}/scores.xlsx", headers=login(client, "boao"))
    sheet = load_workbook(io.BytesIO(town.content))["单位得分"]
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["朝烈村"]


def test_the_campaign_bulletin_has_a_scores_section(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    r = client.get(f"/api/v1/ledger/bulletin.docx?campaign_id={campaign['id']}", headers=login(client, "office"))
    assert r.status_code == 200, r.text
    document = open_docx(r.content)
    headings = [p.text for p in document.paragraphs]
    assert "六、督导评估得分情况" in headings and "七、有关要求" in headings
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    towns = next(t for t in tables if t[0][:2] == ["名次", "乡镇"] and "村平均分" in t[0])
    assert towns[1] == ["1", "龙江镇", "2", "952.5", "0", "952.5"]
    units = next(t for t in tables if t[0][:3] == ["名次", "乡镇", "村（社区）"])
    assert units[0][3:] == ["责任落实（200）", "政策落实（250）", "工作落实（430）", "巩固成效（120）", "加分", "得分"]
    assert ["3", "龙江镇", "东风村", "170", "250", "380", "115", "0", "915"] in units
    # A half-year bulletin has no campaign, so no scores section.
    plain = client.get("/api/v1/ledger/bulletin.docx?half=2026H2", headers=login(client, "office"))
    assert "督导评估得分情况" not in "\n".join(p.text for p in open_docx(plain.content).paragraphs)


def test_checklist_score_is_a_weighted_ranking_criterion_of_the_campaign(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    office = login(client, "office")
    r = client.get(f"/api/v1/ledger/ranking?campaign_id={campaign['id']}&weights=checklist_score:1", headers=office)
    assert r.status_code == 200, r.text
    towns = [(t["name"], t["rank"], t["score"]) for t in r.json()["towns"]]
    assert towns == [("龙江镇", 1, 952.5), ("博鳌镇", 2, 940)]
    # Stored on the campaign as its 大比拼 weights, the ranking uses it without asking.
    body = client.get(f"/api/v1/campaigns/{campaign['id']}", headers=office).json()
    update = {k: body[k] for k in ("name", "kind", "starts_on", "ends_on", "checklist_id", "scope_unit_ids",
                                   "team_person_ids", "description")} | {"kind": "contest",
                                                                        "ranking_weights": {"checklist_score": 2}}
    assert client.put(f"/api/v1/campaigns/{campaign['id']}", json=update, headers=office).status_code == 200
    r = client.get(f"/api/v1/ledger/ranking?campaign_id={campaign['id']}", headers=office).json()
    assert r["weights"] == {"checklist_score": 2} and [t["score"] for t in r["towns"]] == [1905, 1880]
    # Another campaign without walks: every town is unrated on it.
    empty = create_campaign(client, world, name="空白督查")
    r = client.get(f"/api/v1/ledger/ranking?campaign_id={empty['id']}&weights=checklist_score:1", headers=office)
    assert all(t["rank"] is None for t in r.json()["towns"])


def test_capped_holds_every_node_at_its_points_even_if_two_racing_saves_overshot():
    def item(id_, parent, points):
        return ChecklistItem(id=id_, checklist_id="x", parent_id=parent, code=str(id_), points=points)
    tree = ScoreTree({1: item(1, None, 30), 2: item(2, 1, None), 3: item(3, 1, None)}, {None: [1], 1: [2, 3]})
    assert tree.capped(1, {2: 20, 3: 20}) == 30 and tree.total_points == 30 and tree.cap_of(3) == 30


def test_every_deduction_change_is_an_append_only_event_on_the_campaign(client, world, sessions, engine):
    campaign = create_campaign(client, world)
    walk = _walk(client, campaign["id"], world.units["dongfeng"])
    inspector = login(client, "inspector")
    (item,) = leaf_ids(sessions, ["1.4.1"])
    put_mark(client, inspector, walk, item, mark="fail", deduction=5)
    put_mark(client, inspector, walk, item, mark="fail", deduction=5, note="只改说明")  # same figure: no event
    put_mark(client, inspector, walk, item, mark="fail", deduction=8)
    put_mark(client, inspector, walk, item, mark="pass")
    with sessions() as s:
        rows = s.scalars(select(CampaignEvent).where(CampaignEvent.campaign_id == campaign["id"])
                         .order_by(CampaignEvent.id)).all()
        assert [e.summary for e in rows] == ["东风村 1.4.1 扣分 0 → 5 分", "东风村 1.4.1 扣分 5 → 8 分",
                                             "东风村 1.4.1 扣分 8 → 0 分"]
        assert {e.actor_id for e in rows} == {world.people["inspector"]}
    for statement in ("UPDATE campaign_event SET summary = 'x'", "DELETE FROM campaign_event"):
        with engine.connect() as conn:
            with pytest.raises(Exception, match="append-only"):
                conn.execute(text(statement))
            conn.rollback()


def test_once_a_sample_is_drawn_only_the_sampled_villages_stand_for_their_town(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    r = client.post(f"/api/v1/campaigns/{campaign['id']}/samples", headers=login(client, "office"),
                    json={"towns": 1, "poverty_villages_per_town": 0, "other_villages_per_town": 1,
                          "from_unit_id": world.units["longjiang"], "seed": 3})
    assert r.status_code == 201, r.text
    (drawn,) = [u["name"] for u in r.json()["units"] if u["stratum"] != "town"]
    body = _scores(client, campaign["id"]).json()
    units = {u["name"]: u for u in body["units"]}
    assert [u["name"] for u in body["units"] if u["sampled"]] == [drawn] and len(units) == 3
    towns = {t["name"]: t for t in body["towns"]}
    assert (towns["龙江镇"]["villages"], towns["龙江镇"]["score"]) == (1, units[drawn]["score"])
    assert "博鳌镇" not in towns  # 朝烈村 was walked but not sampled
