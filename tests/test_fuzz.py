"""Malformed input to every form and API endpoint: never a 5xx.

Hypothesis sends FUZZ_EXAMPLES (default 1,000) bodies or query strings to each
endpoint: random and known keys, wrong types, huge and unicode values, NUL bytes,
repeated keys, bodies that are not form data or JSON at all. CSRF checks are off in
the test client, so every body reaches its view; the questionnaire's rate limit is
off too.
"""

import json
import os
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applicants.models import Response
from tests.factories import (
    CertificationFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

ANSWERS = {
    "education": "associate",
    "him_program": "associate",
    "coding_training_hours": 80,
    "coding_experience_months": 18,
    "credentials": ["CPC-A"],
    "goal_setting": "payer",
}
FIELDS = [
    "education",
    "high_school_senior",
    "him_program",
    "coding_training_hours",
    "coding_experience_months",
    "credentials",
    "goal_setting",
    "csrfmiddlewaretoken",
    "q",
    "body",
    "level",
    "setting",
    "status",
    "page",
    "c",
    "offset",
    "limit",
    "change",
]
VALUES = [
    "",
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 40,
    "associate",
    "none",
    "CPC",
    "CPC-A",
    "none_of_these",
    "true",
    "null",
    "[]",
    "{}",
    "\x00",
    "%00",
    "\ud7ff\ufffd",
    "𝒞𝒫𝒞",
    "' OR 1=1 --",
    "<script>",
]

keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=20))
values = st.one_of(
    st.sampled_from(VALUES),
    st.text(max_size=200),
    st.integers().map(str),
    st.floats().map(str),
    st.sampled_from([5_000, 120_000]).map(lambda n: "x" * n),
)
pairs = st.lists(st.tuples(keys, values), max_size=12)
query_strings = st.one_of(
    pairs.map(urlencode),
    st.text(max_size=200),
    st.sampled_from(["%", "%ZZ", "%00", "%FF%FE", "a=%E0%A4", "&&==&", "c=" * 50]),
)
form_bodies = st.one_of(
    pairs.map(lambda p: ("application/x-www-form-urlencoded", urlencode(p).encode())),
    st.tuples(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "application/json",
                "text/plain",
            ]
        ),
        st.binary(max_size=300),
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=20,
)
eligibility_fields = st.sampled_from(
    [*ANSWERS, "high_school_senior", "experience_settings", "specialty"]
)
json_bodies = st.one_of(
    st.dictionaries(st.one_of(eligibility_fields, st.text(max_size=20)), json_values)
    .map(json.dumps)
    .map(str.encode),
    json_values.map(json.dumps).map(str.encode),
    st.binary(max_size=300),
)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.QUESTIONNAIRE_POST_LIMIT = 0


@pytest.fixture
def catalog():
    """A small catalog: the requests stay fast enough for 1,000 examples each."""
    for code in ["CPC", "CCS", "CCA"]:
        certification = CertificationFactory(
            code=code, apprentice_designation=f"{code}-A"
        )
        pathway = EligibilityPathwayFactory(certification=certification)
        RequirementFactory(pathway=pathway)
        FeeFactory(certification=certification)


@pytest.fixture
def response():
    return Response.objects.create(answers=ANSWERS)


def assert_no_server_error(page):
    assert page.status_code < 500, page.content[:500]


def post_form(client, url, body):
    content_type, data = body
    return client.generic("POST", url, data, content_type=content_type)


@pytest.mark.parametrize(
    "slug",
    [
        "education",
        "high-school",
        "him-program",
        "training",
        "experience",
        "credentials",
        "goal",
    ],
)
def test_questionnaire_steps_never_fail_on_malformed_bodies(
    client, catalog, response, slug
):
    url = reverse("applicants:step", args=[response.pk, slug])

    @fuzz
    @given(body=form_bodies, query=query_strings)
    def post(body, query):
        Response.objects.filter(pk=response.pk).update(answers=ANSWERS)
        assert_no_server_error(post_form(client, f"{url}?{query}", body))

    post()


def test_start_never_fails_on_malformed_bodies(client):
    @fuzz
    @given(body=form_bodies)
    def post(body):
        assert_no_server_error(post_form(client, reverse("applicants:start"), body))

    post()


def test_check_answers_never_fails_on_malformed_bodies(client, catalog, response):
    url = reverse("applicants:check_answers", args=[response.pk])

    @fuzz
    @given(body=form_bodies)
    def post(body):
        assert_no_server_error(post_form(client, url, body))

    post()


def test_delete_never_fails_on_malformed_bodies(client):
    @fuzz
    @given(body=form_bodies)
    def post(body):
        response = Response.objects.create(answers=ANSWERS)
        url = reverse("applicants:delete", args=[response.pk])
        assert_no_server_error(post_form(client, url, body))

    post()


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalog:certification_list"),
        reverse("catalog:compare"),
        "/api/v1/certifications",
        "/api/v1/certifications/CPC",
        "/api/v1/bodies",
    ],
)
def test_pages_and_api_reads_never_fail_on_malformed_query_strings(
    client, catalog, url
):
    @fuzz
    @given(query=query_strings)
    def get(query):
        assert_no_server_error(client.get(f"{url}?{query}"))

    get()


def test_compare_never_fails_on_random_certification_codes(client, catalog):
    codes = st.one_of(st.sampled_from(["CPC", "CCS", "cpc", "CCA", ""]), st.text())

    @fuzz
    @given(c=st.lists(codes, max_size=8))
    def get(c):
        assert_no_server_error(client.get(reverse("catalog:compare"), {"c": c}))

    get()


@pytest.mark.parametrize(
    "prefix", ["/api/v1/certifications/", "/certifications/", "/bodies/"]
)
def test_detail_pages_never_fail_on_random_codes(client, catalog, prefix):
    @fuzz
    @given(code=st.text(min_size=1, max_size=60))
    def get(code):
        assert_no_server_error(client.get(prefix + quote(code, safe="")))

    get()


def test_the_eligibility_api_never_fails_on_malformed_bodies(client, catalog):
    content_types = st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    )

    @fuzz
    @given(body=json_bodies, content_type=content_types)
    def post(body, content_type):
        page = client.generic(
            "POST", "/api/v1/eligibility", body, content_type=content_type
        )
        assert_no_server_error(page)

    post()
