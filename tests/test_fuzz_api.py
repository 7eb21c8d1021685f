"""An independent fuzzer on the OpenAPI document finds no server error and no response off its schema."""

from __future__ import annotations

import pytest

from tests.deadline_fixtures import reference
from tests.fakes.loopback import LoopbackServer
from tests.fuzz_support import fuzz
from tests.helpers import file_via_api, login


@pytest.fixture
def served(app, client, world, sessions):
    """Reference data (calendar, escalation policies) and a few real tickets, so ids 1.. exist; then the
    app over real HTTP."""
    reference(sessions)
    office = login(client, "office")
    for title in ("村道垃圾未清理", "路灯损坏"):
        file_via_api(client, office, world, title=title)
    with LoopbackServer(app) as server:
        yield server


@pytest.mark.parametrize("username", ["admin", "town"])
def test_the_fuzzer_finds_no_server_error_and_no_response_off_schema(served, app, client, username, db_url):
    run = fuzz(app.openapi(), served.url, login(client, username), f"{db_url.split(':')[0]}, {username}")
    assert run.operations >= 40
    assert sum(run.statuses.values()) >= run.operations
    assert run.failures == [], "\n".join(run.failures[:20])
