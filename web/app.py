"""``create_app(settings)`` builds everything; nothing happens at import time (STYLE E11)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from web.api import router as api_router
from web.errors import install_error_handlers
from web.pages import router as pages_router
from web.pages.render import install_template_globals
from workflow.clock import Clock, to_local
from workflow.db import make_engine, make_sessionmaker
from workflow.settings import Settings
from workflow.tickets.storage import EvidenceStore

HERE = Path(__file__).resolve().parent


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, clock: Clock | None = None
) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="整改通 zhenggai", version="0.1.0",
                  description="乡村振兴督导问题整改跟踪 — rectification tracking API")
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.sessions = make_sessionmaker(app.state.engine)
    app.state.clock = clock or Clock()
    app.state.store = EvidenceStore(settings.data_dir)
    app.state.templates = _templates()
    app.add_middleware(
        SessionMiddleware, secret_key=settings.resolved_secret(), session_cookie="zhenggai_session",
        same_site="lax", https_only=settings.base_url.startswith("https://"), max_age=settings.token_max_age_seconds,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    install_error_handlers(app)
    return app


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["local"] = lambda v, fmt="%Y-%m-%d %H:%M": to_local(v).strftime(fmt) if v else ""
    install_template_globals(templates)
    return templates
