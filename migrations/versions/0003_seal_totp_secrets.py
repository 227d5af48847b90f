"""seal TOTP secrets at rest

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:45:00

Widens users.totp_secret for the sealed form and seals every secret stored in plain text before
this revision (listening/sealing.py; the key comes from the app's MFA_KEYS or SECRET_KEY, so run
it through `flask db upgrade`). Downgrading opens them again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _box():
    from flask import current_app

    from listening import sealing

    sealing.init_app(current_app)
    return sealing


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.isnot(None))).all()
    plain = [(i, s) for i, s in rows if not s.startswith("v1:")]
    if plain:
        sealing = _box()
        for user_id, secret in plain:
            bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=sealing.seal(secret)))


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.isnot(None))).all()
    if rows:
        sealing = _box()
        opened = [(user_id, sealing.unseal(sealed)) for user_id, sealed in rows]
        if any(secret is None for _, secret in opened):
            # Writing NULL would turn two-factor sign-in off for those people: refuse instead.
            raise RuntimeError("Some TOTP secrets cannot be opened with MFA_KEYS / SECRET_KEY; "
                               "set the keys they were sealed with before downgrading")
        for user_id, secret in opened:
            bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=secret))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
