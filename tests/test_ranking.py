"""Ranking and the red/black list (红黑榜, practice 6): thresholds are configuration."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.deadline_fixtures import at, file_assigned, reference, sweep
from tests.deadline_fixtures import move as dm
from tests.helpers import file_via_api, login, move, upload
from workflow.clock import LOCAL_TZ
from workflow.ledger.ranking import RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress
from workflow.settings import Settings


def town(name: str, on_time: int, finished: int, overdue: int = 0) -> UnitProgress:
    return UnitProgress(unit_id=hash(name) % 1000, name=name, found=finished + overdue, assigned=0, rectifying=overdue,
                        verified=finished, closed=0, overdue=overdue, on_time=on_time, finished=finished)


def test_towns_rank_by_on_time_rate_with_ties_sharing_a_rank():
    ranking = rank_units([town("甲镇", 9, 10), town("乙镇", 17, 20), town("丙镇", 18, 20), town("丁镇", 1, 1),
                          town("戊镇", 0, 0)])
    assert [(r.rank, r.progress.name, r.listed) for r in ranking.ranked] == [
        (1, "丁镇", "red"), (2, "丙镇", "red"), (2, "甲镇", "red"), (4, "乙镇", None)]
    assert [p.name for p in ranking.unrated] == ["戊镇"]


def test_default_lines_are_90_for_red_and_85_for_black():
    ranking = rank_units([town("甲镇", 90, 100), town("乙镇", 85, 100), town("丙镇", 84, 100)])
    assert [(r.progress.name, r.list_label) for r in ranking.ranked] == [
        ("甲镇", "红榜"), ("乙镇", ""), ("丙镇", "黑榜")]
    assert [r.progress.name for r in ranking.red] == ["甲镇"] and [r.progress.name for r in ranking.black] == ["丙镇"]


def test_thresholds_are_read_from_settings_and_checked():
    settings = Settings(red_list_min_rate=0.95, black_list_below_rate=0.6)
    thresholds = RedBlackThresholds.from_settings(settings)
    assert (thresholds.red_min_rate, thresholds.black_below_rate) == (0.95, 0.6)
    with pytest.raises(ValueError, match="红黑榜阈值"):
        RedBlackThresholds(red_min_rate=0.8, black_below_rate=0.9)


# -- who answers for a ticket (issue 10): its lead unit, not the town it lies in --------------------------------

def _rectify_on_time(client, world, *, place: str, lead: str, operator: str) -> dict:
    inspector, office, op = login(client, "inspector"), login(client, "office"), login(client, operator)
    t = file_via_api(client, inspector, world, place_id=world.units[place], lead_unit_id=world.units[lead])
    t = move(client, office, t, "assign").json()
    t = move(client, op, t, "accept", plan="立即整改").json()
    assert upload(client, op, t["id"]).status_code == 201
    t = move(client, op, t, "submit", comment="已整改").json()
    return move(client, inspector, t, "verify", comment="现场核实属实").json()  # a line, as flagged photos need


def _ranking(client, username: str) -> dict[str, dict]:
    r = client.get("/api/v1/ledger/ranking", headers=login(client, username))
    assert r.status_code == 200, r.text
    return {t["name"]: t for t in r.json()["towns"]}


def test_an_overdue_department_ticket_in_a_town_blacklists_the_department_never_the_town(client, world, clock):
    _rectify_on_time(client, world, place="chaolie", lead="chaolie", operator="boao")
    office, edu = login(client, "office"), login(client, "edu")
    school = file_via_api(client, login(client, "inspector"), world, title="村小学围墙破损",
                          place_id=world.units["chaolie"], lead_unit_id=world.units["education"])
    school = move(client, office, school, "assign").json()
    assert move(client, edu, school, "accept", plan="修缮围墙").status_code == 200
    clock.move_to(datetime(2026, 12, 15, 9, 0, tzinfo=LOCAL_TZ))  # past the 2026-12-10 deadline

    towns = _ranking(client, "office")
    assert (towns["博鳌镇"]["on_time_rate"], towns["博鳌镇"]["listed"], towns["博鳌镇"]["overdue"]) == (1.0, "red", 0)
    assert (towns["琼海市教育局"]["on_time_rate"], towns["琼海市教育局"]["listed"]) == (0.0, "black")
    assert towns["琼海市教育局"]["overdue"] == 1
    assert set(_ranking(client, "boao")) == {"博鳌镇"}  # the town's own view: only what it leads
    assert _ranking(client, "boao")["博鳌镇"]["listed"] == "red"


def test_a_return_is_charged_to_the_unit_that_returned_it_not_to_the_unit_it_was_reassigned_to(client, world):
    inspector, office = login(client, "inspector"), login(client, "office")
    village, boao = login(client, "village"), login(client, "boao")
    t = file_via_api(client, inspector, world)  # placed in and led by 东风村 (龙江镇)
    t = move(client, office, t, "assign").json()
    t = move(client, village, t, "return", comment="属地不符，该路段属朝烈村").json()
    t = move(client, office, t, "assign", lead_unit_id=world.units["chaolie"]).json()  # 改派
    t = move(client, boao, t, "accept", plan="清运").json()
    assert upload(client, boao, t["id"]).status_code == 201
    t = move(client, boao, t, "submit", comment="已清运").json()
    assert move(client, inspector, t, "reject", comment="照片看不出清运后的路面").status_code == 200

    towns = _ranking(client, "office")
    assert (towns["龙江镇"]["returns"], towns["龙江镇"]["reworks"]) == (1, 0)
    assert (towns["博鳌镇"]["returns"], towns["博鳌镇"]["reworks"]) == (0, 1)
    assert _ranking(client, "boao")["博鳌镇"]["returns"] == 0


def test_an_overdue_episode_stays_with_the_unit_that_let_the_deadline_pass(client, world, sessions):
    reference(sessions, years=(2026, 2027))
    tid = file_assigned(sessions, world, when=at("2026-11-02"), due_on="2026-11-20")
    sweep(sessions, at("2026-11-23"))  # overdue while 东风村 leads it: the light turns red
    dm(sessions, world, tid, "village", "return", when=at("2026-11-23", 10), comment="属地不符")
    dm(sessions, world, tid, "office", "assign", when=at("2026-11-23", 11), lead_unit_id=world.units["chaolie"])
    sweep(sessions, at("2026-11-24"))

    towns = _ranking(client, "office")
    assert (towns["龙江镇"]["overdue_episodes"], towns["龙江镇"]["returns"]) == (1, 1)
    assert (towns["博鳌镇"]["overdue_episodes"], towns["博鳌镇"]["returns"]) == (0, 0)
