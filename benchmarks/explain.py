"""Query plans for the statements a read really sends: a ``before_cursor_execute`` listener records every
statement while the ledger page, the per-town statistics run in-process (the sweep's
statements are recorded the same way while the sweep is measured, see run.py);
each recorded SELECT is then explained (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import create_engine, event


@contextmanager
def captured(engine):
    seen: list[tuple[str, object]] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def plan(engine, statement: str, parameters) -> str:
    """On a plain engine of the same URL: the application's SQLite engine begins IMMEDIATE (a write lock)."""
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    plain = create_engine(engine.url)
    with plain.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters or ()).all()
    plain.dispose()
    if engine.dialect.name == "postgresql":
        return "\n".join(r[0] for r in rows)
    return "\n".join(f"{r[1]:>3} {r[2]:>3} {r[3]}" for r in rows)


def explain_statements(engine, seen, *, what: str, top: int = 3) -> list[tuple[str, str, str]]:
    """The ``top`` longest distinct SELECTs of a recorded run, explained."""
    distinct = {statement: parameters for statement, parameters in seen}
    longest = sorted(distinct.items(), key=lambda sp: -len(sp[0]))[:top]
    return [(what, statement, plan(engine, statement, parameters)) for statement, parameters in longest]


def explain_reads(engine, sessions, *, office_id: int, town_operator_id: int, now: datetime,
                  top: int = 2) -> list[tuple[str, str, str]]:
    """(what, statement, plan) for the slowest-looking (longest) statements of each read."""
    from workflow.accounts.service import actor_for
    from workflow.ledger.browse import ledger_page
    from workflow.ledger.stats import town_progress
    from workflow.tickets.queries import TicketFilters

    reads = []
    with sessions() as s:
        office, town = actor_for(s, office_id), actor_for(s, town_operator_id)
        cases = [
            ("ledger page 1, office", lambda: ledger_page(s, office, TicketFilters())),
            ("ledger page 1, town operator", lambda: ledger_page(s, town, TicketFilters())),
            ("ledger, state=rectifying, office", lambda: ledger_page(s, office, TicketFilters(state="rectifying"))),
            ("per-town statistics, office", lambda: town_progress(s, office, now=now)),
        ]
        for what, run in cases:
            with captured(engine) as seen:
                run()
            reads.extend(explain_statements(engine, seen, what=what, top=top))
    return reads
