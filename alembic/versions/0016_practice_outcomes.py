"""issue 13 (second half): ongoing review date, on-the-spot flag, campaign observation/lights/ranking config, bulletin mentions

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 12:34:21.533766
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bulletin_mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bulletin_key', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_bulletin_mention_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_mention')),
    sa.UniqueConstraint('bulletin_key', 'unit_id', 'reason', name=op.f('uq_bulletin_mention_bulletin_key'))
    )
    with op.batch_alter_table('bulletin_mention', schema=None) as batch_op:
        batch_op.create_index('ix_bulletin_mention_unit_id_year', ['unit_id', 'year'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('observation_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('light_scheme', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('ranking_weights', sa.JSON(), nullable=True))

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('on_the_spot', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_ticket_review_on'), ['review_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_review_on'))
        batch_op.drop_column('on_the_spot')
        batch_op.drop_column('review_on')

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('ranking_weights')
        batch_op.drop_column('light_scheme')
        batch_op.drop_column('observation_months')

    with op.batch_alter_table('bulletin_mention', schema=None) as batch_op:
        batch_op.drop_index('ix_bulletin_mention_unit_id_year')

    op.drop_table('bulletin_mention')
