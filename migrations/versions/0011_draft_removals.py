"""a removal generation for draft briefings' figures

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 11:55:00

One row counting removals of words from what drafts may show (erasure, consent withdrawn, a note or
session deleted, a purge): a draft build started before a removal is never stored (issue 19 review).
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_removals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_removals'))
    )


def downgrade():
    op.drop_table('draft_removals')
