"""When every pooled connection is busy a request is answered 503 at once, not left hanging (issue 15).

The pool is sized from settings (``db_pool_size``, ``db_max_overflow``, ``db_pool_timeout``); here one
connection, no overflow and a 0.2 s wait, with that connection held by someone else for the request.
"""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.helpers import login
from web.app import create_app
from workflow.db import make_engine


def test_a_request_that_finds_no_free_connection_gets_503_with_retry_after(settings, clock, world):
    tight = settings.model_copy(update={"db_pool_size": 1, "db_max_overflow": 0, "db_pool_timeout": 0.2})
    app = create_app(tight)  # the engine is made from these settings
    assert (app.state.engine.pool.size(), app.state.engine.pool._max_overflow) == (1, 0)
    with TestClient(app) as client:
        headers = login(client, "office")
        assert client.get("/api/v1/tickets", headers=headers).status_code == 200
        with app.state.engine.connect():  # the only connection is taken
            began = time.monotonic()
            r = client.get("/api/v1/tickets", headers=headers)
            waited = time.monotonic() - began
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "busy" and r.json()["message"] == "服务器繁忙，请稍后重试"
        assert r.headers["Retry-After"] == "2" and waited < 5
        assert client.get("/api/v1/tickets", headers=headers).status_code == 200  # free again: served
    app.state.engine.dispose()


def test_engines_get_a_sized_pool_by_default(db_url):
    engine = make_engine(db_url)
    assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout) == (10, 20, 5.0)
    engine.dispose()
