"""outbox: a stable Message-ID per message, when DATA began, possible duplicates

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00

Messages already in the outbox get a Message-ID made from their id, so every row has
one before the column becomes NOT NULL and UNIQUE.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('data_started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('possible_duplicate', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.execute("UPDATE outbox_message SET message_id = '<outbox-' || CAST(id AS VARCHAR(20)) || '@convene.localhost>'"
               " WHERE message_id IS NULL")

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('message_id', existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_message_message_id'), ['message_id'])


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_message_message_id'), type_='unique')
        batch_op.drop_column('possible_duplicate')
        batch_op.drop_column('data_started_at')
        batch_op.drop_column('message_id')
