"""Sessions end on the server (issue 14): logout revokes the session for every copy of the cookie, a
new session at every login, and a password change or a deactivation ends every session and token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.helpers import login, login_via_api, session_cookie
from tests.pages.conftest import TOKEN, csrf_of, sign_in
from tests.world import PASSWORD

COOKIE = "zhenggai_session"


def signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    client.cookies.set(COOKIE, session_cookie(app, username))
    return client


def is_signed_in(client: TestClient) -> bool:
    return client.get("/ledger", follow_redirects=False).status_code == 200


def test_logout_revokes_the_session_so_a_copied_cookie_stops_working(app, world):
    with TestClient(app) as browser, TestClient(app) as thief:
        sign_in(browser, "office")
        thief.cookies.set(COOKIE, browser.cookies[COOKIE])
        assert is_signed_in(thief)
        token = TOKEN.search(browser.get("/").text).group(1)
        assert browser.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        assert not is_signed_in(thief)
        r = thief.get("/ledger", follow_redirects=False)
        assert r.headers["location"] == "/login?next=%2Fledger"


def test_each_login_starts_a_new_session_and_a_cookie_from_before_login_stays_anonymous(app, world):
    with TestClient(app) as browser, TestClient(app) as planted:
        csrf_of(browser)
        before = browser.cookies[COOKIE]  # what an attacker could plant before the victim signs in
        sign_in(browser, "office")
        first = browser.cookies[COOKIE]
        planted.cookies.set(COOKIE, before)
        assert not is_signed_in(planted)
        sign_in(browser, "office")
        assert browser.cookies[COOKIE] != first and is_signed_in(browser)


def test_changing_the_password_ends_every_session_and_token_of_the_account(client, app, world):
    phone, desktop = signed_in(app, "town"), signed_in(app, "town")
    other = signed_in(app, "village")
    old_token = login(client, "town")
    assert is_signed_in(phone) and client.get("/api/v1/tickets", headers=old_token).status_code == 200
    r = client.post("/api/v1/auth/password", headers=old_token,
                    json={"current_password": PASSWORD, "new_password": "Longjiang#2026"})
    assert r.status_code == 200, r.text
    assert not is_signed_in(phone) and not is_signed_in(desktop)
    stale = client.get("/api/v1/tickets", headers=old_token)
    assert stale.status_code == 401 and stale.json()["message"] == "密码已修改或账号状态已变更，请重新登录"
    new_token = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert client.get("/api/v1/tickets", headers=new_token).status_code == 200
    assert is_signed_in(other)  # another account is untouched
    assert login_via_api(client, "town", PASSWORD).status_code == 401
    assert login_via_api(client, "town", "Longjiang#2026").status_code == 200


def test_deactivating_an_account_ends_its_sessions_and_tokens_at_once_and_refuses_login(client, app, world):
    browser = signed_in(app, "village")
    token = login(client, "village")
    admin = login(client, "admin")
    r = client.post(f"/api/v1/accounts/{world.people['village']}/deactivate", headers=admin)
    assert r.status_code == 200 and r.json() == {"person_id": world.people["village"], "is_active": False}
    assert not is_signed_in(browser)
    assert client.get("/api/v1/tickets", headers=token).status_code == 401
    r = login_via_api(client, "village")
    assert r.status_code == 401 and r.json()["message"] == "账号已停用，请联系系统管理员"
    assert login_via_api(client, "village", "wrong-pass").json()["message"] == "用户名或密码错误"
    r = client.post(f"/api/v1/accounts/{world.people['village']}/reactivate", headers=admin)
    assert r.json()["is_active"] is True
    assert client.get("/api/v1/tickets", headers=token).status_code == 401  # the old token stays dead
    assert login_via_api(client, "village").status_code == 200
