"""Staff reach the admin with a password and then a code from an authenticator app
(django-otp TOTP, certportal/admin_site.py); a visitor is not affected."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase 42"
TWO_FACTOR = reverse("admin:two_factor")


@pytest.fixture
def editor():
    return User.objects.create_user("eddie", password=PASSWORD, is_staff=True)


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def wrong_code_for(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def log_in(client, username="eddie", password=PASSWORD):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        follow=True,
    )


def test_a_staff_user_without_an_app_is_sent_to_set_one_up(client, editor):
    page = log_in(client)

    assert page.redirect_chain[-1][0] == TWO_FACTOR + "?next=%2Fadmin%2F"
    assert "Set up your authenticator app" in page.text
    assert '<div class="qr-code"><svg role="img"' in page.text
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert page.context["secret"].replace(" ", "") in page.text.replace(" ", "")
    assert device.config_url.startswith("otpauth://totp/certportal%3Aeddie?")


def test_a_staff_user_without_a_verified_app_cannot_reach_the_admin(client, editor):
    log_in(client)

    page = client.get(reverse("admin:catalog_certification_changelist"), follow=True)

    assert page.redirect_chain[-1][0].startswith(TWO_FACTOR)
    assert "Set up your authenticator app" in page.text


def test_the_setup_page_keeps_the_same_secret_when_opened_again(client, editor):
    log_in(client)
    first = client.get(TWO_FACTOR).context["secret"]

    assert client.get(TWO_FACTOR).context["secret"] == first
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_right_code_confirms_the_app_and_opens_the_admin(client, editor):
    log_in(client)
    device = TOTPDevice.objects.get(user=editor)

    page = client.post(
        TWO_FACTOR, {"code": code_for(device), "next": "/admin/"}, follow=True
    )

    assert page.redirect_chain[-1][0] == reverse("admin:index")
    assert "Keep the catalog current" in page.text
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_next_to_the_field(client, editor):
    log_in(client)
    device = TOTPDevice.objects.get(user=editor)

    page = client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

    assert page.status_code == 200
    assert page.context["form"].errors["code"] == [
        "That code is not right. Enter the code your app shows now; it changes "
        "every 30 seconds."
    ]
    assert 'id="id_code_error"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert not TOTPDevice.objects.get(user=editor).confirmed
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_code_that_is_not_six_digits_is_refused(client, editor):
    log_in(client)

    page = client.post(TWO_FACTOR, {"code": "12ab"})

    assert page.context["form"].errors["code"] == [
        "Enter the code as 6 digits, like 123456."
    ]


def test_later_logins_ask_for_the_code_after_the_password(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)

    page = log_in(client)

    assert "Enter the code from your authenticator app" in page.text
    assert 'class="qr-code"' not in page.text
    page = client.post(
        TWO_FACTOR, {"code": code_for(device), "next": "/admin/"}, follow=True
    )
    assert "Keep the catalog current" in page.text


def test_wrong_codes_count_as_failed_logins_for_axes(client, editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own throttle off
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    log_in(client)

    for _ in range(4):
        client.post(TWO_FACTOR, {"code": wrong_code_for(device)})
    assert AccessAttempt.objects.get(username="eddie").failures_since_start == 4
    locked = client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "_auth_user_id" not in client.session


def test_a_second_wrong_code_at_once_is_throttled(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    log_in(client)
    client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

    page = client.post(TWO_FACTOR, {"code": code_for(device)})

    assert "Too many wrong codes in a row" in page.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_code_step_without_a_password_login_goes_to_the_login(client):
    page = client.get(TWO_FACTOR)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin:login"))


def test_a_visitor_logged_in_without_staff_status_is_not_asked_for_a_code(client):
    visitor = User.objects.create_user("visitor", password=PASSWORD)
    client.force_login(visitor)

    assert client.get(reverse("catalog:home")).status_code == 200
    assert client.get(TWO_FACTOR).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_the_code_step_works_with_javascript_off_and_inline_nothing(client, editor):
    page = log_in(client)

    assert "<script" not in page.text.split('id="content-main"')[1]
    assert " style=" not in page.text
