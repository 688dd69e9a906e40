"""The test databases: one PostgreSQL database per test process, emptying between tests, and a copy of the demo.

With pytest-xdist each worker process gets a PostgreSQL database of its own, named after TEST_DATABASE_URL's
(`test` -> `test_gw0`, `test_gw1`) and created when missing, so workers never share tables.

Loading the demo (`flask demo`) takes a second or two; tests that start from it restore a copy taken once per
database instead: SQLite's backup API copies the whole file back, PostgreSQL refills the tables from a schema
kept beside `public`.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from app.extensions import db

SNAPSHOT_SCHEMA = "demo_snapshot"


def postgres_url(suffix: str = "") -> str | None:
    """This process's PostgreSQL database (SQLAlchemy URL), created if missing; None without TEST_DATABASE_URL.

    `suffix` names a further database of the process (the deployment test's).
    """
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return None
    url = make_url(base).set(drivername="postgresql+psycopg")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = "_".join(part for part in (url.database, worker, suffix) if part)
    if name != url.database:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def reset_postgres(url: str) -> None:
    """An empty database: no tables in `public`, no demo copy beside it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def empty_all_tables(app) -> None:
    with app.app_context():
        tables = [t for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                _empty_postgres(conn, tables)
            else:
                for table in tables:
                    conn.execute(table.delete())


def _empty_postgres(conn, tables) -> None:
    """DELETE the rows of the tables that hold some and rewind the sequences that moved; leave the rest alone.

    DELETE, not TRUNCATE: TRUNCATE gives each table, index and TOAST table it empties a new file and scans all
    of shared_buffers once for each (about 20 ms a table on a quiet machine, over a second for a test's handful
    of tables when the disk is busy); DELETE of a test's few rows takes a millisecond or two. A test writes to a
    handful of tables: asking the database which ones, in one query, sees every row however it got there (ORM,
    raw SQL, COPY) and costs a millisecond. Foreign keys are not checked while emptying
    (session_replication_role = replica: every table that holds rows is emptied, so none is left pointing at
    a deleted row), so the order of the DELETEs does not matter, cycles included.

    After DELETE, PostgreSQL puts new rows where old ones were, so rows read back without ORDER BY come in no
    particular order: a test (or a page) that needs an order must ask for it.
    """
    # A test that leaves a transaction open must fail loudly, not hang the suite.
    conn.execute(text("SET LOCAL lock_timeout = '20s'"))
    holding_rows = " UNION ALL ".join(
        f'SELECT {index} WHERE EXISTS (SELECT 1 FROM "{table.name}")' for index, table in enumerate(tables))
    filled = [tables[index] for index in conn.execute(text(holding_rows)).scalars()]
    if filled:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in filled:
            conn.execute(text(f'DELETE FROM "{table.name}"'))
    # Every sequence a test moved goes back to its start (a failed INSERT moves one too), in one statement.
    conn.execute(text(
        "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) "
        "FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"))


def stored_files(app) -> set[Path]:
    """The files under the app's storage root, relative to it."""
    root = Path(app.config["STORAGE_LOCAL_ROOT"])
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@dataclass
class Snapshot:
    """The rows and stored files of a loaded database, to put back into the same (emptied) database."""

    app: object
    files_root: Path
    copy_dir: Path
    files: set[Path] = field(default_factory=set)
    sqlite_copy: object = None               # an in-memory sqlite3 connection holding the whole database
    sequences: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def take(cls, app, copy_dir: Path, files_before: set[Path]) -> Snapshot:
        """Copy the database as it is, and the files stored since `files_before` was listed."""
        root = Path(app.config["STORAGE_LOCAL_ROOT"])
        snapshot = cls(app, root, copy_dir, stored_files(app) - files_before)
        for relative in snapshot.files:
            (copy_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / relative, copy_dir / relative)
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                import sqlite3

                snapshot.sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
                raw = db.engine.raw_connection()
                try:
                    raw.driver_connection.backup(snapshot.sqlite_copy)
                finally:
                    raw.close()
            else:
                with db.engine.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
                    conn.execute(text(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}"))
                    for table in db.metadata.sorted_tables:
                        conn.execute(text(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table.name}" AS TABLE public."{table.name}"'))
                    snapshot.sequences = [tuple(row) for row in conn.execute(text(
                        "SELECT sequencename, last_value FROM pg_sequences "
                        "WHERE schemaname = 'public' AND last_value IS NOT NULL"))]
        return snapshot

    def restore(self) -> None:
        """Put the rows and files back; the tables must be empty (as every test leaves them)."""
        for relative in self.files:
            (self.files_root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.copy_dir / relative, self.files_root / relative)
        with self.app.app_context():
            if self.sqlite_copy is not None:
                raw = db.engine.raw_connection()
                try:
                    self.sqlite_copy.backup(raw.driver_connection)
                finally:
                    raw.close()
                return
            with db.engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '20s'"))
                # Rows that point at each other (a material and its current version) are linked once both exist.
                links = [(table, [c.name for c in fk.columns]) for table in db.metadata.sorted_tables
                         for fk in table.foreign_key_constraints if fk.use_alter]
                later = {(table.name, column) for table, columns in links for column in columns}
                for table in db.metadata.sorted_tables:
                    names = [f'"{c.name}"' for c in table.columns]
                    values = ["NULL" if (table.name, c.name) in later else f'"{c.name}"' for c in table.columns]
                    conn.execute(text(f'INSERT INTO public."{table.name}" ({", ".join(names)}) '
                                      f'SELECT {", ".join(values)} FROM {SNAPSHOT_SCHEMA}."{table.name}"'))
                for table, columns in links:
                    keys = [c.name for c in table.primary_key.columns]
                    conn.execute(text(
                        f'UPDATE public."{table.name}" AS t SET '
                        + ", ".join(f'"{c}" = s."{c}"' for c in columns)
                        + f' FROM {SNAPSHOT_SCHEMA}."{table.name}" AS s WHERE '
                        + " AND ".join(f't."{k}" = s."{k}"' for k in keys)))
                for sequence, value in self.sequences:
                    conn.execute(text("SELECT setval(CAST(:sequence AS regclass), :value)"),
                                 {"sequence": f'public."{sequence}"', "value": value})
