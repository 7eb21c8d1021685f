"""``create_app(settings)`` builds everything; nothing happens at import time (STYLE E11)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from notifiers.jobs import jobs_from_settings
from web.api import router as api_router
from web.api_docs import install_api_docs
from web.errors import AnswerCrashes, install_error_handlers
from web.health import router as health_router
from web.limits import BodyLimits
from web.nul_bytes import RefuseNulBytes
from web.pages import router as pages_router
from web.pages.render import install_template_globals
from web.security_headers import SecurityHeaders
from web.static_files import static_files
from workflow.calendar.reader import working_day_checker
from workflow.clock import Clock, to_local
from workflow.db import make_engine, make_sessionmaker
from workflow.scheduling import ScheduledJob, build_scheduler, default_jobs
from workflow.settings import Settings
from workflow.sweep import config_from
from workflow.tickets.storage import EvidenceStore

HERE = Path(__file__).resolve().parent


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, clock: Clock | None = None,
    jobs: Sequence[ScheduledJob] = (),
) -> FastAPI:
    """``jobs`` are extra scheduled jobs (e.g. the notifications dispatcher) run beside the sweep."""
    settings = settings or Settings()
    app = FastAPI(title="整改通 zhenggai", version="0.1.0", lifespan=_lifespan,
                  description="乡村振兴督导问题整改跟踪 — rectification tracking API", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine or make_engine(
        settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout)
    app.state.sessions = make_sessionmaker(app.state.engine)
    app.state.read_sessions = make_sessionmaker(app.state.engine, write=False)
    app.state.clock = clock or Clock()
    app.state.store = EvidenceStore(settings.data_dir)
    app.state.templates = _templates()
    app.state.extra_jobs = list(jobs)
    # Middleware added later wraps what was added before: BodyLimits reads the session, SecurityHeaders
    # (nosniff, CSP …) sees every response.
    app.add_middleware(RefuseNulBytes)
    app.add_middleware(BodyLimits)
    app.add_middleware(
        SessionMiddleware, secret_key=settings.resolved_secret(), session_cookie="zhenggai_session",
        same_site="lax", https_only=settings.base_url.startswith("https://"), max_age=settings.token_max_age_seconds,
    )
    app.add_middleware(AnswerCrashes)
    app.add_middleware(SecurityHeaders)  # outermost: error pages (500 too) and static files get the headers
    app.mount("/static", static_files(HERE / "static"), name="static")
    app.include_router(api_router)
    install_api_docs(app)
    app.include_router(pages_router)
    app.include_router(health_router)
    install_error_handlers(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The scheduler runs only when ``settings.run_scheduler`` (tests set it false); the lease keeps
    several workers from sweeping at once (workflow/scheduling.py)."""
    scheduler = None
    settings = app.state.settings
    if settings.run_scheduler:
        jobs = default_jobs(app.state.sessions, clock=app.state.clock, config=config_from(settings),
                            sweep_minutes=settings.sweep_minutes)
        scheduler = build_scheduler([*jobs, *_notification_jobs(app), *app.state.extra_jobs])
        scheduler.start()
    app.state.scheduler = scheduler
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _notification_jobs(app: FastAPI) -> list[ScheduledJob]:
    """Dispatch and digests every minute; each digest slot is built once, whichever tick reaches it."""
    checker = working_day_checker(app.state.sessions)
    jobs = jobs_from_settings(app.state.settings, app.state.sessions, app.state.clock, is_working_day=checker)
    return [ScheduledJob(name, func, "interval", {"minutes": 1}) for name, func in jobs.items()]


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["local"] = lambda v, fmt="%Y-%m-%d %H:%M": to_local(v).strftime(fmt) if v else ""
    install_template_globals(templates)
    return templates
