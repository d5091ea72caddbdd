"""outbox claims that are atomic and recorded

Revision ID: c1a1m0a7b3e5
Revises: 5b1c0e7a9d42
Create Date: 2026-12-01 19:30:00.000000

A row is claimed by one conditional UPDATE that stamps a token; only the holder of the token may mark it sent,
failed or released. A row left 'sending' by a stopped process is taken again once, and that second try is
recorded on the row, so a message is never posted more than twice and never silently.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c1a1m0a7b3e5'
down_revision = '5b1c0e7a9d42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('reclaimed', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('reclaimed')
        batch_op.drop_column('claim_token')
