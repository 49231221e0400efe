import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Certification, CredentialingBody, Fee
from tests.factories import (
    CertificationFactory,
    CredentialingBodyFactory,
)

pytestmark = pytest.mark.django_db


def test_a_fee_can_be_added_with_a_certification_that_is_not_saved_yet():
    body = CredentialingBodyFactory()
    new_certification = Certification(body=body, code="NEW")

    Fee(certification=new_certification, kind="exam", audience="member").clean()


def test_a_fee_must_belong_to_exactly_one_owner():
    certification = CertificationFactory()
    fee = Fee(certification=certification, body=certification.body, kind="exam")

    with pytest.raises(ValidationError, match="exactly one certification or one body"):
        fee.clean()


def test_a_code_in_another_case_is_refused_by_the_database():
    CertificationFactory(code="CPC")

    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            body=CredentialingBodyFactory(),
            code="cpc",
            name="A second CPC",
            level=Certification.Level.PROFESSIONAL,
            summary="Duplicate.",
            last_verified=datetime.date(2026, 11, 26),
        )


def test_a_code_in_another_case_fails_validation_with_a_clear_message():
    CertificationFactory(code="CCS-P")
    duplicate = CertificationFactory.build(
        body=CredentialingBodyFactory(), code="ccs-p"
    )

    with pytest.raises(ValidationError, match="codes are the same whatever"):
        duplicate.full_clean()


def test_the_url_holds_the_code_as_stored():
    assert CertificationFactory(code="CCS-P").get_absolute_url() == (
        "/certifications/CCS-P/"
    )


def test_facts_older_than_a_year_need_review():
    today = datetime.date.today()
    stale = CertificationFactory(last_verified=today - datetime.timedelta(days=400))
    fresh = CertificationFactory(last_verified=today - datetime.timedelta(days=30))
    CredentialingBodyFactory(acronym="OLD", last_verified=datetime.date(2020, 1, 1))

    assert list(Certification.objects.needing_review()) == [stale]
    assert stale.needs_review and not fresh.needs_review
    assert [b.acronym for b in CredentialingBody.objects.needing_review()] == ["OLD"]


def test_the_database_rejects_a_status_that_is_not_a_choice():
    certification = CertificationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.filter(pk=certification.pk).update(status="sort-of")
