"""notes waiting for provisional themes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 05:30:00

One row per saved note waiting for its provisional themes; a single queued job places them all
in batches (it replaces one queued job per saved session).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('provisional_pending',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('replace', sa.Boolean(), nullable=False),
    sa.Column('mark', sa.BigInteger(), nullable=False),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_provisional_pending_note_id_notes'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('note_id', name=op.f('pk_provisional_pending'))
    )


def downgrade():
    op.drop_table('provisional_pending')
