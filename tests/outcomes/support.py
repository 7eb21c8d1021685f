"""Helpers for issue 13's tests: tickets driven through the API as the world's users, at frozen times."""

from __future__ import annotations

from tests.deadline_fixtures import add_posts, at, reference
from tests.helpers import assigned, login, move, png, upload

TIMETABLE = {"kind": "timetable", "milestones": [
    {"title": "完成排查", "due_on": "2026-12-10"}, {"title": "完成整治", "due_on": "2027-03-31"}]}


def prepare(sessions, world):
    reference(sessions, years=(2025, 2026, 2027))
    add_posts(sessions, world)
    return world


def accepted(client, world, **body) -> dict:
    t = assigned(client, world, **body)
    r = move(client, login(client, "village"), t, "accept", plan="分步整治")
    assert r.status_code == 200, r.text
    return r.json()


def closed(client, world, *, shade: int = 10, **body) -> dict:
    """Filed, assigned, accepted, rectified with a photo, verified by an inspector and closed (销号)."""
    village, inspector, office = (login(client, u) for u in ("village", "inspector", "office"))
    t = accepted(client, world, **({"due_on": "2026-12-10"} | body))
    assert upload(client, village, t["id"], content=png(shade)).status_code == 201
    t = move(client, village, t, "submit", comment="已整改").json()
    t = move(client, inspector, t, "verify", comment="属实").json()
    r = move(client, office, t, "close", comment="同意销号")
    assert r.status_code == 200, r.text
    return r.json()


def outcome(client, who: str, ticket: dict, resolution: str, **body):
    return client.post(f"/api/v1/tickets/{ticket['id']}/outcome", headers=login(client, who),
                       json={"resolution": resolution, "version": ticket["version"], **body})


def events(client, ticket_id: int, who: str = "office") -> list[dict]:
    return client.get(f"/api/v1/tickets/{ticket_id}/events", headers=login(client, who)).json()


def verified(client, ticket: dict, *, shade: int) -> dict:
    village = login(client, "village")
    assert upload(client, village, ticket["id"], content=png(shade)).status_code == 201
    t = move(client, village, ticket, "submit", comment="已整改").json()
    r = move(client, login(client, "inspector"), t, "verify", comment="属实")
    assert r.status_code == 200, r.text
    return r.json()


def extended_and_plain(client, clock, world) -> None:
    """Two tickets due 11月30日: one extended to 12月10日 and verified 12月5日 (on time only against the
    extension), one verified 11月26日 (on time against both). Rates: extended 100 %, original 50 %."""
    extended = accepted(client, world, due_on="2026-11-30")
    plain = accepted(client, world, due_on="2026-11-30")
    r = client.post(f"/api/v1/tickets/{extended['id']}/extensions", headers=login(client, "village"),
                    json={"reason": "材料未到", "progress": "已完成一半", "due_on": "2026-12-10"})
    assert r.status_code == 201, r.text
    assert client.post(f"/api/v1/extensions/{r.json()['id']}/approve", json={},
                       headers=login(client, "office")).status_code == 200
    clock.move_to(at("2026-11-26"))
    verified(client, client.get(f"/api/v1/tickets/{plain['id']}", headers=login(client, "office")).json(), shade=30)
    clock.move_to(at("2026-12-05"))
    verified(client, client.get(f"/api/v1/tickets/{extended['id']}", headers=login(client, "office")).json(),
             shade=31)
