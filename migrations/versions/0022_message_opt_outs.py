"""message opt-outs: participants who unsubscribed from an event's messages and reminders

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 00:00:00

The organisers' messages and reminders carry an RFC 8058 one-click List-Unsubscribe link; a
participant who follows it (or chooses so on their registration page) gets a row here, and the
composer, the send and the reminders leave them out. Deleting the row opts them back in. A message
records how many its filter chose who had opted out (event_message.opted_out_count).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_opt_out',
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                            name=op.f('fk_message_opt_out_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registration_id', name=op.f('pk_message_opt_out'))
    )
    with op.batch_alter_table('event_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opted_out_count', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('event_message', schema=None) as batch_op:
        batch_op.drop_column('opted_out_count')
    op.drop_table('message_opt_out')
