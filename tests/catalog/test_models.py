import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Certification, CredentialingBody, Fee
from tests.factories import CertificationFactory, CredentialingBodyFactory

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
