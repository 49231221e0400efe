"""Every answer under /api/ is JSON, errors included, each with a `detail`
(certportal/api.py), and HEAD is answered wherever GET is."""

import json
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/api/v1"


def assert_json(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_body_over_1_mb_is_a_json_413(client):
    body = json.dumps({"credentials": ["X" * (1024 * 1024)]})

    response = client.post(f"{API}/eligibility", body, content_type="application/json")

    assert_json(response, 413)


def test_a_body_over_1_mb_logs_no_error(client, caplog):
    body = "x" * (1024 * 1024 + 1)

    with caplog.at_level(logging.INFO):
        client.post(f"{API}/eligibility", body, content_type="application/json")

    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


def test_a_method_an_endpoint_does_not_take_is_a_json_405_with_allow(client):
    response = client.put(f"{API}/certifications")

    assert_json(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_get_on_eligibility_is_a_json_405_allowing_post(client):
    response = client.get(f"{API}/eligibility")

    assert_json(response, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "path", ["/certifications", "/bodies", "/credentials", "/openapi.json"]
)
def test_head_answers_as_get_without_a_body(client, small_catalog, path):
    get = client.get(f"{API}{path}")

    head = client.head(f"{API}{path}")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Content-Length"] == str(len(get.content))


def test_head_on_an_unknown_code_is_the_404_of_get(client):
    response = client.head(f"{API}/certifications/NOPE")

    assert response.status_code == 404
    assert response.content == b""


def test_an_unknown_api_path_is_a_json_404(client):
    assert_json(client.get(f"{API}/nope"), 404)


def test_an_unknown_path_under_api_outside_v1_is_a_json_404(client):
    assert_json(client.get("/api/nope"), 404)


def test_an_unknown_page_is_still_the_html_404(client):
    response = client.get("/nope/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_fault_in_an_endpoint_is_a_json_500(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a fault of ours")

    monkeypatch.setattr("catalog.api.bodies_with_certifications", broken)

    response = Client(raise_request_exception=False).get(f"{API}/bodies")

    assert_json(response, 500)
    assert "a fault of ours" not in response.text


def test_a_fault_in_an_endpoint_is_logged_as_an_error(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("a fault of ours")

    monkeypatch.setattr("catalog.api.bodies_with_certifications", broken)

    Client(raise_request_exception=False).get(f"{API}/bodies")

    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_a_validation_error_names_at_most_twenty_problems(client):
    body = json.dumps({f"field{n}": 1 for n in range(500)})

    response = client.post(f"{API}/eligibility", body, content_type="application/json")

    detail = response.json()["detail"]
    assert len(detail) == 21
    assert detail[-1]["msg"] == "… and 480 more"


def test_a_validation_error_cuts_a_long_field_name(client):
    body = json.dumps({"y" * 900_000: 1})

    response = client.post(f"{API}/eligibility", body, content_type="application/json")

    assert response.json()["detail"][0]["loc"][-1] == "y" * 39 + "…"
    assert len(response.content) < 1000


@pytest.fixture
def openapi(client):
    return client.get(f"{API}/openapi.json").json()


def test_the_description_says_only_eligibility_takes_a_post(openapi):
    description = openapi["info"]["description"]

    assert "All endpoints are read-only" not in description
    assert "`POST /eligibility`" in description


def test_the_description_names_every_error_status(openapi):
    description = openapi["info"]["description"]

    for status in ["404", "405", "413", "422", "503", "500"]:
        assert status in description


def test_every_operation_documents_the_503(openapi):
    for operations in openapi["paths"].values():
        for operation in operations.values():
            assert "503" in operation["responses"]
