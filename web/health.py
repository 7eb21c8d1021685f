"""Health for a load balancer or systemd (issue 14).

``/healthz``: the process answers (no database, so a slow database does not get workers restarted).
``/readyz``: the database answers, its schema is at Alembic's head, and who holds the scheduler leases.
A lease is released between sweeps, so "no holder right now" is reported, not treated as unready;
a lease held past its expiry (a holder that died mid-sweep) is reported as stale.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, text

from workflow.scheduling import SchedulerLease

router = APIRouter(include_in_schema=False)
ROOT = Path(__file__).resolve().parent.parent


@cache
def alembic_heads() -> frozenset[str]:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "alembic"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


@router.get("/healthz")
def healthz():
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request):
    checks: dict[str, object] = {}
    ready = True
    now = request.app.state.clock.now()
    try:
        with request.app.state.read_sessions() as session:
            session.execute(select(1))
            checks["database"] = "ok"
            current = set(session.scalars(text("SELECT version_num FROM alembic_version")))
            heads = alembic_heads()
            checks["migrations"] = {"status": "ok" if current == heads else "behind", "current": sorted(current),
                                    "head": sorted(heads)}
            ready = current == heads
            leases = session.scalars(select(SchedulerLease).order_by(SchedulerLease.name)).all()
            checks["scheduler"] = {
                "runs_here": getattr(request.app.state, "scheduler", None) is not None,
                "leases": {lease.name: {"holder": lease.holder,
                                        "expires_at": lease.expires_at.isoformat() if lease.holder else None,
                                        "stale": bool(lease.holder) and lease.expires_at < now}
                           for lease in leases},
            }
    except Exception as exc:  # the answer must be a 503 with the reason, never a 500 page
        checks.setdefault("database", f"error: {type(exc).__name__}")
        ready = False
    return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                        status_code=200 if ready else 503)
