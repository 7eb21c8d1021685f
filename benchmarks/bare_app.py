"""The reference for benchmarks/run.py: a bare FastAPI app served exactly like the real one (same uvicorn
flags, own process, loopback). ``/const`` answers a constant; ``/pk/{id}`` reads one ticket row by primary
key through a SQLAlchemy engine on the same database, in a sync endpoint (the thread pool, as the app's).
Whatever the real app costs beyond these is ours; the ratio holds better than absolutes on a noisy box.

    uvicorn --factory benchmarks.bare_app:create   (ZHENGGAI_DATABASE_URL names the database)
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from sqlalchemy import create_engine, text


def create() -> FastAPI:
    url = os.environ["ZHENGGAI_DATABASE_URL"]
    engine = create_engine(url, pool_size=10, max_overflow=20) if not url.startswith("sqlite") else create_engine(
        url, connect_args={"check_same_thread": False})
    app = FastAPI()

    @app.get("/const")
    def const():
        return {"ok": 1}

    @app.get("/pk/{ticket_id}")
    def by_pk(ticket_id: int):
        with engine.connect() as conn:
            row = conn.execute(text("SELECT id, number, title, state FROM ticket WHERE id = :id"),
                               {"id": ticket_id}).one_or_none()
        return {"id": row[0], "number": row[1], "title": row[2], "state": row[3]} if row else {}

    return app
