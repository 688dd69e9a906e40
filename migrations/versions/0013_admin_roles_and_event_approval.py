"""admin: the event-creator role, disabled accounts, events awaiting approval

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10 10:00:00

Events that exist already were created under the old rule and count as approved;
no account is an event creator or disabled yet.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_event_creator', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval', sa.Enum('approved', 'pending', 'refused', name='approval',
                                                          native_enum=False, length=20),
                                      server_default='approved', nullable=False))
        batch_op.add_column(sa.Column('approval_reason', sa.String(length=1000), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_event_approval'), ['approval'], unique=False)


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_approval'))
        batch_op.drop_column('approval_reason')
        batch_op.drop_column('approval')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
        batch_op.drop_column('is_event_creator')
