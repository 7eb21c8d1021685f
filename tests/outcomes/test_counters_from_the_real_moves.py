"""The counters read what issue 13's other half really writes: urgings made through the API and a 退回 the
office upheld are charged to the unit that was urged or that returned the problem (both databases)."""

from __future__ import annotations

from tests.helpers import login, move
from tests.outcomes.support import assigned, prepare
from tests.outcomes.test_counters import counters


def test_real_urgings_and_an_upheld_return_are_counted_for_the_units(client, sessions, world):
    prepare(sessions, world)
    office = login(client, "office")
    urged = assigned(client, world, due_on="2026-12-10")
    for note in ("请尽快整改", ""):
        r = client.post(f"/api/v1/tickets/{urged['id']}/urgings", json={"note": note}, headers=office)
        assert r.status_code == 201, r.text
    returned = assigned(client, world, due_on="2026-12-10")
    returned = move(client, login(client, "village"), returned, "return", comment="该路段属朝烈村",
                    reason_code="wrong_place").json()
    r = client.post(f"/api/v1/tickets/{returned['id']}/return-rulings", headers=office,
                    json={"ruling": "upheld", "version": returned["version"], "lead_unit_id": world.units["chaolie"]})
    assert r.status_code == 200, r.text

    dongfeng = counters(client, world, unit="dongfeng")
    assert (dongfeng["urges"], dongfeng["returns"], dongfeng["returns_upheld"], dongfeng["returns_overruled"]) == (
        2, 1, 1, 0)
    assert counters(client, world, unit="chaolie")["returns"] == 0, "the unit it was reassigned to returned nothing"
