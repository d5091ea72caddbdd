"""questionnaire reports

Revision ID: 4cdce6969f85
Revises: dedc12750956
Create Date: 2026-11-23 09:14:07.635168
"""
from alembic import op
import sqlalchemy as sa


revision = '4cdce6969f85'
down_revision = 'dedc12750956'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('form', sa.String(length=48), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('confidential', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_reports_author_id_members')),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_reports_delegation_id_delegations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('reference', name=op.f('uq_reports_reference'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_delegation_id'), ['delegation_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_delegation_id'))

    op.drop_table('reports')

