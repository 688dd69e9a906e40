"""organiser messages: messages, their recipients, per-event settings; the outbox gains an HTML
part, per-message headers and a unique idempotency key

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 21:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_message_idempotency_key'), ['idempotency_key'])

    op.create_table(
        'event_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.JSON(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('recipient_filter', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('scheduled', 'sending', 'sent', 'cancelled', name='messagestatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('scheduled_for', sa.DateTime(), nullable=True),
        sa.Column('queued_at', sa.DateTime(), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        sa.Column('recipient_count', sa.Integer(), nullable=False),
        sa.Column('form_key', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_event_message_author_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_message_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_message')),
        sa.UniqueConstraint('form_key', name=op.f('uq_event_message_form_key')),
    )
    op.create_index(op.f('ix_event_message_event_id'), 'event_message', ['event_id'], unique=False)
    op.create_index('ix_event_message_due', 'event_message', ['status', 'scheduled_for'], unique=False)

    op.create_table(
        'message_recipient',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('state', sa.Enum('planned', 'queued', 'cancelled', 'skipped', name='recipientstate',
                                   native_enum=False, length=20), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['message_id'], ['event_message.id'],
                                name=op.f('fk_message_recipient_message_id_event_message'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['outbox_id'], ['outbox_message.id'],
                                name=op.f('fk_message_recipient_outbox_id_outbox_message'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_message_recipient_registration_id_registration'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_recipient')),
        sa.UniqueConstraint('message_id', 'email', name='uq_message_recipient_email'),
        sa.UniqueConstraint('message_id', 'registration_id', name='uq_message_recipient_registration'),
    )
    op.create_index('ix_message_recipient_message_state', 'message_recipient', ['message_id', 'state'], unique=False)
    op.create_index(op.f('ix_message_recipient_outbox_id'), 'message_recipient', ['outbox_id'], unique=False)
    op.create_index(op.f('ix_message_recipient_registration_id'), 'message_recipient', ['registration_id'],
                    unique=False)

    op.create_table(
        'message_settings',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('reply_to', sa.String(length=320), nullable=False),
        sa.Column('daily_limit', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_message_settings_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_message_settings')),
    )


def downgrade():
    op.drop_table('message_settings')
    op.drop_index(op.f('ix_message_recipient_registration_id'), table_name='message_recipient')
    op.drop_index(op.f('ix_message_recipient_outbox_id'), table_name='message_recipient')
    op.drop_index('ix_message_recipient_message_state', table_name='message_recipient')
    op.drop_table('message_recipient')
    op.drop_index('ix_event_message_due', table_name='event_message')
    op.drop_index(op.f('ix_event_message_event_id'), table_name='event_message')
    op.drop_table('event_message')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_message_idempotency_key'), type_='unique')
        batch_op.drop_column('idempotency_key')
        batch_op.drop_column('headers')
        batch_op.drop_column('body_html')
