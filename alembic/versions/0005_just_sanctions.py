"""just sanctions: 约谈 waiting for next year's calendar,
targets by kind of unit, consequences naming who bears them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 01:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Seed 002 as the overdue_interview row carries it (kept here, not imported: migrations stand alone).
SEED_002_CONSEQUENCES = [
    {"kind": "award_disqualification", "bearer": "backer_unit", "note": "年度考核评先评优资格"},
    {"kind": "award_disqualification", "bearer": "work_team_members", "note": "年度考核评先评优资格"},
    {"kind": "points_deduction", "bearer": "backer_unit", "points": 2.0, "note": "单位绩效考核"},
    {"kind": "points_deduction", "bearer": "post:village_party_secretary", "points": 2.0,
     "note": "书记抓基层党建工作述职评议考核"},
]
UNIT_POSTS = {"department": ["unit_leader_in_charge", "unit_head"], "town": ["unit_leader_in_charge", "unit_head"]}


def upgrade() -> None:
    with op.batch_alter_table('escalation_policy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_posts_by_kind', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('consequences', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.alter_column('planned_on', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('waiting_reason', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bearer', sa.String(length=60), nullable=False,
                                      server_default='unit_concerned'))
        batch_op.add_column(sa.Column('label', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('note', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('source_unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sanction_source_unit_id'), ['source_unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_sanction_source_unit_id_org_unit'), 'org_unit',
                                    ['source_unit_id'], ['id'])

    # Earlier sanctions: a unit's own (from its strikes), or a person's (seed 003, at once).
    op.execute("UPDATE sanction SET source_unit_id = unit_id WHERE person_id IS NULL")
    op.execute("UPDATE sanction SET bearer = 'subject_person' WHERE person_id IS NOT NULL")
    policy = sa.table('escalation_policy', sa.column('code', sa.String), sa.column('consequences', sa.JSON),
                      sa.column('target_posts_by_kind', sa.JSON), sa.column('disqualify_unit', sa.Boolean),
                      sa.column('points_deduction', sa.Float))
    op.execute(policy.update().where(policy.c.code == 'overdue_interview').values(
        consequences=SEED_002_CONSEQUENCES, target_posts_by_kind=UNIT_POSTS, disqualify_unit=False,
        points_deduction=0.0))


def downgrade() -> None:
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sanction_source_unit_id_org_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sanction_source_unit_id'))
        batch_op.drop_column('source_unit_id')
        batch_op.drop_column('note')
        batch_op.drop_column('label')
        batch_op.drop_column('bearer')

    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_column('waiting_reason')
        batch_op.alter_column('planned_on', existing_type=sa.Date(), nullable=False)

    with op.batch_alter_table('escalation_policy', schema=None) as batch_op:
        batch_op.drop_column('consequences')
        batch_op.drop_column('target_posts_by_kind')

