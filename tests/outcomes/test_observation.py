"""Rule 14 (seed 003: 设立为期半年的"观察期"): a look-back inside the period reopens as a relapse (反弹);
after it the ticket is final and a reopen is refused with the date it ended."""

from __future__ import annotations

from tests.deadline_fixtures import at
from tests.helpers import login, move
from tests.outcomes.support import closed, events, prepare


def look_back(client, **extra) -> int:
    body = {"name": "2027年回头看", "kind": "look_back", "starts_on": "2026-12-01", "ends_on": "2027-12-31"} | extra
    r = client.post("/api/v1/campaigns", json=body, headers=login(client, "office"))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def reopen(client, ticket, **body):
    return move(client, login(client, "inspector"), ticket, "reopen", comment="回头看发现问题反弹",
                deadline={"kind": "calendar_days", "days": 10}, **body)


def test_rule_14_a_look_back_inside_the_observation_period_reopens_as_a_relapse(client, clock, sessions, world):
    prepare(sessions, world)
    t = closed(client, world)  # closed on 2026-11-24: watched until 2027-05-24
    campaign = look_back(client)
    clock.move_to(at("2027-05-20"))
    r = reopen(client, t, campaign_id=campaign)
    assert r.status_code == 200, r.text
    (event,) = [e for e in events(client, t["id"]) if e["trigger"] == "reopen"]
    assert event["payload"]["relapse"] is True and event["payload"]["observation_until"] == "2027-05-24T15:59:59+00:00"
    counters = client.get(f"/api/v1/org-units/{world.units['longjiang']}/counters?year=2027",
                          headers=login(client, "office")).json()["counters"]
    assert counters["relapses"] == 1


def test_rule_14_a_reopen_without_a_look_back_is_not_a_relapse(client, clock, sessions, world):
    prepare(sessions, world)
    t = closed(client, world)
    assert reopen(client, t).status_code == 200
    (event,) = [e for e in events(client, t["id"]) if e["trigger"] == "reopen"]
    assert "relapse" not in event["payload"]


def test_rule_14_after_the_observation_period_the_ticket_is_final(client, clock, sessions, world):
    prepare(sessions, world)
    t = closed(client, world)
    campaign = look_back(client)
    clock.move_to(at("2027-05-25"))
    r = reopen(client, t, campaign_id=campaign)
    assert r.status_code == 422
    assert r.json()["message"] == ("该问题的观察期已于2027年05月24日结束，问题已终结，不能重新整改；"
                                   "如再次发现，请登记为新问题")
    after = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "office")).json()
    assert after["state"] == "closed" and after["version"] == t["version"]


def test_rule_14_the_observation_period_is_configured_per_campaign(client, clock, sessions, world):
    prepare(sessions, world)
    short = client.post("/api/v1/campaigns", headers=login(client, "office"), json={
        "name": "专项督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "observation_months": 2})
    assert short.status_code == 201 and short.json()["observation_months"] == 2
    t = closed(client, world, campaign_id=short.json()["id"])
    clock.move_to(at("2027-01-25"))  # two months after 2026-11-24
    assert reopen(client, t, campaign_id=look_back(client)).status_code == 422
