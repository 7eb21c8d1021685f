"""issue 15: maintained per-unit summary for statistics, calendar stamp, read-path indexes

The statistics page counted every ticket on every view; ``unit_ticket_count`` and ``unit_event_count`` hold
the counts, kept by triggers in the same transaction as every write to ``ticket`` and every ``ticket_event``
insert (any writer, both databases), and are backfilled here set-based. ``calendar_stamp`` changes on every
calendar write so processes can keep the calendar in memory. Covering indexes for the live overdue counts;
one on found_at for the ledger's date range.

The key expressions are copied from workflow/ledger/summary.py (migrations do not import application code);
tests/ledger/test_summary_maintained.py checks that the triggers and that module agree.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 22:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TICKET_KEYS = ("lead_unit_id, campaign_key, state, resolution, on_the_spot, on_time, on_time_original, has_due, "
               "has_original_due")
EVENT_KEYS = "unit_id, campaign_key, kind"
WATCHED = "lead_unit_id, campaign_id, state, resolution, on_the_spot, due_at, original_due_at, verified_at"


def _ticket_key(row: str) -> str:
    return (f"COALESCE({row}.lead_unit_id, 0), COALESCE({row}.campaign_id, 0), {row}.state, "
            f"COALESCE({row}.resolution, ''), CASE WHEN {row}.on_the_spot THEN 1 ELSE 0 END, "
            f"CASE WHEN {row}.due_at IS NULL OR {row}.verified_at <= {row}.due_at THEN 1 ELSE 0 END, "
            f"CASE WHEN {row}.original_due_at IS NULL OR {row}.verified_at <= {row}.original_due_at "
            "THEN 1 ELSE 0 END, "
            f"CASE WHEN {row}.due_at IS NULL THEN 0 ELSE 1 END, CASE WHEN {row}.original_due_at IS NULL THEN 0 ELSE 1 END")


def _ticket_upsert(row: str, delta: int) -> str:
    return (f"INSERT INTO unit_ticket_count ({TICKET_KEYS}, n) VALUES ({_ticket_key(row)}, {delta}) "
            f"ON CONFLICT ({TICKET_KEYS}) DO UPDATE SET n = unit_ticket_count.n + excluded.n")


KIND = ("CASE {e}.\"trigger\" WHEN 'return' THEN 'returns' WHEN 'reject' THEN 'reworks' "
        "ELSE 'overdue_episodes' END")


def _event_upsert(lead: str, went_red: str) -> tuple[str, str]:
    """(the WHEN condition, the statement) for a new ``ticket_event`` row ``NEW``."""
    when = f"NEW.\"trigger\" IN ('return', 'reject') OR (NEW.\"trigger\" = 'light_changed' AND {went_red})"
    statement = (f"INSERT INTO unit_event_count ({EVENT_KEYS}, n) "
                 f"SELECT COALESCE({lead}, t.lead_unit_id, 0), COALESCE(t.campaign_id, 0), {KIND.format(e='NEW')}, 1 "
                 "FROM ticket t WHERE t.id = NEW.ticket_id "
                 f"ON CONFLICT ({EVENT_KEYS}) DO UPDATE SET n = unit_event_count.n + 1")
    return when, statement


def _event_recharge(row: str, delta: int, lead: str, went_red: str) -> str:
    """Re-charge a ticket's counted events when its lead unit or campaign changes: events written without a
    lead unit are charged to the ticket's current one (``tallies``), and every event to its campaign."""
    charged = f"COALESCE({lead}, {row}.lead_unit_id, 0)"
    kind = KIND.format(e="e")
    return (f"INSERT INTO unit_event_count ({EVENT_KEYS}, n) "
            f"SELECT {charged}, COALESCE({row}.campaign_id, 0), {kind}, {delta} * count(*) FROM ticket_event e "
            f"WHERE e.ticket_id = {row}.id AND (e.\"trigger\" IN ('return', 'reject') "
            f"OR (e.\"trigger\" = 'light_changed' AND {went_red})) GROUP BY {charged}, {kind} "
            f"ON CONFLICT ({EVENT_KEYS}) DO UPDATE SET n = unit_event_count.n + excluded.n")


def _backfill() -> None:
    op.execute(f"INSERT INTO unit_ticket_count ({TICKET_KEYS}, n) SELECT {_ticket_key('t')}, count(*) "
               f"FROM ticket t GROUP BY {_ticket_key('t')}")
    if op.get_bind().dialect.name == "postgresql":
        lead, red = "CAST(e.payload ->> 'lead_unit_id' AS INTEGER)", "e.payload ->> 'to' = 'red'"
    else:
        lead, red = "json_extract(e.payload, '$.lead_unit_id')", "json_extract(e.payload, '$.to') = 'red'"
    kind = KIND.format(e="e")
    op.execute(f"INSERT INTO unit_event_count ({EVENT_KEYS}, n) "
               f"SELECT COALESCE({lead}, t.lead_unit_id, 0), COALESCE(t.campaign_id, 0), {kind}, count(*) "
               "FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
               f"WHERE e.\"trigger\" IN ('return', 'reject') OR (e.\"trigger\" = 'light_changed' AND {red}) "
               f"GROUP BY COALESCE({lead}, t.lead_unit_id, 0), COALESCE(t.campaign_id, 0), {kind}")


def _sqlite_triggers() -> None:
    op.execute(f"CREATE TRIGGER unit_ticket_count_insert AFTER INSERT ON ticket BEGIN "
               f"{_ticket_upsert('NEW', 1)}; END")
    op.execute(f"CREATE TRIGGER unit_ticket_count_update AFTER UPDATE OF {WATCHED} ON ticket BEGIN "
               f"{_ticket_upsert('OLD', -1)}; {_ticket_upsert('NEW', 1)}; END")
    op.execute(f"CREATE TRIGGER unit_ticket_count_delete AFTER DELETE ON ticket BEGIN "
               f"{_ticket_upsert('OLD', -1)}; END")
    when, statement = _event_upsert("json_extract(NEW.payload, '$.lead_unit_id')",
                                    "json_extract(NEW.payload, '$.to') = 'red'")
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    statement = statement.replace("WHERE t.id = NEW.ticket_id", "WHERE t.id = NEW.ticket_id AND true")
    op.execute(f"CREATE TRIGGER unit_event_count_insert AFTER INSERT ON ticket_event WHEN {when} BEGIN "
               f"{statement}; END")
    lead, red = "json_extract(e.payload, '$.lead_unit_id')", "json_extract(e.payload, '$.to') = 'red'"
    op.execute("CREATE TRIGGER unit_event_count_recharge AFTER UPDATE OF lead_unit_id, campaign_id ON ticket "
               "WHEN OLD.lead_unit_id IS NOT NEW.lead_unit_id OR OLD.campaign_id IS NOT NEW.campaign_id BEGIN "
               f"{_event_recharge('OLD', -1, lead, red)}; {_event_recharge('NEW', 1, lead, red)}; END")
    for table in ("calendar_day", "calendar_year"):
        for verb in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_stamp_{verb.lower()} AFTER {verb} ON {table} BEGIN "
                       "INSERT INTO calendar_stamp (id, stamp) VALUES (1, random()) "
                       "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp; END")


def _postgresql_triggers() -> None:
    # Two rows of one UPDATE are written in key order, so two transactions moving tickets between the same
    # two keys in opposite directions wait for each other instead of deadlocking.
    op.execute(f"""CREATE FUNCTION unit_ticket_count_track() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_ticket_upsert('NEW', 1)};
  ELSIF TG_OP = 'DELETE' THEN
    {_ticket_upsert('OLD', -1)};
  ELSIF ROW({_ticket_key('OLD')}) IS DISTINCT FROM ROW({_ticket_key('NEW')}) THEN
    IF ROW({_ticket_key('OLD')}) < ROW({_ticket_key('NEW')}) THEN
      {_ticket_upsert('OLD', -1)};
      {_ticket_upsert('NEW', 1)};
    ELSE
      {_ticket_upsert('NEW', 1)};
      {_ticket_upsert('OLD', -1)};
    END IF;
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql""")
    op.execute(f"CREATE TRIGGER unit_ticket_count_change AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} ON ticket "
               "FOR EACH ROW EXECUTE FUNCTION unit_ticket_count_track()")
    when, statement = _event_upsert("CAST(NEW.payload ->> 'lead_unit_id' AS INTEGER)", "NEW.payload ->> 'to' = 'red'")
    op.execute(f"CREATE FUNCTION unit_event_count_track() RETURNS trigger AS $$ BEGIN {statement}; RETURN NULL; "
               "END; $$ LANGUAGE plpgsql")
    op.execute(f"CREATE TRIGGER unit_event_count_insert AFTER INSERT ON ticket_event FOR EACH ROW WHEN ({when}) "
               "EXECUTE FUNCTION unit_event_count_track()")
    lead, red = "CAST(e.payload ->> 'lead_unit_id' AS INTEGER)", "e.payload ->> 'to' = 'red'"
    op.execute("CREATE FUNCTION unit_event_count_recharge() RETURNS trigger AS $$ BEGIN "
               f"{_event_recharge('OLD', -1, lead, red)}; {_event_recharge('NEW', 1, lead, red)}; RETURN NULL; "
               "END; $$ LANGUAGE plpgsql")
    op.execute("CREATE TRIGGER unit_event_count_recharge AFTER UPDATE OF lead_unit_id, campaign_id ON ticket "
               "FOR EACH ROW WHEN (OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id "
               "OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id) EXECUTE FUNCTION unit_event_count_recharge()")
    op.execute("CREATE FUNCTION calendar_stamp_touch() RETURNS trigger AS $$ BEGIN "
               "INSERT INTO calendar_stamp (id, stamp) VALUES (1, floor(random() * 9e15)::bigint) "
               "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp; RETURN NULL; END; $$ LANGUAGE plpgsql")
    for table in ("calendar_day", "calendar_year"):
        op.execute(f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION calendar_stamp_touch()")


def upgrade() -> None:
    op.create_table('unit_ticket_count',
    sa.Column('lead_unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('campaign_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('resolution', sa.String(length=20), nullable=False),
    sa.Column('on_the_spot', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('on_time', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('on_time_original', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('has_due', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('has_original_due', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('lead_unit_id', 'campaign_key', 'state', 'resolution', 'on_the_spot', 'on_time',
                            'on_time_original', 'has_due', 'has_original_due', name=op.f('pk_unit_ticket_count'))
    )
    op.create_table('unit_event_count',
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('campaign_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit_id', 'campaign_key', 'kind', name=op.f('pk_unit_event_count'))
    )
    op.create_table('calendar_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_stamp'))
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_open_due', ['state', 'due_at', 'lead_unit_id', 'campaign_id'], unique=False)
        batch_op.create_index('ix_ticket_open_original_due',
                              ['state', 'original_due_at', 'lead_unit_id', 'campaign_id'], unique=False)
        batch_op.create_index('ix_ticket_found_at', ['found_at'], unique=False)
    _backfill()
    op.execute("INSERT INTO calendar_stamp (id, stamp) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS unit_ticket_count_change ON ticket")
        op.execute("DROP TRIGGER IF EXISTS unit_event_count_insert ON ticket_event")
        op.execute("DROP TRIGGER IF EXISTS unit_event_count_recharge ON ticket")
        for table in ("calendar_day", "calendar_year"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        for function in ("unit_ticket_count_track", "unit_event_count_track", "unit_event_count_recharge",
                         "calendar_stamp_touch"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for trigger in ("unit_ticket_count_insert", "unit_ticket_count_update", "unit_ticket_count_delete",
                        "unit_event_count_insert", "unit_event_count_recharge"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in ("calendar_day", "calendar_year"):
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{verb}")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_found_at')
        batch_op.drop_index('ix_ticket_open_original_due')
        batch_op.drop_index('ix_ticket_open_due')
    op.drop_table('calendar_stamp')
    op.drop_table('unit_event_count')
    op.drop_table('unit_ticket_count')
