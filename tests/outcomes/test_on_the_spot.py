"""立行立改 on the spot (practice 10): filed already fixed, with before and after photos, found and closed
in one step, attributed to the unit, counted in the bulletin."""

from __future__ import annotations

import json

from tests.docx_reading import open_docx, text_of
from tests.helpers import login, png
from tests.outcomes.support import events, prepare


def file_fixed(client, who: str, world, *, before=None, after=None, comment="现场督促清理完毕", **ticket):
    body = {"title": "村口堆放杂物", "place_id": world.units["dongfeng"], "lead_unit_id": world.units["dongfeng"]}
    files = [("before", ("before.png", before if before is not None else png(1), "image/png")),
             ("after", ("after.png", after if after is not None else png(2), "image/png"))]
    return client.post("/api/v1/tickets/on-the-spot", headers=login(client, who), files=files,
                       data={"ticket": json.dumps(body | ticket), "comment": comment})


def test_it_files_and_closes_in_one_step_with_each_step_an_event(client, clock, sessions, world):
    prepare(sessions, world)
    r = file_fixed(client, "inspector", world)
    assert r.status_code == 201, r.text
    t = r.json()
    assert (t["state"], t["resolution"], t["on_the_spot"], t["lead_unit_id"]) == (
        "closed", "rectified", True, world.units["dongfeng"])
    assert t["verified_at"] == t["closed_at"] and t["due_at"] == t["original_due_at"]
    timeline = events(client, t["id"])
    assert [e["trigger"] for e in timeline] == ["file", "attach_evidence", "attach_evidence", "on_the_spot"]
    assert (timeline[-1]["from_state"], timeline[-1]["to_state"]) == ("found", "closed")
    stages = [e["stage"] for e in client.get(f"/api/v1/tickets/{t['id']}/evidence",
                                              headers=login(client, "village")).json()]
    assert stages == ["found", "verification"]
    town = {u["name"]: u for u in client.get("/api/v1/ledger/ranking", headers=login(client, "office")).json()["towns"]}
    assert town["龙江镇"]["on_time_rate"] == 1.0


def test_it_refuses_without_both_photo_sets_or_with_the_same_photo(client, sessions, world):
    prepare(sessions, world)
    same = png(5)
    r = file_fixed(client, "inspector", world, before=same, after=same)
    assert r.status_code == 422 and "相同" in r.json()["message"]
    assert file_fixed(client, "inspector", world, lead_unit_id=None).status_code == 422
    assert file_fixed(client, "inspector", world, comment=" ").status_code == 422
    assert client.get("/api/v1/tickets", headers=login(client, "office")).json()["total"] == 0  # nothing filed


def test_wrong_users_cannot_file_on_the_spot(client, sessions, world):
    prepare(sessions, world)
    assert file_fixed(client, "village", world).status_code == 403
    assert file_fixed(client, "leader", world).status_code == 403
    assert client.post("/api/v1/tickets/on-the-spot", data={"ticket": "{}", "comment": "x"}).status_code in (401, 422)
    assert file_fixed(client, "boao", world).status_code == 403
    assert client.get("/api/v1/tickets", headers=login(client, "office")).json()["total"] == 0


def test_the_bulletin_counts_on_the_spot_fixes(client, sessions, world):
    prepare(sessions, world)
    assert file_fixed(client, "inspector", world).status_code == 201
    r = client.get("/api/v1/ledger/bulletin.docx?half=2026H2", headers=login(client, "office"))
    assert r.status_code == 200
    text = text_of(open_docx(r.content))
    assert "已销号问题中立行立改1个" in text
