"""Lights by time and progress (practice 5): a timetable ticket behind its expected progress (序时进度) turns
yellow, far behind red, before any node is due; schemes (levels, names, thresholds) are per campaign and
each change is an event written by the sweep."""

from __future__ import annotations

from tests.deadline_fixtures import at, sweep
from tests.helpers import login, png
from tests.outcomes.support import accepted, events, prepare
from workflow.deadlines.progress_lights import expected_progress

NODES = {"kind": "timetable", "milestones": [{"title": "完成设计", "due_on": "2026-12-24"},
                                             {"title": "完成施工", "due_on": "2027-01-23"}]}


def test_expected_progress_runs_linearly_from_assignment_node_to_node():
    start, first, second = at("2026-11-24"), at("2026-12-24"), at("2027-01-23")
    assert expected_progress(start, [first, second], at("2026-11-24")) == 0
    assert expected_progress(start, [first, second], at("2026-12-09")) == 0.25
    assert expected_progress(start, [first, second], at("2026-12-24")) == 0.5
    assert expected_progress(start, [first, second], at("2027-02-01")) == 1


def light_events(client, ticket_id):
    return [e["payload"] for e in events(client, ticket_id) if e["trigger"] == "light_changed"]


def test_a_ticket_behind_its_timetable_turns_yellow_then_red_before_any_node_is_due(client, clock, sessions, world):
    prepare(sessions, world)
    t = accepted(client, world, deadline=NODES)
    sweep(sessions, at("2026-11-25"))
    assert light_events(client, t["id"])[-1]["to"] == "green"
    sweep(sessions, at("2026-12-09"))  # 25 % expected, nothing done; the first node is 11 working days away
    last = light_events(client, t["id"])[-1]
    assert (last["to"], last["reason"], last["label"]) == ("yellow", "behind", "黄灯") and 0.2 < last["behind"] < 0.3
    clock.move_to(at("2026-12-20"))
    sweep(sessions, at("2026-12-20"))  # 43 % expected: far behind, still four days before the first node
    assert light_events(client, t["id"])[-1] | {"behind": None} == {
        "from": "yellow", "to": "red", "label": "红灯", "reason": "behind", "behind": None, "lead_unit_id": t[
            "lead_unit_id"]}
    office = login(client, "office")
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()["light"] == "red"  # reads agree
    node = client.get(f"/api/v1/tickets/{t['id']}/milestones", headers=office).json()[0]
    r = client.post(f"/api/v1/tickets/{t['id']}/milestones/{node['id']}/done", headers=login(client, "village"),
                    data={"comment": "设计完成"}, files=[("files", ("design.png", png(7), "image/png"))])
    assert r.status_code == 200, r.text
    sweep(sessions, at("2026-12-20", 10))  # half done, 43 % expected: on schedule again
    assert light_events(client, t["id"])[-1]["to"] == "green"
    assert len(light_events(client, t["id"])) == 4
    sweep(sessions, at("2026-12-20", 11))
    assert len(light_events(client, t["id"])) == 4  # no change, no event


def test_levels_names_and_thresholds_are_configured_per_campaign(client, clock, sessions, world):
    prepare(sessions, world)
    scheme = {"levels": [{"code": "blue", "label": "蓝灯"},
                         {"code": "orange", "label": "橙灯", "behind": 0.1, "within_working_days": 5},
                         {"code": "red", "label": "红灯", "behind": 0.3}]}
    office = login(client, "office")
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "道路专项", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2027-06-30",
        "light_scheme": scheme})
    assert campaign.status_code == 201, campaign.text
    t = accepted(client, world, deadline=NODES, campaign_id=campaign.json()["id"])
    sweep(sessions, at("2026-11-25"))
    assert light_events(client, t["id"])[-1]["to"] == "blue"
    sweep(sessions, at("2026-12-02"))  # 13 % behind: orange under this scheme, green under the default one
    assert light_events(client, t["id"])[-1] | {"behind": None} == {
        "from": "blue", "to": "orange", "label": "橙灯", "reason": "behind", "behind": None,
        "lead_unit_id": t["lead_unit_id"]}
    clock.move_to(at("2026-12-02"))
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()["light"] == "orange"
    bad = {"levels": [{"code": "green", "label": "绿灯", "behind": 0.1}, {"code": "red", "label": "红灯"}]}
    assert client.post("/api/v1/campaigns", headers=office, json={
        "name": "坏方案", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "light_scheme": bad}).status_code == 422


def test_the_sweep_looks_as_far_ahead_as_a_campaigns_scheme(client, clock, sessions, world):
    prepare(sessions, world)
    scheme = {"levels": [{"code": "green", "label": "绿灯"},
                         {"code": "yellow", "label": "黄灯", "within_working_days": 8},
                         {"code": "red", "label": "红灯"}]}
    campaign = client.post("/api/v1/campaigns", headers=login(client, "office"), json={
        "name": "早预警", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "light_scheme": scheme}).json()
    t = accepted(client, world, due_on="2026-12-03", campaign_id=campaign["id"])  # 7 working days ahead
    sweep(sessions, at("2026-11-24", 10))
    assert light_events(client, t["id"])[-1]["to"] == "yellow"  # beyond the global 3-day horizon
