"""reminders: per event, the automatic reminders and the record of who got each one

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 21:00:00
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('before-event', 'session-morning', 'speaker-material', 'after-event',
                                  name='reminderkind', native_enum=False, length=20), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('hour', sa.Integer(), nullable=False),
        sa.Column('subject', sa.JSON(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_reminder_event_id_event'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
        sa.UniqueConstraint('event_id', 'kind', name='uq_reminder_event_kind'),
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_event_id'), ['event_id'], unique=False)

    op.create_table(
        'reminder_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reminder_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'],
                                name=op.f('fk_reminder_delivery_outbox_message_id_outbox_message'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reminder_id'], ['reminder.id'],
                                name=op.f('fk_reminder_delivery_reminder_id_reminder'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_delivery')),
        sa.UniqueConstraint('reminder_id', 'target', name='uq_reminder_delivery_target'),
    )
    with op.batch_alter_table('reminder_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_delivery_outbox_message_id'), ['outbox_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reminder_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_delivery_outbox_message_id'))
    op.drop_table('reminder_delivery')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_event_id'))
    op.drop_table('reminder')
