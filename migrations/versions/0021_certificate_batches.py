"""certificate batches: "issue certificates" runs as a background job, its progress on the page

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 22:10:00

Issuing 1,000 certificates (a row, a code and a mail each) took 4-5 s inside the organiser's
request (bench/backoffice.py); a batch row now records the request, and a job issues them a
hundred per transaction, counting as it goes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('failed', sa.Boolean(), nullable=False),
    sa.Column('reported', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_certificate_batch_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_certificate_batch_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_batch'))
    )
    with op.batch_alter_table('certificate_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_batch_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_batch_event_id'))
    op.drop_table('certificate_batch')
