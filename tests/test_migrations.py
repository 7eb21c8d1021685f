"""Alembic owns the schema: ``upgrade head`` on an empty database matches the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from workflow.models import Base


def test_upgrade_head_matches_models(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_events_are_append_only_in_the_database(engine, world, sessions):
    from tests.conftest import START
    from tests.helpers import file_via_api  # noqa: F401 - keep helpers importable
    from workflow.accounts.service import actor_for
    from workflow.tickets.filing import file_ticket
    from workflow.tickets.schemas import TicketCreate

    with sessions() as s:
        actor = actor_for(s, world.people["inspector"])
        file_ticket(s, actor=actor, data=TicketCreate(title="t", place_id=world.units["dongfeng"]), now=START)
        s.commit()
    for statement in ("UPDATE ticket_event SET comment = 'x'", "DELETE FROM ticket_event"):
        with engine.connect() as conn:
            try:
                conn.execute(text(statement))
                conn.commit()
            except Exception as exc:
                assert "append-only" in str(exc)
            else:
                raise AssertionError(f"{statement} was allowed")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ticket_event")).scalar() == 1


def test_migrations_import_no_application_code():
    """An old migration must mean the same schema forever, whatever later code does."""
    import ast
    from pathlib import Path

    ours = {"workflow", "web", "states", "notifiers", "cli"}
    offenders = []
    for path in sorted((Path(__file__).resolve().parents[1] / "alembic" / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ours]
    assert offenders == []
