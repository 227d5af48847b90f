"""draft briefings' figures shared by every web process

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:50:00

A draft briefing's figures, built once per change of what they come from and read by every web
process (issue 19). Rows hold quotes: erasure and the retention purge delete them all.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('briefing_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['briefing_id'], ['briefings.id'], name=op.f('fk_draft_figures_briefing_id_briefings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_figures')),
    sa.UniqueConstraint('key', name=op.f('uq_draft_figures_key'))
    )
    with op.batch_alter_table('draft_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_figures_briefing_id'), ['briefing_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draft_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_figures_briefing_id'))
    op.drop_table('draft_figures')
