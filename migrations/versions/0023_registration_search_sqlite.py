"""registration search on SQLite: an FTS5 trigram index of the folded search key

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 00:10:00

SQLite only (PostgreSQL has its trigram GIN index on registration.search_key since 0015):
`registration_search_fts`, an FTS5 table with the trigram tokenizer over registration.search_key
(external content: it keeps the index, the registration row keeps the text), filled here and
kept up to date by three triggers on registration. "Contains these letters" (a word of three
letters or more) is then an index lookup instead of a substring test of every registration of
the event: the check-in desk's name search at 10,000 registrations read 10,000 keys (~4.5 ms)
where it now reads the few hundred that match (bench/backoffice.py).

The triggers belong to the registration table: a later migration that rebuilds it on SQLite
(batch_alter_table's move and copy) drops them, and must create them again (TRIGGERS below);
tests/registration/test_search_index.py fails when they are missing.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

TRIGGERS = [
    """CREATE TRIGGER registration_search_fts_insert AFTER INSERT ON registration BEGIN
         INSERT INTO registration_search_fts(rowid, search_key) VALUES (new.id, new.search_key);
       END""",
    """CREATE TRIGGER registration_search_fts_delete AFTER DELETE ON registration BEGIN
         INSERT INTO registration_search_fts(registration_search_fts, rowid, search_key)
         VALUES ('delete', old.id, old.search_key);
       END""",
    """CREATE TRIGGER registration_search_fts_update AFTER UPDATE OF search_key ON registration BEGIN
         INSERT INTO registration_search_fts(registration_search_fts, rowid, search_key)
         VALUES ('delete', old.id, old.search_key);
         INSERT INTO registration_search_fts(rowid, search_key) VALUES (new.id, new.search_key);
       END""",
]


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    # case_sensitive 1: both sides are folded already (app.core.text), so a match is exactly
    # instr()'s, which the words shorter than a trigram still use.
    op.execute("CREATE VIRTUAL TABLE registration_search_fts USING fts5(search_key, content='registration', "
               "content_rowid='id', tokenize='trigram case_sensitive 1')")
    op.execute("INSERT INTO registration_search_fts(registration_search_fts) VALUES ('rebuild')")
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for name in ('insert', 'delete', 'update'):
        op.execute(f'DROP TRIGGER IF EXISTS registration_search_fts_{name}')
    op.execute('DROP TABLE IF EXISTS registration_search_fts')
