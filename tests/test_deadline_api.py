"""The deadline, extension, milestone, 约谈 and strike routes — each tried as the wrong user too."""

from __future__ import annotations

import pytest

from tests.deadline_fixtures import add_posts, at, reference, sweep
from tests.helpers import PNG, assigned, login, move


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    add_posts(sessions, world)
    return world


def test_ticket_reads_carry_the_rule_and_a_live_light(client, clock, ready):
    office = login(client, "office")
    soon = assigned(client, ready, deadline={"kind": "working_days", "days": 2})
    later = assigned(client, ready, deadline={"kind": "working_days", "days": 10})
    assert soon["light"] == "yellow" and later["light"] == "green"
    assert soon["deadline_rule"]["label"] == "2个工作日内（交办次日起算）"
    clock.move_to(at("2026-11-27"))  # soon was due 11月26日
    assert client.get(f"/api/v1/tickets/{soon['id']}", headers=office).json()["light"] == "red"
    reds = client.get("/api/v1/tickets?light=red", headers=office).json()["items"]
    assert [t["id"] for t in reds] == [soon["id"]]
    greens = client.get("/api/v1/tickets?light=green", headers=office).json()["items"]
    assert [t["id"] for t in greens] == [later["id"]]
    assert client.get("/api/v1/tickets?light=blue", headers=office).status_code == 422


def test_extension_request_and_decision_respect_roles_and_scope(client, ready):
    t = assigned(client, ready, deadline={"kind": "working_days", "days": 5})
    body = {"reason": "材料未到", "progress": "已完成一半", "due_on": "2026-12-20"}
    url = f"/api/v1/tickets/{t['id']}/extensions"
    assert client.post(url, json=body, headers=login(client, "boao")).status_code == 404
    assert client.post(url, json=body, headers=login(client, "inspector")).status_code == 403
    assert client.post(url, json=body | {"due_on": "2026-11-30"}, headers=login(client, "village")).status_code == 422
    r = client.post(url, json=body, headers=login(client, "village"))
    assert r.status_code == 201 and r.json()["status"] == "pending"
    ext = r.json()
    assert client.get(url, headers=login(client, "boao")).status_code == 404
    assert [e["id"] for e in client.get(url, headers=login(client, "town")).json()] == [ext["id"]]
    assert client.post(url, json=body, headers=login(client, "village")).status_code == 422  # one pending at a time
    approve = f"/api/v1/extensions/{ext['id']}/approve"
    assert client.post(approve, json={}, headers=login(client, "boao")).status_code == 404
    assert client.post(approve, json={}, headers=login(client, "village")).status_code == 403
    refuse = f"/api/v1/extensions/{ext['id']}/refuse"
    assert client.post(refuse, json={"comment": "不同意"}, headers=login(client, "village")).status_code == 403
    assert client.post(refuse, json={"comment": "不同意"}, headers=login(client, "boao")).status_code == 404
    assert client.post(refuse, json={}, headers=login(client, "office")).status_code == 422  # a refusal needs a reason
    r = client.post(approve, json={"comment": "同意"}, headers=login(client, "office"))
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert client.post(approve, json={}, headers=login(client, "office")).status_code == 409
    read = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "village")).json()
    assert read["due_at"] == "2026-12-20T15:59:59Z" and read["original_due_at"] == t["due_at"]
    history = client.get(f"/api/v1/tickets/{t['id']}/deadlines", headers=login(client, "village")).json()
    assert [h["reason"] for h in history] == ["assigned", "extension"]
    assert client.get(f"/api/v1/tickets/{t['id']}/deadlines", headers=login(client, "boao")).status_code == 404
    # Practice 3: the second extension needs a higher approver.
    second = client.post(url, json=body | {"due_on": "2026-12-30"}, headers=login(client, "village")).json()
    assert client.get("/api/v1/extensions", headers=login(client, "boao")).json() == []
    assert [e["id"] for e in client.get("/api/v1/extensions", headers=login(client, "office")).json()] == [second["id"]]
    assert client.post(f"/api/v1/extensions/{second['id']}/approve", json={},
                       headers=login(client, "office")).status_code == 403
    assert client.post(f"/api/v1/extensions/{second['id']}/approve", json={},
                       headers=login(client, "leader")).status_code == 200


def test_milestones_are_planned_by_the_office_and_done_with_evidence_by_the_unit(client, ready):
    t = assigned(client, ready, deadline={"kind": "timetable", "milestones": [
        {"title": "完成排查", "due_on": "2026-12-10"}, {"title": "完成整治", "due_on": "2027-03-31"}]})
    url = f"/api/v1/tickets/{t['id']}/milestones"
    village = login(client, "village")
    assert [m["title"] for m in client.get(url, headers=village).json()] == ["完成排查", "完成整治"]
    assert client.get(url, headers=login(client, "boao")).status_code == 404
    extra = {"title": "长效管护", "due_on": "2027-06-30"}
    assert client.post(url, json=extra, headers=village).status_code == 403
    r = client.post(url, json=extra, headers=login(client, "office"))
    assert r.status_code == 201
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=village).json()["due_at"] == "2027-06-30T15:59:59Z"
    first = client.get(url, headers=village).json()[0]
    move(client, village, client.get(f"/api/v1/tickets/{t['id']}", headers=village).json(), "accept", plan="分步整治")
    done = f"{url}/{first['id']}/done"
    files = [("files", ("after.png", PNG, "image/png"))]
    assert client.post(done, data={"comment": "已完成"}, files=files, headers=login(client, "boao")).status_code == 404
    assert client.post(done, data={"comment": "已完成"}, files=files,
                       headers=login(client, "inspector")).status_code == 403
    r = client.post(done, data={"comment": "已完成排查"}, files=files, headers=village)
    assert r.status_code == 200 and r.json()["done_at"] is not None and r.json()["done_late"] is False
    assert client.post(done, data={"comment": "again"}, files=files, headers=village).status_code == 422


def test_interviews_and_strikes_are_visible_in_scope_and_kept_by_the_office(client, sessions, ready):
    assigned(client, ready, deadline={"kind": "working_days", "days": 1})
    assigned(client, ready, deadline={"kind": "working_days", "days": 1})
    sweep(sessions, at("2026-11-26"))
    village, boao, office = login(client, "village"), login(client, "boao"), login(client, "office")
    listed = client.get("/api/v1/interviews?year=2026", headers=village).json()
    assert len(listed) == 2
    assert client.get("/api/v1/interviews", headers=boao).json() == []
    first = listed[-1]
    url = f"/api/v1/interviews/{first['id']}"
    detail = client.get(url, headers=village).json()
    assert detail["targets"][0]["label"] == "村党组织书记 符书记"
    assert client.get(url, headers=boao).status_code == 404
    held = {"version": 1, "status": "held", "held_on": "2026-12-01", "minutes": "已约谈，限期整改"}
    assert client.patch(url, json=held, headers=village).status_code == 403
    assert client.patch(url, json=held, headers=boao).status_code == 404
    r = client.patch(url, json=held, headers=office)
    assert r.status_code == 200 and r.json()["status"] == "held" and r.json()["version"] == 2
    assert client.patch(url, json=held, headers=office).status_code == 409  # stale version
    assert client.patch(url, json={"version": 2, "status": "cancelled"}, headers=office).status_code == 409
    files = [("files", ("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf"))]
    assert client.post(f"{url}/attachments", files=files, headers=village).status_code == 403
    assert client.post(f"{url}/attachments", files=files, headers=boao).status_code == 404
    (attachment,) = client.post(f"{url}/attachments", files=files, headers=office).json()
    content = f"/api/v1/interview-attachments/{attachment['id']}/content"
    assert client.get(content, headers=village).content == b"%PDF-1.4 minutes"
    assert client.get(content, headers=boao).status_code == 404

    strikes = client.get(f"/api/v1/org-units/{ready.units['dongfeng']}/strikes?year=2026", headers=village).json()
    # Seed 002: the backer unit and the work team bear the consequences, not the village itself.
    assert strikes["count"] == 2 and strikes["award_disqualified"] is False and strikes["points_deducted"] == 0
    assert sorted(strikes["sanctions"][0]["interview_ids"]) == sorted(i["id"] for i in listed)
    borne = {(x["kind"], x["bearer_label"], x["label"]) for x in strikes["sanctions"]}
    assert ("award_disqualification", "后盾单位", "后盾单位 琼海市农业农村局") in borne
    assert ("points_deduction", "村党组织书记", "村党组织书记 符书记") in borne
    backer = client.get(f"/api/v1/org-units/{ready.units['backer']}/strikes?year=2026", headers=office).json()
    assert backer["count"] == 0 and backer["award_disqualified"] is True and backer["points_deducted"] == 2.0
    assert {p["label"]: p["count"] for p in strikes["people"]}["村党组织书记 符书记"] == 2
    assert client.get(f"/api/v1/org-units/{ready.units['dongfeng']}/strikes", headers=boao).status_code == 404
    assert client.get("/api/v1/strikes?year=2026", headers=boao).json() == []
    assert [u["unit_name"] for u in client.get("/api/v1/strikes", headers=office).json()] == ["东风村"]


def test_deadline_routes_need_a_login(client, ready):
    for path in ("/api/v1/calendar/coverage", "/api/v1/interviews", "/api/v1/strikes", "/api/v1/extensions",
                 "/api/v1/escalation-policies"):
        r = client.get(path)
        assert r.status_code == 401 and r.json()["code"] == "not_authenticated", path


def test_escalation_policies_are_data_only_admins_change(client, ready):
    policies = client.get("/api/v1/escalation-policies", headers=login(client, "office")).json()
    assert [p["code"] for p in policies] == ["overdue_interview", "work_team_absence", "unaccepted_interview"]
    url = f"/api/v1/escalation-policies/{policies[0]['id']}"
    assert client.patch(url, json={"grace_working_days": 2}, headers=login(client, "office")).status_code == 403
    assert client.patch(url, json={"target_posts": ["nobody"]}, headers=login(client, "admin")).status_code == 422
    r = client.patch(url, json={"grace_working_days": 2, "points_deduction": 5}, headers=login(client, "admin"))
    assert r.status_code == 200 and r.json()["grace_working_days"] == 2 and r.json()["points_deduction"] == 5
