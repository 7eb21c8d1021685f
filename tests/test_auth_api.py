"""Logging in, and that no API route answers without a valid token."""

from __future__ import annotations

import re

import pytest

from tests.helpers import login, login_via_api
from web.app import create_app
from workflow.settings import Settings


def test_login_returns_a_token_that_identifies_the_user(client, world):
    r = login_via_api(client, "town")
    assert r.status_code == 200
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).json()
    assert me["person_id"] == world.people["town"] and me["roles"] == ["operator"]


def test_wrong_password_and_unknown_user_get_401_in_chinese(client, world):
    for username, password in (("town", "nope"), ("ghost", "pw-123456")):
        r = login_via_api(client, username, password)
        assert r.status_code == 401 and r.json()["message"] == "用户名或密码错误"


def test_tampered_token_is_refused(client, world):
    headers = login(client, "office")
    headers["Authorization"] += "x"
    r = client.get("/api/v1/tickets", headers=headers)
    assert r.status_code == 401 and "无效" in r.json()["message"]


def _api_routes():
    """Every operation in the OpenAPI document, so a new route is covered the day it is added."""
    app = create_app(Settings(database_url="sqlite://", secret_key="x", data_dir="/tmp/zg-unused"))
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/") and path != "/api/v1/auth/token":
            for method in operations:
                yield method.upper(), re.sub(r"{[^}]+}", "1", path)


def test_the_route_inventory_is_not_empty():
    assert len(set(_api_routes())) >= 12


@pytest.mark.parametrize(("method", "path"), sorted(set(_api_routes())))
def test_every_api_route_refuses_an_anonymous_caller(client, method, path):
    r = client.request(method, path)
    assert r.status_code == 401, r.text
    assert r.json()["message"] == "请先登录"
