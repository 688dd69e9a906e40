"""interpretation planning: a session's floor language; the registration question that is the listening language

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 20:45:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

LISTENING = sa.text("listening")


def upgrade():
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('floor_language', sa.String(length=10), server_default='', nullable=False))
    with op.batch_alter_table('registration_field', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listening', sa.Boolean(), server_default=sa.false(), nullable=False))
        # At most one listening-language question per event.
        batch_op.create_index('uq_registration_field_listening', ['event_id'], unique=True,
                              sqlite_where=LISTENING, postgresql_where=LISTENING)


def downgrade():
    with op.batch_alter_table('registration_field', schema=None) as batch_op:
        batch_op.drop_index('uq_registration_field_listening')
        batch_op.drop_column('listening')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_column('floor_language')
