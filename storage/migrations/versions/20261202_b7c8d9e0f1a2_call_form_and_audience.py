"""which form answers a call for input, and the delegations it is for

Revision ID: b7c8d9e0f1a2
Revises: a4b5c6d7e8f9
Create Date: 2026-12-02 18:20:00.000000

form: "need" (the needs intake, the calls so far) or "report" (the Plan of Action questionnaire);
audience: delegation codes, none meaning every State Party.
"""
import sqlalchemy as sa
from alembic import op

revision = 'b7c8d9e0f1a2'
down_revision = 'a4b5c6d7e8f9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calls_for_input', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.String(length=16), server_default='need', nullable=False))
        batch_op.add_column(sa.Column('audience', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('calls_for_input', schema=None) as batch_op:
        batch_op.drop_column('audience')
        batch_op.drop_column('form')
