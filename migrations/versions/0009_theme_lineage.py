"""theme lineage and carried curation

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 08:05:00

Where a theme went when a run no longer found it (merged into / split into), and curation edits
carried along that lineage, applied or offered to the organiser for review (issue 12).
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('theme_lineage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('old_key', sa.String(length=64), nullable=False),
    sa.Column('old_label', sa.String(length=200), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('into', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['theme_runs.id'], name=op.f('fk_theme_lineage_run_id_theme_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_lineage'))
    )
    with op.batch_alter_table('theme_lineage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_lineage_old_key'), ['old_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_lineage_run_id'), ['run_id'], unique=False)
    with op.batch_alter_table('theme_edits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('review', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('theme_edits', schema=None) as batch_op:
        batch_op.drop_column('review')
        batch_op.drop_column('carried')
    with op.batch_alter_table('theme_lineage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_lineage_run_id'))
        batch_op.drop_index(batch_op.f('ix_theme_lineage_old_key'))
    op.drop_table('theme_lineage')
