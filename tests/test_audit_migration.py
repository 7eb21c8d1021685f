"""Migration 0011 chains the events that existed before it, in id order, per ticket (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from tests.conftest import START
from tests.databases import require_pg_or_skip, scratch_pg_database
from workflow.audit.chain import GENESIS
from workflow.audit.verify import verify
from workflow.db import make_engine, make_sessionmaker
from workflow.migrate import alembic_config, upgrade_head
from workflow.tickets.models import TicketEvent

BEFORE_THE_CHAIN = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision("0011").down_revision


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    require_pg_or_skip()
    with scratch_pg_database("zg_test_mig") as url:
        yield url


def test_upgrading_chains_existing_events_in_id_order_per_ticket(empty_url):
    # The schema as it was just before the chain; rows are written with plain SQL, since today's models
    # describe columns that later migrations add.
    command.upgrade(alembic_config(empty_url), BEFORE_THE_CHAIN)
    engine = make_engine(empty_url)
    naive = START.replace(tzinfo=None)
    with engine.begin() as conn:
        def insert(table: str, **values) -> int:
            columns = ", ".join(f'"{k}"' for k in values)
            marks = ", ".join(f":{k}" for k in values)
            return conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"),
                                values).scalar_one()

        city = insert("org_unit", name="琼海市", kind="district", code="QH", path="", is_demo=False)
        village = insert("org_unit", name="东风村", kind="village", parent_id=city, path="", is_demo=False)
        inspector = insert("person", name="李督查", org_unit_id=city, is_active=True)
        ids = [insert("ticket", number=number, title="村道垃圾未清理", description="", owner_unit_id=city,
                      place_id=village, source="inspection", severity="general", found_at=naive, state="found",
                      awaiting_verification=False, round=1, rework_count=0, return_count=0, plan="",
                      state_changed_at=naive, created_at=naive, version=1)
               for number in ("QH-2026-0001", "QH-2026-0002")]
    old_rows = [(ids[0], "file"), (ids[1], "file"), (ids[0], "assign"), (ids[0], "accept"), (ids[1], "assign")]
    with engine.begin() as conn:
        for ticket_id, trigger in old_rows:
            conn.execute(text("INSERT INTO ticket_event (ticket_id, at, actor_id, \"trigger\", comment, payload) "
                              "VALUES (:t, :at, :actor, :trigger, '旧事件', :payload)"),
                         {"t": ticket_id, "at": START.replace(tzinfo=None), "actor": inspector,
                          "trigger": trigger, "payload": json.dumps({"note": "迁移前", "n": [1, 2]})})
    engine.dispose()

    upgrade_head(empty_url)

    engine = make_engine(empty_url)
    with make_sessionmaker(engine)() as s:
        chain = list(s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ids[0]).order_by(TicketEvent.id)))
        assert [(e.seq, e.trigger) for e in chain] == [(1, "file"), (2, "assign"), (3, "accept")]
        assert chain[0].prev_hash == GENESIS and chain[1].prev_hash == chain[0].hash
        report = verify(s)
    engine.dispose()
    assert report.ok and (report.tickets, report.events) == (2, 5)
