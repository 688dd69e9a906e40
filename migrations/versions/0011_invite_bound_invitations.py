"""invitations: shareable links with a use limit; outbox: what a mail concerns, secret bodies

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 10:00:00

A personal invitation is a link that may be used once: those already used get use_count 1.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=320), nullable=True)
        batch_op.add_column(sa.Column('max_uses', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('use_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('label', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('link_nonce', sa.String(length=64), nullable=True))
    op.execute("UPDATE invitation SET use_count = 1 WHERE used_at IS NOT NULL")

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('secret_body', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_outbox_message_about'), ['about'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_about'))
        batch_op.drop_column('secret_body')
        batch_op.drop_column('about')

    op.execute("DELETE FROM invitation WHERE email IS NULL")  # shareable links have no place before this revision
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('link_nonce')
        batch_op.drop_column('label')
        batch_op.drop_column('use_count')
        batch_op.drop_column('max_uses')
        batch_op.alter_column('email', existing_type=sa.String(length=320), nullable=False)
