"""Shared set-up for the issue-13 tests: a world with the calendar, and a ticket assigned to 东风村."""

from __future__ import annotations

from tests.deadline_fixtures import at
from tests.helpers import file_via_api, login, move

START = at("2026-11-24")  # a Tuesday; the conftest's FrozenClock starts here


def assigned(client, world, **overrides) -> dict:
    inspector = login(client, "inspector")
    t = file_via_api(client, inspector, world, **({"responsible_person_id": world.people["village"]} | overrides))
    return move(client, inspector, t, "assign", comment="请限期整改").json()
