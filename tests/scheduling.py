"""How `make test` shares the suite between pytest-xdist workers.

Tests are handed out one at a time to whichever worker is free, like xdist's `--dist load`, so a long test (axe
on one person's pages takes up to half a minute) does not hold the other tests up. A worker keeps its app, schema and demo
copy for each database for the whole run (tests/conftest.py: `_apps`, `_demo_snapshots`), so going from SQLite
tests to PostgreSQL ones costs nothing after the first time. Two kinds of tests stay together in one worker:

- a file whose fixtures are built once per module and are costly (the two-server deployment);
- the race tests (`test_concurrent_*`): each opens up to 60 PostgreSQL connections at once, and two at the same
  time in two workers would pass the server's limit of 100.

The longest tests are handed out first (LONG_FIRST, longest kinds first): a 20-40 s test handed out last would
keep one worker busy after the others have finished; first, the short tests fill in around it.
"""
from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

ONE_WORKER_FILES = ("tests/deploy/",)
RACE_TESTS = "::test_concurrent_"
RACE_SCOPE = "race tests"

# What takes longest, longest first (seconds a test, from a junit profile of `make test`): the two-server
# deployment (two tests in one worker, 50 s), the race tests (together 25 s), the API contract (40 s), axe (12-32 s
# a person), the browser journeys (8-19 s), a send to 1,000 recipients (20 s), the role matrix (7-9 s a role), mail
# under faults (4-9 s, real worker processes), hostile input on every route (about 1 s each, but many).
LONG_FIRST = (
    *ONE_WORKER_FILES,
    RACE_SCOPE,
    "tests/api/test_openapi_contract.py",
    "tests/browser/test_accessibility.py",
    "tests/browser/",
    "tests/messages/test_large_send.py",
    "tests/core/test_role_matrix.py",
    "tests/core/test_mail_faults.py",
    "tests/core/test_bad_input.py",
)


def _rank(scope: str) -> int:
    return next((rank for rank, prefix in enumerate(LONG_FIRST) if scope.startswith(prefix)), len(LONG_FIRST))


class SpreadTests(LoadScopeScheduling):
    _long_first = False

    def _assign_work_unit(self, node) -> None:
        if not self._long_first:  # the queue is built (in collection order): the long tests go to its front
            self._long_first = True
            for scope in sorted(self.workqueue, key=_rank):  # sorted() is stable: the rest keep their order
                self.workqueue.move_to_end(scope)
        super()._assign_work_unit(node)

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith(ONE_WORKER_FILES):
            return nodeid.split("::", 1)[0]
        if RACE_TESTS in nodeid:
            return RACE_SCOPE
        return nodeid
