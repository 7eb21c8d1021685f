"""Every state-changing page route refuses a missing or wrong CSRF token (issue 14).

The rule: a route that a browser reaches with the session cookie checks the token: every POST, PUT,
PATCH and DELETE route outside ``/api/``. API routes are used with bearer tokens, which a browser never
sends by itself, so they are exempt by design; the one way the API takes the session cookie for a write
is with the ``X-CSRF-Token`` header, checked in web/deps.py (tests/pages/test_sign_in.py).

The routes are read from the app's router, so a route added tomorrow is covered the day it is added: every
write outside the API, and every API write that takes the session cookie (its dependencies reach
``web.deps.any_actor``), which must refuse a cookie-authenticated write without the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.helpers import session_cookie
from web.app import create_app
from web.deps import any_actor
from workflow.settings import Settings

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
REFUSAL = "页面已过期或请求来源无法确认"


def page_writes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app serves that writes, outside the API, with included routers flattened."""
    return sorted({(method, route.path) for route in iter_route_contexts(app.routes)
                   for method in (route.methods or set()) & WRITES if not route.path.startswith("/api/")})


def cookie_api_writes(app) -> list[tuple[str, str]]:
    """Every (method, path) under /api/ that writes and accepts the session cookie."""
    return sorted({(method, route.path) for route in iter_route_contexts(app.routes)
                   for method in (route.methods or set()) & WRITES
                   if route.path.startswith("/api/") and _reaches(route.dependant, any_actor)})


def _reaches(dependant, call) -> bool:
    return dependant.call is call or any(_reaches(d, call) for d in dependant.dependencies)


def test_the_inventory_holds_every_form_of_the_pages():
    app = create_app(Settings(database_url="sqlite://", secret_key="x", data_dir="/tmp/zg-unused"))
    paths = {path for _, path in page_writes(app)}
    assert {"/login", "/logout", "/imports/problem-list", "/tickets/new", "/account/password"} <= paths
    assert len(paths) >= 15
    api = {path for _, path in cookie_api_writes(app)}
    assert {"/api/v1/tickets", "/api/v1/tickets/{ticket_id}/transitions"} <= api
    assert "/api/v1/auth/token" not in api  # signing in takes no cookie


def test_every_page_write_refuses_a_missing_or_wrong_csrf_token(app, world):
    with TestClient(app) as client:
        client.cookies.set("zhenggai_session", session_cookie(app, "admin", csrf="the-real-token"))
        for method, path in page_writes(app):
            url = re.sub(r"{[^}]+}", "1", path)
            for data in ({}, {"csrf_token": "forged"}):
                r = client.request(method, url, data=data, follow_redirects=False)
                assert r.status_code == 403 and REFUSAL in r.text, (method, path, data, r.status_code)
            r = client.request(method, url, data={"csrf_token": "x"}, headers={"X-CSRF-Token": "forged"},
                               follow_redirects=False)
            assert r.status_code == 403, (method, path)
        assert client.get("/ledger").status_code == 200  # the session itself was fine all along


def test_every_api_write_refuses_the_session_cookie_without_the_csrf_header(app, world):
    with TestClient(app) as client:
        client.cookies.set("zhenggai_session", session_cookie(app, "admin", csrf="the-real-token"))
        writes = cookie_api_writes(app)
        assert len(writes) >= 20
        for method, path in writes:
            url = re.sub(r"{[^}]+}", "1", path)
            for headers in ({}, {"X-CSRF-Token": "forged"}):
                r = client.request(method, url, json={}, headers=headers, follow_redirects=False)
                assert r.status_code == 403 and r.json()["code"] == "csrf_failed", (method, path, headers, r.text)
