"""a person's quiet hours, when no reminder reaches them (`/asp quiet`)

Revision ID: a4b5c6d7e8f9
Revises: f3a9b1c2d4e5
Create Date: 2026-12-02 14:30:00.000000

"HH:MM-HH:MM" on the person's own clock; none: the default 20:00-08:00; equal ends: never quiet.
"""
import sqlalchemy as sa
from alembic import op

revision = 'a4b5c6d7e8f9'
down_revision = 'f3a9b1c2d4e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quiet_hours', sa.String(length=11), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('quiet_hours')
