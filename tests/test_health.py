"""/healthz and /readyz for a load balancer or systemd (issue 14)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.scheduling import acquire

NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1


def unplug_database(app) -> None:
    app.state.sessions = make_sessionmaker(make_engine(NOWHERE))
    app.state.read_sessions = make_sessionmaker(make_engine(NOWHERE), write=False)


def test_healthz_answers_without_touching_the_database(client, app):
    unplug_database(app)  # the process is up; a slow or absent database must not get it restarted
    r = client.get("/healthz")
    assert (r.status_code, r.json()) == (200, {"status": "ok"})


def test_readyz_reports_database_migrations_and_the_scheduler_lease_holder(client, app, clock):
    r = client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready" and body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"]["status"] == "ok"
    assert body["checks"]["migrations"]["current"] == body["checks"]["migrations"]["head"]
    acquire(app.state.sessions, "sweep", holder="web-1:4242", at=clock.now(), ttl=timedelta(minutes=5))
    lease = client.get("/readyz").json()["checks"]["scheduler"]["leases"]["sweep"]
    assert lease == {"holder": "web-1:4242", "expires_at": (clock.now() + timedelta(minutes=5)).isoformat(),
                     "stale": False}
    clock.move_to(clock.now() + timedelta(minutes=10))
    assert client.get("/readyz").json()["checks"]["scheduler"]["leases"]["sweep"]["stale"] is True


def test_readyz_is_503_when_the_schema_is_behind_the_code(client, app):
    with transaction(app.state.sessions) as s:
        head = s.scalar(text("SELECT version_num FROM alembic_version"))
        s.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "not_ready"
        assert r.json()["checks"]["migrations"]["status"] == "behind"
    finally:
        with transaction(app.state.sessions) as s:
            s.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})


def test_readyz_is_503_not_500_when_the_database_is_gone(client, app):
    unplug_database(app)
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["checks"]["database"].startswith("error")
