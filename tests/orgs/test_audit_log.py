"""The admin audit log also records the older admin changes: channels, 约谈 policies, message templates and
calendar corrections, each with who and when."""

from __future__ import annotations

from tests.conftest import START
from tests.helpers import login
from workflow.db import transaction
from workflow.reference_data import ensure_reference_data


def test_channel_policy_template_and_calendar_changes_are_logged_with_who_and_when(client, world, sessions):
    with transaction(sessions) as s:
        ensure_reference_data(s, now=START, years=[2026])
    office, admin = login(client, "office"), login(client, "admin")
    channel = client.post(f"/api/v1/org-units/{world.units['longjiang']}/channels", headers=office, json={
        "kind": "email", "name": "龙江镇邮箱", "config": {"to": "lj@example.org"}}).json()
    assert client.patch(f"/api/v1/channels/{channel['id']}", headers=office,
                        json={"is_active": False}).status_code == 200
    policy = client.get("/api/v1/escalation-policies", headers=office).json()[0]
    assert client.patch(f"/api/v1/escalation-policies/{policy['id']}", headers=admin,
                        json={"grace_working_days": 3}).status_code == 200
    body = "{% for g in groups %}{{ g.label }}{% endfor %}请速办"
    assert client.put("/api/v1/notify-templates/digest.md.j2", headers=admin, json={"body": body}).status_code == 200
    assert client.put("/api/v1/calendar/days/2026-11-26", headers=admin,
                      json={"kind": "holiday", "note": "临时放假"}).status_code == 200

    log = client.get("/api/v1/admin-changes", headers=admin).json()
    seen = [(c["entity_kind"], c["action"], c["actor_id"]) for c in log]
    assert seen == [
        ("calendar_day", "update", world.people["admin"]),
        ("message_template", "update", world.people["admin"]),
        ("escalation_policy", "update", world.people["admin"]),
        ("channel", "deactivate", world.people["office"]),
        ("channel", "create", world.people["office"]),
    ]
    by_kind = {c["entity_kind"]: c for c in log}
    assert by_kind["escalation_policy"]["before"]["grace_working_days"] == 0
    assert by_kind["escalation_policy"]["after"]["grace_working_days"] == 3
    assert by_kind["calendar_day"]["summary"] == "2026-11-26 改为休息日（临时放假）"
    assert by_kind["channel"]["after"]["config"] is True  # the address itself is not copied into the log
    page = client.get("/api/v1/admin-changes?entity_kind=channel", headers=admin).json()
    assert [c["action"] for c in page] == ["deactivate", "create"]
