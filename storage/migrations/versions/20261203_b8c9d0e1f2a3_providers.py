"""providers: their profiles, the areas they help in, and the pairs of needs and providers that fit

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-12-03 06:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'b8c9d0e1f2a3'
down_revision = 'a7b8c9d0e1f2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'provider_profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('availability', sa.String(length=16), nullable=False),
        sa.Column('delivery', sa.String(length=16), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'],
                                name=op.f('fk_provider_profiles_delegation_id_delegations')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['members.id'],
                                name=op.f('fk_provider_profiles_updated_by_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_profiles')),
        sa.UniqueConstraint('delegation_id', name=op.f('uq_provider_profiles_delegation_id')),
    )
    op.create_table(
        'provider_areas',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('area', sa.String(length=32), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('help_kinds', sa.String(length=200), nullable=False),
        sa.Column('languages', sa.String(length=100), nullable=False),
        sa.Column('regions', sa.String(length=200), nullable=False),
        sa.Column('countries', sa.String(length=600), nullable=False),
        sa.Column('availability', sa.String(length=16), nullable=False),
        sa.Column('delivery', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['provider_profiles.id'],
                                name=op.f('fk_provider_areas_profile_id_provider_profiles')),
        sa.ForeignKeyConstraint(['provider_id'], ['delegations.id'],
                                name=op.f('fk_provider_areas_provider_id_delegations')),
        sa.PrimaryKeyConstraint('profile_id', 'area', name=op.f('pk_provider_areas')),
    )
    op.create_index(op.f('ix_provider_areas_area'), 'provider_areas', ['area'], unique=False)
    op.create_table(
        'matches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('tell', sa.Boolean(), nullable=False),
        sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('interested_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['interested_by_id'], ['members.id'],
                                name=op.f('fk_matches_interested_by_id_members')),
        sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_matches_need_id_needs')),
        sa.ForeignKeyConstraint(['provider_id'], ['delegations.id'], name=op.f('fk_matches_provider_id_delegations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_matches')),
        sa.UniqueConstraint('need_id', 'provider_id', name='uq_matches_need_provider'),
    )
    op.create_index(op.f('ix_matches_need_id'), 'matches', ['need_id'], unique=False)
    op.create_index('ix_matches_provider_state', 'matches', ['provider_id', 'state'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_matches_provider_state', table_name='matches')
    op.drop_index(op.f('ix_matches_need_id'), table_name='matches')
    op.drop_table('matches')
    op.drop_index(op.f('ix_provider_areas_area'), table_name='provider_areas')
    op.drop_table('provider_areas')
    op.drop_table('provider_profiles')
