"""needs and their versions

Revision ID: dedc12750956
Revises: ddc8e219a90a
Create Date: 2026-11-23 09:04:45.628197
"""
from alembic import op
import sqlalchemy as sa


revision = 'dedc12750956'
down_revision = 'ddc8e219a90a'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls_for_input.id'], name=op.f('fk_needs_call_id_calls_for_input')),
    sa.ForeignKeyConstraint(['created_by_id'], ['members.id'], name=op.f('fk_needs_created_by_id_members')),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_needs_delegation_id_delegations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    sa.UniqueConstraint('reference', name=op.f('uq_needs_reference'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_call_id'), ['call_id'], unique=False)
        batch_op.create_index('ix_needs_delegation_status', ['delegation_id', 'status'], unique=False)

    op.create_table('need_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('confidential', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_need_versions_author_id_members')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_versions_need_id_needs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_versions')),
    sa.UniqueConstraint('need_id', 'version', name='uq_need_versions_need_version')
    )



def downgrade() -> None:

    op.drop_table('need_versions')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index('ix_needs_delegation_status')
        batch_op.drop_index(batch_op.f('ix_needs_call_id'))

    op.drop_table('needs')

