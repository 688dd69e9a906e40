"""page cache invalidations kept through a cache outage

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_cache_invalidation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_cache_invalidation'))
    )


def downgrade():
    op.drop_table('page_cache_invalidation')
