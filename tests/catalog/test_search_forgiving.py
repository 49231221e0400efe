"""Search that forgives: everyday words, plurals and typos find the credentials a
person means, and a search that finds nothing says "Did you mean …?".

On the real catalog (catalog/fixtures/catalog_seed.yaml, its synonyms included),
loaded once for the module; each test's changes are rolled back to it. Typos are
forgiven in the search itself on PostgreSQL (pg_trgm) and through "Did you mean"
elsewhere; those tests say which database they need.
"""

import copy
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import SearchSynonym
from catalog.queries import (
    published_certifications,
    search_certifications,
    search_suggestion,
)
from catalog.seed import load_catalog, read_seed_file
from tests.catalog.test_admin import admin_url
from tests.catalog.test_views import codes_listed, count_queries, list_url

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typos are searched with pg_trgm, results ranked by relevance",
)
off_postgresql = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL finds the typo itself (see the pg_trgm tests)",
)

# What a person types, and credentials they must find among the results.
EVERYDAY_SEARCHES = {
    "medical coder": {"CPC", "CCA"},
    "biller": {"CPB", "CBCS"},
    "billers": {"CPB", "CBCS"},
    "billing": {"CPB", "CBCS", "CMRS"},
    "hospital": {"CCS", "CIC", "COC"},
    "inpatient": {"CIC", "CCS"},
    "outpatient": {"COC", "CCS"},
    "doctor's office": {"CCS-P", "CPC"},
    "Doctors Office": {"CCS-P", "CPC"},
    "doctor’s office": {"CCS-P", "CPC"},
    "insurance": {"CPC-P", "CRC"},
    "risk adjustment": {"CRC"},
    "auditor": {"CPMA"},
    "coders": {"CPC", "CIC", "COC"},
}


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker):
    """The real catalog, for the module; rolled back at its end (each test runs in
    a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_catalog(copy.deepcopy(read_seed_file()))
        yield
        transaction.set_rollback(True)


def codes_for(query):
    return [c.code for c in search_certifications(published_certifications(), query)]


def suggested_link(response):
    """The href of the "Did you mean" link, or None."""
    found = re.search(r'Did you mean <a href="([^"]*)">', response.text)
    return unescape(found[1]) if found else None


@pytest.mark.parametrize("query", EVERYDAY_SEARCHES)
def test_everyday_words_find_the_credentials_meant(catalog, query):
    assert EVERYDAY_SEARCHES[query] <= set(codes_for(query))


def test_a_former_name_finds_the_credential_it_names_first(catalog):
    assert codes_for("CPC-H")[0] == "COC"
    assert codes_for("cpc-h")[0] == "COC"


def test_risk_adjustment_lists_crc_first(catalog):
    assert codes_for("risk adjustment")[0] == "CRC"


@on_postgresql  # elsewhere results come in code order, with CPC on page 2
def test_medical_coder_shows_cpc_and_cca_on_the_first_page(client, catalog):
    listed = codes_listed(client.get(list_url(q="medical coder")))

    assert {"CPC", "CCA"} <= set(listed)


def test_a_synonym_finds_whatever_its_phrase_is_inside(catalog):
    assert {"CPB", "CBCS"} <= set(codes_for("certified billers near me"))


def test_a_word_that_merely_starts_like_a_synonym_is_not_it(catalog):
    SearchSynonym.objects.create(phrase="ward", meaning="billing")

    assert "CPB" not in codes_for("awards")


@on_postgresql
def test_a_misspelt_search_finds_the_credential_on_postgresql(client, catalog):
    listed = codes_listed(client.get(list_url(q="certifed coder")))

    assert "CPC" in listed


@on_postgresql
@pytest.mark.parametrize(
    ["query", "code"],
    [("outpatent", "COC"), ("cardiolgy", "CCC"), ("biling specalist", "CBCS")],
)
def test_a_misspelt_word_finds_on_postgresql(catalog, query, code):
    assert code in codes_for(query)


@off_postgresql
def test_a_misspelt_search_leads_to_the_credential_through_did_you_mean(
    client, catalog
):
    page = client.get(list_url(q="certifed coder"))
    assert codes_listed(page) == []

    link = suggested_link(page)

    assert parse_qs(urlsplit(link).query)["q"] == ["certified coder"]
    assert "CPC" in codes_listed(client.get(list_url() + link))


def test_a_search_that_finds_nothing_says_did_you_mean(client, catalog):
    page = client.get(list_url(q="medcal codr"))

    assert "0 certifications found" in page.text
    assert parse_qs(urlsplit(suggested_link(page)).query)["q"] == ["medical coder"]


def test_did_you_mean_keeps_the_other_filters_and_starts_at_page_one(client, catalog):
    page = client.get(list_url(q="medcal codr", level="professional", page="1"))

    params = parse_qs(urlsplit(suggested_link(page)).query)

    assert params == {"q": ["medical coder"], "level": ["professional"]}


def test_following_did_you_mean_finds_something(client, catalog):
    link = suggested_link(client.get(list_url(q="urolgy codr")))

    assert "CUC" in codes_listed(client.get(list_url() + link))


def test_gibberish_gets_no_suggestion_only_the_usual_advice(client, catalog):
    page = client.get(list_url(q="xqzvw"))

    assert suggested_link(page) is None
    assert "Check the spelling" in page.text


def test_a_search_with_results_offers_no_suggestion(client, catalog):
    assert suggested_link(client.get(list_url(q="billing"))) is None


def test_the_suggestion_is_never_the_search_itself(catalog):
    # "cpb" finds nothing only where filters leave CPB out: "CPB" would not help.
    assert search_suggestion("cpb") not in {"CPB", "cpb"}


def test_an_editors_synonym_shows_at_once_on_a_cached_page(
    client,
    catalog,
    django_user_model,
    django_capture_on_commit_callbacks,
    log_in_with_code,
):
    url = list_url(q="front desk")
    first = client.get(url)
    assert codes_listed(first) == []
    assert client.get(url)["X-Catalog-Cache"] == "hit"
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(editor.groups.model.objects.get(name="Editors"))
    log_in_with_code(client, editor)

    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            admin_url(SearchSynonym, "add"),
            {"phrase": "Front desk", "meaning": "billing"},
        )
    client.logout()
    page = client.get(url)

    assert added.status_code == 302
    assert page["X-Catalog-Cache"] == "miss"
    assert {"CPB", "CBCS"} <= set(codes_listed(page))


def test_a_search_with_synonyms_keeps_the_page_at_four_queries(
    client, settings, catalog
):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0

    assert count_queries(client, list_url(q="medical coder")) <= 4


def test_did_you_mean_keeps_the_page_at_four_queries(client, settings, catalog):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0

    assert count_queries(client, list_url(q="medcal codr")) <= 4


def test_a_suggestion_takes_one_query(catalog):
    with CaptureQueriesContext(connection) as queries:
        search_suggestion("medcal codr")

    assert len(queries) == 1
