"""interpreters' channel: where a plenary's statements are posted, instead of the Secretariat's DMs

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-02 22:30:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'f6a7b8c9d0e1'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statements_to', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.drop_column('statements_to')
