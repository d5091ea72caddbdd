"""calls for input carry their reminder plan; a person's snooze or mute of a call's reminders

Revision ID: f3a9b1c2d4e5
Revises: e7d1a0b2c3f4
Create Date: 2026-12-02 13:40:00.000000

`plan` holds the days before each deadline on which reminders go (none: the default 7, 1 and the day
itself); `preliminary_met_by` says whether a draft is enough for the preliminary deadline. Reminder rows
themselves are outbox rows, keyed so that planning twice writes nothing twice, and `scheduled` so that a
reminder planned for next week does not hold back the replies written after it.
"""
import sqlalchemy as sa
from alembic import op


revision = 'f3a9b1c2d4e5'
down_revision = 'e7d1a0b2c3f4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calls_for_input', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('preliminary_met_by', sa.String(length=16), nullable=False,
                                      server_default='draft'))
    op.create_table(
        'reminder_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('muted', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_reminder_choices_member_id_members')),
        sa.ForeignKeyConstraint(['call_id'], ['calls_for_input.id'],
                                name=op.f('fk_reminder_choices_call_id_calls_for_input')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_choices')),
        sa.UniqueConstraint('member_id', 'call_id', name='uq_reminder_choices_member_call'),
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_outbox_topic', ['topic'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_topic')
        batch_op.drop_column('scheduled')
    op.drop_table('reminder_choices')
    with op.batch_alter_table('calls_for_input', schema=None) as batch_op:
        batch_op.drop_column('preliminary_met_by')
        batch_op.drop_column('plan')
