"""Plain helpers for driving the API as a given user."""

from __future__ import annotations

import json
from base64 import b64encode
from datetime import timedelta
from io import BytesIO

from itsdangerous import TimestampSigner
from PIL import Image
from sqlalchemy import select

from tests.world import PASSWORD
from workflow.accounts.login import open_session
from workflow.accounts.models import Person
from workflow.accounts.tokens import issue_token
from workflow.db import transaction

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def png(shade: int = 0, size: tuple[int, int] = (4, 4)) -> bytes:
    """A real PNG Pillow decodes; a different ``shade`` gives different bytes (the store is content-addressed)."""
    out = BytesIO()
    Image.new("RGB", size, (shade, 120, 200)).save(out, "PNG")
    return out.getvalue()


def login_via_api(client, username: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


def login(client, username: str) -> dict[str, str]:
    """Bearer headers for a world user. Tokens are signed like the login endpoint signs them, without
    paying Argon2 per test; the endpoint itself is tested in test_auth_api.py."""
    settings = client.app.state.settings
    with client.app.state.sessions() as s:
        pid = s.scalar(select(Person.id).where(Person.username == username))
    assert pid is not None, username
    return {"Authorization": f"Bearer {issue_token(settings.resolved_secret(), pid)}"}


def file_via_api(client, headers, world, **overrides) -> dict:
    body = {"title": "村道垃圾未清理", "place_id": world.units["dongfeng"], "lead_unit_id": world.units["dongfeng"],
            "source": "inspection", "due_on": "2026-12-10"} | overrides
    r = client.post("/api/v1/tickets", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def assigned(client, world, **body) -> dict:
    """Filed and 交办'd by the office through the API; no deadline unless ``body`` gives one."""
    office = login(client, "office")
    t = file_via_api(client, office, world, **({"due_on": None} | body))
    r = move(client, office, t, "assign")
    assert r.status_code == 200, r.text
    return r.json()


def move(client, headers, ticket: dict, trigger: str, **extra):
    return client.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                       json={"trigger": trigger, "version": ticket["version"], **extra}, headers=headers)


def upload(client, headers, ticket_id: int, *, stage="rectified", content=PNG, name="after.png", ctype="image/png"):
    return client.post(f"/api/v1/tickets/{ticket_id}/evidence", headers=headers, data={"stage": stage},
                       files=[("files", (name, content, ctype))])


def session_cookie(app, username: str, *, csrf: str = "test-csrf-token") -> str:
    """A signed-in session cookie without the login form (and its Argon2): a live ``auth_session`` row
    and the cookie Starlette's SessionMiddleware would write for it, with ``csrf`` as the form token."""
    with transaction(app.state.sessions) as s:
        person = s.scalar(select(Person).where(Person.username == username))
        raw = open_session(s, person, now=app.state.clock.now(), ttl=timedelta(hours=12), address="testclient")
    payload = b64encode(json.dumps({"sid": raw, "csrf": csrf}).encode())
    return TimestampSigner(app.state.settings.resolved_secret()).sign(payload).decode()
