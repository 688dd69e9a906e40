"""indexes for large events: an event's registrations in order, "contains" searches by trigrams

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 18:30:00

Found with EXPLAIN on a database of a few thousand registrations (tests/core/test_query_plans.py):
- registration (event_id, created_at, id): the participants table's first page and its exports
  read an event's rows in that order, instead of all of them and a sort;
- trigram (pg_trgm) GIN indexes, on PostgreSQL only: registration.search_key (the table's and
  the check-in desk's search, LIKE '%word%') and the account's name, e-mail address and
  organisation (the administrators' account search, ILIKE '%word%'). Trigrams need letters the database's
  LC_CTYPE knows: a UTF-8 locale (C.UTF-8, en_US.UTF-8...), not plain "C", or Cyrillic and
  Kazakh words make no trigrams and the search reads the whole event.
SQLite has neither the extension nor the index kind; its searches stay as they were.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

USER_SEARCH_COLUMNS = ('name', 'email', 'organisation')


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_event_created', ['event_id', 'created_at', 'id'], unique=False)

    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_index('ix_registration_search_key_trgm', 'registration', ['search_key'], unique=False,
                    postgresql_using='gin', postgresql_ops={'search_key': 'gin_trgm_ops'})
    for column in USER_SEARCH_COLUMNS:
        op.create_index(f'ix_user_{column}_trgm', 'user', [column], unique=False,
                        postgresql_using='gin', postgresql_ops={column: 'gin_trgm_ops'})


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for column in USER_SEARCH_COLUMNS:
            op.drop_index(f'ix_user_{column}_trgm', table_name='user')
        op.drop_index('ix_registration_search_key_trgm', table_name='registration')
        # The extension stays: other databases' objects (or a DBA's) may use it.

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_event_created')
