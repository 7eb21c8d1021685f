"""filing keys (one ticket per filing form) and move drafts (typed text kept across a stale move)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:34:27.407643
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('filing_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_filing_key_person_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_filing_key_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_key')),
    sa.UniqueConstraint('person_id', 'key', name=op.f('uq_filing_key_person_id'))
    )
    with op.batch_alter_table('filing_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filing_key_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('move_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_move_draft_person_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_move_draft_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_move_draft')),
    sa.UniqueConstraint('person_id', 'ticket_id', name=op.f('uq_move_draft_person_id'))
    )
    with op.batch_alter_table('move_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_move_draft_ticket_id'), ['ticket_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('move_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_move_draft_ticket_id'))

    op.drop_table('move_draft')
    with op.batch_alter_table('filing_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filing_key_ticket_id'))

    op.drop_table('filing_key')
