"""sign-ins: one row per signed-in browser, so signing out ends its cookies on the server

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 10:00:00

Cookies issued before this revision name no sign-in: everyone signs in again once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_sign_in',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_sign_in_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sign_in')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_user_sign_in_token_hash')),
    )
    with op.batch_alter_table('user_sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sign_in_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sign_in_user_id'))
    op.drop_table('user_sign_in')
