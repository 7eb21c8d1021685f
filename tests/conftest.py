"""Fixtures: every database test runs on SQLite and on PostgreSQL; time is frozen."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.databases import PostgresDatabase, SqliteTemplate, require_pg_or_skip
from tests.world import World, build_world
from web.app import create_app
from workflow.clock import LOCAL_TZ, FrozenClock
from workflow.db import make_engine, make_sessionmaker
from workflow.settings import Settings

START = datetime(2026, 11, 24, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def pg_database():
    require_pg_or_skip()
    db = PostgresDatabase()
    yield db
    db.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_template").fresh_url()
        return
    db = request.getfixturevalue("pg_database")
    yield db.url
    db.empty()


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions):
    with sessions() as s:
        yield s


@pytest.fixture
def clock():
    return FrozenClock(START)


@pytest.fixture
def settings(db_url, tmp_path):
    return Settings(database_url=db_url, data_dir=tmp_path / "data", secret_key="test-secret", run_scheduler=False)


@pytest.fixture
def app(settings, engine, clock):
    return create_app(settings, engine=engine, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def world(sessions) -> World:
    return build_world(sessions)


def pytest_terminal_summary(terminalreporter):
    """The fuzzer's and the kill harness's counts, so a CI log shows how much was tried, not only that
    nothing failed."""
    from tests.faults.harness import REPORTS
    from tests.fuzz_support import RUNS

    for run in RUNS:
        terminalreporter.write_line(run.summary())
    for report in REPORTS:
        terminalreporter.write_line("kill harness " + report.summary())
