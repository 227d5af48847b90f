"""mail language, revocable set-password links, personal API tokens

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:00:00

users.locale: the language mail to the person is written in. invitations.purpose and
revoked_at: "forgot your password" links beside invitations, and earlier links revoked when a
new one is made. api_tokens.name, scope, expires_at, second_factor: personal tokens made on the
account page; tokens made before this revision keep working as read-write command-line tokens
without a second factor (so an organiser's or admin's old token stops working: they make one
on their account page).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=10), nullable=True))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=10), server_default='invite', nullable=False))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=100), server_default='Command line', nullable=False))
        batch_op.add_column(sa.Column('scope', sa.String(length=10), server_default='write', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('second_factor', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('second_factor')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('scope')
        batch_op.drop_column('name')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('purpose')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
