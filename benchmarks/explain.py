"""Query plans for the statements a read really sends: a ``before_cursor_execute`` listener records every
statement while the ledger page, the per-town statistics run in-process (the sweep's
statements are recorded the same way while the sweep is measured, see run.py);
each recorded SELECT is then explained (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import create_engine, event


@contextmanager
def captured(engine):
    """Every SELECT sent while inside, with its parameters and how long it took: (seconds, statement, params)."""
    seen: list[tuple[float, str, object]] = []
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        began = started.pop(id(cursor), None)
        if began is not None and not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((time.perf_counter() - began, statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


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
    """The ``top`` distinct SELECTs that took the most time in total in a recorded run, explained. A sweep
    that loops per ticket shows up as one cheap statement sent thousands of times, hence the count."""
    totals: dict[str, list] = {}
    for seconds, statement, parameters in seen:
        entry = totals.setdefault(statement, [0.0, 0, parameters])
        entry[0] += seconds
        entry[1] += 1
    ranked = sorted(totals.items(), key=lambda item: -item[1][0])[:top]
    return [(f"{what} (sent {count:,}×, {seconds * 1000:,.1f} ms in total)", statement,
             plan(engine, statement, parameters)) for statement, (seconds, count, parameters) in ranked]


def explain_reads(engine, sessions, *, office_id: int, town_operator_id: int, now: datetime,
                  top: int = 2) -> list[tuple[str, str, str]]:
    """(what, statement, plan) for the slowest statements of each read."""
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
