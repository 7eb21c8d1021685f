"""issue 13, first half: 签收 limit, 督办函, 催办, 确认收到

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 12:34:59.455847
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('acceptance_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('accept_due_at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working_days_late', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_acceptance_reminder_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_acceptance_reminder_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acceptance_reminder')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_acceptance_reminder_dedupe_key'))
    )
    with op.batch_alter_table('acceptance_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acceptance_reminder_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('acknowledgement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('recipient_label', sa.String(length=200), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(), nullable=False),
    sa.Column('resent_count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_acknowledgement_person_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_acknowledgement_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_acknowledgement_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acknowledgement')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_acknowledgement_dedupe_key'))
    )
    with op.batch_alter_table('acknowledgement', schema=None) as batch_op:
        batch_op.create_index('ix_acknowledgement_kind_acknowledged_at', ['kind', 'acknowledged_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_acknowledgement_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('supervision_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('reply_due_on', sa.Date(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reply_text', sa.Text(), nullable=False),
    sa.Column('reply_sha256', sa.String(length=64), nullable=True),
    sa.Column('reply_filename', sa.String(length=300), nullable=True),
    sa.Column('reply_content_type', sa.String(length=100), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['person.id'], name=op.f('fk_supervision_letter_issued_by_id_person')),
    sa.ForeignKeyConstraint(['replied_by_id'], ['person.id'], name=op.f('fk_supervision_letter_replied_by_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_supervision_letter_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_supervision_letter_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_letter')),
    sa.UniqueConstraint('number', name=op.f('uq_supervision_letter_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_supervision_letter_year'))
    )
    with op.batch_alter_table('supervision_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_letter_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_letter_unit_id'), ['unit_id'], unique=False)

    op.create_table('urging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['person.id'], name=op.f('fk_urging_by_id_person')),
    sa.ForeignKeyConstraint(['event_id'], ['ticket_event.id'], name=op.f('fk_urging_event_id_ticket_event')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_urging_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_urging_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urging')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_urging_dedupe_key'))
    )
    with op.batch_alter_table('urging', schema=None) as batch_op:
        batch_op.create_index('ix_urging_ticket_id_day', ['ticket_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_urging_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accept_within_working_days', sa.Integer(), nullable=True))

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accept_due_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_accept_due_at'), ['accept_due_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_accept_due_at'))
        batch_op.drop_column('accept_due_at')

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('accept_within_working_days')

    with op.batch_alter_table('urging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_urging_unit_id'))
        batch_op.drop_index('ix_urging_ticket_id_day')

    op.drop_table('urging')
    with op.batch_alter_table('supervision_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_letter_unit_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_letter_ticket_id'))

    op.drop_table('supervision_letter')
    with op.batch_alter_table('acknowledgement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acknowledgement_ticket_id'))
        batch_op.drop_index('ix_acknowledgement_kind_acknowledged_at')

    op.drop_table('acknowledgement')
    with op.batch_alter_table('acceptance_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acceptance_reminder_ticket_id'))

    op.drop_table('acceptance_reminder')
