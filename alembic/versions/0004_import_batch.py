"""import batch: one row per imported problem-list file (unique per campaign and file hash)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 04:12:09.295105
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_import_batch_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['person.id'], name=op.f('fk_import_batch_imported_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch')),
    sa.UniqueConstraint('campaign_id', 'sha256', name=op.f('uq_import_batch_campaign_id'))
    )


def downgrade() -> None:
    op.drop_table('import_batch')
