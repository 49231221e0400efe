"""Custom 400, 403 and CSRF pages in the site's layout; request size limits that
fit the largest form and refuse bigger bodies with the 400 page, never a 500."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from applicants.models import Response
from catalog.models import Certification
from catalog.seed import load_catalog
from certportal import views
from tests.factories import own

pytestmark = pytest.mark.django_db

LAYOUT = "Skip to main content"


class FieldNames(HTMLParser):
    """The names of a page's form fields, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.names = []

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("name")
        if tag in {"input", "select", "textarea"} and name:
            self.names.append(name)


def step_url(response, slug="education"):
    return reverse("applicants:step", args=[response.pk, slug])


def test_too_many_fields_get_the_400_page(client):
    response = Response.objects.create()
    body = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    page = own(client, response).post(step_url(response), body)

    assert page.status_code == 400
    assert "we could not read that request" in page.text
    assert LAYOUT in page.text


def test_a_body_over_the_size_limit_gets_the_400_page(client):
    response = Response.objects.create()
    body = {"education": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    page = own(client, response).post(step_url(response), body)

    assert page.status_code == 400
    assert "we could not read that request" in page.text


def test_the_largest_admin_form_fits_the_field_limit_four_times(admin_client):
    """The seeded certification with the most inline rows: CPC, about 510 fields."""
    load_catalog()
    largest = Certification.objects.annotate(
        rows=Count("pathways", distinct=True)
        + Count("fees", distinct=True)
        + Count("sources", distinct=True)
        + Count("former_names", distinct=True)
    ).latest("rows")
    page = admin_client.get(
        reverse("admin:catalog_certification_change", args=[largest.pk])
    )
    fields = FieldNames()
    fields.feed(page.text)

    assert len(fields.names) * 4 <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_a_permission_denied_gets_the_403_page(
    client, django_user_model, log_in_with_code
):
    user = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    log_in_with_code(client, user)

    page = client.get(reverse("admin:catalog_certification_add"))

    assert page.status_code == 403
    assert "You cannot open this page" in page.text
    assert LAYOUT in page.text


def test_a_post_without_its_csrf_token_gets_the_session_expired_page():
    client = Client(enforce_csrf_checks=True)

    page = client.post(reverse("applicants:start"))

    assert page.status_code == 403
    assert "Your session expired" in page.text
    assert "your saved answers are kept" in page.text
    assert LAYOUT in page.text


def test_a_refused_csrf_post_creates_no_response():
    Client(enforce_csrf_checks=True).post(reverse("applicants:start"))

    assert not Response.objects.exists()


def test_the_400_page_shows_no_stack_trace(client):
    response = Response.objects.create()
    body = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    page = own(client, response).post(step_url(response), body)

    assert "Traceback" not in page.text
    assert "TooManyFieldsSent" not in page.text


def test_server_error_handler_renders_the_friendly_page(rf):
    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
