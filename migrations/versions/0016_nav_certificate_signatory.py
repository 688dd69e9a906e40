"""certificates: a signatory per training (name, and a title in each language)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 17:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('completion_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signatory_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory_title', sa.JSON(), nullable=True))
    op.execute("UPDATE completion_rule SET signatory_title = '{}'")
    with op.batch_alter_table('completion_rule', schema=None) as batch_op:
        batch_op.alter_column('signatory_title', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('completion_rule', schema=None) as batch_op:
        batch_op.drop_column('signatory_title')
        batch_op.drop_column('signatory_name')
