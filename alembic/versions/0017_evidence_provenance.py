"""evidence provenance: photo facts, perceptual-hash bands and flags; village coordinates; verifier photo areas

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 13:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_photo',
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('has_exif', sa.Boolean(), nullable=False),
    sa.Column('captured_at', sa.DateTime(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('device', sa.String(length=200), nullable=True),
    sa.Column('software', sa.String(length=200), nullable=True),
    sa.Column('phash', sa.String(length=16), nullable=False),
    sa.Column('dhash', sa.String(length=16), nullable=False),
    sa.Column('phash_b0', sa.Integer(), nullable=False),
    sa.Column('phash_b1', sa.Integer(), nullable=False),
    sa.Column('phash_b2', sa.Integer(), nullable=False),
    sa.Column('phash_b3', sa.Integer(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_photo_evidence_id_evidence')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_evidence_photo_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('evidence_id', name=op.f('pk_evidence_photo'))
    )
    with op.batch_alter_table('evidence_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_photo_ticket_id'), ['ticket_id'], unique=False)
        for i in range(4):
            batch_op.create_index(f'ix_evidence_photo_phash_b{i}', [f'phash_b{i}'], unique=False)

    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verifier_photo_areas', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('verifier_photo_areas')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
    with op.batch_alter_table('evidence_photo', schema=None) as batch_op:
        for i in range(4):
            batch_op.drop_index(f'ix_evidence_photo_phash_b{i}')
        batch_op.drop_index(batch_op.f('ix_evidence_photo_ticket_id'))
    op.drop_table('evidence_photo')
