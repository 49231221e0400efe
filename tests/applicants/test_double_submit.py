"""A double-submitted step (double click, replay) saves once: one row, one answer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from applicants.models import Response
from tests.factories import CertificationFactory, own

pytestmark = pytest.mark.django_db

BEFORE_TRAINING = {"education": "associate", "him_program": "none"}
BEFORE_CREDENTIALS = {
    **BEFORE_TRAINING,
    "coding_training_hours": 80,
    "coding_experience_months": 0,
}


@pytest.fixture
def cpc():
    return CertificationFactory(code="CPC", apprentice_designation="CPC-A")


def step_url(response, slug):
    return reverse("applicants:step", args=[response.pk, slug])


def test_a_replayed_step_leaves_one_response(client):
    response = Response.objects.create()
    for _ in range(2):
        own(client, response).post(
            step_url(response, "education"), {"education": "associate"}
        )

    assert Response.objects.count() == 1


def test_a_replayed_step_leaves_the_same_answers_as_one_post(client):
    once = Response.objects.create(answers=BEFORE_TRAINING)
    twice = Response.objects.create(answers=BEFORE_TRAINING)
    own(client, once).post(step_url(once, "training"), {"coding_training_hours": "80"})
    for _ in range(2):
        own(client, twice).post(
            step_url(twice, "training"), {"coding_training_hours": "80"}
        )

    once.refresh_from_db()
    twice.refresh_from_db()
    assert twice.answers == once.answers
    assert twice.answers["coding_training_hours"] == 80


def test_a_replayed_step_redirects_to_the_same_next_step(client):
    response = Response.objects.create()

    pages = [
        own(client, response).post(
            step_url(response, "education"), {"education": "associate"}
        )
        for _ in range(2)
    ]

    assert pages[0]["Location"] == pages[1]["Location"]


def test_a_replayed_credentials_step_stores_each_credential_once(client, cpc):
    response = Response.objects.create(answers=BEFORE_CREDENTIALS)
    for _ in range(2):
        own(client, response).post(
            step_url(response, "credentials"), {"credentials": ["CPC-A"]}
        )

    response.refresh_from_db()
    assert response.answers["credentials"] == ["CPC-A"]


def test_a_double_clicked_start_creates_one_response(client):
    pages = [client.post(reverse("applicants:start")) for _ in range(2)]

    assert Response.objects.count() == 1
    assert pages[0]["Location"] == pages[1]["Location"]


def start_token(client):
    page = client.get(reverse("applicants:start"))
    return re.search(r'name="start_token" value="([^"]+)"', page.text).group(1)


def test_two_start_clicks_arriving_at_once_create_one_response(client):
    """Neither request has a session yet: the page's token makes them one."""
    token = start_token(client)
    first, second = Client(), Client()  # no session between them

    pages = [
        browser.post(reverse("applicants:start"), {"start_token": token})
        for browser in (first, second)
    ]

    assert Response.objects.count() == 1
    assert pages[0]["Location"] == pages[1]["Location"]


def test_each_start_page_has_a_fresh_token(client):
    first, second = Client(), Client()
    for browser in (first, second):
        browser.post(reverse("applicants:start"), {"start_token": start_token(client)})

    assert Response.objects.count() == 2


@pytest.mark.parametrize("token", ["", "not-a-uuid", "\x00"])
def test_a_start_without_a_usable_token_still_starts(client, token):
    page = client.post(reverse("applicants:start"), {"start_token": token})

    assert page.status_code == 302
    assert Response.objects.count() == 1


def test_start_after_answering_creates_a_new_response(client):
    client.post(reverse("applicants:start"))
    first = Response.objects.get()
    own(client, first).post(step_url(first, "education"), {"education": "associate"})

    client.post(reverse("applicants:start"))

    assert Response.objects.count() == 2


def test_a_replayed_check_answers_keeps_the_first_completion_time(client):
    answers = {
        "education": "associate",
        "him_program": "none",
        "coding_training_hours": 0,
        "coding_experience_months": 0,
        "credentials": [],
        "goal_setting": "any",
    }
    response = Response.objects.create(answers=answers)
    check = reverse("applicants:check_answers", args=[response.pk])
    own(client, response).post(check)
    response.refresh_from_db()
    completed = response.completed_at

    client.post(check)

    response.refresh_from_db()
    assert completed is not None
    assert response.completed_at == completed
