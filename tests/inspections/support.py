"""Shared set-up for campaign and walk tests: the 004 checklist loaded, a campaign over 龙江镇 created by the office."""

from __future__ import annotations

from sqlalchemy import select

from tests.deadline_fixtures import reference
from tests.helpers import login
from workflow.checklists.loader import load_checklist_file
from workflow.checklists.models import ChecklistItem
from workflow.db import transaction
from workflow.inspections.queries import walk_items
from workflow.seeddata import CHECKLIST_DIR

CHECKLIST_004 = "qionghai-2021-post-evaluation"


def load_004(sessions) -> None:
    reference(sessions)  # the working-day calendar: the campaign's deadline policy counts working days
    with transaction(sessions) as s:
        load_checklist_file(s, CHECKLIST_DIR / f"{CHECKLIST_004}.json")


def leaf_ids(sessions, codes: list[str]) -> list[int]:
    with sessions() as s:
        by_code = {i.code: i.id for _area, i in walk_items(s, CHECKLIST_004)}
        return [by_code[c] for c in codes]


def item_code(sessions, item_id: int) -> str:
    with sessions() as s:
        return s.scalar(select(ChecklistItem.code).where(ChecklistItem.id == item_id))


def campaign_body(world, **overrides) -> dict:
    return {"name": "2021年巩固脱贫成果后评估", "kind": "post_evaluation", "starts_on": "2026-11-20",
            "ends_on": "2026-12-20", "checklist_id": CHECKLIST_004, "scope_unit_ids": [world.units["longjiang"]],
            "team_person_ids": [world.people["inspector"]], "deadline": {"kind": "working_days", "days": 10},
            "description": "按 004 号文件评估细则逐项检查"} | overrides


def create_campaign(client, world, **overrides) -> dict:
    r = client.post("/api/v1/campaigns", json=campaign_body(world, **overrides), headers=login(client, "office"))
    assert r.status_code == 201, r.text
    return r.json()
