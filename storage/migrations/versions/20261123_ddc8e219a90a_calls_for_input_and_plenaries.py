"""calls for input and plenaries

Revision ID: ddc8e219a90a
Revises: 9ae16ed69871
Create Date: 2026-11-23 08:49:35.467785
"""
from alembic import op
import sqlalchemy as sa


revision = 'ddc8e219a90a'
down_revision = '9ae16ed69871'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('calls_for_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('preliminary_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('final_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls_for_input')),
    sa.UniqueConstraint('code', name=op.f('uq_calls_for_input_code'))
    )
    op.create_table('plenaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('session', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('registration_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('max_minutes', sa.Integer(), nullable=False),
    sa.Column('segments', sa.JSON(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plenaries')),
    sa.UniqueConstraint('code', name=op.f('uq_plenaries_code'))
    )



def downgrade() -> None:

    op.drop_table('plenaries')
    op.drop_table('calls_for_input')

