"""Tampering with the timeline behind the application's back, and driving tickets to get real chains."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import text

from tests.helpers import file_via_api, login, move

SQLITE_TRIGGERS = [
    "CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
    "CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
]


def tamper(engine, *statements: str) -> None:
    """Drop the append-only triggers, run the statements, put the triggers back: one transaction."""
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if pg:
            conn.execute(text("DROP TRIGGER ticket_event_no_change ON ticket_event"))
        else:
            conn.execute(text("DROP TRIGGER ticket_event_no_update"))
            conn.execute(text("DROP TRIGGER ticket_event_no_delete"))
        for statement in statements:
            conn.execute(text(statement))
        if pg:
            conn.execute(text("CREATE TRIGGER ticket_event_no_change BEFORE UPDATE OR DELETE ON ticket_event "
                              "FOR EACH ROW EXECUTE FUNCTION ticket_event_append_only()"))
        else:
            for create in SQLITE_TRIGGERS:
                conn.execute(text(create))


def drive(client, world, count: int = 2) -> list[dict]:
    """``count`` tickets, each filed, assigned and accepted: three chained events apiece."""
    inspector, village = login(client, "inspector"), login(client, "village")
    tickets = []
    for index in range(count):
        ticket = file_via_api(client, inspector, world, title=f"村道垃圾未清理{index}")
        ticket = move(client, inspector, ticket, "assign").json()
        ticket = move(client, village, ticket, "accept", plan="三日内清理").json()
        tickets.append(ticket)
    return tickets


def zhenggai(db_url: str, data_dir, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(data_dir),
                        "ZHENGGAI_SECRET_KEY": "cli-test"}
    return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True,
                          timeout=120)
