"""Security headers and cookies on every kind of response, the admin's too."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalog:home"),
        reverse("catalog:certification_list"),
        "/no-such-page/",
        reverse("admin:login"),
        "/api/v1/openapi.json",
    ],
)
def test_responses_carry_a_strict_content_security_policy(client, url):
    policy = client.get(url).headers["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_admin_changelist_carries_the_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_pages_forbid_framing_and_sniffing(client):
    response = client.get(reverse("catalog:home"))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# Every kind of response carries the security headers.

EVERY_KIND = {
    "page": reverse("catalog:home"),
    "not found": "/no-such-page/",
    "API JSON": "/api/v1/bodies",
    "API not found": "/api/v1/no-such-endpoint",
    "admin login": reverse("admin:login"),
    "redirect": reverse("admin:index"),
}
PRODUCTION = {
    "DEBUG": False,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)


@pytest.fixture(params=list(EVERY_KIND))
def any_response(request, client):
    return client.get(EVERY_KIND[request.param], secure=True)


def test_every_kind_of_response_has_the_expected_status(client):
    statuses = {kind: client.get(url).status_code for kind, url in EVERY_KIND.items()}

    assert statuses == {
        "page": 200,
        "not found": 404,
        "API JSON": 200,
        "API not found": 404,
        "admin login": 200,
        "redirect": 302,
    }


def test_every_kind_of_response_carries_the_whole_policy(any_response):
    policy = any_response.headers["Content-Security-Policy"]
    directives = {d.strip() for d in policy.split(";")}

    assert {
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    } <= directives
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_every_kind_of_response_forbids_sniffing(any_response):
    assert any_response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_kind_of_response_sets_a_referrer_policy(any_response):
    assert any_response.headers["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_sets_the_opener_policy(any_response):
    assert any_response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_response_names_the_server_software(any_response):
    assert "Server" not in any_response.headers
    assert "X-Powered-By" not in any_response.headers


@pytest.mark.parametrize("kind", list(EVERY_KIND))
def test_https_responses_carry_hsts_in_production(client, production, kind):
    response = client.get(EVERY_KIND[kind], secure=True)

    hsts = response.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_redirects_http_to_https(client, production, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("catalog:home"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_the_session_cookie_is_secure_httponly_and_samesite(client, production):
    client.post(reverse("applicants:start"), secure=True)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_secure_and_samesite(client, production):
    client.get(reverse("applicants:start"), secure=True)

    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
