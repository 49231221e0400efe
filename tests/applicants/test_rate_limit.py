"""Questionnaire POSTs are limited per client address, with a friendly 429 page."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from applicants.models import Response
from certportal import ratelimit
from tests.factories import own

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limit_of_three(settings):
    settings.QUESTIONNAIRE_POST_LIMIT = 3


@pytest.fixture(autouse=True)
def _in_the_middle_of_a_window(monkeypatch):
    """The limit counts in fixed windows: a test that ran across a window's end
    would see its count start again. (One did, at 06:00:00 UTC.)"""
    moment = datetime(2026, 12, 2, 6, 5, tzinfo=UTC)
    monkeypatch.setattr(ratelimit, "timezone", SimpleNamespace(now=lambda: moment))


def post_step(client, response, address="192.0.2.20"):
    return own(client, response).post(
        reverse("applicants:step", args=[response.pk, "education"]),
        {"education": "associate"},
        REMOTE_ADDR=address,
    )


def test_posts_under_the_limit_save_and_redirect(client):
    response = Response.objects.create()

    pages = [post_step(client, response) for _ in range(3)]

    assert [page.status_code for page in pages] == [302, 302, 302]


def test_a_post_over_the_limit_gets_the_too_many_answers_page(client):
    response = Response.objects.create()
    for _ in range(3):
        post_step(client, response)

    page = post_step(client, response)

    assert page.status_code == 429
    assert "Too many answers in a short time" in page.text
    assert "nothing you saved is lost" in page.text


def test_the_too_many_answers_page_says_when_to_retry(client):
    response = Response.objects.create()
    for _ in range(4):
        page = post_step(client, response)

    assert 0 < int(page["Retry-After"]) <= 600


def test_a_refused_post_saves_nothing(client):
    response = Response.objects.create()
    for _ in range(3):
        post_step(client, response)

    own(client, response).post(
        reverse("applicants:step", args=[response.pk, "education"]),
        {"education": "bachelor"},
        REMOTE_ADDR="192.0.2.20",
    )

    response.refresh_from_db()
    assert response.answers["education"] == "associate"


def test_the_limit_counts_each_address_on_its_own(client):
    response = Response.objects.create()
    for _ in range(4):
        post_step(client, response, address="192.0.2.20")

    assert post_step(client, response, address="198.51.100.8").status_code == 302


def test_start_posts_count_towards_the_limit(client):
    for _ in range(3):
        client.post(reverse("applicants:start"), REMOTE_ADDR="192.0.2.20")

    page = client.post(reverse("applicants:start"), REMOTE_ADDR="192.0.2.20")

    assert page.status_code == 429


def test_page_views_do_not_count_towards_the_limit(client):
    response = Response.objects.create()
    for _ in range(5):
        own(client, response).get(
            reverse("applicants:step", args=[response.pk, "education"])
        )

    assert post_step(client, response, address="127.0.0.1").status_code == 302


def test_a_limit_of_zero_turns_the_limit_off(client, settings):
    settings.QUESTIONNAIRE_POST_LIMIT = 0
    response = Response.objects.create()

    pages = [post_step(client, response) for _ in range(5)]

    assert {page.status_code for page in pages} == {302}


def post_through_proxy(client, response, forwarded):
    return own(client, response).post(
        reverse("applicants:step", args=[response.pk, "education"]),
        {"education": "associate"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_with_no_trusted_proxy_a_forwarded_address_is_ignored(client):
    response = Response.objects.create()
    for number in range(3):
        post_through_proxy(client, response, f"198.51.100.{number}")

    assert post_through_proxy(client, response, "203.0.113.9").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    response = Response.objects.create()
    for _ in range(4):
        post_through_proxy(client, response, "198.51.100.8")

    assert post_through_proxy(client, response, "198.51.100.8").status_code == 429
    assert post_through_proxy(client, response, "203.0.113.9").status_code == 302


def test_a_client_cannot_dodge_the_limit_with_its_own_forwarded_header(
    client, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    response = Response.objects.create()
    for number in range(3):
        post_through_proxy(client, response, f"192.0.2.{number}, 198.51.100.8")

    page = post_through_proxy(client, response, "192.0.2.99, 198.51.100.8")

    assert page.status_code == 429
