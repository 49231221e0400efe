"""POST /api/v1/eligibility: answers in, verdicts out, errors per field, its document."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from catalog.eligibility import Person, evaluate
from catalog.models import Caveat, EligibilityPathway, Requirement
from catalog.queries import eligibility_rules
from certportal.cache import new_catalog_version
from tests.factories import (
    CareSettingFactory,
    CaveatFactory,
    CertificationFactory,
    CredentialingBodyFactory,
    EligibilityPathwayFactory,
    RequirementFactory,
)
from tests.openapi import strict

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility"
DIPLOMA_ONLY = {
    "education": "high_school_diploma",
    "him_program": "none",
    "coding_training_hours": 0,
    "coding_experience_months": 0,
    "credentials": [],
    "goal_setting": "any",
}


def requirement(pathway, kind, **params):
    return RequirementFactory(pathway=pathway, kind=kind, params=params)


@pytest.fixture
def catalog():
    """CPC (AAPC membership, apprentice CPC-A), CCA (diploma or GED), RHIT (HIM)."""
    office = CareSettingFactory(slug="physician_office", name="Physician office")
    aapc = CredentialingBodyFactory(acronym="AAPC", slug="aapc")
    ahima = CredentialingBodyFactory(acronym="AHIMA", slug="ahima")

    cpc = CertificationFactory(
        body=aapc,
        code="CPC",
        name="Certified Professional Coder",
        apprentice_designation="CPC-A",
    )
    cpc.care_settings.add(office)
    membership = EligibilityPathwayFactory(
        certification=cpc, key="member", name="AAPC membership"
    )
    requirement(membership, Requirement.Kind.MEMBERSHIP, body="AAPC")
    two_years = EligibilityPathwayFactory(
        certification=cpc,
        key="two-years",
        name="Two years of experience",
        purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
    )
    requirement(two_years, Requirement.Kind.EXPERIENCE, months=24)
    year_and_course = EligibilityPathwayFactory(
        certification=cpc,
        key="year-and-course",
        name="One year and a course",
        purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
    )
    requirement(year_and_course, Requirement.Kind.EXPERIENCE, months=12)
    requirement(year_and_course, Requirement.Kind.CODING_TRAINING, hours=80)

    cca = CertificationFactory(
        body=ahima, code="CCA", name="Certified Coding Associate"
    )
    requirement(
        EligibilityPathwayFactory(certification=cca, key="diploma", name="Diploma"),
        Requirement.Kind.MIN_EDUCATION,
        level="high_school_or_equivalent",
    )

    rhit = CertificationFactory(
        body=ahima, code="RHIT", name="Registered Health Information Technician"
    )
    requirement(
        EligibilityPathwayFactory(certification=rhit, key="him", name="HIM degree"),
        Requirement.Kind.HIM_PROGRAM,
        any_of=["associate_final_term", "associate"],
    )
    CertificationFactory(body=aapc, code="DRAFT1", published=False)
    return {"cpc": cpc, "cca": cca, "rhit": rhit}


def post(client, body, expect=200):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    response = client.post(URL, data, content_type="application/json")
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def statuses(data):
    return {result["code"]: result["status"] for result in data["results"]}


def by_code(data, code):
    return next(result for result in data["results"] if result["code"] == code)


def field_errors(data):
    """{field: message} of a 422's details."""
    return {tuple(error["loc"][2:]): error["msg"] for error in data["detail"]}


# Verdicts


def test_diploma_only_person_gets_a_verdict_for_each_published_certification(
    client, catalog
):
    data = post(client, DIPLOMA_ONLY)

    assert statuses(data) == {
        "CCA": "eligible",
        "CPC": "eligible_as_apprentice",
        "RHIT": "not_yet",
    }


def test_verdict_lists_each_requirement_met_or_not(client, catalog):
    rhit = by_code(post(client, DIPLOMA_ONLY), "RHIT")

    assert rhit["pathway"] == "HIM degree"
    assert rhit["requirements"] == [
        {
            "text": "In the final term of a CAHIIM-accredited associate HIM program "
            "or completed a CAHIIM-accredited associate HIM program",
            "met": False,
            "status": "missing",
        }
    ]
    assert rhit["gaps"] == [
        "in the final term of a CAHIIM-accredited associate HIM program "
        "or completed a CAHIIM-accredited associate HIM program"
    ]


def test_apprentice_verdict_says_how_the_designation_is_removed(client, catalog):
    cpc = by_code(post(client, DIPLOMA_ONLY), "CPC")

    apprentice = cpc["apprentice"]
    assert apprentice["designation"] == "CPC-A"
    assert apprentice["removed"] is False
    assert len(apprentice["how_removed"]) == 2
    assert apprentice["how_removed"][0] == (
        "2 years of coding experience an employer can verify"
    )
    assert apprentice["gaps"] == ["2 more years of verified coding experience"]
    assert cpc["to_do"] == ["join AAPC"]


def test_verdict_links_the_certification_page_with_an_absolute_url(client, catalog):
    cca = by_code(post(client, DIPLOMA_ONLY), "CCA")

    assert cca["url"] == "http://testserver/certifications/CCA/"
    assert cca["apprentice"] is None


def test_person_holding_the_certification_gets_already_held(client, catalog):
    data = post(client, {**DIPLOMA_ONLY, "credentials": ["CPC"]})

    assert statuses(data)["CPC"] == "already_held"


def test_credential_codes_are_read_in_any_case(client, catalog):
    data = post(client, {**DIPLOMA_ONLY, "credentials": [" cpc-a "]})

    assert statuses(data)["CPC"] == "already_held"


def test_goal_setting_puts_matching_certifications_first(client, catalog):
    data = post(client, {**DIPLOMA_ONLY, "goal_setting": "physician_office"})

    assert [r["code"] for r in data["results"]] == ["CPC", "CCA", "RHIT"]
    assert data["results"][0]["goal_match"] is True


def test_missing_fields_take_the_most_cautious_values(client, catalog):
    assert statuses(post(client, {})) == {
        "CCA": "not_yet",
        "CPC": "eligible_as_apprentice",
        "RHIT": "not_yet",
    }


def test_the_answers_come_back_in_the_words_of_the_guidance_page(client, catalog):
    """Every field as it was judged, defaults included, one hour in the singular."""
    data = post(client, {"education": "ged", "coding_training_hours": 1})

    assert data["answers"] == [
        {"question": "Education", "answer": "GED or another high school equivalency"},
        {"question": "High school or GED within 12 months", "answer": "No"},
        {
            "question": "Health information management program",
            "answer": "No, not in a health information management (HIM) program",
        },
        {"question": "Coding training", "answer": "1 hour"},
        {"question": "Coding work an employer can verify", "answer": "0 months"},
        {"question": "Credentials you hold", "answer": "None"},
        {
            "question": "Where you would like to work",
            "answer": "Not sure yet: show me where to start",
        },
    ]


def test_verdicts_are_those_of_the_engine_the_guidance_page_uses(client, catalog):
    answers = {
        "education": "ged",
        "coding_training_hours": 80,
        "coding_experience_months": 12,
        "goal_setting": "physician_office",
    }
    expected = evaluate(Person.from_answers(answers), eligibility_rules())

    data = post(client, answers)

    assert [(r["code"], r["status"], r["gaps"]) for r in data["results"]] == [
        (v.code, v.status, list(v.gaps)) for v in expected
    ]


def test_caveats_of_the_certification_come_with_its_verdict(client, catalog):
    CaveatFactory(
        certification=catalog["cca"],
        topic=Caveat.Topic.ELIGIBILITY,
        text="AHIMA's page does not say whether a GED counts.",
    )

    cca = by_code(post(client, DIPLOMA_ONLY), "CCA")

    assert cca["caveats"] == ["AHIMA's page does not say whether a GED counts."]


# The plan, as the guidance page's


def test_the_plan_names_the_first_step_with_its_reason_cost_and_steps(client, catalog):
    data = post(client, {**DIPLOMA_ONLY, "goal_setting": "physician_office"})

    plan = data["plan"]
    assert plan["action"] == "sit"
    assert (plan["title"], plan["code"]) == ("Sit the CPC exam", "CPC")
    assert plan["why"].startswith("You want to work in “a physician office")
    assert set(plan["first_year_cost"]) >= {"text", "low", "high", "parts"}
    assert [step["title"] for step in plan["steps"]][-1] == "Afterwards"
    assert any(line.startswith("The exam:") for line in plan["time"])


def test_the_plan_is_the_removal_of_an_apprentice_designation_that_can_go(
    client, catalog
):
    data = post(
        client,
        {
            **DIPLOMA_ONLY,
            "credentials": ["CPC-A"],
            "coding_experience_months": 12,
            "coding_training_hours": 80,
        },
    )

    assert data["plan"]["action"] == "remove_apprentice"
    assert data["plan"]["first_year_cost"] is None


def test_each_verdict_says_whom_the_credential_suits_and_if_it_is_offered(
    client, catalog
):
    data = post(client, DIPLOMA_ONLY)

    cca = by_code(data, "CCA")
    assert cca["suits"] in {"beginner", "experienced"}
    assert cca["offered"] is True
    assert cca["condition"] == ""


def test_the_plan_is_the_same_as_the_guidance_pages(client, catalog):
    from applicants.guidance import guidance

    answers = {**DIPLOMA_ONLY, "goal_setting": "physician_office"}
    page = guidance(answers)["plan"]

    plan = post(client, answers)["plan"]

    assert (plan["title"], plan["why"]) == (page.title, page.why)
    assert plan["first_year_cost"]["text"] == page.cost.text


def test_a_post_without_a_csrf_token_is_answered(catalog):
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, DIPLOMA_ONLY, content_type="application/json")

    assert response.status_code == 200


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


# Errors


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"education": "phd"},
            ("education",),
            "education must be one of: none, high_school_diploma, ged, associate, "
            "bachelor, master_or_higher (not 'phd')",
        ),
        (
            {"coding_experience_months": -1},
            ("coding_experience_months",),
            "coding_experience_months must be between 0 and 600 (not -1)",
        ),
        (
            {"coding_experience_months": 601},
            ("coding_experience_months",),
            "coding_experience_months must be between 0 and 600 (not 601)",
        ),
        (
            {"coding_training_hours": "ten"},
            ("coding_training_hours",),
            "coding_training_hours must be a whole number between 0 and 5000 "
            "(not 'ten')",
        ),
        (
            {"coding_training_hours": True},
            ("coding_training_hours",),
            "coding_training_hours must be a whole number between 0 and 5000 "
            "(not True)",
        ),
        (
            {"goal_setting": "moon"},
            ("goal_setting",),
            "goal_setting must be one of: physician_office, hospital_inpatient, "
            "hospital_outpatient, payer, him_department, any (not 'moon')",
        ),
        (
            {"high_school_senior": "yes"},
            ("high_school_senior",),
            "high_school_senior must be true or false (not 'yes')",
        ),
        (
            {"credentials": "CPC"},
            ("credentials",),
            'credentials must be a list of credential codes, e.g. ["CPC-A"]',
        ),
        (
            {"educaton": "ged"},
            ("educaton",),
            "Extra inputs are not permitted",
        ),
    ],
)
def test_bad_value_is_a_422_with_a_message_for_its_field(
    client, catalog, answers, field, message
):
    data = post(client, answers, expect=422)

    assert field_errors(data) == {field: message}


def test_every_bad_field_gets_its_own_message(client, catalog):
    data = post(
        client,
        {"education": "phd", "coding_training_hours": True, "goal_setting": 3},
        expect=422,
    )

    assert set(field_errors(data)) == {
        ("education",),
        ("coding_training_hours",),
        ("goal_setting",),
    }


def test_unknown_credential_is_a_422_naming_it(client, catalog):
    data = post(client, {"credentials": ["CPC-A", "xyz"]}, expect=422)

    assert data["detail"] == [
        {
            "type": "credential",
            "loc": ["body", "answers", "credentials", 1],
            "msg": "“XYZ” is not a credential we know; use a published "
            "certification's code or its apprentice designation (e.g. CPC-A): "
            "GET /api/v1/credentials lists them",
        }
    ]


def test_unknown_credential_is_cut_to_40_characters_in_the_message(client, catalog):
    data = post(client, {"credentials": ["X" * 900_000]}, expect=422)

    assert f"“{'X' * 39}…” is not a credential we know" in data["detail"][0]["msg"]


def test_draft_certification_code_is_not_a_credential(client, catalog):
    data = post(client, {"credentials": ["DRAFT1"]}, expect=422)

    assert "“DRAFT1” is not a credential we know" in data["detail"][0]["msg"]


def test_json_array_body_is_a_422_asking_for_an_object(client, catalog):
    data = post(client, [DIPLOMA_ONLY], expect=422)

    assert data["detail"][0]["loc"] == ["body", "answers"]
    assert data["detail"][0]["msg"] == (
        'The body must be a JSON object of answers, e.g. {"education": "ged"} '
        "(not a JSON array)"
    )


def test_body_that_is_not_json_is_a_400(client, catalog):
    data = post(client, "education=ged", expect=400)

    assert data == {"detail": "Cannot parse request body"}


MALFORMED = [
    "",
    "{",
    "nope",
    "null",
    "42",
    '"text"',
    "[]",
    '[{"education": "ged"}]',
    b"\xff\xfe",
    "[" * 100_000,
    '{"education": null}',
    '{"education": {"level": "ged"}}',
    '{"education": ["ged"]}',
    '{"education": "GED"}',
    '{"him_program": 1}',
    '{"coding_training_hours": 10.5}',
    '{"coding_training_hours": 1e400}',
    '{"coding_training_hours": 100000000000000000000000000000}',
    '{"coding_training_hours": null}',
    '{"coding_experience_months": "12"}',
    '{"credentials": [1]}',
    '{"credentials": [null]}',
    '{"credentials": {"CPC": true}}',
    '{"credentials": [""]}',
    '{"credentials": ["' + "X" * 10_000 + '"]}',
    '{"credentials": ' + json.dumps(["CPC"] * 51) + "}",
    '{"goal_setting": false}',
    '{"high_school_senior": 1}',
    '{"high_school_senior": "true"}',
    '{"__proto__": {}}',
]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_body_is_a_client_error_never_a_500(client, catalog, body):
    response = client.post(URL, body, content_type="application/json")

    assert response.status_code in (400, 422)
    assert response.json()["detail"]


# The OpenAPI document


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_with_the_endpoint_is_valid(openapi):
    validate(openapi)

    assert "post" in openapi["paths"][URL]


def test_openapi_document_lists_the_allowed_values_of_each_answer(openapi):
    properties = openapi["components"]["schemas"]["EligibilityIn"]["properties"]

    assert properties["education"]["enum"] == [
        "none",
        "high_school_diploma",
        "ged",
        "associate",
        "bachelor",
        "master_or_higher",
    ]
    assert properties["coding_experience_months"]["maximum"] == 600
    assert "description" in properties["goal_setting"]


def test_openapi_document_points_credentials_at_the_list_of_codes(openapi):
    credentials = openapi["components"]["schemas"]["EligibilityIn"]["properties"][
        "credentials"
    ]

    assert "GET /api/v1/credentials" in credentials["description"]
    assert ["CPC-A"] in credentials["examples"]
    assert "/api/v1/credentials" in openapi["paths"]


def test_openapi_document_lists_every_verdict_status(openapi):
    status = openapi["components"]["schemas"]["VerdictOut"]["properties"]["status"]

    assert status["enum"] == [
        "eligible",
        "eligible_as_apprentice",
        "within_reach",
        "not_yet",
        "already_held",
    ]


def document_errors(openapi, status, data):
    response = openapi["paths"][URL]["post"]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        strict({**schema, "components": openapi["components"]}),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)
    ]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (json.dumps(DIPLOMA_ONLY), 200),
        (json.dumps({**DIPLOMA_ONLY, "credentials": ["CPC-A"]}), 200),
        ('{"education": "phd", "extra": 1}', 422),
        ('{"credentials": ["XYZ"]}', 422),
        ("nope", 400),
    ],
)
def test_responses_match_the_openapi_document(client, catalog, openapi, body, status):
    data = post(client, body, expect=status)

    assert document_errors(openapi, status, data) == []


def test_request_examples_match_the_documented_request_schema(openapi):
    schema = openapi["components"]["schemas"]["EligibilityIn"]
    validator = Draft202012Validator(schema)

    assert list(validator.iter_errors(DIPLOMA_ONLY)) == []
    assert list(validator.iter_errors({"coding_training_hours": -1})) != []


# Queries


def build_catalog(numbers):
    body = CredentialingBodyFactory(acronym="BIG", slug="big")
    setting = CareSettingFactory(slug="payer")
    for n in numbers:
        certification = CertificationFactory(
            body=body, code=f"Q{n:04d}", apprentice_designation=f"Q{n:04d}-A"
        )
        certification.care_settings.add(setting)
        for key in ("a", "b"):
            pathway = EligibilityPathwayFactory(
                certification=certification, key=f"{key}{n}"
            )
            RequirementFactory(pathway=pathway)
            requirement(pathway, Requirement.Kind.EXPERIENCE, months=12)
        removal = EligibilityPathwayFactory(
            certification=certification,
            key=f"removal{n}",
            purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
        )
        requirement(removal, Requirement.Kind.EXPERIENCE, months=24)
        CaveatFactory(certification=certification, topic=Caveat.Topic.ELIGIBILITY)


def count_queries(client):
    body = {**DIPLOMA_ONLY, "credentials": ["Q0000-A"]}
    post(client, body)  # warm up per-process caches
    with CaptureQueriesContext(connection) as queries:
        data = post(client, body)
    return len(queries), len(data["results"])


def test_queries_do_not_grow_with_the_catalog(client):
    build_catalog(range(3))
    new_catalog_version()  # as the commit does: the cached rules are reloaded
    with_3, results_3 = count_queries(client)

    build_catalog(range(3, 30))
    new_catalog_version()
    with_30, results_30 = count_queries(client)

    assert (results_3, results_30) == (3, 30)
    assert with_30 == with_3
    assert with_30 <= 6
