"""Malformed input to every form and page, and input no document describes to the
API: never a 5xx.

Hypothesis sends bodies or query strings to each endpoint: random and known keys,
wrong types, huge and unicode values, NUL bytes, repeated keys, undecodable
escapes, bodies that are not form data or JSON at all. How many per endpoint is
the Hypothesis profile's (tests/conftest.py): a quick run in `make test`, 1,000 in
`make fuzz` and CI. Whatever the profile, each test also sends the inputs of the
kinds that once broke a page (`@example`). What the API's OpenAPI document
describes, Schemathesis sends (tests/test_api_schema.py).

CSRF checks are off in the test client, so every body reaches its view; the
questionnaire's rate limit is off too.
"""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from applicants.models import Response

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

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
FORM = "application/x-www-form-urlencoded"

# Inputs of the kinds the full fuzz found breaking a page (a 500), sent on every run.
NUL_IN_EVERY_FIELD = (FORM, urlencode(dict.fromkeys(FIELDS, "\x00")).encode())
NUMBERS_PAST_ANY_INTEGER = (
    FORM,
    urlencode(
        {
            "coding_training_hours": "9" * 40,
            "coding_experience_months": "1e309",
            "page": str(2**64),
            "offset": str(2**64),
        }
    ).encode(),
)
A_LIST_FOR_ONE_VALUE = (
    FORM,
    urlencode(
        [("education", "associate"), ("education", "none"), ("credentials", "\x00")]
        + [("coding_training_hours", n) for n in ("1", "2")]
    ).encode(),
)
NOT_UTF8 = (FORM, b"education=\xff\xfe&credentials=%FF%FE")
BAD_QUERY_STRINGS = [
    "%00",
    "q=%00&c=%00&body=%00&setting=%00",
    f"page={2**64}&offset={2**64}&limit={2**64}",
    "limit=-1&offset=-1&page=-1",
    "%FF%FE",
    "c=CPC&c=CPC&level=expert&level=entry",
]


def known_breakers(*arguments):
    """`@example` for each of `arguments` (one keyword argument dict each)."""

    def decorate(test):
        for kwargs in reversed(arguments):
            test = example(**kwargs)(test)
        return test

    return decorate


BREAKING_BODIES = [
    {"body": body}
    for body in (
        NUL_IN_EVERY_FIELD,
        NUMBERS_PAST_ANY_INTEGER,
        A_LIST_FOR_ONE_VALUE,
        NOT_UTF8,
    )
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.QUESTIONNAIRE_POST_LIMIT = 0


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
    client, small_catalog, response, slug
):
    url = reverse("applicants:step", args=[response.pk, slug])

    @given(body=form_bodies, query=query_strings)
    @known_breakers(
        *({**kwargs, "query": ""} for kwargs in BREAKING_BODIES),
        *({"body": (FORM, b""), "query": query} for query in BAD_QUERY_STRINGS),
    )
    def post(body, query):
        Response.objects.filter(pk=response.pk).update(answers=ANSWERS)
        assert_no_server_error(post_form(client, f"{url}?{query}", body))

    post()


def test_start_never_fails_on_malformed_bodies(client):
    @given(body=form_bodies)
    @known_breakers(*BREAKING_BODIES)
    def post(body):
        assert_no_server_error(post_form(client, reverse("applicants:start"), body))

    post()


def test_check_answers_never_fails_on_malformed_bodies(client, small_catalog, response):
    url = reverse("applicants:check_answers", args=[response.pk])

    @given(body=form_bodies)
    @known_breakers(*BREAKING_BODIES)
    def post(body):
        assert_no_server_error(post_form(client, url, body))

    post()


def test_delete_never_fails_on_malformed_bodies(client):
    @given(body=form_bodies)
    @known_breakers(*BREAKING_BODIES)
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
        # Query strings the OpenAPI document can't describe (tests/test_api_schema.py
        # sends those it does).
        "/api/v1/certifications",
        "/api/v1/certifications/CPC",
        "/api/v1/bodies",
    ],
)
def test_pages_and_api_reads_never_fail_on_malformed_query_strings(
    client, small_catalog, url
):
    @given(query=query_strings)
    @known_breakers(*({"query": query} for query in BAD_QUERY_STRINGS))
    def get(query):
        assert_no_server_error(client.get(f"{url}?{query}"))

    get()


def test_compare_never_fails_on_random_certification_codes(client, small_catalog):
    codes = st.one_of(st.sampled_from(["CPC", "CCS", "cpc", "CCA", ""]), st.text())

    @given(c=st.lists(codes, max_size=8))
    @known_breakers({"c": ["CPC", "C\x00C"]}, {"c": ["\x00"] * 8}, {"c": ["9" * 40]})
    def get(c):
        assert_no_server_error(client.get(reverse("catalog:compare"), {"c": c}))

    get()


@pytest.mark.parametrize("prefix", ["/certifications/", "/bodies/"])
def test_detail_pages_never_fail_on_random_codes(client, small_catalog, prefix):
    @given(code=st.text(min_size=1, max_size=60))
    @known_breakers({"code": "\x00"}, {"code": "CPC\x00"}, {"code": "%FF"})
    def get(code):
        assert_no_server_error(client.get(prefix + quote(code, safe="")))

    get()


def test_the_eligibility_api_never_fails_on_bodies_that_are_not_json(
    client, small_catalog
):
    content_types = st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    )

    @given(body=st.binary(max_size=300), content_type=content_types)
    @known_breakers(
        {"body": b"\x00", "content_type": "application/json"},
        {"body": b'{"education": "\xff"}', "content_type": "application/json"},
        {"body": b"education=ged", "content_type": "application/x-www-form-urlencoded"},
    )
    def post(body, content_type):
        page = client.generic(
            "POST", "/api/v1/eligibility", body, content_type=content_type
        )
        assert_no_server_error(page)

    post()
