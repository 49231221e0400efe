"""While the database is down, pages answer 503 "Service unavailable" with
Retry-After (certportal.middleware), never Django's 500 and never the error text."""

from unittest import mock

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from applicants.models import Response
from tests.factories import own

pytestmark = pytest.mark.django_db

MIDDLEWARE = "certportal.middleware.DatabaseUnavailableMiddleware"
UNAVAILABLE = "Sorry, the service is unavailable"


def cache_read(request):
    DatabaseCache("certportal_cache", {}).get("anything")
    return HttpResponse("never")


def fails_otherwise(request):
    raise ValueError("not a database error")


# For @pytest.mark.urls(__name__): two test views, then the site's own URLs.
urlpatterns = [
    path("cache-read/", cache_read),
    path("fails-otherwise/", fails_otherwise),
    path("", include("certportal.urls")),
]
handler500 = "certportal.views.server_error"


def test_the_site_runs_the_middleware(settings):
    assert MIDDLEWARE in settings.MIDDLEWARE


def database_down(error=OperationalError):
    """Every query and connection attempt fails, as with the server stopped."""
    return mock.patch.object(
        connection, "cursor", side_effect=error("connection refused")
    )


def test_a_catalog_page_gets_the_503_page_while_the_database_is_down(client):
    with database_down():
        page = client.get(reverse("catalog:certification_list"))
    assert page.status_code == 503
    assert UNAVAILABLE in page.text


def test_the_503_page_says_when_to_retry_and_is_not_cached(client):
    with database_down():
        page = client.get(reverse("catalog:certification_list"))
    assert page["Retry-After"] == "30"
    assert "no-store" in page["Cache-Control"]


def test_the_503_page_shows_no_error_text(client):
    with database_down():
        page = client.get(reverse("catalog:certification_list"))
    assert "connection refused" not in page.text


# Outside a test transaction, as in production (autocommit): inside one, the failed
# insert marks the test's transaction for rollback, and the next query (the
# session's) fails another way. With the database cache the limit's count fails
# first, so the difference only shows with REDIS_URL set.
@pytest.mark.django_db(transaction=True)
def test_start_now_gets_the_503_page_and_creates_nothing(client):
    with database_down():
        page = client.post(reverse("applicants:start"))
    assert page.status_code == 503
    assert not Response.objects.exists()


def test_a_step_post_gets_the_503_page_while_the_database_is_down(client):
    response = Response.objects.create()
    url = reverse("applicants:step", args=[response.pk, "education"])
    own(client, response)  # someone else's response is a 404 before any query
    with database_down():
        page = client.post(url, {"education": "associate"})
    assert page.status_code == 503
    response.refresh_from_db()
    assert response.answers == {}


def test_an_interface_error_gets_the_503_page(client):
    with database_down(InterfaceError):
        page = client.get(reverse("catalog:certification_list"))
    assert page.status_code == 503


@pytest.mark.urls(__name__)
def test_a_database_cache_read_gets_the_503_page(client):
    with database_down():
        page = client.get("/cache-read/")
    assert page.status_code == 503
    assert UNAVAILABLE in page.text


@pytest.mark.urls(__name__)
def test_other_errors_still_get_the_500_page():
    page = Client(raise_request_exception=False).get("/fails-otherwise/")
    assert page.status_code == 500


def test_an_api_endpoint_answers_a_json_503_while_the_database_is_down(client):
    with database_down():
        response = client.get("/api/v1/certifications")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "unavailable" in response.json()["detail"]


def test_the_api_503_says_when_to_retry_and_is_not_cached(client):
    with database_down():
        response = client.post(
            "/api/v1/eligibility", "{}", content_type="application/json"
        )
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
