"""Catalog pages show a person's own verdict once their questionnaire is done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applicants.context_processors import SESSION_KEY
from applicants.models import Response
from certportal.cache import new_catalog_version
from tests.factories import (
    CertificationFactory,
    EligibilityPathwayFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

DIPLOMA_ONLY = {"education": "high_school_diploma", "coding_experience_months": 0}


@pytest.fixture
def cca():
    cca = CertificationFactory(code="CCA", name="Certified Coding Associate")
    RequirementFactory(pathway=EligibilityPathwayFactory(certification=cca))
    return cca


@pytest.fixture
def rhit():
    rhit = CertificationFactory(code="RHIT", name="Registered HIT")
    RequirementFactory(
        pathway=EligibilityPathwayFactory(certification=rhit, name="Associate HIM"),
        kind="him_program",
        params={"any_of": ["associate"]},
    )
    return rhit


def remember(client, response):
    session = client.session
    session[SESSION_KEY] = str(response.pk)
    session.save()


def finished(answers):
    return Response.objects.create(answers=answers, completed_at=timezone.now())


def test_the_list_shows_my_verdict_beside_each_certification(client, cca, rhit):
    remember(client, finished(DIPLOMA_ONLY))

    response = client.get(reverse("catalog:certification_list"))

    assert response.text.count("Your result:") == 2
    assert "You can sit this exam now" in response.text
    assert "Not yet" in response.text


def test_the_detail_page_says_what_i_still_need(client, rhit):
    answers = finished(DIPLOMA_ONLY)
    remember(client, answers)

    response = client.get(rhit.get_absolute_url())

    assert "Your result:</span> Not yet" in response.text
    assert "completed a CAHIIM-accredited associate HIM program" in response.text
    assert reverse("applicants:results", args=[answers.pk]) in response.text


def test_no_verdict_is_shown_before_the_questionnaire_is_finished(client, cca):
    remember(client, Response.objects.create(answers=DIPLOMA_ONLY))

    response = client.get(cca.get_absolute_url())

    assert "Your result:" not in response.text


@pytest.mark.parametrize(
    "stored", ["not-a-uuid", "6f1e2f8e-2a7a-4f55-9d2b-1c7c6b1a0c11"]
)
def test_a_stale_or_broken_session_value_shows_the_page_without_verdicts(
    client, cca, stored
):
    session = client.session
    session[SESSION_KEY] = stored
    session.save()

    response = client.get(reverse("catalog:certification_list"))

    assert response.status_code == 200
    assert "Your result:" not in response.text


def test_verdicts_cost_the_same_queries_whatever_the_catalog_size(client, cca):
    remember(client, finished(DIPLOMA_ONLY))
    url = reverse("catalog:certification_list")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    new_catalog_version()  # as a commit does: the cached rules are reloaded
    small = queries()
    for pathway in EligibilityPathwayFactory.create_batch(40):
        RequirementFactory(pathway=pathway)
    new_catalog_version()
    assert queries() == small
