"""statement files: documents people send as answers, and a speaker's statement as a document

Revision ID: a7b8c9d0e1f2
Revises: f6a7b8c9d0e1
Create Date: 2026-12-03 00:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'a7b8c9d0e1f2'
down_revision = 'f6a7b8c9d0e1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('mimetype', sa.String(length=128), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_documents_member_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
        sa.UniqueConstraint('member_id', 'source', name=op.f('uq_documents_member_id')),
    )
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_speakers_statement_document_id_documents'), 'documents',
                                    ['statement_document_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_speakers_statement_document_id_documents'), type_='foreignkey')
        batch_op.drop_column('statement_document_id')
    op.drop_table('documents')
