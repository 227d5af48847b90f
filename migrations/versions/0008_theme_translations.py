"""theme translations

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:35:00

An organiser's name and summary for a theme in Polish or Urdu, by theme key (issue 17).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('theme_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_theme_translations_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_translations')),
    sa.UniqueConstraint('theme_key', 'language', name=op.f('uq_theme_translations_theme_key_language'))
    )
    with op.batch_alter_table('theme_translations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_translations_theme_key'), ['theme_key'], unique=False)


def downgrade():
    with op.batch_alter_table('theme_translations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_translations_theme_key'))
    op.drop_table('theme_translations')
