"""From an empty database to a county: setup, the org tree and the roster from the county's own xlsx
files (bad rows refused by row number, re-imports that update without duplicating), then a ticket."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli.main import app as cli
from tests.helpers import login_via_api
from tests.orgs.sheets import ORG_ROWS, PEOPLE_ROWS, org_sheet, people_sheet
from tests.pages.conftest import TOKEN as CSRF
from workflow.accounts.models import Person
from workflow.accounts.passwords import verify_password
from workflow.adminlog.models import AdminChange
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket

RUNNER = CliRunner()


@pytest.fixture
def zhenggai(settings, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ZHENGGAI_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ZHENGGAI_SECRET_KEY", settings.secret_key)

    def zhenggai(*args: str, input: str | None = None, code: int = 0):
        result = RUNNER.invoke(cli, list(args), input=input)
        assert result.exit_code == code, result.output
        return result.output

    return zhenggai


def test_an_empty_install_becomes_a_county_from_its_own_spreadsheets(zhenggai, sessions, tmp_path, client):
    out = zhenggai("setup", input="琼海市\nQH\nadmin1\nsecret-pass-1\nsecret-pass-2\nsecret-pass-1\nsecret-pass-1\n")
    assert "两次输入的密码不一致，请重新输入" in out
    assert "已初始化：琼海市" in out and "QH-年份-序号" in out
    with sessions() as s:
        city = s.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
        assert (city.name, city.code, city.path) == ("琼海市", "QH", f"/{city.id}/")
        admin = s.scalar(select(Person).where(Person.username == "admin1"))
        assert verify_password("secret-pass-1", admin.password_hash) and admin.roles == {"admin", "office"}
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 1  # no demo data
    again = zhenggai("setup", "--district-name", "万宁市", "--code", "WN", "--admin-username", "x",
                     "--admin-password", "another-pass", code=2)
    assert "已经初始化过" in again

    bad = tmp_path / "bad-org.xlsx"
    bad.write_bytes(org_sheet([*ORG_ROWS, ["", "南星村", "也许", "", "", "", "", ""],
                               ["", "", "", "", "", "", "某工作队", "没有这个村"]]))
    refused = zhenggai("import-org", str(bad), "--as", "admin1", code=2)
    assert "组织架构表有" in refused and "整个文件未导入" in refused
    assert "第 6 行  村（社区）" not in refused  # row 6's village error is under 乡镇（街道）
    assert "第 6 行  乡镇（街道）：村（社区）“南星村”须填写所属乡镇（街道）" in refused
    assert "第 6 行  脱贫村：“也许”应填“是”或“否”" in refused
    assert "第 7 行  所驻村（社区）：找不到村（社区）“没有这个村”" in refused
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 1  # all rows or none

    good = tmp_path / "org.xlsx"
    good.write_bytes(org_sheet(ORG_ROWS))
    out = zhenggai("import-org", str(good), "--as", "admin1")
    assert "新建单位 8 个" in out
    assert "新建单位 0 个，更新 0 个" in zhenggai("import-org", str(good), "--as", "admin1")
    changed = tmp_path / "org2.xlsx"
    changed.write_bytes(org_sheet([["龙江镇", " 东风村 ", "否", "是", "", "", "", ""],
                                   ["博鳌镇", "朝烈村（社区）", "是", "", "", "", "", ""]]))
    assert "新建单位 0 个，更新 2 个" in zhenggai("import-org", str(changed), "--as", "admin1")
    with sessions() as s:
        units = {u.name: u for u in s.scalars(select(OrgUnit))}
        assert set(units) == {"琼海市", "龙江镇", "东风村", "新和村", "博鳌镇", "朝烈村（社区）", "琼海市教育局",
                              "琼海市农业农村局", "龙江镇东风村驻村工作队"}
        dongfeng, team = units["东风村"], units["龙江镇东风村驻村工作队"]
        assert (dongfeng.poverty_alleviated, dongfeng.relocation_site) == (False, True)
        assert units["朝烈村（社区）"].poverty_alleviated and units["新和村"].relocation_site
        assert team.serves_unit_id == dongfeng.id and team.parent_id == units["琼海市农业农村局"].id
        assert dongfeng.path == f"/{units['琼海市'].id}/{units['龙江镇'].id}/{dongfeng.id}/"

    bad_people = tmp_path / "bad-people.xlsx"
    bad_people.write_bytes(people_sheet([*PEOPLE_ROWS, ["张三", "不存在的村", "", "", "", "", ""],
                                         ["李四", "东风村", "", "村长", "1380000", "", "专干"]]))
    refused = zhenggai("import-people", str(bad_people), "--as", "admin1", code=2)
    assert "人员名单有 4 处错误" in refused
    assert "第 8 行  单位：找不到单位“不存在的村”" in refused
    assert "第 9 行  职务/岗位：未知职务/岗位：村长" in refused
    assert "第 9 行  手机号：手机号“1380000”格式不正确" in refused
    assert "第 9 行  角色：填写角色时须同时填写账号" in refused
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1

    roster = tmp_path / "people.xlsx"
    roster.write_bytes(people_sheet(PEOPLE_ROWS))
    out = zhenggai("import-people", str(roster), "--as", "admin1")
    assert "新增人员 6 名" in out and out.count("临时密码") == 3
    temporary = dict(re.findall(r"新账号 (\S+)（.*?）临时密码：(\S+)", out))
    moved = tmp_path / "people2.xlsx"
    moved.write_bytes(people_sheet([
        ["符书记", "东风村", "龙江镇", "村党组织书记", "13900000010", "", ""],  # a new mobile
        ["东风专干", "新和村", "", "专干", "13800000006", "", ""],               # moved to 新和村
        ["王主任", "琼海市", "", "办公室工作人员", "13800000001", "office1", "领导小组办公室"],  # unchanged
    ]))
    out = zhenggai("import-people", str(moved), "--as", "admin1")
    assert "新增人员 0 名，更新 2 名，无变化 1 名" in out
    with sessions() as s:
        people = {p.name: p for p in s.scalars(select(Person))}
        assert len(people) == 7
        assert people["符书记"].mobile == "13900000010"
        assert people["东风专干"].org_unit_id == units["新和村"].id and people["东风专干"].username == "dongfeng"
        assert set(people["黄队长"].posts) == {"team_leader", "first_secretary"}
        kinds = {(c.entity_kind, c.action) for c in s.scalars(select(AdminChange))}
        assert {("district", "setup"), ("org_unit", "create"), ("org_unit", "update"), ("person", "create"),
                ("person", "move"), ("person", "update")} <= kinds

    place = str(units["新和村"].id)
    filed = zhenggai("ticket", "file", "村口路灯损坏", "--place-id", place, "--lead-unit-id", place,
                     "--due-on", "2026-12-31", "--as", "inspector1", "--now", "2026-11-24T09:00")
    assert '"number": "QH-2026-0001"' in filed
    moved = zhenggai("ticket", "move", filed.split('"id": ')[1].split(",")[0], "assign", "--as", "inspector1")
    assert '"state": "assigned"' in moved

    for name in ("org-units", "people"):
        target = tmp_path / f"{name}.xlsx"
        zhenggai("template", name, str(target))
        assert target.read_bytes().startswith(b"PK")

    # The imported people at work: a campaign with the 004 checklist, a walk at 新和村 that files three
    # tickets, a bulk 交办, and the imported village operator (moved to 新和村 by the re-import) accepting one.
    office, inspector, operator = (_first_login(client, user, temporary[user])
                                   for user in ("office1", "inspector1", "dongfeng"))
    r = client.post("/api/v1/campaigns", headers=office, json={
        "name": "2021年巩固脱贫成果后评估", "kind": "post_evaluation", "starts_on": "2026-11-20",
        "ends_on": "2026-12-20", "checklist_id": "qionghai-2021-post-evaluation",
        "scope_unit_ids": [units["龙江镇"].id], "deadline": {"kind": "working_days", "days": 10}})
    assert r.status_code == 201, r.text
    walk = client.post(f"/api/v1/campaigns/{r.json()['id']}/inspections", headers=inspector,
                       json={"place_id": units["新和村"].id})
    assert walk.status_code in (200, 201), walk.text
    walk = walk.json()
    items = [m["checklist_item_id"] for m in walk["marks"]][:3] if walk.get("marks") else None
    items = items or _leaf_items(sessions)[:3]
    for item_id in items:
        r = client.put(f"/api/v1/inspections/{walk['id']}/marks/{item_id}", headers=inspector,
                       json={"mark": "fail", "note": "现场检查不符合", "file_ticket": True})
        assert r.status_code == 200, r.text
    with sessions() as s:
        filed = list(s.scalars(select(Ticket).where(Ticket.place_id == units["新和村"].id, Ticket.state == "found")
                               .order_by(Ticket.id)))
    assert len(filed) == 3
    r = client.post("/api/v1/tickets/bulk-transitions", headers=inspector,
                    json={"trigger": "assign", "items": [{"id": t.id, "version": t.version} for t in filed]})
    assert r.status_code == 200 and len(r.json()["moved"]) == 3 and r.json()["refused"] == [], r.text
    first = r.json()["moved"][0]
    r = client.post(f"/api/v1/tickets/{first['id']}/transitions", headers=operator,
                    json={"trigger": "accept", "version": first["version"], "plan": "一周内整改到位"})
    assert r.status_code == 200 and r.json()["state"] == "rectifying", r.text


def _first_login(client, username: str, temporary: str) -> dict[str, str]:
    """An imported account signs in with its temporary password and must set its own before anything else."""
    token = login_via_api(client, username, temporary).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tickets", headers=headers).status_code == 403  # password_change_required
    r = client.post("/api/v1/auth/password", headers=headers,
                    json={"current_password": temporary, "new_password": "Longjiang-2026-xiu"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _leaf_items(sessions) -> list[int]:
    from workflow.inspections.queries import walk_items

    with sessions() as s:
        return [item.id for _area, item in walk_items(s, "qionghai-2021-post-evaluation")]


def test_setup_with_a_one_time_link_lets_the_admin_set_a_password_once(zhenggai, client, sessions):
    out = zhenggai("setup", "--district-name", "琼海市", "--code", "qh", "--admin-username", "chief",
                   "--one-time-link")
    link = next(line for line in out.splitlines() if "/first-login/" in line).strip()
    path = link.removeprefix("http://127.0.0.1:8000")
    with sessions() as s:
        assert s.scalar(select(Person.password_hash).where(Person.username == "chief")) is None
        assert s.scalar(select(OrgUnit.code)) == "QH"
    page = client.get(path)
    assert page.status_code == 200 and "chief" in page.text
    token = CSRF.search(page.text).group(1)
    r = client.post(path, data={"password": "long-enough-1", "again": "long-enough-2", "csrf_token": token})
    assert r.status_code == 422 and "两次输入的密码不一致" in r.text
    r = client.post(path, data={"password": "chief-pass-1", "again": "chief-pass-1", "csrf_token": token})
    assert r.status_code == 422 and "密码不能包含账号名" in r.text
    r = client.post(path, data={"password": "long-enough-1", "again": "long-enough-1", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/org-units"
    assert client.get("/org-units").status_code == 200  # signed in
    again = client.get(path)
    assert again.status_code == 404 and "该链接已失效" in again.text
    assert login_via_api(client, "chief", "long-enough-1").status_code == 200
