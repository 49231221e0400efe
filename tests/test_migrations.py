from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import CertificationFactory

pytestmark = pytest.mark.django_db


def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_going_back_before_codes_became_the_identity_refills_the_slugs():
    CertificationFactory(code="CCS-P")
    try:
        call_command("migrate", "catalog", "0006", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT code, slug FROM catalog_certification")
            assert cursor.fetchall() == [("CCS-P", "ccs-p")]
    finally:
        call_command("migrate", "catalog", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_responses_made_before_owners_each_get_their_own_owner_token():
    from applicants.models import Response

    try:
        call_command("migrate", "applicants", "0002", verbosity=0)
        with connection.cursor() as cursor:
            for pk in ["a" * 32, "b" * 32]:
                cursor.execute(
                    "INSERT INTO applicants_response (id, answers, created_at, "
                    "updated_at) VALUES (%s, '{}', %s, %s)",
                    [pk, "2026-01-01 00:00:00", "2026-01-01 00:00:00"],
                )
        call_command("migrate", "applicants", verbosity=0)
        tokens = list(Response.objects.values_list("owner_token", flat=True))
        assert len(set(tokens)) == 2
        assert all(len(token) >= 43 for token in tokens)
        assert not Response.objects.exclude(share_token=None).exists()
    finally:
        call_command("migrate", "applicants", verbosity=0)
