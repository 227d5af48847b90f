"""ward boundaries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 05:20:00

One optional row per ward: its boundary (GeoJSON geometry, WGS84) and its place in a hexagon
layout, loaded by `flask --app listening wards boundaries FILE` or `wards seed`.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ward_boundaries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ward_id', sa.Integer(), nullable=False),
        sa.Column('geometry', sa.JSON(), nullable=True),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('hex_q', sa.Integer(), nullable=True),
        sa.Column('hex_r', sa.Integer(), nullable=True),
        sa.Column('hex_layout', sa.String(length=8), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], name=op.f('fk_ward_boundaries_ward_id_wards'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ward_boundaries')),
        sa.UniqueConstraint('ward_id', name=op.f('uq_ward_boundaries_ward_id')),
    )


def downgrade():
    op.drop_table('ward_boundaries')
