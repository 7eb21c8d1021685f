"""No input makes the server answer 500, and a server error does not cost the caller its connection."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.deadline_fixtures import reference
from tests.fakes.loopback import LoopbackServer
from tests.helpers import login
from web.app import create_app
from workflow.settings import Settings

HUGE = [2**31, 2**63, 10**30]


@pytest.mark.parametrize("value", HUGE)
def test_ids_beyond_what_a_database_holds_are_refused_with_422(client, world, value):
    headers = login(client, "office")
    for path in (f"/api/v1/tickets/{value}", f"/api/v1/tickets?unit_id={value}", f"/api/v1/tickets?page={value}",
                 f"/api/v1/org-units/{value}/strikes", f"/api/v1/interviews?ticket_id={value}",
                 f"/api/v1/ledger/town-report.docx?town_id={value}", f"/api/v1/calendar/{value}"):
        r = client.get(path, headers=headers)
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert r.json()["message"].startswith("输入有误")


def test_a_date_before_any_calendar_is_refused_not_crashed(client, world):
    r = client.get("/api/v1/ledger/ranking?found_from=0001-01-01&found_to=0001-01-01",
                   headers=login(client, "office"))
    assert r.status_code == 422, r.text


def _integer_parameters(app: FastAPI):
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                schemas = param["schema"].get("anyOf", [param["schema"]])
                for schema in schemas:
                    if schema.get("type") == "integer":
                        yield f"{method.upper()} {path} {param['name']}", schema


def test_every_integer_parameter_in_the_api_is_bounded():
    app = create_app(Settings(database_url="sqlite://", secret_key="x", data_dir="/tmp/zg-unused"))
    params = dict(_integer_parameters(app))
    assert len(params) >= 30
    unbounded = [name for name, schema in params.items() if "maximum" not in schema]
    assert unbounded == []


def test_a_server_error_answers_500_in_chinese_and_keeps_the_connection(app):
    @app.get("/api/v1/_crash", include_in_schema=False)
    def crash():
        raise RuntimeError("a bug")

    peers = []
    with LoopbackServer(app) as server, httpx.Client(base_url=server.url) as http:
        hook = lambda r: peers.append(r.extensions["network_stream"].get_extra_info("client_addr"))  # noqa: E731
        http.event_hooks["response"] = [hook]
        assert http.get("/healthz").status_code == 200
        crashed = http.get("/api/v1/_crash")
        assert http.get("/healthz").status_code == 200
    assert crashed.status_code == 500 and crashed.json()["message"] == "服务器内部错误，请稍后重试"
    assert len(set(peers)) == 1, "the connection was dropped after the 500"


def test_explicit_null_in_a_policy_patch_is_refused_and_changes_nothing(client, world, sessions):
    reference(sessions)  # the escalation policies are reference data
    admin = login(client, "admin")
    policy = client.get("/api/v1/escalation-policies", headers=admin).json()[0]
    for field in ("grace_working_days", "enabled", "target_posts", "conducted_by", "points_deduction"):
        r = client.patch(f"/api/v1/escalation-policies/{policy['id']}", json={field: None}, headers=admin)
        assert r.status_code == 422, (field, r.status_code, r.text)
        assert "不能设为空" in r.json()["message"]
    assert client.get("/api/v1/escalation-policies", headers=admin).json()[0] == policy
