"""The OpenAPI document and the code agree: schemathesis reads /api/v1/openapi.json from the app (WSGI),
generates requests from it, valid and invalid ones (boundary values, wrong types, missing and extra
values), sends them to the demo data, and runs every check it has on each answer: status codes, content
types, headers and bodies as documented, invalid input refused, valid input accepted, authentication
as declared. Anonymously, and again with a personal API token (the demo's organiser's).

schemathesis' pytest integration (`schemathesis.pytest.from_fixture`) does not run under pytest 9.2
(it sets `Item._nodeid`, which pytest no longer has), so the test drives its engine, as its command
line does, and collects the failures the engine reports.
"""
import time

import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema

from app.accounts.models import User
from app.events.models import EventMember, EventRole
from app.extensions import db

# Per operation and generation mode; the coverage phase adds its boundary cases to these. About 700
# requests a run: ~10 s each on SQLite.
MAX_EXAMPLES = 5


def run_schemathesis(app, headers: dict | None = None) -> tuple[list[str], int]:
    """(the failures schemathesis found, the number of requests it sent)."""
    config = schemathesis.config.SchemathesisConfig.from_dict({
        "seed": 20170516, "workers": 1,
        "checks": {"enabled": True},  # every check
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "output": {"sanitization": {"enabled": False}},  # show `session=...` as sent
        "headers": headers or {},
    })
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    failures, requests = [], 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests += len(event.recorder.interactions)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE:
                        found = check.failure_info
                        failures.append(f"{event.label} [{check.name}] {found.failure.title}: "
                                        f"{found.failure.message}\n    {found.code_sample}")
        elif isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            failures.append(f"schemathesis: {event.exception!r}")
    return sorted(set(failures)), requests


@pytest.mark.one_database  # the document and the code agree whatever stores the rows
def test_api_answers_as_its_openapi_document_says(demo_data, api_token):
    with demo_data.app_context():
        organiser = db.session.scalar(db.select(User).join(EventMember, EventMember.user_id == User.id)
                                      .where(EventMember.role == EventRole.ORGANISER).order_by(User.id))
    for headers in ({}, {"Authorization": f"Bearer {api_token(organiser)}"}):
        started, cpu = time.monotonic(), time.process_time()
        failures, requests = run_schemathesis(demo_data, headers)
        print(f"schemathesis, {'with a token' if headers else 'anonymously'}: {requests} requests in "
              f"{time.monotonic() - started:.1f} s ({time.process_time() - cpu:.1f} s of CPU)")
        assert requests > 300  # the phases did run
        assert not failures, f"{len(failures)} disagreements:\n" + "\n".join(failures)
