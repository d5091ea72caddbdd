"""speakers lists: a plenary's day, registration window and who may register; the requests to speak

Revision ID: c9d0e1f2a3b4
Revises: b7c8d9e0f1a2
Create Date: 2026-12-02 19:20:00.000000

A plenary's start and end become optional (the 2019 documents give the day and a duration, not the hour).
A request holds its slot ("PLENARY:SEGMENT:DELEGATION", unique) while it stands; a withdrawn one or a late
attempt has none.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = 'c9d0e1f2a3b4'
down_revision = 'b7c8d9e0f1a2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('duration_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registration_opens_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('open_to', sa.JSON(), nullable=True))
        batch_op.alter_column('starts_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.alter_column('ends_at', existing_type=sa.DateTime(timezone=True), nullable=True)
    _correct_the_documents_plenaries()
    op.create_table(
        'speakers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plenary_id', sa.Integer(), nullable=False),
        sa.Column('segment', sa.String(length=16), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('registered_by_id', sa.Integer(), nullable=False),
        sa.Column('slot', sa.String(length=120), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('category', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('speaker_name', sa.String(length=200), nullable=False),
        sa.Column('speaker_title', sa.String(length=200), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('statement', sa.Text(), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_speakers_delegation_id_delegations')),
        sa.ForeignKeyConstraint(['plenary_id'], ['plenaries.id'], name=op.f('fk_speakers_plenary_id_plenaries')),
        sa.ForeignKeyConstraint(['registered_by_id'], ['members.id'], name=op.f('fk_speakers_registered_by_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers')),
        sa.UniqueConstraint('slot', name=op.f('uq_speakers_slot')),
    )
    op.create_index('ix_speakers_plenary_segment', 'speakers', ['plenary_id', 'segment'], unique=False)


def _correct_the_documents_plenaries() -> None:
    """The documents' facts, where earlier data differed: 2019's start was invented; 2024's segment titles are the
    note's own (in French). Demo plenaries are dated afresh by the seed."""
    plenaries = sa.table('plenaries', sa.column('code', sa.String), sa.column('starts_at', sa.DateTime(timezone=True)),
                         sa.column('ends_at', sa.DateTime(timezone=True)), sa.column('duration_minutes', sa.Integer),
                         sa.column('segments', sa.JSON), sa.column('held_on', sa.Date))
    op.execute(plenaries.update().where(plenaries.c.code == 'COOP-18')
               .values(starts_at=None, ends_at=None, duration_minutes=120, segments=SEGMENTS_2019,
                       held_on=date(2019, 12, 5)))
    op.execute(plenaries.update().where(plenaries.c.code == 'COOP-23')
               .values(duration_minutes=120, segments=SEGMENTS_2024, held_on=date(2024, 12, 5)))


SEGMENTS_2024 = [
    {"code": "I", "title": "La coopération est vitale pour la Cour", "language": "fr", "theme": "high-level"},
    {"code": "II", "title": "Comment les États Parties peuvent-ils renforcer leur soutien à la Cour avec les outils "
                           "existants ?", "language": "fr", "theme": "technical"},
]
SEGMENTS_2019 = [
    {"code": "I", "title": "Inter-State and regional initiatives on cooperation", "language": "en",
     "theme": "after-panel"},
    {"code": "II", "title": "The Court's priorities and challenges on cooperation", "language": "en",
     "theme": "after-panel"},
]


def downgrade() -> None:
    op.drop_index('ix_speakers_plenary_segment', table_name='speakers')
    op.drop_table('speakers')
    with op.batch_alter_table('plenaries', schema=None) as batch_op:
        batch_op.alter_column('ends_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('starts_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column('open_to')
        batch_op.drop_column('registration_opens_at')
        batch_op.drop_column('duration_minutes')
        batch_op.drop_column('held_on')
