"""Alembic owns the schema. The URL comes from the caller (``workflow.migrate``) or the environment."""

from alembic import context
from sqlalchemy import event, text

from workflow.db import UTCDateTime, make_engine
from workflow.models import Base
from workflow.settings import Settings

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _foreign_keys_off)
    with engine.connect() as conn:
        _run(conn)
        if conn.dialect.name == "sqlite":
            _no_dangling_references(conn)
    engine.dispose()


def _foreign_keys_off(dbapi_connection, _record) -> None:
    """SQLite changes a table by rebuilding it (batch mode), and DROP TABLE of a table that other rows point
    at fails while foreign keys are enforced: an install with data could not migrate. The pragma only takes
    effect outside a transaction, so it is set as the connection opens; the check after the run puts the
    guarantee back."""
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _no_dangling_references(conn) -> None:
    broken = conn.execute(text("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _render_item(type_, obj, autogen_context):
    """Migrations never import application code (an old migration must not change when the code does):
    our column types are written as the plain SQLAlchemy types they store as."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


run_migrations_online()
