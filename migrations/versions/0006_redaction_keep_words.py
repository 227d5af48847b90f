"""redaction keep words

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:15:00

Words an admin adds so redaction never takes them for a name (issue 14): a local place or
organisation missing from the shipped keep-list.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('redaction_keep_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=80), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_redaction_keep_words_added_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redaction_keep_words')),
    sa.UniqueConstraint('word', name=op.f('uq_redaction_keep_words_word'))
    )


def downgrade():
    op.drop_table('redaction_keep_words')
