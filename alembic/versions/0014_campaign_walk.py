"""campaign team, deadline policy; inspections and marks

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 01:05:36.410288
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_member_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_campaign_member_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_member')),
    sa.UniqueConstraint('campaign_id', 'person_id', name=op.f('uq_campaign_member_campaign_id'))
    )
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_member_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_member_person_id'), ['person_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_inspection_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['inspector_id'], ['person.id'], name=op.f('fk_inspection_inspector_id_person')),
    sa.ForeignKeyConstraint(['place_id'], ['org_unit.id'], name=op.f('fk_inspection_place_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection')),
    sa.UniqueConstraint('campaign_id', 'place_id', name=op.f('uq_inspection_campaign_id'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_place_id'), ['place_id'], unique=False)

    op.create_table('inspection_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('checklist_item_id', sa.Integer(), nullable=False),
    sa.Column('mark', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checklist_item_id'], ['checklist_item.id'], name=op.f('fk_inspection_mark_checklist_item_id_checklist_item')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_mark_inspection_id_inspection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['person.id'], name=op.f('fk_inspection_mark_marked_by_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_inspection_mark_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_mark')),
    sa.UniqueConstraint('inspection_id', 'checklist_item_id', name=op.f('uq_inspection_mark_inspection_id'))
    )
    with op.batch_alter_table('inspection_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_mark_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_mark_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('inspection_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mark_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mark_id'], ['inspection_mark.id'], name=op.f('fk_inspection_photo_mark_id_inspection_mark'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['person.id'], name=op.f('fk_inspection_photo_uploaded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_photo')),
    sa.UniqueConstraint('mark_id', 'sha256', name=op.f('uq_inspection_photo_mark_id'))
    )
    with op.batch_alter_table('inspection_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_photo_mark_id'), ['mark_id'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_rule', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('deadline_rule')

    with op.batch_alter_table('inspection_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_photo_mark_id'))

    op.drop_table('inspection_photo')
    with op.batch_alter_table('inspection_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_mark_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_mark_inspection_id'))

    op.drop_table('inspection_mark')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_place_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_campaign_id'))

    op.drop_table('inspection')
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_member_person_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_member_campaign_id'))

    op.drop_table('campaign_member')
