"""How `make test` shares the suite between pytest-xdist workers.

Tests are handed out one at a time to whichever worker is free, like xdist's `--dist load`, so a long test (axe
on every page takes a minute or two) does not hold the other tests up. A worker keeps its app, schema and demo
copy for each database for the whole run (tests/conftest.py: `_apps`, `_demo_snapshots`), so going from SQLite
tests to PostgreSQL ones costs nothing after the first time. Two kinds of tests stay together in one worker:

- a file whose fixtures are built once per module and are costly (the two-server deployment);
- the race tests (`test_concurrent_*`): each opens up to 60 PostgreSQL connections at once, and two at the same
  time in two workers would pass the server's limit of 100.
"""
from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

ONE_WORKER_FILES = ("tests/deploy/",)
RACE_TESTS = "::test_concurrent_"


class SpreadTests(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith(ONE_WORKER_FILES):
            return nodeid.split("::", 1)[0]
        if RACE_TESTS in nodeid:
            return "race tests"
        return nodeid
