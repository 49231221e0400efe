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
