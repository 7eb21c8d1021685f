"""Accounts (issue 12): own password change with rules in Chinese, an admin's reset to a temporary
password that must be changed before anything else works, deactivation, and the account event log."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.helpers import login, login_via_api, session_cookie
from tests.pages.conftest import TOKEN, csrf_of
from tests.world import PASSWORD
from workflow.accounts.models import Person
from workflow.accounts.service import create_person
from workflow.db import transaction
from workflow.orgs.models import OrgUnit


def change(client, headers, new, current=PASSWORD):
    return client.post("/api/v1/auth/password", headers=headers,
                       json={"current_password": current, "new_password": new})


@pytest.mark.parametrize(("new", "message"), [
    ("ab1#", "密码至少需要 8 位"),
    ("abcdefghij", "密码须包含字母、数字、符号中的至少两种"),
    ("1111111111", "密码须包含字母、数字、符号中的至少两种"),
    ("my-town-2026", "密码不能包含账号名"),
    ("abcd1234", "密码过于常见，容易被猜中"),
    (PASSWORD, "新密码不能与原密码相同"),
])
def test_a_weak_new_password_is_refused_with_the_reason_in_chinese(client, world, sessions, new, message):
    r = change(client, login(client, "town"), new)
    assert r.status_code == 422 and message in r.json()["message"], r.json()
    with sessions() as s:
        assert s.get(Person, world.people["town"]).password_hash == world.password_hash


def test_the_current_password_must_be_given_right(client, world):
    r = change(client, login(client, "town"), "Longjiang#2026", current="not-mine")
    assert r.status_code == 422 and r.json()["message"] == "原密码不正确"


def test_a_reset_password_must_be_changed_before_anything_else_works(client, world):
    admin = login(client, "admin")
    r = client.post(f"/api/v1/accounts/{world.people['town']}/password-reset", headers=admin)
    assert r.status_code == 200
    temporary = r.json()["temporary_password"]
    assert login_via_api(client, "town").status_code == 401  # the old password is gone
    r = login_via_api(client, "town", temporary)
    assert r.status_code == 200 and r.json()["must_change_password"] is True
    token = {"Authorization": f"Bearer {r.json()['access_token']}"}
    blocked = client.get("/api/v1/tickets", headers=token)
    assert blocked.status_code == 403 and blocked.json()["code"] == "password_change_required"
    assert client.get("/api/v1/auth/me", headers=token).json()["must_change_password"] is True
    r = change(client, token, "Longjiang#2026", current=temporary)
    assert r.status_code == 200
    assert client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
                      ).status_code == 200


def test_the_pages_send_a_reset_account_to_the_password_form_first(client, app, world):
    temporary = client.post(f"/api/v1/accounts/{world.people['town']}/password-reset",
                            headers=login(client, "admin")).json()["temporary_password"]
    with TestClient(app) as browser:
        r = browser.post("/login", data={"username": "town", "password": temporary, "csrf_token": csrf_of(browser),
                                         "next": "/my/tickets"}, follow_redirects=False)
        assert r.headers["location"] == "/account/password"
        for page in ("/my/tickets", "/"):
            assert browser.get(page, follow_redirects=False).headers["location"] == "/account/password"
        form = browser.get("/account/password")
        assert "管理员已重置您的密码，请先设置新密码后再使用系统" in form.text
        token = TOKEN.search(form.text).group(1)
        r = browser.post("/account/password", data={"csrf_token": token, "current_password": temporary,
                                                    "new_password": "Longjiang#2026", "confirm_password": "x"})
        assert r.status_code == 422 and "两次输入的新密码不一致" in r.text
        r = browser.post("/account/password", data={"csrf_token": token, "current_password": temporary,
                                                    "new_password": "Longjiang#2026",
                                                    "confirm_password": "Longjiang#2026"}, follow_redirects=False)
        assert r.headers["location"] == "/?password_changed=1"
        assert "密码已修改" in browser.get(r.headers["location"]).text  # this browser stays signed in
        assert browser.get("/my/tickets").status_code == 200


def _town_admin(sessions) -> None:
    with transaction(sessions) as s:
        boao = s.scalar(select(OrgUnit).where(OrgUnit.name == "博鳌镇"))
        create_person(s, name="博鳌管理员", unit=boao, roles=["admin"], username="boao-admin")


@pytest.mark.parametrize("action", ["password-reset", "deactivate", "reactivate"])
def test_only_an_admin_over_the_account_may_manage_it(client, world, sessions, action):
    _town_admin(sessions)
    town = world.people["town"]
    for username, status in (("office", 403), ("town", 403), ("boao-admin", 404)):
        r = client.post(f"/api/v1/accounts/{town}/{action}", headers=login(client, username))
        assert r.status_code == status, (username, r.text)
    r = client.post(f"/api/v1/accounts/{world.people['admin']}/deactivate", headers=login(client, "admin"))
    assert r.status_code == 422 and r.json()["message"] == "不能停用自己的账号"
    r = client.post(f"/api/v1/accounts/{world.people['admin']}/password-reset", headers=login(client, "admin"))
    assert r.status_code == 422 and r.json()["message"].startswith("不能重置自己的密码")


def test_admins_read_who_changed_which_account_when(client, world, sessions, clock):
    _town_admin(sessions)
    admin = login(client, "admin")
    client.post(f"/api/v1/accounts/{world.people['town']}/password-reset", headers=admin)
    client.post(f"/api/v1/accounts/{world.people['village']}/deactivate", headers=admin)
    login_via_api(client, "boao", "wrong-pass")
    events = client.get("/api/v1/auth-events", headers=admin).json()
    assert [(e["kind"], e["person_id"], e["actor_id"]) for e in events] == [
        ("login_failed", world.people["boao"], None),
        ("deactivated", world.people["village"], world.people["admin"]),
        ("password_reset", world.people["town"], world.people["admin"]),
    ]
    assert datetime.fromisoformat(events[1]["at"].replace("Z", "+00:00")) == clock.now()
    only = client.get("/api/v1/auth-events", params={"kind": "password_reset"}, headers=admin).json()
    assert [e["username"] for e in only] == ["town"]
    boao_view = client.get("/api/v1/auth-events", headers=login(client, "boao-admin")).json()
    assert [e["kind"] for e in boao_view] == ["login_failed"]  # only its own town's accounts
    r = client.get("/api/v1/auth-events", headers=login(client, "office"))
    assert r.status_code == 403


def test_the_accounts_page_resets_and_deactivates_for_the_admin_only(app, world, sessions):
    _town_admin(sessions)
    with TestClient(app) as admin, TestClient(app) as office, TestClient(app) as boao_admin:
        admin.cookies.set("zhenggai_session", session_cookie(app, "admin", csrf="t"))
        page = admin.get("/accounts").text
        assert "账号管理" in page and "<code>village</code>" in page and "博鳌管理员" in page
        r = admin.post(f"/accounts/{world.people['village']}/password-reset", data={"csrf_token": "t"})
        temporary = re.search(r'<code class="temporary-password">([^<]+)</code>', r.text).group(1)
        assert "只显示这一次" in r.text
        assert login_via_api(admin, "village", temporary).json()["must_change_password"] is True
        r = admin.post(f"/accounts/{world.people['village']}/active", data={"csrf_token": "t", "active": "0"},
                       follow_redirects=False)
        assert r.status_code == 303 and "已停用" in admin.get("/accounts").text
        assert "停用账号" in admin.get("/accounts").text  # the event log at the foot of the page

        office.cookies.set("zhenggai_session", session_cookie(app, "office", csrf="t"))
        assert office.get("/accounts").status_code == 403
        r = office.post(f"/accounts/{world.people['town']}/active", data={"csrf_token": "t", "active": "0"})
        assert r.status_code == 403
        boao_admin.cookies.set("zhenggai_session", session_cookie(app, "boao-admin", csrf="t"))
        assert "<code>town</code>" not in boao_admin.get("/accounts").text
        r = boao_admin.post(f"/accounts/{world.people['town']}/password-reset", data={"csrf_token": "t"})
        assert r.status_code == 404
    with sessions() as s:
        assert s.get(Person, world.people["town"]).is_active
