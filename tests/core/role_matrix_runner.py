"""The requests behind the route × role matrix (test_role_matrix.py): one role, every route.

Matrix.run() opens every route of the app as one role, in the world of role_matrix_world.py,
and returns what was not as expected. What is expected is written in test_role_matrix.py
(its docstring explains the checks); this module only knows how to ask and how to judge.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import text

from app.extensions import db

# Private event B: the URL values of its twins, and who may read it (its team, site admins).
PRIVATE_TWIN_VALUES = {"slug": "slug_private", "session_id": "session_private"}
PRIVATE_EVENT_READERS = ("other_organiser", "admin")
# Those who pass B's permission checks, and so are the ones to try B's URLs with A's objects.
FOREIGN_ID_ROLES = ("other_organiser", "admin")
TOKEN_ARGUMENTS = ("token", "code")
MADE_UP_TOKEN = "Zm9yZ2VkLXRva2VuLW5vdC1pc3N1ZWQtYnktdGhlLWFwcA"


@dataclass(frozen=True)
class Check:
    """Who may use a route (a rule of the vocabulary), and how to call it."""

    rule: str
    ok: tuple[int, ...] = (200,)  # what an allowed GET answers
    args: dict[str, str] = field(default_factory=dict)  # URL argument -> world value, over the defaults
    label: str = ""  # names the case when a route has several
    to_login: bool = False  # the allowed answer is a redirect to the login page (an e-mail just confirmed)
    refused_with: tuple[int, ...] = ()  # statuses a refusal may also have, for signed-in users (a redirect
    #                                     back with a message; no table may change all the same)
    head: bool = True  # also send HEAD (off where the body is a PDF rendered for 0.4 s and the view has no
    #                    method of its own to get wrong)


def routes(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
                  key=lambda rule: (rule.endpoint, rule.rule))


def _location(response) -> str:
    return response.headers.get("Location", "")


def _is_login_redirect(response) -> bool:
    return response.status_code in (302, 303) and "/account/login" in _location(response)


def _describe(response) -> str:
    location = _location(response)
    return f"{response.status_code}" + (f" -> {location}" if location else "")


def _takes_foreign_objects(rule) -> bool:
    return "slug" in rule.arguments and any(a.endswith("_id") or a == "scope" for a in rule.arguments)


def _csrf_token(client) -> str:
    for url in ("/account/profile", "/account/login"):
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no page with a CSRF token")


def _rows_as_text(table, dialect: str) -> str:
    """SQL giving (table name, all its rows as one text), the same text whenever the rows are the same."""
    if dialect == "postgresql":
        return (f"SELECT '{table.name}', coalesce(string_agg(r::text, '|' ORDER BY r::text), '') "
                f'FROM "{table.name}" r')
    row = " || ',' || ".join(f'quote("{column.name}")' for column in table.columns)
    order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns) or "rowid"
    return (f"SELECT '{table.name}', coalesce(group_concat(row, '|'), '') "
            f'FROM (SELECT {row} AS row FROM "{table.name}" ORDER BY {order})')


def fingerprint(app) -> dict[str, str]:
    """Every table's rows, in one query: a refused POST must leave all of them as they were."""
    with app.app_context():
        with db.engine.connect() as connection:
            query = " UNION ALL ".join(_rows_as_text(table, connection.dialect.name)
                                       for table in db.metadata.sorted_tables)
            return {name: hashlib.sha256(rows.encode()).hexdigest() for name, rows in connection.execute(text(query))}


class Matrix:
    """Sends every route's requests as one role and collects what was not as expected."""

    def __init__(self, app, client, monkeypatch, *, role: str, world: dict, checks: dict[str, list[Check]],
                 rules: dict[str, frozenset[str]], defaults: dict[str, str]):
        self.app, self.client, self.monkeypatch = app, client, monkeypatch
        self.role, self.world, self.checks, self.rules, self.defaults = role, world, checks, rules, defaults
        self.adapter = app.url_map.bind("localhost")
        self.failures: list[str] = []
        self.requests = 0
        self.csrf_header: dict[str, str] = {}
        self.baseline: dict[str, str] = {}

    # -- plumbing

    def may(self, check: Check) -> bool:
        return self.role in self.rules[check.rule]

    def sign_in(self):
        if self.role != "anonymous":
            with self.client.session_transaction() as session:
                session["_user_id"] = self.world["session_ids"][self.role]
                session["_fresh"] = True

    def url(self, rule, check: Check, overrides: dict | None = None) -> str:
        values = {}
        for argument in rule.arguments:
            name = (overrides or {}).get(argument) or check.args.get(argument) or self.defaults.get(argument)
            if name is None:
                raise AssertionError(f"{rule.endpoint}: no world value for <{argument}>: name one in its Check(args=)")
            values[argument] = MADE_UP_TOKEN if name == MADE_UP_TOKEN else self.world[name]
        return self.adapter.build(rule.endpoint, values)

    def send(self, method: str, url: str, token: bool = True):
        """The request as this role: its session cookie, and under /api/ its personal API token (`token`)."""
        self.requests += 1
        headers = dict(self.csrf_header) if method == "POST" else {}
        secret = self.world["api_secrets"].get(self.role)
        if token and secret and url.startswith("/api/"):
            headers["Authorization"] = f"Bearer {secret}"
        try:
            response = self.client.open(url, method=method, headers=headers)
        except Exception as error:  # noqa: BLE001 - a 500 in production: the test client raises it instead
            return SimpleNamespace(status_code=500, headers={}, error=f"{type(error).__name__}: {error}")
        response.close()  # a HEAD leaves a download's file open otherwise
        return response

    def fail(self, rule, check: Check, method: str, url: str, problem: str):
        label = f"[{check.label}]" if check.label else ""
        self.failures.append(f"{rule.endpoint}{label} {method} {url}: {problem}")

    @staticmethod
    def server_error(response) -> str | None:
        if response.status_code >= 500:
            return f"server error {response.status_code} {getattr(response, 'error', '')}".rstrip()
        return None

    # -- judging

    def refusal_problem(self, response, url: str, check: Check, hide: bool = False) -> str | None:
        """None when the response refuses this role as it should."""
        if self.role == "anonymous" and not hide:
            if url.startswith("/api/"):
                return None if response.status_code == 401 else f"{_describe(response)}, expected 401"
            return None if _is_login_redirect(response) else f"{_describe(response)}, expected the login page"
        wanted = (404,) if hide else (403, 404, *check.refused_with)
        return None if response.status_code in wanted else f"{_describe(response)}, expected {wanted}"

    def judge(self, response, url: str, allowed: bool, check: Check, hide: bool = False) -> str | None:
        problem = self.server_error(response)
        if problem:
            return problem
        if allowed:
            if response.status_code in check.ok and (check.to_login or not _is_login_redirect(response)):
                return None
            return f"{_describe(response)}, expected {check.ok} ({self.role} may)"
        problem = self.refusal_problem(response, url, check, hide)
        return f"{problem} ({self.role} may not)" if problem else None

    # -- GET and HEAD

    def get_and_head(self, rule, check: Check, url: str, allowed: bool, hide: bool = False):
        response = self.send("GET", url)
        problem = self.judge(response, url, allowed, check, hide)
        if problem:
            self.fail(rule, check, "GET", url, problem)
        if not check.head:
            return
        head = self.send("HEAD", url)
        if head.status_code != response.status_code:
            self.fail(rule, check, "HEAD", url, f"{_describe(head)}, but GET gave {response.status_code}")

    def check_get(self, rule, check: Check):
        self.get_and_head(rule, check, self.url(rule, check), self.may(check))
        if check.rule == "token":
            self.made_up_token(rule, check, "GET")
        if self.role in FOREIGN_ID_ROLES and _takes_foreign_objects(rule):
            self.foreign_objects(rule, check, "GET")
        if check.rule in ("public", "api") and rule.arguments and set(rule.arguments) <= PRIVATE_TWIN_VALUES.keys():
            twin = self.url(rule, check, PRIVATE_TWIN_VALUES)
            if check.rule == "api":
                # With the role's token B's readers read B, others get 404 as for an unknown event; the cookie
                # alone opens nothing there.
                for token in (True, False):
                    wanted = 200 if token and self.role in PRIVATE_EVENT_READERS else 404
                    response = self.send("GET", twin, token=token)
                    if response.status_code != wanted:
                        self.fail(rule, check, "GET", twin, f"{_describe(response)} {'with' if token else 'without'}"
                                  f" the token, expected {wanted} (private event)")
            else:
                self.get_and_head(rule, check, twin, self.role in PRIVATE_EVENT_READERS, hide=True)

    def foreign_objects(self, rule, check: Check, method: str) -> str:
        """B's slug with A's objects: a route reaches an object only through its own event."""
        url = self.url(rule, check, {"slug": "slug_private"})
        response = self.send(method, url)
        if self.server_error(response) or response.status_code not in (403, 404):
            self.fail(rule, check, method, url, f"{_describe(response)} with another event's objects, expected 404")
        return url

    def made_up_token(self, rule, check: Check, method: str) -> str:
        url = self.url(rule, check, {argument: MADE_UP_TOKEN for argument in TOKEN_ARGUMENTS})
        response = self.send(method, url)
        if self.server_error(response) or response.status_code not in (400, 404):
            self.fail(rule, check, method, url, f"{_describe(response)} for a made-up token, expected 400 or 404")
        return url

    # -- POST

    def nothing_changed(self, rule, check: Check, url: str):
        after = fingerprint(self.app)
        if after != self.baseline:
            changed = sorted(name for name in after if after[name] != self.baseline.get(name))
            self.fail(rule, check, "POST", url, f"a refused POST changed tables {changed}")
            self.baseline = after

    def refused_posts(self, rule, check: Check):
        """Every POST this role may not send: each one refused, and no table changed."""
        if not self.may(check):
            url = self.url(rule, check)
            response = self.send("POST", url)
            problem = self.server_error(response) or self.refusal_problem(response, url, check)
            if problem:
                self.fail(rule, check, "POST", url, f"{problem} ({self.role} may not)")
            self.nothing_changed(rule, check, url)
        if check.rule == "token":
            self.nothing_changed(rule, check, self.made_up_token(rule, check, "POST"))
        if self.role in FOREIGN_ID_ROLES and _takes_foreign_objects(rule):
            self.nothing_changed(rule, check, self.foreign_objects(rule, check, "POST"))

    def dry_run_post(self, rule, check: Check):
        """An allowed POST is not refused. Its commits become flushes, rolled back at the request's end."""
        url = self.url(rule, check)
        with self.monkeypatch.context() as patch:
            patch.setattr(db.session, "commit", db.session.flush)
            response = self.send("POST", url)
        problem = self.server_error(response)
        if not problem and (response.status_code in (401, 403, 404, 405) or _is_login_redirect(response)):
            problem = f"{_describe(response)}: refused, but {self.role} may"
        if problem:
            self.fail(rule, check, "POST", url, problem)
        self.sign_in()  # it may have signed the client out (logout)

    def run(self) -> list[str]:
        self.sign_in()
        rules = [rule for rule in routes(self.app) if rule.endpoint in self.checks]  # the others fail the inventory
        for rule in rules:
            if "GET" in rule.methods:
                for check in self.checks[rule.endpoint]:
                    self.check_get(rule, check)
        self.monkeypatch.setitem(self.app.config, "WTF_CSRF_ENABLED", True)
        # What a browser sends with a form from our own pages (the language form checks the second).
        self.csrf_header = {"X-CSRFToken": _csrf_token(self.client), "Sec-Fetch-Site": "same-origin"}
        self.baseline = fingerprint(self.app)
        posts = [(rule, check) for rule in rules if "POST" in rule.methods for check in self.checks[rule.endpoint]]
        for rule, check in posts:  # refused ones first, on the world as built
            self.refused_posts(rule, check)
        for rule, check in posts:
            if self.may(check):
                self.dry_run_post(rule, check)
        after = fingerprint(self.app)
        if after != self.baseline:
            changed = sorted(name for name in after if after[name] != self.baseline.get(name))
            self.failures.append(f"the dry runs of allowed POSTs committed to tables {changed}: the matrix is off")
        return self.failures
