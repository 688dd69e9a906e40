"""participants at scale: answers as a key to filter on, indexes for the name sort and check-ins

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 21:00:00

Found with bench/backoffice.py (an event of 10,000 registrations):
- registration.answers_key: the answers a filter of the participants table asks for, one
  "key=value" a line (app.registration.models.answers_key_of), kept beside the JSON like the
  search key. A filter by an answer read and parsed every registration's JSON twice (the count
  and the page): 50-150 ms at 10,000 on either database; it is now one substring test per row.
  Filled here for the registrations already there;
- registration (event_id, name, id): the table sorted by name reads 50 rows in index order
  instead of sorting the event;
- registration (event_id, status, checked_in_at), instead of (event_id, status): the table's and
  the desk's counts by status and of those checked in are one read of this index, where the
  count of those checked in read every row of the event;
- on SQLite only, registration (event_id, created_at, id, search_key, answers_key): who matches a
  search or a filter is found in an index a third of the size of the rows, in the table's order,
  and only their rows are read (PostgreSQL has its trigram index for the searches, and reads its
  rows fast enough for the filters; a key of many answers would not fit its B-tree).
"""
import json
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

BATCH = 2000
_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")


def answers_key_of(answers):
    """app.registration.models.answers_key_of as of this revision."""
    lines = []
    for key, given in (answers or {}).items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            continue
        for value in given if isinstance(given, list) else [given]:
            if value is True:
                lines.append(f"{key}:yes")
            elif isinstance(value, str) and value and len(value) <= 100 and "\n" not in value:
                lines.append(f"{key}={value}")
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers_key', sa.Text(), server_default='', nullable=False))
        batch_op.create_index('ix_registration_event_name', ['event_id', 'name', 'id'], unique=False)
        batch_op.drop_index('ix_registration_event_status')
        batch_op.create_index('ix_registration_event_status_checked_in', ['event_id', 'status', 'checked_in_at'],
                              unique=False)

    connection = op.get_bind()
    registration = sa.table('registration', sa.column('id', sa.Integer), sa.column('answers', sa.JSON),
                            sa.column('answers_key', sa.Text))
    last = 0
    while True:
        rows = connection.execute(sa.select(registration.c.id, registration.c.answers)
                                  .where(registration.c.id > last).order_by(registration.c.id).limit(BATCH)).all()
        if not rows:
            break
        keyed = [{'row_id': row_id, 'key': answers_key_of(json.loads(answers) if isinstance(answers, str) else answers)}
                 for row_id, answers in rows]
        keyed = [k for k in keyed if k['key']]
        if keyed:
            connection.execute(registration.update().where(registration.c.id == sa.bindparam('row_id'))
                               .values(answers_key=sa.bindparam('key')), keyed)
        last = rows[-1][0]

    if connection.dialect.name == 'sqlite':
        with op.batch_alter_table('registration', schema=None) as batch_op:
            batch_op.create_index('ix_registration_event_created_keys',
                                  ['event_id', 'created_at', 'id', 'search_key', 'answers_key'], unique=False)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        if op.get_bind().dialect.name == 'sqlite':
            batch_op.drop_index('ix_registration_event_created_keys')
        batch_op.drop_index('ix_registration_event_status_checked_in')
        batch_op.create_index('ix_registration_event_status', ['event_id', 'status'], unique=False)
        batch_op.drop_index('ix_registration_event_name')
        batch_op.drop_column('answers_key')
