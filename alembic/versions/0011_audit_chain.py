"""Tamper-evident history: hash-chained ticket events and daily audit anchors (issue 14).

Existing events are chained in id order. The hashing is a copy of ``workflow/audit/chain.py``
(migrations never import application code); it must stay byte-for-byte the same.

On SQLite the new NOT NULL columns are added with a server default, because making a column NOT NULL
afterwards means rebuilding the table, which SQLite refuses while evidence rows reference it (foreign
keys are on). On PostgreSQL they are added nullable, filled, then set NOT NULL.

Revision ID: 0011
Revises: 0010
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SCHEME = "zg-event-v1"
GENESIS = "0" * 64
APPEND_ONLY_MESSAGE = "ticket_event is append-only"
ANCHOR_MESSAGE = "audit_anchor is append-only"


def _canonical_time(at) -> str:
    if isinstance(at, str):  # SQLite hands back text through a plain text() query
        at = datetime.fromisoformat(at)
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _hash(*, ticket_id, seq, at, actor_id, trigger, from_state, to_state, comment, payload, prev_hash) -> str:
    if isinstance(payload, str):
        payload = json.loads(payload)
    payload = json.loads(json.dumps(payload if payload is not None else {}))
    doc = {"scheme": SCHEME, "ticket_id": ticket_id, "seq": seq, "at": _canonical_time(at), "actor_id": actor_id,
           "trigger": trigger, "from_state": from_state, "to_state": to_state, "comment": comment or "",
           "payload": payload, "prev_hash": prev_hash}
    data = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    _drop_event_triggers(pg)
    for name, type_, default in (("seq", sa.Integer(), "0"), ("prev_hash", sa.String(64), ""),
                                 ("hash", sa.String(64), "")):
        if pg:
            op.add_column("ticket_event", sa.Column(name, type_, nullable=True))
        else:
            op.add_column("ticket_event", sa.Column(name, type_, nullable=False, server_default=default))
    _backfill(bind)
    if pg:
        for name in ("seq", "prev_hash", "hash"):
            op.alter_column("ticket_event", name, nullable=False)
    op.create_index("ux_ticket_event_ticket_id_seq", "ticket_event", ["ticket_id", "seq"], unique=True)
    _create_event_triggers(pg)

    op.create_table(
        'audit_anchor',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('last_event_id', sa.Integer(), nullable=False),
        sa.Column('tickets', sa.Integer(), nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.Column('prev_digest', sa.String(length=64), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor')),
        sa.UniqueConstraint('day', name=op.f('uq_audit_anchor_day')),
    )
    if pg:
        op.execute("CREATE FUNCTION audit_anchor_append_only() RETURNS trigger AS $$ "
                   f"BEGIN RAISE EXCEPTION '{ANCHOR_MESSAGE}'; END; $$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER audit_anchor_no_change BEFORE UPDATE OR DELETE ON audit_anchor "
                   "FOR EACH ROW EXECUTE FUNCTION audit_anchor_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_anchor_no_{verb.lower()} BEFORE {verb} ON audit_anchor "
                       f"BEGIN SELECT RAISE(ABORT, '{ANCHOR_MESSAGE}'); END")


def _backfill(bind) -> None:
    """Chain every existing event in id order, per ticket, in batches of updates."""
    rows = bind.execute(sa.text(
        "SELECT id, ticket_id, at, actor_id, \"trigger\", from_state, to_state, comment, payload "
        "FROM ticket_event ORDER BY id")).all()
    heads: dict[int, tuple[int, str]] = {}
    updates = []
    for id_, ticket_id, at, actor_id, trigger, from_state, to_state, comment, payload in rows:
        seq, prev_hash = heads.get(ticket_id, (0, GENESIS))
        seq += 1
        digest = _hash(ticket_id=ticket_id, seq=seq, at=at, actor_id=actor_id, trigger=trigger,
                       from_state=from_state, to_state=to_state, comment=comment, payload=payload,
                       prev_hash=prev_hash)
        heads[ticket_id] = (seq, digest)
        updates.append({"id": id_, "seq": seq, "prev_hash": prev_hash, "hash": digest})
    statement = sa.text("UPDATE ticket_event SET seq = :seq, prev_hash = :prev_hash, hash = :hash WHERE id = :id")
    for start in range(0, len(updates), 5000):
        bind.execute(statement, updates[start:start + 5000])


def _drop_event_triggers(pg: bool) -> None:
    if pg:
        op.execute("DROP TRIGGER IF EXISTS ticket_event_no_change ON ticket_event")
    else:
        op.execute("DROP TRIGGER IF EXISTS ticket_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS ticket_event_no_delete")


def _create_event_triggers(pg: bool) -> None:
    if pg:
        op.execute("CREATE TRIGGER ticket_event_no_change BEFORE UPDATE OR DELETE ON ticket_event "
                   "FOR EACH ROW EXECUTE FUNCTION ticket_event_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER ticket_event_no_{verb.lower()} BEFORE {verb} ON ticket_event "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END")


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    if pg:
        op.execute("DROP TRIGGER IF EXISTS audit_anchor_no_change ON audit_anchor")
        op.execute("DROP FUNCTION IF EXISTS audit_anchor_append_only()")
    op.drop_table('audit_anchor')
    _drop_event_triggers(pg)
    op.drop_index("ux_ticket_event_ticket_id_seq", table_name="ticket_event")
    for name in ("hash", "prev_hash", "seq"):
        op.drop_column("ticket_event", name)  # SQLite ≥ 3.35 drops a plain column in place
    _create_event_triggers(pg)
