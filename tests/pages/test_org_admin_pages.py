"""The org tree, roster, post-holder and audit pages: the office keeps the tree and roster current from a
phone or a desk; other roles get 403, another town's unit or person 404; refusals are shown in Chinese."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import START
from tests.orgs.sheets import org_sheet, people_sheet
from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from workflow.accounts.models import Person
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.reference_data import ensure_reference_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_office_creates_renames_and_flags_a_village_on_the_tree_page(browser_as, world, sessions):
    office = browser_as("office")
    page = office.get("/org-units").text
    assert "组织架构" in page and "东风村" in page and "下载组织架构模板" in page
    r = post_form(office, "/org-units/new", {"kind": "village", "name": "南星村", "parent_id": world.units["longjiang"],
                                             "poverty_alleviated": "1"})
    assert r.status_code == 303
    with sessions() as s:
        village = s.scalar(select(OrgUnit).where(OrgUnit.name == "南星村"))
        assert village.poverty_alleviated and village.parent_id == world.units["longjiang"]
    assert r.headers["location"] == f"/org-units?unit_id={village.id}"
    r = post_form(office, f"/org-units/{village.id}/edit", {"name": "南星社区", "relocation_site": "1"})
    assert r.status_code == 303
    page = office.get(f"/org-units?unit_id={village.id}").text
    assert "南星社区" in page and '<span class="tag flag">易地搬迁安置点</span>' in page
    r = post_form(office, "/org-units/new", {"kind": "village", "name": "东风村",
                                             "parent_id": world.units["longjiang"]})
    assert r.status_code == 422 and "同一上级下已有名为“东风村”的村/社区" in r.text and 'value="东风村"' in r.text


def test_deactivating_a_village_with_open_tickets_is_refused_on_the_page(browser_as, world, app, sessions):
    make_ticket(sessions, world, app.state.store, state="assigned", place="xinhe", lead="xinhe")
    r = post_form(browser_as("office"), f"/org-units/{world.units['xinhe']}/active", {"active": "0"})
    assert r.status_code == 409 and "“新和村”不能停用：有 1 个未销号的问题" in r.text
    with sessions() as s:
        assert s.get(OrgUnit, world.units["xinhe"]).is_active


def test_a_bad_org_file_lists_its_rows_on_the_page_and_a_good_one_imports(browser_as, world, sessions):
    office = browser_as("office")
    bad = org_sheet([["龙江镇", "南星村", "大概", "", "", "", "", ""]])
    r = post_form(office, "/org-units/import", files=[("file", ("org.xlsx", bad, XLSX))])
    assert r.status_code == 422 and "组织架构表有 1 处错误" in r.text and "“大概”应填“是”或“否”" in r.text
    good = org_sheet([["龙江镇", "南星村", "是", "", "", "", "", ""]])
    r = post_form(office, "/org-units/import", files=[("file", ("org.xlsx", good, XLSX))])
    assert r.status_code == 200 and "新建单位 <b>1</b> 个" in r.text


def test_people_are_added_moved_and_imported_on_the_roster_pages(browser_as, world, app, sessions):
    office = browser_as("office")
    r = post_form(office, "/people/new", {"name": "符书记", "unit_id": world.units["dongfeng"],
                                          "posts": "village_party_secretary", "username": "fu", "roles": "operator"})
    assert r.status_code == 200 and "临时密码" in r.text
    ticket = make_ticket(sessions, world, app.state.store, state="assigned",
                         responsible_person_id=world.people["village"])
    r = post_form(office, f"/people/{world.people['village']}/edit", {
        "name": "village-name", "unit_id": world.units["xinhe"], "mobile": "13900000006", "username": "village",
        "roles": "operator", "posts": "operator", "is_active": "1"})
    assert r.status_code == 200 and "负责的未销号问题（1）" in r.text
    r = post_form(office, f"/people/{world.people['village']}/reassign", {"to_person_id": world.people["xinhe"]})
    assert r.status_code == 303
    with sessions() as s:
        assert s.get(Person, world.people["village"]).org_unit_id == world.units["xinhe"]
    assert f"/tickets/{ticket}" not in office.get(f"/people/{world.people['village']}").text
    content = people_sheet([["陈队员", "东风村", "", "驻村工作队员", "13800000099", "", ""]])
    r = post_form(office, "/people/import", files=[("file", ("people.xlsx", content, XLSX))])
    assert r.status_code == 200 and "新增人员 <b>1</b> 名" in r.text
    with transaction(sessions) as s:
        ensure_reference_data(s, now=START, years=[])  # the 约谈 policies that name the posts
    holders = office.get("/posts/holders").text
    assert "符书记" in holders and "空缺" in holders


def _unit_forms(world, unit: str) -> list[tuple[str, dict]]:
    uid = world.units[unit]
    return [(f"/org-units/{uid}/edit", {"name": "x"}),
            (f"/org-units/{uid}/move", {"parent_id": world.units["boao"]}),
            (f"/org-units/{uid}/merge", {"into_id": world.units["xinhe"]}),
            (f"/org-units/{uid}/active", {"active": "0"})]


def _person_forms(world, person: str) -> list[tuple[str, dict]]:
    pid = world.people[person]
    return [(f"/people/{pid}/edit", {"name": "x", "unit_id": world.units["dongfeng"]}),
            (f"/people/{pid}/reassign", {"to_person_id": world.people["town"]})]


@pytest.mark.parametrize("username", ["town", "inspector", "leader"])
def test_roles_that_may_not_manage_get_403_on_the_admin_pages(browser_as, world, sessions, username):
    client = browser_as(username)
    for path in ("/org-units", "/people", "/posts/holders", "/admin-changes", f"/people/{world.people['village']}",
                 f"/org-units?unit_id={world.units['dongfeng']}"):
        assert client.get(path).status_code == 403, path
    forms = [("/org-units/new", {"kind": "village", "name": "x", "parent_id": world.units["longjiang"]}),
             ("/people/new", {"name": "x", "unit_id": world.units["dongfeng"]}),
             *_unit_forms(world, "dongfeng"), *_person_forms(world, "village")]
    for path, data in forms:
        assert post_form(client, path, data).status_code == 403, path
    for path in ("/org-units/import", "/people/import"):
        r = post_form(client, path, files=[("file", ("a.xlsx", org_sheet([["龙江镇", "x"]]), XLSX))])
        assert r.status_code == 403, path
    with sessions() as s:
        assert s.get(OrgUnit, world.units["dongfeng"]).name == "东风村"
        assert s.get(Person, world.people["village"]).name == "village-name"


def test_another_towns_unit_and_person_answer_404_on_the_pages(browser_as, world, sessions):
    client = browser_as("boao")
    assert client.get(f"/org-units?unit_id={world.units['dongfeng']}").status_code == 404
    assert client.get(f"/people/{world.people['village']}").status_code == 404
    for path, data in [*_unit_forms(world, "dongfeng"), *_person_forms(world, "village")]:
        assert post_form(client, path, data).status_code == 404, path
    with sessions() as s:
        assert s.get(OrgUnit, world.units["dongfeng"]).is_active


def test_a_forged_or_used_first_login_link_answers_404(browser_as):
    r = browser_as().get("/first-login/not-a-token")
    assert r.status_code == 404 and "该链接已失效" in r.text


def test_the_audit_page_shows_who_changed_what_to_admins_only(browser_as, world):
    post_form(browser_as("office"), f"/org-units/{world.units['xinhe']}/edit", {"name": "新和社区"})
    page = browser_as("admin").get("/admin-changes").text
    assert "office-name" in page and "修改“新和社区”：名称：新和村 → 新和社区" in page
    assert browser_as("office").get("/admin-changes").status_code == 403
