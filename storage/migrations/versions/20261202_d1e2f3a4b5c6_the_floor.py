"""the floor: the timekeeper's countdown per plenary, and the time each speaker actually took; a plenary's room

Revision ID: d1e2f3a4b5c6
Revises: c9d0e1f2a3b4
Create Date: 2026-12-02 21:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'd1e2f3a4b5c6'
down_revision = 'c9d0e1f2a3b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room', sa.String(length=200), nullable=True))
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heard_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('spoke_seconds', sa.Integer(), nullable=True))
    op.create_table(
        'floors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plenary_id', sa.Integer(), nullable=False),
        sa.Column('segment', sa.String(length=16), nullable=False),
        sa.Column('live', sa.String(length=32), nullable=True),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('workspace', sa.String(length=64), nullable=False),
        sa.Column('conversation', sa.String(length=64), nullable=False),
        sa.Column('locale', sa.String(length=16), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=False),
        sa.Column('speaker_id', sa.Integer(), nullable=True),
        sa.Column('speaking_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('message_ts', sa.String(length=32), nullable=True),
        sa.Column('shown', sa.String(length=32), nullable=True),
        sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['plenary_id'], ['plenaries.id'], name=op.f('fk_floors_plenary_id_plenaries')),
        sa.ForeignKeyConstraint(['started_by_id'], ['members.id'], name=op.f('fk_floors_started_by_id_members')),
        sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_floors_speaker_id_speakers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_floors')),
        sa.UniqueConstraint('live', name=op.f('uq_floors_live')),
    )
    op.create_index(op.f('ix_floors_plenary_id'), 'floors', ['plenary_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_floors_plenary_id'), table_name='floors')
    op.drop_table('floors')
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_column('spoke_seconds')
        batch_op.drop_column('heard_at')
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.drop_column('room')
