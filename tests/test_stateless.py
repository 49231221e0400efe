"""Scale-out: nothing a request needs lives in one app process.

Several gunicorn instances behind a load balancer share one PostgreSQL: sessions are
in the database, answers are saved before each redirect, and the cache (cached pages,
the catalog version, the POST limit's counts) is a table in that database. A second test client (a fresh request handler, as a second server
would be) with the same session cookie sees everything the first one saved, even
after every process-local cache has been emptied.
"""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from applicants.models import Response
from tests.factories import CertificationFactory

pytestmark = pytest.mark.django_db

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def test_sessions_live_in_the_database_or_a_shared_cache():
    engine = settings.SESSION_ENGINE
    if engine == "django.contrib.sessions.backends.db":
        return
    assert engine in {
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    }, f"{engine} keeps sessions where another app server can't see them"
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    if engine.endswith(".cache"):
        assert backend not in LOCAL_CACHES, "cache sessions need a shared cache"


def test_every_cache_is_shared_between_servers():
    for alias, cache in settings.CACHES.items():
        assert cache["BACKEND"] not in LOCAL_CACHES, f"CACHES[{alias!r}] is per process"


def _clear_process_caches():
    """What a different process would see: none of this one's cache entries."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


def test_a_second_server_sees_the_answers_saved_through_the_first():
    CertificationFactory(code="CPC", apprentice_designation="CPC-A")
    first = Client()
    first.post(reverse("applicants:start"))
    response = Response.objects.get()
    page = first.post(
        reverse("applicants:step", args=[response.pk, "education"]),
        {"education": "associate"},
    )
    assert page.status_code == 302

    _clear_process_caches()
    second = Client()  # a fresh handler: nothing shared with `first` but the cookie
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[
        settings.SESSION_COOKIE_NAME
    ].value

    # The session carries the response over: the start page offers to continue it.
    start = second.get(reverse("applicants:start"))
    assert start.status_code == 200
    assert response.get_absolute_url() in start.text

    # The saved answer is there: resuming skips the answered education step.
    resumed = second.get(response.get_absolute_url())
    assert resumed.status_code == 302
    assert resumed["Location"] != reverse(
        "applicants:step", args=[response.pk, "education"]
    )
    response.refresh_from_db()
    assert response.answers["education"] == "associate"
    # …and the answered step shows the saved value to the second server.
    step = second.get(reverse("applicants:step", args=[response.pk, "education"]))
    assert step.status_code == 200
    assert re.search(r'<input[^>]*value="associate"[^>]*checked', step.text)
