"""Every response carries the strict Content Security Policy, the admin's too."""

import pytest
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
