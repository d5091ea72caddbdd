"""reference counters

Revision ID: 83d077d934f3
Revises: 38c437584c18
Create Date: 2026-12-01 09:00:00.000000

One counter per reference prefix ("CP-2024", "POA-2024") replaces numbering by counting rows. The upgrade seeds
each counter with the highest number already issued under its prefix in needs and reports, so no future
reference can collide with an existing one.
"""
import re

from alembic import op
import sqlalchemy as sa


revision = '83d077d934f3'
down_revision = '38c437584c18'
branch_labels = None
depends_on = None

# PREFIX-YYYY-NNNN, e.g. CP-2024-0007 or POA-2024-0003; the counter's key is PREFIX-YYYY.
REFERENCE = re.compile(r"([A-Z][A-Z0-9]*-[0-9]{4})-([0-9]+)")


def upgrade() -> None:

    counters = op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=24), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_reference_counters'))
    )

    highest: dict[str, int] = {}
    bind = op.get_bind()
    for table in ('needs', 'reports'):
        for (reference,) in bind.execute(sa.text(f'SELECT reference FROM {table}')):
            match = REFERENCE.fullmatch((reference or '').strip())
            if match:
                prefix, number = match.group(1), int(match.group(2))
                highest[prefix] = max(highest.get(prefix, 0), number)
    if highest:
        op.bulk_insert(counters, [{'prefix': prefix, 'value': value} for prefix, value in sorted(highest.items())])


def downgrade() -> None:

    op.drop_table('reference_counters')
