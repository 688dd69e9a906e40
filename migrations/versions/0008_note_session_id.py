"""notes name their session in session_id, instead of a "session:<id>" scope string

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00

note.session_id was a foreign key to session that stayed empty, while the session sat in the
string column scope ("session:<id>", or "event" for the event's conclusions). It now holds the
id and scope goes. It is no foreign key any more: a session deleted from the draft but still
published keeps its notes, and a foreign key would delete them with it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

EVENT_NOTES = sa.text("session_id IS NULL")


def upgrade():
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index('ix_note_session_id')
        batch_op.drop_constraint('fk_note_session_id_session', type_='foreignkey')
    op.execute("UPDATE note SET session_id = CAST(SUBSTR(scope, 9) AS INTEGER) WHERE scope LIKE 'session:%'")
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_constraint('uq_note_scope_language', type_='unique')
        batch_op.drop_column('scope')
        batch_op.create_unique_constraint('uq_note_session_language', ['event_id', 'session_id', 'language'])
        # A unique constraint lets NULLs repeat: the event's own notes get a partial index.
        batch_op.create_index('uq_note_event_language', ['event_id', 'language'], unique=True,
                              sqlite_where=EVENT_NOTES, postgresql_where=EVENT_NOTES)


def downgrade():
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index('uq_note_event_language')
        batch_op.drop_constraint('uq_note_session_language', type_='unique')
        batch_op.add_column(sa.Column('scope', sa.String(length=40), nullable=True))
    op.execute("UPDATE note SET scope = CASE WHEN session_id IS NULL THEN 'event' "
               "ELSE 'session:' || CAST(session_id AS VARCHAR(20)) END, session_id = NULL")
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.alter_column('scope', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint('uq_note_scope_language', ['event_id', 'scope', 'language'])
        batch_op.create_foreign_key('fk_note_session_id_session', 'session', ['session_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index('ix_note_session_id', ['session_id'], unique=False)
