"""org tree administration: unit flags and deactivation, several posts per person, the admin audit log

Revision ID: 0013
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('poverty_alleviated', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('relocation_site', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_org_unit_merged_into_id_org_unit'), 'org_unit',
                                    ['merged_into_id'], ['id'])

    op.create_table('person_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_post_person_id_person'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_post')),
    sa.UniqueConstraint('person_id', 'post', name=op.f('uq_person_post_person_id'))
    )
    with op.batch_alter_table('person_post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_post_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_post_post'), ['post'], unique=False)
    # Everyone's one post becomes their first row.
    op.execute("INSERT INTO person_post (person_id, post) SELECT id, post FROM person WHERE post IS NOT NULL")

    op.create_table('admin_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('entity_kind', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_admin_change_actor_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_change'))
    )
    with op.batch_alter_table('admin_change', schema=None) as batch_op:
        batch_op.create_index('ix_admin_change_entity', ['entity_kind', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_change_at'), ['at'], unique=False)


def downgrade() -> None:
    op.drop_table('admin_change')
    op.drop_table('person_post')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_org_unit_merged_into_id_org_unit'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('relocation_site')
        batch_op.drop_column('poverty_alleviated')
        batch_op.drop_column('is_active')
