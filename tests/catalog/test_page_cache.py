"""Anonymous catalog pages come from the shared cache until the catalog changes.

The cache is one every app server shares (settings.CACHES: a table in the
database, or Redis with REDIS_URL), so every server sees the same pages and the
same catalog version. The tests commit every save, as a
real request does: the catalog gets its new version on commit.
"""

import gzip
import os
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applicants.models import SESSION_KEY, Response
from catalog.models import CareSetting, Certification
from catalog.queries import cached_eligibility_rules
from certportal import cache as page_cache_module
from certportal.cache import (
    CATALOG_VERSION_KEY,
    cached_page,
    catalog_changed,
    new_catalog_version,
    page_key,
    release,
)
from tests.catalog.test_admin import admin_url, change_form_data, run_action
from tests.factories import (
    CertificationFactory,
    EligibilityPathwayFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

CACHED_PAGES = {
    "home": lambda: reverse("catalog:home"),
    "list": lambda: reverse("catalog:certification_list"),
    "search": lambda: reverse("catalog:certification_list") + "?q=coding",
    "detail": lambda: reverse("catalog:certification_detail", args=["CPC"]),
    "bodies": lambda: reverse("catalog:body_list"),
    "body": lambda: reverse("catalog:body_detail", args=["aapc"]),
    "compare": lambda: reverse("catalog:compare") + "?c=CPC&c=COC",
    "glossary": lambda: reverse("catalog:glossary"),
}


@pytest.fixture
def cpc(catalog):
    return catalog["cpc"]


def cache_state(page):
    return page.get("X-Catalog-Cache")


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_a_second_anonymous_visit_is_served_from_the_cache(client, cpc, name):
    url = CACHED_PAGES[name]()
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert len(queries) == HIT_QUERIES  # the page and the catalog version, in one read


def test_an_editor_save_shows_on_the_next_visit(client, cpc):
    url = reverse("catalog:certification_detail", args=["CPC"])
    assert "Certified Professional Coder" in client.get(url).text

    cpc.name = "Certified Professional Coder (renamed)"
    cpc.save()

    page = client.get(url)
    assert cache_state(page) == "miss"
    assert "Certified Professional Coder (renamed)" in page.text


def test_a_change_to_a_related_row_shows_at_once_too(client, cpc):
    url = reverse("catalog:certification_detail", args=["CPC"])
    client.get(url)

    RequirementFactory(
        pathway=EligibilityPathwayFactory(
            certification=cpc, name="Two years of coding work"
        ),
        kind="experience",
        params={"months": 24},
    )

    assert "Two years of coding work" in client.get(url).text


def test_an_unpublished_certification_leaves_the_cached_list_at_once(
    admin_client, client, cpc
):
    url = reverse("catalog:certification_list")
    assert "Certified Professional Coder" in client.get(url).text

    run_action(admin_client, "unpublish", cpc, confirmed=True)  # a bulk update

    assert "Certified Professional Coder" not in client.get(url).text


def test_a_save_in_the_admin_change_form_shows_at_once(admin_client, client, cpc):
    url = reverse("catalog:certification_detail", args=["CPC"])
    client.get(url)
    change_url = admin_url(Certification, "change", cpc.pk)
    data = change_form_data(admin_client.get(change_url))
    data["summary"] = "Updated by an editor just now."

    saved = admin_client.post(change_url, data)

    assert saved.status_code == 302, saved.context["errors"]
    assert "Updated by an editor just now." in client.get(url).text


def test_a_page_rendered_while_the_catalog_changed_is_not_served(rf):
    """The race: an editor commits while a page is being built from the old data.
    The page is stored with the version it started from, so it is built again."""
    request = rf.get("/certifications/")
    key = page_key("test", "race")

    def render_while_an_editor_saves():
        new_catalog_version()  # the editor's commit lands mid-render
        return HttpResponse("<p>old catalog</p>")

    first = cached_page(request, key, render_while_an_editor_saves)
    second = cached_page(request, key, lambda: HttpResponse("<p>new catalog</p>"))

    assert cache_state(first) == "miss"
    assert cache_state(second) == "miss"
    assert second.content == b"<p>new catalog</p>"
    assert cache_state(cached_page(request, key, HttpResponse)) == "hit"


def test_a_person_with_a_session_gets_their_own_page(client, cpc):
    """Their verdicts are on it: never stored, never served from the cache."""
    url = reverse("catalog:certification_list")
    anonymous = client.get(url)
    response = Response.objects.create(
        answers={"education": "high_school_diploma"}, completed_at=timezone.now()
    )
    session = client.session
    session[SESSION_KEY] = str(response.pk)
    session.save()

    mine = client.get(url)

    assert cache_state(anonymous) == "miss"
    assert cache_state(mine) is None
    assert "Your result:" in mine.text
    client.cookies.clear()
    again = client.get(url)
    assert cache_state(again) == "hit"
    assert "Your result:" not in again.text


def with_a_session(client):
    response = Response.objects.create(
        answers={"education": "high_school_diploma"}, completed_at=timezone.now()
    )
    session = client.session
    session[SESSION_KEY] = str(response.pk)
    session.save()


def test_a_person_with_a_session_reads_a_certifications_facts_from_the_cache(
    client, cpc
):
    """Their page has their verdict, so it is never shared; the facts under it are
    the same for everyone, built once while the catalog is unchanged."""
    with_a_session(client)
    url = reverse("catalog:certification_detail", args=["CPC"])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert cache_state(second) is None
    assert "Your result:" in second.text
    assert second.text == first.text
    assert not any("catalog_" in query["sql"] for query in queries)


def test_a_person_with_a_session_sees_an_edit_at_once(client, cpc):
    with_a_session(client)
    url = reverse("catalog:certification_detail", args=["CPC"])
    client.get(url)

    EligibilityPathwayFactory(certification=cpc, name="Two years of coding work")
    cpc.summary = "A summary an editor has just corrected."
    cpc.save()

    page = client.get(url)
    assert "A summary an editor has just corrected." in page.text
    assert "Two years of coding work" in page.text


def test_a_made_up_code_leaves_nothing_in_the_cache(client, cpc):
    with_a_session(client)  # past the page cache, to the sections' cache
    client.get(reverse("catalog:certification_detail", args=["CPC"]))
    before = cache_entries()

    for code in ("NO-SUCH-CODE", "ANOTHER", "YET-ANOTHER"):
        assert client.get(f"/certifications/{code}/").status_code == 404

    assert cache_entries() == before


REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_is_the_database():
    return settings.CACHES[settings.CATALOG_PAGE_CACHE]["BACKEND"].endswith(
        "db.DatabaseCache"
    )


def cache_entries():
    """How many entries the shared cache holds (the table's rows, or Redis keys)."""
    if not cache_is_the_database():
        import redis

        return redis.Redis.from_url(REDIS_URL).dbsize()
    table = settings.CACHES[settings.CATALOG_PAGE_CACHE]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


# A hit reads the page and the catalog version at once: one query on the
# database cache, none with Redis.
HIT_QUERIES = 1 if not REDIS_URL else 0


def test_a_cached_page_is_sent_gzipped_to_clients_that_take_gzip(client, cpc):
    url = reverse("catalog:certification_list")
    plain = client.get(url)

    zipped = client.get(url, headers={"accept-encoding": "gzip, br"})

    assert cache_state(zipped) == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Cookie" in zipped["Vary"] and "Accept-Encoding" in zipped["Vary"]


def test_the_browser_is_not_told_to_keep_the_page(client, cpc):
    url = reverse("catalog:certification_list")
    client.get(url)
    page = client.get(url)

    assert "max-age" not in page.get("Cache-Control", "")
    assert not page.has_header("Expires")


def test_an_error_page_is_never_stored(client, cpc):
    first = client.get("/certifications/nope/")
    second = client.get("/certifications/nope/")

    assert first.status_code == second.status_code == 404
    assert cache_state(second) is None


def test_a_redirect_to_the_canonical_page_is_stored(client, cpc):
    """Another spelling of a code: the 301 is kept, so it costs one cache read."""
    first = client.get("/certifications/Cpc/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/certifications/Cpc/")

    assert first.status_code == second.status_code == 301
    assert second["Location"] == first["Location"] == cpc.get_absolute_url()
    assert cache_state(second) == "hit"
    assert len(queries) == HIT_QUERIES


def test_the_page_cache_can_be_turned_off(client, cpc, settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0
    url = reverse("catalog:certification_list")
    client.get(url)

    assert cache_state(client.get(url)) is None


def test_the_cache_is_one_every_server_shares():
    """Every app server reads the same pages and version: not a per-process cache.
    Redis when REDIS_URL is set, else a table in the project's database."""
    backend = settings.CACHES[settings.CATALOG_PAGE_CACHE]["BACKEND"]
    if REDIS_URL:
        assert backend == "django.core.cache.backends.redis.RedisCache"
        assert settings.CACHES[settings.CATALOG_PAGE_CACHE]["LOCATION"] == REDIS_URL
        return
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES[settings.CATALOG_PAGE_CACHE]["LOCATION"]
    assert table in connection.introspection.table_names()


def test_a_lost_catalog_version_only_costs_a_render(client, cpc):
    url = reverse("catalog:certification_list")
    client.get(url)
    caches[settings.CATALOG_PAGE_CACHE].delete("catalog:version")

    page = client.get(url)

    assert cache_state(page) == "miss"
    assert cache_state(client.get(url)) == "hit"


def test_loading_many_rows_in_one_transaction_bumps_the_version_once(cpc):
    cache = caches[settings.CATALOG_PAGE_CACHE]
    before = cache.get(CATALOG_VERSION_KEY)
    with (
        mock.patch.object(cache, "set", wraps=cache.set) as cache_set,
        transaction.atomic(),
    ):
        for number in range(50):
            CertificationFactory(code=f"BULK{number}")
        for _ in range(5):
            catalog_changed()

    assert cache_set.call_count == 1
    assert cache.get(CATALOG_VERSION_KEY) != before


def test_a_rolled_back_change_leaves_the_next_commit_to_bump_the_version(cpc):
    cache = caches[settings.CATALOG_PAGE_CACHE]
    cache.set(CATALOG_VERSION_KEY, "before")
    with pytest.raises(RuntimeError), transaction.atomic():
        CertificationFactory(code="GONE")
        raise RuntimeError("the editor's save fails")
    assert cache.get(CATALOG_VERSION_KEY) == "before"

    CertificationFactory(code="KEPT")

    assert cache.get(CATALOG_VERSION_KEY) != "before"


@pytest.mark.parametrize(
    "bulk_change",
    [
        lambda: Certification.objects.filter(code="CPC").update(
            summary="Changed in bulk."
        ),
        lambda: Certification.objects.bulk_update(
            [Certification(pk=Certification.objects.get(code="CPC").pk)], ["summary"]
        ),
        lambda: Certification.objects.get(code="CPC").care_settings.add(
            CareSetting.objects.create(slug="payer", name="Payer")
        ),
        lambda: Certification.objects.filter(code="COC").delete(),
    ],
    ids=["update", "bulk_update", "many-to-many link", "delete"],
)
def test_a_bulk_change_to_the_catalog_makes_cached_pages_stale(
    client, cpc, bulk_change
):
    """Bulk writes go through the catalog's queryset, so none can forget the cache."""
    url = reverse("catalog:certification_list")
    client.get(url)
    assert cache_state(client.get(url)) == "hit"

    bulk_change()

    assert cache_state(client.get(url)) == "miss"


def test_the_release_covers_code_templates_and_static_files(settings, tmp_path):
    """A CSS-only deploy changes every key: cached pages name the old CSS files."""
    for folder in page_cache_module.RELEASE_FOLDERS:
        (tmp_path / folder).mkdir()
    settings.BASE_DIR = tmp_path
    changes = [
        (tmp_path / "static" / "site.css", "body { color: black; }"),
        (tmp_path / "static" / "site.css", "body { color: navy; }"),
        (tmp_path / "templates" / "base.html", "<p>"),
        (tmp_path / "catalog" / "views.py", "page = 1"),
    ]
    releases = []
    try:
        for path, text in changes:
            path.write_text(text)
            release.cache_clear()
            releases.append(release())
    finally:
        release.cache_clear()

    assert len(set(releases)) == len(changes)


def test_the_engine_rules_are_loaded_once_while_the_catalog_is_unchanged(cpc):
    first = cached_eligibility_rules()
    with CaptureQueriesContext(connection) as queries:
        second = cached_eligibility_rules()

    assert [rules.code for rules in second] == [rules.code for rules in first]
    assert len(queries) == HIT_QUERIES


def test_a_new_certification_is_judged_as_soon_as_it_is_saved(cpc):
    assert "RHIA" not in {rules.code for rules in cached_eligibility_rules()}

    CertificationFactory(
        code="RHIA", name="Registered Health Information Administrator"
    )

    assert "RHIA" in {rules.code for rules in cached_eligibility_rules()}


def test_a_new_release_does_not_serve_pages_the_old_one_rendered(
    client, cpc, monkeypatch
):
    """Templates and code are part of every key: after a deploy, pages and rules
    are built again, though the catalog did not change."""
    url = reverse("catalog:certification_list")
    client.get(url)
    assert cache_state(client.get(url)) == "hit"

    monkeypatch.setattr(page_cache_module, "release", lambda: "next-release")

    assert cache_state(client.get(url)) == "miss"


def test_pages_are_kept_per_address_scheme_and_host_included(client, cpc):
    """The detail page's JSON-LD carries its own absolute address."""
    url = reverse("catalog:certification_detail", args=["CPC"])
    client.get(url)

    secure = client.get(url, secure=True)

    assert cache_state(secure) == "miss"
    assert "https://testserver/certifications/CPC/" in secure.text


def test_query_parameters_the_page_does_not_read_share_one_entry(client, cpc):
    """`?utm=1` … `?utm=50`: one page stored, not fifty."""
    url = reverse("catalog:certification_list")
    client.get(url)
    before = cache_entries()

    pages = [client.get(f"{url}?utm={number}") for number in range(1, 51)]

    assert {cache_state(page) for page in pages} == {"hit"}
    assert cache_entries() == before


def test_a_page_for_an_ignored_parameter_does_not_carry_it_in_its_links(
    client, cpc, settings
):
    """The view sees only what it reads: its links (here the pager's) don't hand
    one visitor's tracking parameters to the next."""
    settings.CATALOG_PAGE_SIZE = 1
    url = reverse("catalog:certification_list")

    page = client.get(f"{url}?utm=campaign-of-one")

    assert "campaign-of-one" not in page.text
    assert "?page=2" in page.text


def test_the_parameters_a_page_reads_are_keyed_in_one_order(client, cpc):
    url = reverse("catalog:certification_list")
    first = client.get(f"{url}?q=coding&level=professional")

    second = client.get(f"{url}?level=professional&utm=x&q=coding")

    assert cache_state(first) == "miss"
    assert cache_state(second) == "hit"
    assert cache_state(client.get(f"{url}?q=coder&level=professional")) == "miss"


def test_the_order_of_the_codes_compared_is_kept_in_the_key(client, cpc):
    url = reverse("catalog:compare")
    client.get(f"{url}?c=CPC&c=COC")

    assert cache_state(client.get(f"{url}?c=CPC&c=COC&ref=mail")) == "hit"
    assert cache_state(client.get(f"{url}?c=COC&c=CPC")) == "miss"


def test_a_made_up_session_cookie_is_served_the_shared_page(client, cpc):
    url = reverse("catalog:certification_list")
    client.get(url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "madeupsessionkey0123456789abcdef"

    page = client.get(url)

    assert cache_state(page) == "hit"
    assert "Your result:" not in page.text
