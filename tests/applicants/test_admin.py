"""Responses in the admin: visible, read-only, deletable by superusers only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from applicants.models import Response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:applicants_response_changelist")


@pytest.fixture
def response():
    return Response.objects.create(
        answers={
            "education": "ged",
            "coding_training_hours": 80,
            "coding_experience_months": 12,
            "credentials": ["CPC-A"],
            "goal_setting": "physician_office",
        }
    )


def change_url(response):
    return reverse("admin:applicants_response_change", args=[response.pk])


@pytest.fixture
def editor(django_user_model):
    """A staff user with no permissions, like a catalog editor."""
    return django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True
    )


def test_changelist_shows_a_response_with_its_answers_summary(admin_client, response):
    page = admin_client.get(CHANGELIST)

    assert page.status_code == 200
    assert str(response.pk) in page.text
    assert (
        "Education: GED or another high school equivalency · Coding training: 80 hours"
        " · Coding work an employer can verify: 12 months · Credentials you hold: CPC-A"
    ) in page.text


def test_changelist_says_no_personal_data_is_collected(admin_client, response):
    page = admin_client.get(CHANGELIST)

    assert "no name, e-mail, IP address or any other personal data" in page.text


def test_view_page_shows_the_answers_as_json_read_only(admin_client, response):
    page = admin_client.get(change_url(response))

    assert page.status_code == 200
    assert "&quot;coding_training_hours&quot;: 80" in page.text
    assert 'name="answers"' not in page.text
    assert 'name="_save"' not in page.text


def test_add_page_is_forbidden(admin_client):
    page = admin_client.get(reverse("admin:applicants_response_add"))

    assert page.status_code == 403


def test_saving_the_view_page_changes_nothing(admin_client, response):
    page = admin_client.post(
        change_url(response), {"answers": '{"education": "bachelor"}'}
    )

    response.refresh_from_db()
    assert page.status_code == 403
    assert response.answers["education"] == "ged"


def test_search_by_part_of_the_id_finds_the_response(admin_client, response):
    other = Response.objects.create()

    page = admin_client.get(CHANGELIST, {"q": str(response.pk)[:13]})

    assert str(response.pk) in page.text
    assert str(other.pk) not in page.text


def test_search_by_the_whole_id_finds_the_response(admin_client, response):
    other = Response.objects.create()

    page = admin_client.get(CHANGELIST, {"q": str(response.pk).upper()})

    assert str(response.pk) in page.text
    assert str(other.pk) not in page.text


def test_finished_filter_shows_only_finished_responses(admin_client, response):
    finished = Response.objects.create(completed_at=timezone.now())

    page = admin_client.get(CHANGELIST, {"finished": "yes"})

    assert str(finished.pk) in page.text
    assert str(response.pk) not in page.text


def test_superuser_may_delete_a_response(admin_client, response):
    admin_client.post(
        reverse("admin:applicants_response_delete", args=[response.pk]),
        {"post": "yes"},
    )

    assert not Response.objects.filter(pk=response.pk).exists()


def test_staff_without_permissions_is_forbidden(
    client, editor, response, log_in_with_code
):
    log_in_with_code(client, editor)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(response)).status_code == 403


def test_staff_with_every_response_permission_still_cannot_delete(
    client, editor, response, log_in_with_code
):
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="applicants")
    )
    log_in_with_code(client, editor)
    delete_url = reverse("admin:applicants_response_delete", args=[response.pk])

    assert client.get(change_url(response)).status_code == 200
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Response.objects.filter(pk=response.pk).exists()
