"""outbox rows of one recipient go out in their order; a retried send first looks whether it landed

Revision ID: e7d1a0b2c3f4
Revises: c1a1m0a7b3e5
Create Date: 2026-12-02 02:00:00.000000

A row waits while an older row to the same person is unsent: the index finds those rows. Rows taken again
after a stale claim are no longer given up after the second time, since the sender now asks Slack whether
the message is already there before posting it.
"""
from alembic import op


revision = 'e7d1a0b2c3f4'
down_revision = 'c1a1m0a7b3e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_recipient_status', ['recipient_id', 'status', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_recipient_status')
