"""The JSON API keeps what its OpenAPI document promises, whatever it is sent.

Schemathesis reads the document the app serves (/api/v1/openapi.json) and, for every
operation, sends the document's examples, its boundary and type-confusion cases
(huge and negative numbers, wrong types, NUL bytes, missing and unexpected fields,
other content types and methods) and inputs generated from it, valid and not. Every
check Schemathesis has runs on each response: it must not be a 5xx, must have a
status code, content type, headers and body the document declares, input the
document forbids must be refused (4xx), and a method the document doesn't list must
get a 405 with `Allow`.

The number of generated inputs per operation comes from the Hypothesis profile
(tests/conftest.py): a quick run in `make test`, 1,000 in `make fuzz` and CI.
Input that no document describes (undecodable query strings, bodies that are not
JSON) is sent by tests/test_fuzz.py.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from schemathesis.checks import CHECKS, load_all_checks, positive_data_acceptance

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Loaded once, at collection, from the app itself (serving it needs no database),
# with the settings tests/conftest.py gives every test: plain HTTP, no collectstatic.
with override_settings(
    SECURE_SSL_REDIRECT=False, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

# Every check Schemathesis has, as `schemathesis run --checks all`: besides those on
# status, content type, headers and body, methods the document doesn't list must get
# a 405 with `Allow` (`unsupported_method`), and the checks on authentication and
# on resources a request creates, which find nothing to do in a public, read-only
# API.
load_all_checks()
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture
def app():
    """The site as a WSGI app, built after the test settings are in place.

    Like Django's test client, it keeps the test's database connection open across
    requests (a request's end would otherwise close it, inside the test transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def checks_for(case):
    """Every check, except that POST /eligibility may refuse a schema-valid body:
    a credential must be a published certification's code, which the catalog
    decides and so the document does not enumerate (GET /credentials lists them;
    the 422 names the credential)."""
    if case.operation.path == "/api/v1/eligibility":
        return [check for check in ALL_CHECKS if check is not positive_data_acceptance]
    return ALL_CHECKS


def call_and_validate(case, app):
    # Identity: the test transport does not undo the site's gzip compression.
    return case.call_and_validate(
        app=app, headers={"Accept-Encoding": "identity"}, checks=checks_for(case)
    )


@pytest.fixture(params=["empty catalog", "small catalog"])
def catalog_state(request):
    if request.param == "small catalog":
        request.getfixturevalue("small_catalog")


@schema.parametrize()
def test_the_api_answers_every_request_as_its_document_says(case, app, catalog_state):
    call_and_validate(case, app)


# Requests of the kinds that once answered 500, sent on every run whatever the
# profile, with the answer each must get.
KNOWN_BREAKERS = {
    "an offset past any database integer": (
        "GET /api/v1/certifications",
        {"query": {"offset": 2**64}},
        422,
    ),
    "a NUL byte in a search": (
        "GET /api/v1/certifications",
        {"query": {"q": "\x00"}},
        200,
    ),
    "a NUL byte in a code": (
        "GET /api/v1/certifications/{code}",
        {"path_parameters": {"code": "CPC\x00"}},
        404,
    ),
    "hours past any database integer": (
        "POST /api/v1/eligibility",
        {"body": {"coding_training_hours": 2**64}},
        422,
    ),
    "a NUL byte in a credential": (
        "POST /api/v1/eligibility",
        {"body": {"credentials": ["CPC\x00"]}},
        422,
    ),
    "credentials of the wrong type": (
        "POST /api/v1/eligibility",
        {"body": {"credentials": "CPC"}},
        422,
    ),
    "a body that is not an object": (
        "POST /api/v1/eligibility",
        {"body": [1, "x"]},
        422,
    ),
    "a body over 1 MB": (
        "POST /api/v1/eligibility",
        {"body": {"credentials": ["X" * 1024 * 1024]}},
        413,
    ),
    "a 900 kB field name": (
        "POST /api/v1/eligibility",
        {"body": {"x" * 900_000: 1}},
        422,
    ),
}


@pytest.mark.parametrize("breaker", KNOWN_BREAKERS)
def test_the_api_answers_requests_that_once_broke_it_as_its_document_says(
    app, small_catalog, breaker
):
    label, request, status = KNOWN_BREAKERS[breaker]
    case = schema.find_operation_by_label(label).Case(**request)

    response = call_and_validate(case, app)

    assert response.status_code == status
