"""Villages carry coordinates (issue 16): from the org-tree import's 纬度/经度 columns, or the org-unit API."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import login
from tests.xlsx import workbook_bytes
from workflow.orgs.models import OrgUnit

HEADERS = ["乡镇（街道）", "村（社区）", "纬度", "经度"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import(client, headers, rows):
    content = workbook_bytes(rows, headers=HEADERS, sheet_name="组织架构")
    return client.post("/api/v1/imports/org-units", headers=headers, files={"file": ("组织架构.xlsx", content, XLSX)})


def test_the_org_import_sets_and_updates_village_coordinates(client, world, sessions):
    admin = login(client, "admin")
    r = _import(client, admin, [["龙江镇", "东风村", "19.1552", "110.3241"], ["龙江镇", "南星村", "19.16", "110.33"]])
    assert r.status_code == 200, r.text
    with sessions() as s:
        units = {u.name: u for u in s.scalars(select(OrgUnit).where(OrgUnit.name.in_(("东风村", "南星村"))))}
    assert (units["东风村"].latitude, units["东风村"].longitude) == (19.1552, 110.3241)
    assert units["南星村"].latitude == 19.16
    unit = client.get(f"/api/v1/org-units/{world.units['dongfeng']}", headers=admin).json()
    assert (unit["latitude"], unit["longitude"]) == (19.1552, 110.3241)


def test_a_bad_or_half_coordinate_refuses_the_whole_file(client, world, sessions):
    admin = login(client, "admin")
    r = _import(client, admin, [["龙江镇", "东风村", "北纬19度", "110.3"], ["龙江镇", "新和村", "19.2", ""],
                                ["龙江镇", "南星村", "95", "110.3"]])
    assert r.status_code == 422
    text = r.text
    assert "应为十进制度数" in text and "纬度和经度须同时填写" in text and "超出范围" in text
    with sessions() as s:
        assert s.scalar(select(OrgUnit.latitude).where(OrgUnit.id == world.units["dongfeng"])) is None
        assert s.scalar(select(OrgUnit).where(OrgUnit.name == "南星村")) is None


def test_the_api_sets_coordinates_and_refuses_them_out_of_range(client, world):
    admin = login(client, "admin")
    path = f"/api/v1/org-units/{world.units['xinhe']}"
    assert client.patch(path, headers=admin, json={"latitude": 19.17, "longitude": 110.35}).json()["latitude"] == 19.17
    assert client.patch(path, headers=admin, json={"latitude": 91}).status_code == 422
    assert client.patch(path, headers=login(client, "village"), json={"latitude": 19.0}).status_code in (403, 404)
