"""registration: a folded search key (name, organisation, e-mail) for the check-in desk's search

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00

Existing registrations get their key here. The folding is copied from app/core/text.py
as it was when this migration was written: a migration must not change when the app does.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_KAZAKH_ON_RUSSIAN_KEYBOARD = str.maketrans("әғқңөұүһі", "агкноуухи")


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_KAZAKH_ON_RUSSIAN_KEYBOARD).split())


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), server_default='', nullable=False))

    connection = op.get_bind()
    registration = sa.table('registration', sa.column('id', sa.Integer), sa.column('name', sa.String),
                            sa.column('organisation', sa.String), sa.column('email', sa.String),
                            sa.column('search_key', sa.Text))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(registration.c.id, registration.c.name, registration.c.organisation, registration.c.email)
            .where(registration.c.id > last_id).order_by(registration.c.id).limit(1000)).all()
        if not rows:
            break
        connection.execute(
            registration.update().where(registration.c.id == sa.bindparam('row_id'))
            .values(search_key=sa.bindparam('key')),
            [{'row_id': row.id, 'key': "\n".join(_fold(part) for part in (row.name, row.organisation, row.email))}
             for row in rows])
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('search_key')
