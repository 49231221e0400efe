"""/healthz (no database) and /readyz (the database answers), and HTML compression."""

import gzip
from unittest import mock

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_is_ok_without_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = client.get("/healthz")
    assert page.status_code == 200
    assert page.content == b"ok\n"
    assert page["Content-Type"].startswith("text/plain")
    assert "no-cache" in page["Cache-Control"]


def test_healthz_works_with_database_access_blocked(client):
    # No django_db mark: pytest-django raises on any database access.
    assert client.get("/healthz").status_code == 200


def test_healthz_sets_no_cookie(client):
    page = client.get("/healthz")
    assert not page.cookies


def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = client.get("/readyz")
    assert page.status_code == 200
    assert page.content == b"ok\n"


@pytest.mark.django_db
def test_readyz_is_503_not_500_when_the_database_is_unreachable(client):
    # The database itself is real; only its failure mode is simulated.
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        page = client.get("/readyz")
    assert page.status_code == 503
    assert page.content == b"database unavailable\n"
    assert b"connection refused" not in page.content


@pytest.mark.django_db
def test_readyz_is_503_when_the_query_fails(client):
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = OperationalError("gone")
    with mock.patch.object(connection, "cursor", return_value=cursor):
        page = client.get("/readyz")
    assert page.status_code == 503


@pytest.mark.django_db
def test_html_pages_are_gzip_encoded_when_the_client_accepts_gzip(client):
    page = client.get("/certifications/", headers={"accept-encoding": "gzip"})
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    html = gzip.decompress(page.content).decode()
    assert "<html" in html


@pytest.mark.django_db
def test_html_pages_are_plain_when_the_client_does_not_accept_gzip(client):
    page = client.get("/certifications/")
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")
    assert b"<html" in page.content
