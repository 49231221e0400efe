"""Full-text search with ranking: PostgreSQL only (SQLite has the plain match)."""

import pytest
from django.db import connection

from catalog.queries import published_certifications, search_certifications
from tests.factories import CertificationFactory, FormerNameFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search with ranking runs on PostgreSQL",
    ),
]


def codes_for(query):
    return [c.code for c in search_certifications(published_certifications(), query)]


def test_search_matches_word_forms_not_just_substrings():
    CertificationFactory(code="CPC", name="Certified Professional Coder")
    CertificationFactory(code="CBCS", name="Billing specialist", summary="Billing.")

    assert codes_for("coders") == ["CPC"]


def test_a_match_in_the_name_ranks_above_a_match_in_the_summary():
    CertificationFactory(
        code="AAA", name="Certified Auditor", summary="Audits inpatient records."
    )
    CertificationFactory(
        code="CIC", name="Certified Inpatient Coder", summary="Hospital coding."
    )

    assert codes_for("inpatient") == ["CIC", "AAA"]


def test_words_can_come_in_any_order():
    CertificationFactory(code="COC", name="Certified Outpatient Coder")

    assert codes_for("coder outpatient") == ["COC"]


def test_an_exact_former_name_comes_first():
    coc = CertificationFactory(code="COC", name="Certified Outpatient Coder")
    FormerNameFactory(certification=coc, name="CPC-H")
    CertificationFactory(code="CPC", name="Certified Professional Coder")

    assert codes_for("CPC-H")[0] == "COC"
