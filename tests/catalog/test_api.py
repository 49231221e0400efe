"""The read-only catalog JSON API: content, filters, errors, its OpenAPI document."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from catalog.models import (
    Certification,
    Fee,
    Source,
)
from tests.factories import (
    CareSettingFactory,
    CaveatFactory,
    CertificationFactory,
    CertificationSourceFactory,
    CredentialingBodyFactory,
    DuesFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    FormerNameFactory,
    RecommendationFactory,
    RequirementFactory,
    SourceFactory,
)
from tests.openapi import strict

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get_json(client, path, params=None, expect=200):
    response = client.get(f"{API}{path}", params or {})
    assert response.status_code == expect
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def codes(data):
    return [item["code"] for item in data["items"]]


def cpc_detail(client):
    return get_json(client, "/certifications/CPC")


# List


def test_list_returns_published_certifications_only(client, catalog):
    data = get_json(client, "/certifications")

    assert codes(data) == ["CCA", "COC", "CPC"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"body": "ahima"}, ["CCA"]),
        ({"level": "entry"}, ["CCA"]),
        ({"setting": "hospital-outpatient"}, ["COC"]),
        ({"education": "none"}, ["CPC"]),
        ({"status": "uncertain"}, ["CCA"]),
        ({"q": "outpatient"}, ["COC"]),
    ],
)
def test_each_filter_narrows_the_list(client, catalog, params, expected):
    data = get_json(client, "/certifications", params)

    assert codes(data) == expected
    assert data["count"] == len(expected)


def test_search_finds_a_certification_by_its_former_name(client, catalog):
    data = get_json(client, "/certifications", {"q": "CPC-H"})

    assert codes(data) == ["COC"]


def test_bad_filter_value_is_ignored_and_named(client, catalog):
    data = get_json(client, "/certifications", {"level": "expert", "body": "ahima"})

    assert codes(data) == ["CCA"]
    assert data["ignored"] == ["Level “expert” is not one we know, so it was ignored."]


def test_too_long_search_is_ignored_not_an_error(client, catalog):
    data = get_json(client, "/certifications", {"q": "x" * 101})

    assert data["count"] == 3
    assert data["ignored"] == [
        "The search was too long (over 100 characters), so it was ignored."
    ]


def test_a_search_with_a_null_character_is_ignored_and_says_why(client, catalog):
    data = get_json(client, "/certifications", {"q": "CPC\x00"})

    assert data["count"] == 3
    assert data["ignored"] == ["The search held a null character, so it was ignored."]


def test_list_pages_with_limit_and_offset_and_counts_every_match(client, catalog):
    data = get_json(client, "/certifications", {"limit": 1, "offset": 1})

    assert codes(data) == ["COC"]
    assert data["count"] == 3


def test_list_gives_twenty_by_default(client):
    body = CredentialingBodyFactory()
    for n in range(21):
        CertificationFactory(body=body, code=f"P{n:02d}")

    data = get_json(client, "/certifications")

    assert len(data["items"]) == 20
    assert data["count"] == 21


@pytest.mark.parametrize("limit", [0, 101, "many"])
def test_limit_outside_1_to_100_is_a_422_naming_the_parameter(client, limit):
    data = get_json(client, "/certifications", {"limit": limit}, expect=422)

    assert data["detail"][0]["loc"] == ["query", "limit"]


# Detail


def test_detail_carries_the_certification_facts(client, catalog):
    data = cpc_detail(client)

    assert data["code"] == "CPC"
    assert data["name"] == "Certified Professional Coder"
    assert data["status"] == "active"
    assert data["level"] == "professional"
    assert data["category"] == "coding"
    assert data["care_settings"] == [
        {"slug": "physician-office", "name": "Physician office"}
    ]
    assert data["related"] == ["COC"]
    assert data["last_verified"] == "2026-11-26"


def test_detail_links_the_body_and_the_page_with_absolute_urls(client, catalog):
    data = cpc_detail(client)

    assert data["body"] == {
        "acronym": "AAPC",
        "name": "AAPC",
        "url": "http://testserver/bodies/aapc/",
    }
    assert data["url"] == "http://testserver/certifications/CPC/"


def test_detail_requirements_carry_kind_parameters_and_plain_words(client, catalog):
    pathway = cpc_detail(client)["pathways"][0]

    assert pathway["key"] == "course"
    assert pathway["purpose"] == "eligibility"
    assert pathway["confidence"] == "high"
    assert pathway["source"] == "A01"
    assert pathway["requirements"] == [
        {
            "kind": "coding_training",
            "parameters": {"hours": 80},
            "text": "Complete a coding training course of at least 80 hours",
            "source": None,
        }
    ]


def test_detail_lists_apprentice_removal_pathways_with_their_purpose(client, catalog):
    pathways = cpc_detail(client)["pathways"]

    assert [p["purpose"] for p in pathways] == [
        "eligibility",
        "eligibility",
        "apprentice_removal",
    ]
    assert pathways[2]["requirements"][0]["text"] == (
        "2 years of coding experience an employer can verify"
    )


def test_detail_gives_a_null_amount_for_a_fee_not_published(client, catalog):
    fees = cpc_detail(client)["fees"]

    assert fees == [
        {
            "kind": "exam",
            "audience": "member",
            "amount": 399.0,
            "currency": "USD",
            "note": None,
            "as_of": "2026",
            "as_of_date": "2026-01-01",
            "as_of_precision": "year",
            "is_current": True,
            "sources_disagree": False,
            "source": "A01",
        },
        {
            "kind": "exam",
            "audience": "non_member",
            "amount": 499.0,
            "currency": "USD",
            "note": None,
            "as_of": None,
            "as_of_date": None,
            "as_of_precision": "undated",
            "is_current": True,
            "sources_disagree": False,
            "source": "A01",
        },
        {
            "kind": "retake",
            "audience": "everyone",
            "amount": None,
            "currency": "USD",
            "note": None,
            "as_of": None,
            "as_of_date": None,
            "as_of_precision": "undated",
            "is_current": True,
            "sources_disagree": False,
            "source": "A01",
        },
    ]


def test_detail_gives_the_first_year_cost_with_its_parts(client, catalog):
    DuesFactory(
        body=catalog["aapc"],
        as_of="2026",
        source=SourceFactory(key="A03", title="AAPC dues", url="https://aapc.test/"),
    )

    cost = cpc_detail(client)["first_year_cost"]

    assert cost["text"] == "$589"
    assert (cost["low"], cost["high"], cost["estimate"]) == (589.0, 589.0, False)
    assert cost["basis"] == (
        "AAPC membership, first year: the body's own page; "
        "CPC exam, member price: the body's own page"
    )
    assert cost["parts"][0] == {
        "label": "AAPC membership, first year",
        "text": "$190",
        "low": 190.0,
        "high": 190.0,
        "estimate": False,
        "notes": [],
        "sources": [
            {"url": "https://aapc.test/", "title": "AAPC dues", "as_of": "2026"}
        ],
    }
    assert cost["parts"][1]["label"] == "CPC exam, member price"


def test_detail_gives_an_estimate_range_with_its_sources(client, catalog):
    Fee.objects.filter(
        certification=catalog["cpc"], audience=Fee.Audience.MEMBER
    ).update(amount=None, note="AAPC shows the price when you buy")
    for amount, key in [(399, "Y01"), (499, "X04")]:
        FeeFactory(
            certification=catalog["cpc"],
            amount=amount,
            as_of="2026-02",
            source=SourceFactory(key=key, kind=Source.Kind.SECONDARY),
        )

    part = cpc_detail(client)["first_year_cost"]["parts"][1]

    assert part["text"] == "about $399–$499"
    assert (part["low"], part["high"], part["estimate"]) == (399.0, 499.0, True)
    assert part["notes"] == ["AAPC shows the price when you buy"]
    assert [source["title"] for source in part["sources"]] == [
        "Source Y01",
        "Source X04",
    ]


def test_the_first_year_cost_reads_as_on_the_page(client, catalog):
    FeeFactory(
        certification=catalog["cca"], audience=Fee.Audience.NON_MEMBER, amount=299
    )

    cost = get_json(client, "/certifications/CCA")["first_year_cost"]
    page = client.get(reverse("catalog:certification_detail", args=["CCA"])).text

    assert cost["text"] == "$299"
    assert f"{cost['text']} (CCA exam, without joining AHIMA)" in page


def test_a_first_year_with_a_part_no_source_prices_is_not_published(client, catalog):
    cost = cpc_detail(client)["first_year_cost"]  # AAPC's member dues: no source

    assert cost["text"] == "Not published"
    assert (cost["low"], cost["high"], cost["basis"]) == (None, None, None)
    assert cost["parts"][0]["text"] == "Not published"
    assert cost["parts"][0]["sources"] == []


def test_detail_carries_exam_maintenance_and_apprentice(client, catalog):
    data = cpc_detail(client)

    assert data["exam"] == {
        "questions": "100",
        "minutes": 240,
        "format": None,
        "delivery": None,
        "open_book": True,
        "passing": "70%",
        "note": None,
    }
    assert data["maintenance"] == {
        "ceus_per_cycle": 36,
        "cycle_years": 2,
        "note": "36 CEUs every two years.",
    }
    assert data["apprentice"] == {
        "designation": "CPC-A",
        "note": "Removed with two years of experience.",
    }


def test_detail_has_no_apprentice_when_there_is_no_designation(client, catalog):
    assert get_json(client, "/certifications/COC")["apprentice"] is None


def test_detail_carries_recommendations_and_caveats_with_source_keys(client, catalog):
    data = cpc_detail(client)

    assert data["recommendations"] == [
        {"text": "6 months of coding experience", "source": "A01"}
    ]
    assert data["caveats"] == [
        {
            "topic": "fees",
            "kind": "conflict",
            "text": "A training provider lists the exam at $425.",
            "sources": ["P05"],
        }
    ]


def test_detail_lists_every_referenced_source_once_with_its_topics(client, catalog):
    sources = cpc_detail(client)["sources"]

    assert [(s["key"], s["topics"]) for s in sources] == [
        ("A01", ["general", "eligibility", "fees", "apprentice"]),
        ("P05", ["fees"]),
    ]
    assert sources[0] == {
        "key": "A01",
        "url": "https://example.org/a01",
        "title": "AAPC CPC exam page",
        "as_of": "January 2026",
        "as_of_date": "2026-01-01",
        "as_of_precision": "month",
        "accessed_on": "2026-11-26",
        "kind": "official",
        "topics": ["general", "eligibility", "fees", "apprentice"],
    }


def test_detail_gives_former_names_as_strings(client, catalog):
    assert get_json(client, "/certifications/COC")["former_names"] == ["CPC-H"]


def test_detail_names_a_published_successor_by_code(client, catalog):
    catalog["coc"].status = Certification.Status.RETIRED
    catalog["coc"].replaced_by = catalog["cpc"]
    catalog["coc"].save()

    data = get_json(client, "/certifications/COC")

    assert data["status"] == "retired"
    assert data["replaced_by"] == "CPC"


def test_detail_does_not_name_a_draft_successor(client, catalog):
    catalog["coc"].replaced_by = Certification.objects.get(code="DRAFT1")
    catalog["coc"].save()

    assert get_json(client, "/certifications/COC")["replaced_by"] is None


def test_detail_code_is_case_insensitive(client, catalog):
    assert get_json(client, "/certifications/cpc")["code"] == "CPC"


def test_detail_finds_a_certification_by_a_former_name_in_any_case(client, catalog):
    assert get_json(client, "/certifications/cpc-h")["code"] == "COC"


def test_detail_url_is_the_code_as_stored(client, catalog):
    assert get_json(client, "/certifications/coc")["url"] == (
        "http://testserver/certifications/COC/"
    )


def test_unknown_code_is_a_json_404_with_a_message(client, catalog):
    data = get_json(client, "/certifications/XYZ", expect=404)

    assert data == {"detail": "No published certification has the code “XYZ”."}


def test_draft_is_a_json_404(client, catalog):
    data = get_json(client, "/certifications/DRAFT1", expect=404)

    assert data == {"detail": "No published certification has the code “DRAFT1”."}


def test_unknown_api_path_is_a_json_404(client):
    data = get_json(client, "/nothing/here", expect=404)

    assert data == {
        "detail": "There is no API endpoint at /api/v1/nothing/here; "
        "/api/v1/openapi.json lists them."
    }


def test_api_root_is_a_json_404_pointing_at_the_openapi_document(client):
    data = get_json(client, "/", expect=404)

    assert "/api/v1/openapi.json" in data["detail"]


def test_post_is_not_allowed(client, catalog):
    response = client.post(f"{API}/certifications")

    assert response.status_code == 405


# Credentials


def test_credentials_lists_published_codes_and_apprentice_designations(client):
    CertificationFactory(
        code="CPC", name="Professional", apprentice_designation="CPC-A"
    )
    CertificationFactory(code="DRAFT1", published=False)

    data = get_json(client, "/credentials")

    assert data["count"] == 2
    assert data["items"] == [
        {"code": "CPC", "label": "CPC — Professional"},
        {"code": "CPC-A", "label": "CPC-A — Professional, apprentice"},
    ]


def test_credentials_is_an_empty_list_for_an_empty_catalog(client):
    assert get_json(client, "/credentials") == {"count": 0, "items": []}


# Bodies


def test_bodies_lists_every_body_with_dues_rules_and_codes(client, catalog):
    data = get_json(client, "/bodies")

    aapc = data["items"][0]
    assert data["count"] == 2
    assert [body["acronym"] for body in data["items"]] == ["AAPC", "AHIMA"]
    assert aapc["membership_required_to_test"] == "required"
    assert aapc["renewal_rules"] == "Keep membership and earn CEUs."
    assert aapc["certifications"] == ["COC", "CPC"]
    assert aapc["fees"] == [
        {
            "kind": "membership",
            "audience": "student",
            "amount": 145.0,
            "currency": "USD",
            "note": None,
            "as_of": None,
            "as_of_date": None,
            "as_of_precision": "undated",
            "is_current": True,
            "sources_disagree": False,
            "source": "A02",
        }
    ]
    assert aapc["url"] == "http://testserver/bodies/aapc/"


def test_bodies_list_their_own_sources_and_their_fees_sources(client, catalog):
    aapc = get_json(client, "/bodies")["items"][0]

    assert [source["key"] for source in aapc["sources"]] == ["A01", "A02"]
    assert aapc["last_verified"] == "2026-11-26"


# The OpenAPI document


@pytest.fixture
def openapi(client):
    return get_json(client, "/openapi.json")


def test_openapi_document_is_valid(openapi):
    validate(openapi)


def test_openapi_document_names_the_api_and_says_facts_carry_sources(openapi):
    assert openapi["info"]["title"] == "certportal API"
    assert openapi["info"]["version"] == "1"
    assert "sources" in openapi["info"]["description"]


def test_the_catalog_is_read_only_and_only_eligibility_takes_a_post(openapi):
    methods = {path: set(operations) for path, operations in openapi["paths"].items()}

    assert methods == {
        "/api/v1/certifications": {"get"},
        "/api/v1/certifications/{code}": {"get"},
        "/api/v1/bodies": {"get"},
        "/api/v1/credentials": {"get"},
        "/api/v1/eligibility": {"post"},
    }


def assert_matches_document(openapi, path, status, data):
    response = openapi["paths"][path]["get"]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        strict({**schema, "components": openapi["components"]}),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        ("/certifications", "/api/v1/certifications", 200),
        ("/certifications?level=expert", "/api/v1/certifications", 200),
        ("/certifications/CPC", "/api/v1/certifications/{code}", 200),
        ("/certifications/COC", "/api/v1/certifications/{code}", 200),
        ("/certifications/XYZ", "/api/v1/certifications/{code}", 404),
        ("/bodies", "/api/v1/bodies", 200),
        ("/certifications?limit=0", "/api/v1/certifications", 422),
    ],
)
def test_responses_match_the_openapi_document(
    client, catalog, openapi, url, path, status
):
    data = get_json(client, url, expect=status)

    assert_matches_document(openapi, path, status, data)


# Queries


def build_catalog(numbers):
    """Certifications of one body, each with every kind of related row."""
    body = CredentialingBodyFactory(acronym="BIG", slug="big")
    setting = CareSettingFactory(slug="everywhere")
    source = SourceFactory(key="B01")
    body.sources.add(source)
    FeeFactory(certification=None, body=body, kind=Fee.Kind.MEMBERSHIP, source=source)
    for n in numbers:
        certification = CertificationFactory(body=body, code=f"Q{n:04d}")
        certification.care_settings.add(setting)
        FormerNameFactory(certification=certification)
        RequirementFactory(
            pathway=EligibilityPathwayFactory(
                certification=certification, source=source
            ),
            source=source,
        )
        RecommendationFactory(certification=certification, source=source)
        FeeFactory(certification=certification, source=source)
        CaveatFactory(certification=certification).sources.add(source)
        CertificationSourceFactory(certification=certification, source=source)
        if n:
            previous = Certification.objects.get(code=f"Q{n - 1:04d}")
            certification.related.add(previous)
            certification.replaced_by = previous
            certification.save()


def count_queries(client, url):
    client.get(url)  # warm up per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/certifications?limit=100",
        f"{API}/certifications?q=Coder&level=professional&limit=100",
        f"{API}/certifications/Q0003",
        f"{API}/bodies",
    ],
)
def test_queries_do_not_grow_with_the_catalog(client, url):
    build_catalog(range(5))
    with_5 = count_queries(client, url)

    build_catalog(range(5, 60))
    with_60 = count_queries(client, url)

    assert Certification.objects.count() == 60

    assert with_60 == with_5
    assert with_60 <= 16


def test_an_offset_past_any_database_integer_is_a_422(client):
    page = client.get("/api/v1/certifications", {"offset": str(2**64)})

    assert page.status_code == 422
