"""Staff sessions end after 30 minutes idle or 12 hours in all
(certportal/staff_sessions.py); a visitor's session is left as it is."""

import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from certportal.staff_sessions import LOGIN_AT, SEEN_AT

pytestmark = pytest.mark.django_db

ADMIN_INDEX = reverse("admin:index")


@pytest.fixture
def staff_client(client, log_in_with_code):
    editor = User.objects.create_user("eddie", is_staff=True)
    log_in_with_code(client, editor)
    assert client.get(ADMIN_INDEX).status_code == 200
    return client


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_a_staff_session_records_the_login_and_the_last_request(staff_client):
    session = staff_client.session

    assert session[LOGIN_AT] <= session[SEEN_AT] <= time.time()
    assert session.get_expiry_age() <= 30 * 60 + 1


def test_29_minutes_idle_keeps_a_staff_user_logged_in(staff_client):
    set_session(staff_client, **{SEEN_AT: time.time() - 29 * 60})

    assert staff_client.get(ADMIN_INDEX).status_code == 200


def test_more_than_30_minutes_idle_logs_a_staff_user_out(staff_client):
    set_session(staff_client, **{SEEN_AT: time.time() - 31 * 60})

    page = staff_client.get(ADMIN_INDEX, follow=True)

    assert "_auth_user_id" not in staff_client.session
    assert page.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "You were logged out after 30 minutes without activity" in page.text


def test_more_than_12_hours_in_all_logs_an_active_staff_user_out(staff_client):
    set_session(staff_client, **{LOGIN_AT: time.time() - 12 * 3600 - 60})

    page = staff_client.get(ADMIN_INDEX, follow=True)

    assert "_auth_user_id" not in staff_client.session
    assert "You were logged out 12 hours after you logged in" in page.text


def test_a_visitors_session_is_left_as_it_is(client):
    visitor = User.objects.create_user("visitor")
    client.force_login(visitor)
    set_session(client, **{SEEN_AT: time.time() - 31 * 60})

    client.get(reverse("catalog:home"))

    assert client.session["_auth_user_id"] == str(visitor.pk)
    assert LOGIN_AT not in client.session
