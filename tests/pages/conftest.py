"""Page tests drive the HTML routes like a browser would: a session cookie, the form's CSRF token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.world import PASSWORD

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
FILING_KEY = re.compile(r'name="filing_key" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    return TOKEN.search(client.get(path).text).group(1)


def sign_in(client: TestClient, username: str) -> TestClient:
    r = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(client)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def post_form(client: TestClient, path: str, data: dict | None = None, files=None, **kwargs):
    """Post like the page's form: the session's token in the hidden field."""
    token = TOKEN.search(client.get("/").text).group(1)
    return client.post(path, data={"csrf_token": token, **(data or {})}, files=files, follow_redirects=False,
                       **kwargs)


def filing_key(client: TestClient) -> dict[str, str]:
    """The one-time token a fresh 登记问题 form carries (each GET gives a new one)."""
    return {"filing_key": FILING_KEY.search(client.get("/tickets/new").text).group(1)}


@pytest.fixture
def browser_as(app):
    """``browser_as("town")`` → a TestClient signed in through the login form, with its own cookie jar."""
    clients: list[TestClient] = []

    def make(username: str | None = None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return sign_in(client, username) if username else client

    yield make
    for client in clients:
        client.close()
