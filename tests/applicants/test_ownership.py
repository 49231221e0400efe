"""Whose answers are whose (issue 12): only the person who starts a response, or
who opens its private link and says so, may resume, change, see or delete it;
visiting a link never puts a response in anyone's session; a share link shows the
guidance read-only until the owner stops it. Each repro uses two real browsers."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applicants.models import SESSION_KEY, Response
from tests.factories import (
    CertificationFactory,
    EligibilityPathwayFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "education": "associate",
    "him_program": "none",
    "coding_training_hours": 0,
    "coding_experience_months": 0,
    "credentials": [],
    "goal_setting": "any",
}


def start(browser):
    """ "Start now" in `browser`: the response it creates (and owns)."""
    page = browser.post(reverse("applicants:start"))
    pk = re.search(r"/eligibility/([0-9a-f-]{36})/", page["Location"]).group(1)
    return Response.objects.get(pk=pk)


def finish(browser):
    """A browser that answered everything and saw its results."""
    response = start(browser)
    Response.objects.filter(pk=response.pk).update(answers=ANSWERS)
    browser.post(reverse("applicants:check_answers", args=[response.pk]))
    response.refresh_from_db()
    assert response.is_complete
    return response


def url(name, response, *args):
    return reverse(f"applicants:{name}", args=[response.pk, *args])


@pytest.fixture
def alice():
    return Client()


@pytest.fixture
def bea():
    return Client()


# The repro: a link plants someone else's response


def test_following_someone_elses_link_does_not_adopt_their_response(alice, bea):
    planted = start(alice)
    own = finish(bea)

    for name in ["resume", "check_answers", "results"]:
        bea.get(url(name, planted))
    bea.get(url("step", planted, "education"))

    assert bea.session[SESSION_KEY] == str(own.pk)


def test_someone_elses_response_pages_are_not_found(alice, bea):
    planted = start(alice)
    Response.objects.filter(pk=planted.pk).update(answers=ANSWERS)

    pages = [
        bea.get(url("resume", planted)),
        bea.get(url("step", planted, "education")),
        bea.get(url("check_answers", planted)),
        bea.get(url("results", planted)),
        bea.get(url("delete", planted)),
        bea.get(url("share", planted)),
    ]

    assert [page.status_code for page in pages] == [404] * len(pages)


def test_start_now_after_following_a_link_creates_her_own_response(alice, bea):
    planted = start(alice)
    bea.get(url("resume", planted))

    hers = start(bea)

    assert hers.pk != planted.pk


def test_the_owner_cannot_read_answers_given_after_following_her_link(alice, bea):
    planted = start(alice)
    bea.get(url("resume", planted))
    hers = start(bea)
    bea.post(url("step", hers, "education"), {"education": "bachelor"})

    planted.refresh_from_db()
    assert planted.answers == {}
    assert alice.get(url("check_answers", hers)).status_code == 404


def test_a_planted_finished_response_shows_no_verdicts_on_catalog_pages(alice, bea):
    cca = CertificationFactory(code="CCA")
    RequirementFactory(pathway=EligibilityPathwayFactory(certification=cca))
    planted = finish(alice)

    bea.get(url("results", planted))
    page = bea.get(cca.get_absolute_url())

    assert "Your result:" not in page.text


def test_start_now_does_not_reuse_a_response_claimed_with_a_private_link(alice, bea):
    planted = start(alice)
    bea.post(planted.get_private_url())

    hers = start(bea)

    assert hers.pk != planted.pk


# Changing, deleting


def test_someone_else_cannot_change_the_answers(alice, bea):
    response = finish(alice)

    page = bea.post(
        url("step", response, "education") + "?change=1", {"education": "none"}
    )

    response.refresh_from_db()
    assert page.status_code == 404
    assert response.answers["education"] == "associate"


def test_someone_else_cannot_delete_the_answers(alice, bea):
    response = finish(alice)

    page = bea.post(url("delete", response))

    assert page.status_code == 404
    assert Response.objects.filter(pk=response.pk).exists()


def test_the_owner_can_delete_the_answers(alice):
    response = finish(alice)

    alice.post(url("delete", response))

    assert not Response.objects.filter(pk=response.pk).exists()


# The private link


def test_the_private_link_asks_before_it_takes_over(alice, bea):
    response = finish(alice)

    page = bea.get(response.get_private_url())

    assert page.status_code == 200
    assert "Continue with saved answers?" in page.text
    assert SESSION_KEY not in bea.session


def test_the_private_link_gives_the_answers_to_the_browser_that_confirms(alice, bea):
    response = finish(alice)

    page = bea.post(response.get_private_url())

    assert page["Location"] == url("resume", response)
    assert bea.get(url("results", response)).status_code == 200


def test_a_wrong_private_token_is_not_found(alice, bea):
    response = finish(alice)
    wrong = reverse("applicants:claim", args=[response.pk, "x" * 43])

    assert bea.get(wrong).status_code == 404
    assert bea.post(wrong).status_code == 404


def test_each_response_has_its_own_private_token(alice, bea):
    assert start(alice).owner_token != start(bea).owner_token


def test_check_answers_gives_the_private_link(alice):
    response = start(alice)
    Response.objects.filter(pk=response.pk).update(answers=ANSWERS)

    page = alice.get(url("check_answers", response))

    assert response.get_private_url() in page.text
    assert "Do not share it" in page.text


# Sharing


def share(browser, response):
    browser.post(url("share", response), {"action": "share"})
    response.refresh_from_db()
    return response.get_shared_url()


def test_the_owner_can_make_a_share_link(alice):
    response = finish(alice)

    shared = share(alice, response)

    assert shared and shared in alice.get(url("share", response)).text


def test_a_share_link_shows_the_guidance_read_only(alice, bea):
    response = finish(alice)
    shared = share(alice, response)

    page = bea.get(shared)

    assert page.status_code == 200
    assert "Certification guidance shared with you" in page.text
    assert url("check_answers", response) not in page.text
    assert url("delete", response) not in page.text
    assert url("step", response, "education") not in page.text
    assert response.owner_token not in page.text


def test_a_share_link_puts_nothing_in_the_visitors_session(alice, bea):
    response = finish(alice)

    bea.get(share(alice, response))

    assert SESSION_KEY not in bea.session


def test_a_share_link_does_not_let_the_visitor_change_resume_or_delete(alice, bea):
    response = finish(alice)
    bea.get(share(alice, response))

    pages = [
        bea.get(url("resume", response)),
        bea.post(url("step", response, "education") + "?change=1", {}),
        bea.get(url("check_answers", response)),
        bea.post(url("delete", response)),
        bea.post(url("share", response), {"action": "stop"}),
    ]

    assert [page.status_code for page in pages] == [404] * len(pages)


def test_stopping_sharing_makes_the_link_not_found(alice, bea):
    response = finish(alice)
    shared = share(alice, response)
    bea.get(shared)

    alice.post(url("share", response), {"action": "stop"})

    assert bea.get(shared).status_code == 404


def test_a_new_share_link_replaces_the_old_one(alice, bea):
    response = finish(alice)
    old = share(alice, response)

    new = share(alice, response)

    assert new != old
    assert bea.get(old).status_code == 404
    assert bea.get(new).status_code == 200


def test_a_made_up_share_token_is_not_found(bea):
    assert bea.get(reverse("applicants:shared", args=["made-up"])).status_code == 404


def test_share_needs_a_post_for_changes(alice):
    response = finish(alice)

    alice.get(url("share", response) + "?action=share")

    response.refresh_from_db()
    assert response.share_token is None


def test_an_unfinished_response_cannot_be_shared(alice):
    response = start(alice)

    alice.post(url("share", response), {"action": "share"})

    response.refresh_from_db()
    assert response.share_token is None


def test_a_shared_guidance_stops_when_the_answers_are_deleted(alice, bea):
    response = finish(alice)
    shared = share(alice, response)

    alice.post(url("delete", response))

    assert bea.get(shared).status_code == 404


# Headers: search engines and shared caches


@pytest.mark.parametrize(
    "name", ["step", "check_answers", "results", "delete", "share", "claim"]
)
def test_owner_pages_are_kept_out_of_search_engines(alice, name):
    response = finish(alice)
    args = {
        "step": ["education"],
        "claim": [response.owner_token],
    }.get(name, [])

    page = alice.get(url(name, response, *args))

    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert "private" in page["Cache-Control"]


def test_a_shared_guidance_is_kept_out_of_search_engines_and_shared_caches(alice, bea):
    response = finish(alice)

    page = bea.get(share(alice, response))

    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert "private" in page["Cache-Control"]


def test_a_finished_response_is_not_found_for_someone_else(bea):
    response = Response.objects.create(completed_at=timezone.now(), answers=ANSWERS)

    page = bea.get(url("results", response))

    assert page.status_code == 404


def test_the_start_page_can_be_indexed(bea):
    page = bea.get(reverse("applicants:start"))

    assert "X-Robots-Tag" not in page
    assert '<meta name="robots"' not in page.text


def test_robots_txt_keeps_crawlers_out_of_the_questionnaire_but_its_start(bea):
    text = bea.get("/robots.txt").text

    assert "Disallow: /eligibility/\n" in text
    assert "Allow: /eligibility/$\n" in text


def test_catalog_pages_with_my_result_are_private(alice):
    cca = CertificationFactory(code="CCA")
    RequirementFactory(pathway=EligibilityPathwayFactory(certification=cca))
    finish(alice)

    page = alice.get(cca.get_absolute_url())

    assert "Your result:" in page.text
    assert "private" in page["Cache-Control"]
    assert "X-Catalog-Cache" not in page


def test_catalog_pages_without_a_session_stay_shared(bea):
    cca = CertificationFactory(code="CCA")

    page = bea.get(cca.get_absolute_url())

    assert "private" not in page.get("Cache-Control", "")
    assert page["X-Catalog-Cache"] == "miss"
