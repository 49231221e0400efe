"""Full-text search with ranking: PostgreSQL only (SQLite has the plain match)."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import SEARCH_CONFIG, Certification, search_vector
from catalog.queries import published_certifications, search_certifications
from catalog.seed import load_catalog
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


# --------------------------------------------------------------------------- the stored document


def matched_by_document(query):
    """Codes whose stored search document matches `query` (no substring match)."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return sorted(
        Certification.objects.filter(search_document=search_query).values_list(
            "code", flat=True
        )
    )


def stale_documents():
    """Codes whose stored document differs from the one computed now."""
    return [
        code
        for code, stored, computed in Certification.objects.annotate(
            computed=search_vector()
        ).values_list("code", "search_document", "computed")
        if stored != computed
    ]


def test_a_new_certification_gets_its_search_document():
    CertificationFactory(code="CPC", name="Certified Professional Coder")

    assert matched_by_document("coders") == ["CPC"]
    assert stale_documents() == []


def test_a_renamed_certification_is_found_by_its_new_name_only():
    cpc = CertificationFactory(
        code="CPC", name="Certified Professional Coder", summary="Physician office."
    )

    cpc.name = "Certified Professional Auditor"
    cpc.save()

    assert matched_by_document("auditor") == ["CPC"]
    assert matched_by_document("coder") == []


def test_a_changed_summary_is_searched():
    cpc = CertificationFactory(code="CPC", summary="Physician office coding.")

    cpc.summary = "Outpatient hospital coding."
    cpc.save()

    assert matched_by_document("hospital") == ["CPC"]
    assert matched_by_document("physician") == []


def test_a_save_of_other_fields_keeps_the_document():
    cpc = CertificationFactory(code="CPC", name="Certified Professional Coder")

    cpc.published = False
    cpc.save(update_fields=["published"])

    assert matched_by_document("coder") == ["CPC"]


def test_an_added_former_name_is_searched():
    coc = CertificationFactory(code="COC", name="Certified Outpatient Coder")

    FormerNameFactory(certification=coc, name="Hospital Outpatient Credential")

    assert matched_by_document("credentials") == ["COC"]
    assert codes_for("credentials") == ["COC"]


def test_a_renamed_former_name_is_searched_by_its_new_name():
    coc = CertificationFactory(code="COC", name="Certified Outpatient Coder")
    former = FormerNameFactory(certification=coc, name="Hospital Credential")

    former.name = "Facility Credential"
    former.save()

    assert matched_by_document("facility") == ["COC"]
    assert matched_by_document("hospital") == []


def test_a_deleted_former_name_is_no_longer_searched():
    coc = CertificationFactory(code="COC", name="Certified Outpatient Coder")
    former = FormerNameFactory(certification=coc, name="Hospital Credential")

    former.delete()

    assert matched_by_document("hospital") == []
    assert stale_documents() == []


def test_the_seeded_catalog_has_current_documents():
    load_catalog()

    assert stale_documents() == []
    assert Certification.objects.filter(search_document__isnull=True).count() == 0


def test_a_replacing_seed_leaves_current_documents():
    load_catalog()
    Certification.objects.update(search_document=None)

    load_catalog(replace=True)

    assert stale_documents() == []


def test_search_queries_do_not_grow_with_the_catalog(django_assert_num_queries):
    def add_certifications(start, count):
        for n in range(start, start + count):
            certification = CertificationFactory(code=f"Q{n:04d}")
            FormerNameFactory(certification=certification, name=f"Old coder {n}")

    def search_queries():
        with CaptureQueriesContext(connection) as queries:
            page = list(search_certifications(published_certifications(), "coder"))
        return len(queries), len(page)

    add_certifications(0, 5)
    small = search_queries()
    add_certifications(5, 95)
    large = search_queries()

    # One query: care settings and former names come in each certification's row.
    assert small == (1, 5)
    assert large == (1, 100)
