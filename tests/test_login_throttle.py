"""The admin login is throttled by django-axes: 5 failures per username and address
lock that pair out for 15 minutes, even with the right password."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase 42"


@pytest.fixture
def editor():
    return User.objects.create_user("eddie", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail_five_times(client, username="eddie", address="192.0.2.10"):
    for _ in range(5):
        log_in(client, username, "wrong password", address)


def test_the_right_password_leads_to_the_code_step(client, editor):
    page = log_in(client, "eddie", PASSWORD)

    assert page.status_code == 302
    assert page["Location"] == reverse("admin:two_factor") + "?next=%2Fadmin%2F"


def test_four_failures_do_not_lock_the_login(client, editor):
    for _ in range(4):
        log_in(client, "eddie", "wrong password")

    assert log_in(client, "eddie", PASSWORD).status_code == 302


def test_five_failures_lock_out_even_the_right_password(client, editor):
    fail_five_times(client)

    page = log_in(client, "eddie", PASSWORD)

    assert page.status_code == 429
    assert "Too many failed logins" in page.text
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_uses_the_site_layout(client, editor):
    fail_five_times(client)

    page = log_in(client, "eddie", PASSWORD)

    assert "Skip to main content" in page.text
    assert "0:15:00" in page.text


def test_another_username_from_the_same_address_is_not_locked(client, editor):
    User.objects.create_user("ada", password=PASSWORD, is_staff=True)
    fail_five_times(client, "eddie")

    assert log_in(client, "ada", PASSWORD).status_code == 302


def test_the_same_username_from_another_address_is_not_locked(client, editor):
    fail_five_times(client, address="192.0.2.10")

    assert log_in(client, "eddie", PASSWORD, address="198.51.100.7").status_code == 302


def test_failed_attempts_are_recorded_with_username_and_address(client, editor):
    fail_five_times(client)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("eddie", "192.0.2.10")
    assert attempt.failures_since_start == 5


def test_successful_logins_are_recorded(client, editor):
    log_in(client, "eddie", PASSWORD)

    assert AccessLog.objects.filter(username="eddie").count() == 1


def test_each_failure_is_logged(client, editor, caplog):
    with caplog.at_level("WARNING", logger="axes"):
        fail_five_times(client)

    failures = [
        r for r in caplog.records if "AXES: Repeated login failure" in r.message
    ]
    assert len(failures) >= 4


def log_in_through_proxy(client, username, password, forwarded):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_trusted_proxy_a_lockout_is_per_client_address(
    client, editor, settings
):
    """Five failures from one address do not lock the editor out everywhere."""
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for _ in range(5):
        log_in_through_proxy(client, "eddie", "wrong password", "198.51.100.66")

    locked = log_in_through_proxy(client, "eddie", PASSWORD, "198.51.100.66")
    elsewhere = log_in_through_proxy(client, "eddie", PASSWORD, "203.0.113.5")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"


def test_with_no_trusted_proxy_axes_ignores_forwarded_addresses(client, editor):
    for number in range(5):
        log_in_through_proxy(client, "eddie", "wrong password", f"198.51.100.{number}")

    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"
