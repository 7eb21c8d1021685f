"""Every org tree, roster, audit and import route: another town's data answers 404, a role that may not
act 403, and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import login
from tests.orgs.sheets import org_sheet, people_sheet
from workflow.adminlog.models import AdminChange
from workflow.orgs.models import OrgUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_routes(world, unit: str):
    uid, other = world.units[unit], world.units["xinhe"]
    return [
        ("GET", f"/api/v1/org-units/{uid}", None),
        ("PATCH", f"/api/v1/org-units/{uid}", {"name": "改名"}),
        ("POST", f"/api/v1/org-units/{uid}/move", {"parent_id": world.units["longjiang"]}),
        ("POST", f"/api/v1/org-units/{uid}/merge", {"into_id": other}),
        ("POST", f"/api/v1/org-units/{uid}/deactivate", None),
        ("POST", f"/api/v1/org-units/{uid}/activate", None),
    ]


def _person_routes(world, person: str):
    pid = world.people[person]
    return [
        ("GET", f"/api/v1/people/{pid}", None),
        ("PATCH", f"/api/v1/people/{pid}", {"mobile": "13900000099"}),
        ("GET", f"/api/v1/people/{pid}/open-tickets", None),
        ("POST", f"/api/v1/people/{pid}/reassign", {"to_person_id": world.people["town"]}),
    ]


def _call(client, headers, method, path, body):
    return client.request(method, path, json=body, headers=headers) if body is not None else \
        client.request(method, path, headers=headers)


@pytest.mark.parametrize("outsider", ["boao", "edu"])
def test_another_towns_units_and_people_answer_404_on_every_route(client, world, sessions, outsider):
    headers = login(client, outsider)
    for method, path, body in [*_unit_routes(world, "chaolie" if outsider == "edu" else "dongfeng"),
                               *_person_routes(world, "village")]:
        r = _call(client, headers, method, path, body)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(AdminChange)) == 0


@pytest.mark.parametrize("user", ["town", "inspector", "leader"])
def test_roles_that_may_not_manage_the_tree_or_roster_get_403(client, world, sessions, user):
    headers = login(client, user)
    for method, path, body in [*_unit_routes(world, "dongfeng")[1:], *_person_routes(world, "village")]:
        r = _call(client, headers, method, path, body)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
    for method, path, body in [
        ("POST", "/api/v1/org-units", {"name": "新村", "kind": "village", "parent_id": world.units["longjiang"]}),
        ("POST", "/api/v1/people", {"name": "某人", "unit_id": world.units["dongfeng"]}),
        ("GET", "/api/v1/people", None),
        ("GET", "/api/v1/posts/holders", None),
        ("GET", "/api/v1/admin-changes", None),
        ("GET", "/api/v1/imports/org-units/template", None),
        ("GET", "/api/v1/imports/people/template", None),
    ]:
        r = _call(client, headers, method, path, body)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
    for path, content in [("/api/v1/imports/org-units", org_sheet([["龙江镇", "新村", "", "", "", "", "", ""]])),
                          ("/api/v1/imports/people", people_sheet([["某人", "东风村", "", "", "", "", ""]]))]:
        r = client.post(path, headers=headers, files=[("file", ("a.xlsx", content, XLSX))])
        assert r.status_code == 403, (path, r.text)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(AdminChange)) == 0
        assert s.get(OrgUnit, world.units["dongfeng"]).name == "东风村"


def test_the_audit_log_is_for_admins_only(client, world):
    assert client.get("/api/v1/admin-changes", headers=login(client, "office")).status_code == 403
    assert client.get("/api/v1/admin-changes", headers=login(client, "admin")).status_code == 200


def test_a_town_office_user_manages_only_its_own_subtree(client, world, sessions):
    """An office account placed in a town: its villages yes, the neighbouring town's 404, the district 422."""
    from workflow.accounts.service import create_person
    from workflow.db import transaction

    with transaction(sessions) as s:
        create_person(s, name="镇办", unit=s.get(OrgUnit, world.units["longjiang"]), roles=["office"],
                      username="townoffice")
    headers = login(client, "townoffice")
    assert client.patch(f"/api/v1/org-units/{world.units['dongfeng']}", json={"poverty_alleviated": True},
                        headers=headers).status_code == 200
    assert client.patch(f"/api/v1/org-units/{world.units['chaolie']}", json={"poverty_alleviated": True},
                        headers=headers).status_code == 404
    r = client.post(f"/api/v1/org-units/{world.units['dongfeng']}/move", json={"parent_id": world.units["boao"]},
                    headers=headers)
    assert r.status_code == 422 and "不在您的管辖范围内" in r.json()["message"]
