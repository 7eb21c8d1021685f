"""deadlines, working-day calendar, reminders, escalation (约谈) and the scheduler lease (issue 3)

The calendar and the default escalation policies are data, filled by ``zhenggai init-db``
(``workflow.reference_data.ensure_reference_data``), not by this migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 04:17:44.633818
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_year'))
    )
    op.create_table('escalation_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source_rule', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('grace_working_days', sa.Integer(), nullable=False),
    sa.Column('finding_categories', sa.JSON(), nullable=False),
    sa.Column('campaign_kinds', sa.JSON(), nullable=False),
    sa.Column('unit_concerned', sa.String(length=20), nullable=False),
    sa.Column('target_posts', sa.JSON(), nullable=False),
    sa.Column('include_subject_person', sa.Boolean(), nullable=False),
    sa.Column('conducted_by', sa.String(length=100), nullable=False),
    sa.Column('plan_within_working_days', sa.Integer(), nullable=False),
    sa.Column('strike_threshold', sa.Integer(), nullable=False),
    sa.Column('disqualify_unit', sa.Boolean(), nullable=False),
    sa.Column('points_deduction', sa.Float(), nullable=False),
    sa.Column('disqualify_subject_person', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_policy')),
    sa.UniqueConstraint('code', name=op.f('uq_escalation_policy_code'))
    )
    op.create_table('scheduler_lease',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=120), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_lease'))
    )
    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['person.id'], name=op.f('fk_calendar_day_updated_by_id_person')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day'))
    )
    op.create_table('sanction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('points', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sanction_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_sanction_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_sanction_dedupe_key'))
    )
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanction_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanction_unit_id'), ['unit_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('original_due_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_event_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['person.id'], name=op.f('fk_milestone_done_by_id_person')),
    sa.ForeignKeyConstraint(['done_event_id'], ['ticket_event.id'], name=op.f('fk_milestone_done_event_id_ticket_event')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_milestone_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index('ix_milestone_done_at_due_at', ['done_at', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('extension_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('requested_due_on', sa.Date(), nullable=False),
    sa.Column('previous_due_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.Column('approved_due_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'], name=op.f('fk_extension_request_decided_by_id_person')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_extension_request_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_extension_request_requested_by_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_extension_request_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_request'))
    )
    with op.batch_alter_table('extension_request', schema=None) as batch_op:
        batch_op.create_index('ix_extension_request_ticket_id_status', ['ticket_id', 'status'], unique=False)

    op.create_table('interview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_key', sa.String(length=200), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('conducted_by', sa.String(length=200), nullable=False),
    sa.Column('conducted_by_person_id', sa.Integer(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conducted_by_person_id'], ['person.id'], name=op.f('fk_interview_conducted_by_person_id_person')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_interview_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['policy_id'], ['escalation_policy.id'], name=op.f('fk_interview_policy_id_escalation_policy')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_interview_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_interview_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview')),
    sa.UniqueConstraint('episode_key', name=op.f('uq_interview_episode_key'))
    )
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index('ix_interview_unit_id_year', ['unit_id', 'year'], unique=False)

    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('slot_offset', sa.Integer(), nullable=False),
    sa.Column('slot_on', sa.Date(), nullable=False),
    sa.Column('urgency', sa.String(length=20), nullable=False),
    sa.Column('working_days_left', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_reminder_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_reminder_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_reminder_dedupe_key'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('interview_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_interview_attachment_interview_id_interview'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['person.id'], name=op.f('fk_interview_attachment_uploaded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_attachment'))
    )
    with op.batch_alter_table('interview_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_attachment_interview_id'), ['interview_id'], unique=False)

    op.create_table('interview_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=40), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_interview_target_interview_id_interview'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_interview_target_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_interview_target_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_target'))
    )
    with op.batch_alter_table('interview_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_target_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_target_person_id'), ['person_id'], unique=False)

    op.create_table('sanction_interview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sanction_id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_sanction_interview_interview_id_interview')),
    sa.ForeignKeyConstraint(['sanction_id'], ['sanction.id'], name=op.f('fk_sanction_interview_sanction_id_sanction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_interview')),
    sa.UniqueConstraint('sanction_id', 'interview_id', name=op.f('uq_sanction_interview_sanction_id'))
    )
    with op.batch_alter_table('sanction_interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanction_interview_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanction_interview_sanction_id'), ['sanction_id'], unique=False)

    op.create_table('ticket_deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=False),
    sa.Column('rule_label', sa.String(length=100), nullable=False),
    sa.Column('counted_from', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('extension_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['extension_id'], ['extension_request.id'], name=op.f('fk_ticket_deadline_extension_id_extension_request')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_ticket_deadline_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['set_by_id'], ['person.id'], name=op.f('fk_ticket_deadline_set_by_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_deadline_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_deadline'))
    )
    with op.batch_alter_table('ticket_deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_deadline_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_rule', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('light', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('finding_category', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('subject_person_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_finding_category'), ['finding_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_light'), ['light'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ticket_subject_person_id_person'), 'person', ['subject_person_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_subject_person_id_person'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ticket_light'))
        batch_op.drop_index(batch_op.f('ix_ticket_finding_category'))
        batch_op.drop_column('subject_person_id')
        batch_op.drop_column('finding_category')
        batch_op.drop_column('light')
        batch_op.drop_column('deadline_rule')

    with op.batch_alter_table('ticket_deadline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_deadline_ticket_id'))

    op.drop_table('ticket_deadline')
    with op.batch_alter_table('sanction_interview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanction_interview_sanction_id'))
        batch_op.drop_index(batch_op.f('ix_sanction_interview_interview_id'))

    op.drop_table('sanction_interview')
    with op.batch_alter_table('interview_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_target_person_id'))
        batch_op.drop_index(batch_op.f('ix_interview_target_interview_id'))

    op.drop_table('interview_target')
    with op.batch_alter_table('interview_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_attachment_interview_id'))

    op.drop_table('interview_attachment')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_ticket_id'))

    op.drop_table('reminder')
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_index('ix_interview_unit_id_year')
        batch_op.drop_index(batch_op.f('ix_interview_ticket_id'))

    op.drop_table('interview')
    with op.batch_alter_table('extension_request', schema=None) as batch_op:
        batch_op.drop_index('ix_extension_request_ticket_id_status')

    op.drop_table('extension_request')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_ticket_id'))
        batch_op.drop_index('ix_milestone_done_at_due_at')

    op.drop_table('milestone')
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanction_unit_id'))
        batch_op.drop_index(batch_op.f('ix_sanction_person_id'))

    op.drop_table('sanction')
    op.drop_table('calendar_day')
    op.drop_table('scheduler_lease')
    op.drop_table('escalation_policy')
    op.drop_table('calendar_year')
