"""auth: server-side sessions, account audit events, per-person auth epoch and forced password change

Revision ID: 0010
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('auth_epoch', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
    op.create_table('auth_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_auth_session_person_id_person'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_session_token_hash'))
    )
    op.create_index(op.f('ix_auth_session_person_id'), 'auth_session', ['person_id'], unique=False)
    op.create_table('auth_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_auth_event_actor_id_person'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_auth_event_person_id_person'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_event'))
    )
    op.create_index('ix_auth_event_client_address_at', 'auth_event', ['client_address', 'at'], unique=False)
    op.create_index('ix_auth_event_username_at', 'auth_event', ['username', 'at'], unique=False)
    op.create_index(op.f('ix_auth_event_person_id'), 'auth_event', ['person_id'], unique=False)


def downgrade() -> None:
    op.drop_table('auth_event')
    op.drop_table('auth_session')
    with op.batch_alter_table('person') as batch:
        batch.drop_column('must_change_password')
        batch.drop_column('auth_epoch')
