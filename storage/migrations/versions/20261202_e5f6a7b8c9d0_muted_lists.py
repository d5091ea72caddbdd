"""muted lists: a person's say over a plenary's reminders, beside the calls'

Revision ID: e5f6a7b8c9d0
Revises: d1e2f3a4b5c6
Create Date: 2026-12-02 22:15:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'e5f6a7b8c9d0'
down_revision = 'd1e2f3a4b5c6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reminder_choices', schema=None) as batch_op:
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('plenary_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reminder_choices_plenary_id_plenaries'), 'plenaries',
                                    ['plenary_id'], ['id'])
        batch_op.create_unique_constraint('uq_reminder_choices_member_plenary', ['member_id', 'plenary_id'])


def downgrade() -> None:
    op.execute("DELETE FROM reminder_choices WHERE call_id IS NULL")
    with op.batch_alter_table('reminder_choices', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reminder_choices_member_plenary', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_reminder_choices_plenary_id_plenaries'), type_='foreignkey')
        batch_op.drop_column('plenary_id')
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=False)
