"""Fixtures of tests/core: the mail worker's (see mail_helpers.py)."""
from tests.core.mail_helpers import worker, worker_stopped  # noqa: F401
