"""Consequence counters per unit and year (practice 6), the API, the export sheet and weighted rankings."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.deadline_fixtures import at, sweep
from tests.helpers import login, move, png, upload
from tests.outcomes.support import accepted, assigned, prepare
from tests.outcomes.test_on_the_spot import file_fixed
from workflow.accounts.service import actor_for
from workflow.db import transaction
from workflow.tickets import events
from workflow.tickets.models import Ticket


def counters(client, world, unit="longjiang", year=2026, who="office"):
    r = client.get(f"/api/v1/org-units/{world.units[unit]}/counters?year={year}", headers=login(client, who))
    assert r.status_code == 200, r.text
    return r.json()["counters"]


def practice_a_event(sessions, world, ticket_id, trigger, when, **payload):
    """Urgings, letters and rulings are written by issue 13's other half; the counters read their events."""
    with transaction(sessions) as s:
        events.record(s, s.get(Ticket, ticket_id), trigger=trigger, actor=actor_for(s, world.people["office"]),
                      at=when, payload=payload)


def test_counters_count_each_consequence_for_the_unit_and_its_villages_in_the_year(client, clock, sessions, world):
    prepare(sessions, world)
    village, inspector, office = (login(client, u) for u in ("village", "inspector", "office"))
    returned = assigned(client, world, due_on="2026-12-10")
    assert move(client, village, returned, "return", comment="不属于本村").status_code == 200
    reworked = accepted(client, world, due_on="2026-12-10")
    assert upload(client, village, reworked["id"], content=png(3)).status_code == 201
    reworked = move(client, village, reworked, "submit", comment="已整改").json()
    assert move(client, inspector, reworked, "reject", comment="照片不清").status_code == 200
    late = assigned(client, world, due_on="2026-11-25")
    for trigger, payload in (("urge", {}), ("urge", {}), ("supervision_letter", {}),
                             ("return_ruling", {"ruling": "overruled"})):
        practice_a_event(sessions, world, late["id"], trigger, at("2026-11-24", 10),
                         unit_id=world.units["dongfeng"], **payload)
    practice_a_event(sessions, world, late["id"], "urge", at("2025-12-30"), unit_id=world.units["dongfeng"])
    practice_a_event(sessions, world, late["id"], "urge", at("2026-11-24"), unit_id=world.units["chaolie"])
    assert sweep(sessions, at("2026-11-26")).interviews == 1  # overdue → 约谈 of 东风村
    clock.move_to(at("2026-11-26"))
    assert client.get("/api/v1/ledger/bulletin.docx?half=2026H2", headers=office).status_code == 200
    assert counters(client, world)["bulletin_mentions"] == 0, "a draft names nobody"
    assert client.post("/api/v1/ledger/bulletins?half=2026H2", headers=login(client, "leader")).status_code == 403
    assert client.post("/api/v1/ledger/bulletins?half=2026H2", headers=office).status_code == 200
    assert client.post("/api/v1/ledger/bulletins?half=2026H2", headers=office).status_code == 200  # same day: once

    # Two urgings by hand and the sweep's own for the overdue ticket (issue 13: the schedule urges overdue ones).
    expected = {"urges": 3, "supervision_letters": 1, "bulletin_mentions": 1, "interviews": 1, "returns": 1,
                "returns_upheld": 0, "returns_overruled": 1, "reworks": 1, "relapses": 0}
    assert counters(client, world) == expected  # overdue and black-listed on one bulletin: one mention
    assert counters(client, world, unit="dongfeng", who="town") == expected | {"bulletin_mentions": 0}
    assert counters(client, world, year=2025)["urges"] == 1
    assert counters(client, world, unit="boao")["urges"] == 1

    book = load_workbook(io.BytesIO(client.get("/api/v1/ledger/export.xlsx", headers=office).content))
    sheet = book["问责计数"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["龙江镇"]["催办"] == 3 and rows["龙江镇"]["约谈"] == 1 and rows["龙江镇"]["返工"] == 1
    assert rows["博鳌镇"]["催办"] == 1


def test_wrong_users_cannot_read_another_units_counters(client, sessions, world):
    prepare(sessions, world)
    url = f"/api/v1/org-units/{world.units['longjiang']}/counters"
    assert client.get(url, headers=login(client, "boao")).status_code == 404
    assert client.get(url, headers=login(client, "village")).status_code == 404  # a village sees only itself
    assert client.get(url).status_code == 401
    assert client.get(url + "?year=1999", headers=login(client, "office")).status_code == 422


def test_counters_are_ranking_criteria_with_weights(client, sessions, world):
    prepare(sessions, world)
    assert file_fixed(client, "inspector", world).status_code == 201
    assert file_fixed(client, "inspector", world, place_id=world.units["chaolie"],
                      lead_unit_id=world.units["chaolie"]).status_code == 201
    returned = assigned(client, world, due_on="2026-12-10")
    assert move(client, login(client, "village"), returned, "return", comment="不属于本村").status_code == 200
    office = login(client, "office")

    def ranks(query=""):
        body = client.get(f"/api/v1/ledger/ranking{query}", headers=office).json()
        return {t["name"]: (t["rank"], t["score"]) for t in body["towns"]}, body["weights"]

    assert ranks() == ({"龙江镇": (1, 100.0), "博鳌镇": (1, 100.0)}, {"on_time_rate": 1.0})  # the rate alone: a tie
    weighted, weights = ranks("?weights=on_time_rate:1,returns:10")
    assert weighted == {"博鳌镇": (1, 100.0), "龙江镇": (2, 90.0)} and weights == {"on_time_rate": 1, "returns": 10}
    r = client.get("/api/v1/ledger/ranking?weights=popularity:1", headers=office)
    assert r.status_code == 422 and "未知的排名指标" in r.json()["message"]
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "专项督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "ranking_weights": {"on_time_rate": 1, "returns": 10}}).json()
    assert campaign["ranking_weights"] == {"on_time_rate": 1.0, "returns": 10.0}
    assert client.post("/api/v1/campaigns", headers=office, json={
        "name": "专项督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "ranking_weights": {"nonsense": 1}}).status_code == 422
