"""Signing in and out: a session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and a CSRF token on every form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.pages.conftest import csrf_of, post_form, sign_in
from tests.world import PASSWORD
from web.app import create_app
from workflow.settings import Settings


def test_signing_in_sets_an_httponly_lax_session_cookie_and_follows_next(browser_as, world):
    client = browser_as()
    token = csrf_of(client)
    r = client.post("/login", data={"username": "town", "password": PASSWORD, "csrf_token": token,
                                    "next": "/my/tickets"}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/my/tickets")
    cookie = r.headers["set-cookie"].lower()
    assert "zhenggai_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie
    assert "town-name" in client.get("/my/tickets").text


def test_session_cookie_is_secure_when_served_over_https(engine, clock, tmp_path, world):
    settings = Settings(database_url=str(engine.url), data_dir=tmp_path, secret_key="s", base_url="https://zg.example")
    with TestClient(create_app(settings, engine=engine, clock=clock), base_url="https://testserver") as client:
        r = client.get("/login")
    assert "secure" in r.headers["set-cookie"].lower()


def test_wrong_password_says_so_in_chinese_and_keeps_the_username(browser_as, world):
    client = browser_as()
    r = client.post("/login", data={"username": "town", "password": "nope", "csrf_token": csrf_of(client)})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text and 'value="town"' in r.text
    assert client.get("/my/tickets", follow_redirects=False).status_code == 303


def test_a_form_posted_without_the_csrf_token_is_refused_with_a_chinese_403(browser_as, world):
    client = browser_as()
    client.get("/login")
    r = client.post("/login", data={"username": "town", "password": PASSWORD})
    assert r.status_code == 403 and "页面已过期或请求来源无法确认" in r.text
    r = client.post("/login", data={"username": "town", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403
    assert client.get("/my/tickets", follow_redirects=False).status_code == 303  # still signed out


def test_the_token_changes_at_sign_in_so_one_seen_before_is_worthless(browser_as, world):
    client = browser_as()
    before = csrf_of(client)
    sign_in(client, "office")
    assert csrf_of(client, "/") != before
    r = client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert r.status_code == 403


def test_signing_out_needs_the_token_and_ends_the_session(browser_as, world):
    client = browser_as("office")
    r = post_form(client, "/logout")
    assert (r.status_code, r.headers["location"]) == (303, "/login")
    r = client.get("/ledger", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=%2Fledger")


def test_next_only_leads_to_this_site(browser_as, world):
    client = browser_as()
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = client.post("/login", data={"username": "town", "password": PASSWORD, "csrf_token": csrf_of(client),
                                        "next": evil}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_the_api_takes_the_session_cookie_for_writes_only_with_the_csrf_header(browser_as, world):
    client = browser_as("inspector")
    body = {"title": "村道垃圾未清理", "place_id": world.units["dongfeng"]}
    r = client.post("/api/v1/tickets", json=body)
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    r = client.post("/api/v1/tickets", json=body, headers={"X-CSRF-Token": csrf_of(client, "/")})
    assert r.status_code == 201


def test_an_anonymous_page_visit_goes_to_login_and_an_anonymous_post_gets_a_chinese_page(browser_as, world):
    client = browser_as()
    r = client.get("/tickets/1?x=1", follow_redirects=False)
    assert r.headers["location"] == "/login?next=%2Ftickets%2F1%3Fx%3D1"
    token = csrf_of(client)
    r = client.post("/tickets/1/move", data={"csrf_token": token, "trigger": "assign", "version": "1"})
    assert r.status_code == 401 and "请先登录" in r.text


def test_an_unexpected_fault_shows_a_chinese_500_page(app, world, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("web.pages.campaigns.list_campaigns", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "office")
        r = client.get("/campaigns")
    assert r.status_code == 500 and "服务器内部错误，请稍后重试" in r.text and "disk on fire" not in r.text
