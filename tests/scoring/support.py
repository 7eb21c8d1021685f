"""Set-up for sampling and scoring tests: more towns with 脱贫村 and 非脱贫村, a scored campaign with walks."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import login
from tests.inspections.support import create_campaign, leaf_ids
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import create_unit

EXTRA_TOWNS = ("石壁镇", "万泉镇", "大路镇", "阳江镇", "会山镇", "中原镇")


def add_towns(sessions, world, *, poverty: int = 2, other: int = 2) -> dict[str, list[int]]:
    """Six more towns under 琼海市, each with ``poverty`` 脱贫村 and ``other`` 非脱贫村: town name → village ids."""
    made: dict[str, list[int]] = {}
    with transaction(sessions) as s:
        city = s.get(OrgUnit, world.units["city"])
        for name in EXTRA_TOWNS:
            town = create_unit(s, name=name, kind="town", parent=city)
            world.units[name] = town.id
            villages = []
            for i in range(poverty + other):
                village = create_unit(s, name=f"{name[:2]}{i + 1}村", kind="village", parent=town)
                village.poverty_alleviated = i < poverty
                villages.append(village.id)
            made[name] = villages
    return made


def units_by_id(sessions) -> dict[int, OrgUnit]:
    with sessions() as s:
        return {u.id: u for u in s.scalars(select(OrgUnit))}


def put_mark(client, headers, inspection_id: int, item_id: int, **body):
    return client.put(f"/api/v1/inspections/{inspection_id}/marks/{item_id}", json=body, headers=headers)


def scored_campaign(client, world, sessions) -> dict:
    """A 004 campaign over 龙江镇 and 博鳌镇 with three walks and deductions:
    东风村 1.4.1 −20, 1.4.2 −10, 3.1.1 −50, 4.2.1 −5 → 915; 新和村 2.3.2 −10 → 990; 朝烈村 3.7.1 −60 → 940."""
    campaign = create_campaign(client, world, scope_unit_ids=[world.units["longjiang"], world.units["boao"]])
    inspector = login(client, "inspector")
    walks = {}
    for place in ("dongfeng", "xinhe", "chaolie"):
        r = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json={"place_id": world.units[place]},
                        headers=inspector)
        assert r.status_code == 200, r.text
        walks[place] = r.json()["id"]
    plan = {"dongfeng": [("1.4.1", 20), ("1.4.2", 10), ("3.1.1", 50), ("4.2.1", 5)], "xinhe": [("2.3.2", 10)],
            "chaolie": [("3.7.1", 60)]}
    for place, items in plan.items():
        ids = leaf_ids(sessions, [code for code, _ in items])
        for item_id, (_code, points) in zip(ids, items, strict=True):
            r = put_mark(client, inspector, walks[place], item_id, mark="fail", note="现场核实不符", deduction=points)
            assert r.status_code == 200, r.text
    return campaign | {"walks": walks}
