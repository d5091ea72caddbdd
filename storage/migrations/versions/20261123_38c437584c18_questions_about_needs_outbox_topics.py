"""questions about needs, outbox topics

Revision ID: 38c437584c18
Revises: 4cdce6969f85
Create Date: 2026-11-23 09:18:40.438111
"""
from alembic import op
import sqlalchemy as sa


revision = '38c437584c18'
down_revision = '4cdce6969f85'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('need_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_need_messages_author_id_members')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_messages_need_id_needs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_messages'))
    )
    with op.batch_alter_table('need_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_messages_need_id'), ['need_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_external_ref'), ['external_ref'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_external_ref'))
        batch_op.drop_column('topic')

    with op.batch_alter_table('need_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_messages_need_id'))

    op.drop_table('need_messages')

