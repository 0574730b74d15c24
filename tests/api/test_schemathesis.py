"""Property-based fuzzing of the JSON API against its own OpenAPI schema.

Schemathesis reads ``/api/v1/schema/`` from the WSGI application (no server),
generates requests for every operation from the schema and calls the app
in-process, as an anonymous client and with the API tokens of a company
member, a TLO staff member and an admin of the fixture world, so
authenticated calls reach real objects. Every response must be free of 5xx
and conform to the schema: a documented status code, a documented content
type, a body valid against the documented schema, documented headers.

Each example runs in a savepoint that is rolled back, so every call sees the
same world. Bounded and reproducible: ``derandomize=True`` (examples derive
from the test, not from a random seed) and a small ``max_examples`` per
operation. Run with ``pytest -m schemathesis``.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from search.selectors import _label_cache

pytestmark = [pytest.mark.schemathesis]

IDENTITIES = ("anonymous", "company", "tlo", "admin")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
MAX_EXAMPLES = 8


@pytest.fixture(params=IDENTITIES)
def identity(request):
    return request.param


@pytest.fixture
def auth_headers(world, identity):
    token = world.tokens.get(identity)
    return {"Authorization": f"Token {token}"} if token else {}


@pytest.fixture
def api_schema(world, identity, db):
    # Django's test client does the same: a real WSGI request would otherwise
    # close the connection that holds the test transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_api_conforms_to_its_schema(case, auth_headers):
    # Each example's writes are rolled back, but process caches are not: start
    # every example from empty ones, as tests/search/conftest.py does per test,
    # so an example's answer does not depend on the ones before it. This keeps
    # examples independent; it is not needed to avoid errors: this test also
    # passes without it, and search with caches older than the rows is
    # covered by tests/search/test_stale_caches.py.
    cache.clear()
    _label_cache.clear()
    with transaction.atomic():
        case.call_and_validate(headers=auth_headers, checks=CHECKS)
        transaction.set_rollback(True)
