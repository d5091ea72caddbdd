"""outbox delivery, channel-neutral

Revision ID: 5b1c0e7a9d42
Revises: 83d077d934f3
Create Date: 2026-12-01 10:30:00.000000

Where a sent message landed is kept as two plain columns (the channel's conversation and the message's id in
it) instead of Slack's "channel:ts" string, so a reply in a thread finds its message by equality on an index.
"""
from alembic import op
import sqlalchemy as sa


revision = '5b1c0e7a9d42'
down_revision = '83d077d934f3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('message_ref', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_outbox_recipient_message', ['recipient_id', 'message_ref'], unique=False)
    outbox = sa.table('outbox', sa.column('id', sa.Integer), sa.column('external_ref', sa.String),
                      sa.column('conversation', sa.String), sa.column('message_ref', sa.String))
    conn = op.get_bind()
    for row_id, ref in conn.execute(sa.select(outbox.c.id, outbox.c.external_ref)
                                    .where(outbox.c.external_ref.is_not(None))).all():
        conversation, _sep, message = ref.rpartition(':')
        conn.execute(outbox.update().where(outbox.c.id == row_id)
                     .values(conversation=conversation or None, message_ref=message))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_external_ref'))
        batch_op.drop_column('external_ref')


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_ref', sa.String(length=128), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_external_ref'), ['external_ref'], unique=False)
    outbox = sa.table('outbox', sa.column('id', sa.Integer), sa.column('external_ref', sa.String),
                      sa.column('conversation', sa.String), sa.column('message_ref', sa.String))
    conn = op.get_bind()
    for row_id, conversation, message in conn.execute(
            sa.select(outbox.c.id, outbox.c.conversation, outbox.c.message_ref)
            .where(outbox.c.message_ref.is_not(None))).all():
        conn.execute(outbox.update().where(outbox.c.id == row_id)
                     .values(external_ref=f"{conversation or ''}:{message}"))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_recipient_message')
        batch_op.drop_column('message_ref')
        batch_op.drop_column('conversation')
