"""Whole-page cache for anonymous visitors of the catalog pages (and, through
`cached_page`, for guidance pages), and the engine's rules for the whole catalog.

A catalog page is the same for everyone who has no session: no verdicts of their
own, no form with a CSRF token. Such a page is kept in the shared cache (the
database, see CACHES in settings), keyed by its full URL, beside the catalog version
it was rendered from. Every saved or deleted catalog row gives the catalog a new
version once its transaction commits (`catalog.apps`), so the next request renders
the page afresh: an editor's change shows at once, on every app server.

One cache read serves a hit: the page and the current version come back together
(`get_many`). A page rendered while an editor saved carries the old version and is
never served. Browsers are not told to keep the page (no max-age), so they too see
a change at once.
"""

import functools
import gzip
import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from catalog.queries import eligibility_rules

VERSION_KEY = "catalog:version"
GZIP_ACCEPTED = re.compile(r"\bgzip\b")  # as django.middleware.gzip decides


def page_cache():
    return caches[settings.CATALOG_PAGE_CACHE]


def catalog_changed():
    """Give the catalog a new version: every cached page is out of date."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def new_version(cache):
    """A version for a cache that has lost it (or never had one); another server
    may make one at the same moment, and then theirs is used."""
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY)


MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage


def is_cacheable_request(request):
    """GET or HEAD from someone without a session or a message waiting for them:
    the page has nothing of theirs."""
    return (
        settings.CATALOG_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


@functools.cache
def code_version():
    """A digest of the code and templates that render pages and rules.

    Part of every key, so a deploy never serves pages an older release rendered
    (during a rolling deploy, old and new servers each use their own entries)."""
    digest = hashlib.sha256()
    for folder in ("templates", "catalog", "applicants", "certportal"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html"):
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(*parts):
    """A cache key for a page from what it depends on (a URL, a response id…)."""
    text = "\n".join(str(part) for part in parts).encode("utf-8", "surrogateescape")
    # The number changes with the shape of what `_store` keeps.
    return f"catalog:page:3:{code_version()}:{hashlib.sha256(text).hexdigest()}"


def cached_page(request, key, render_page, depends_on=()):
    """The page stored under `key` for the current catalog, else `render_page()`'s
    response, stored when it is a plain 200 HTML page.

    `depends_on`: more cache keys holding versions the page was built from (a
    person's answers); it is served only while each still holds the same value,
    and stored only when each has one. One cache read serves a hit.
    `X-Catalog-Cache: hit` or `miss` says which happened (for tests and benchmarks).
    """
    cache = page_cache()
    version_keys = [VERSION_KEY, *depends_on]
    found = cache.get_many([*version_keys, key])
    versions = [found.get(version_key) for version_key in version_keys]
    page = found.get(key)
    if page is not None and None not in versions and page["versions"] == versions:
        return _cached_response(request, page)
    if versions[0] is None:
        versions[0] = new_version(cache)
    response = render_page()
    if getattr(response, "is_rendered", True) is False:
        response.render()  # a TemplateResponse (the generic views)
    if _is_cacheable_response(response):
        if None not in versions:
            _store(cache, key, versions, response)
        response["X-Catalog-Cache"] = "miss"
    return response


def cache_anonymous_page(view):
    """Serve the view's 200 pages to visitors without a session from the cache."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not is_cacheable_request(request):
            return view(request, *args, **kwargs)
        return cached_page(
            request,
            page_key(request.build_absolute_uri()),
            lambda: view(request, *args, **kwargs),
        )

    return cached_view


def _is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _store(cache, key, versions, response):
    """Keep the page gzipped: most clients take it so, and it is a third of the size."""
    cache.set(
        key,
        {
            "versions": versions,
            "gzipped": compress_string(response.content),
            "content_type": response["Content-Type"],
        },
        timeout=settings.CATALOG_PAGE_CACHE_SECONDS,
    )


def _cached_response(request, page):
    if GZIP_ACCEPTED.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page["gzipped"], content_type=page["content_type"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(
            gzip.decompress(page["gzipped"]), content_type=page["content_type"]
        )
    # The page differs for a person with a session (their verdicts) and by encoding.
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    response["X-Catalog-Cache"] = "hit"
    return response


def rules_key():
    return f"catalog:eligibility-rules:1:{code_version()}"


RULES_SECONDS = 3600  # a bound only: a catalog change replaces them at once


def cached_eligibility_rules():
    """Every published certification as engine rules (`queries.eligibility_rules`),
    kept in the shared cache while the catalog is unchanged.

    Loading them costs a query per table and a Python object per row, which grows
    with the catalog (about 0.4 s for 1,000 certifications); the rules are the same
    for every person, so one load serves every guidance page, verdict and API call
    until an editor's save gives the catalog a new version.
    """
    cache = page_cache()
    key = rules_key()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or new_version(cache)
    stored = found.get(key)
    if stored is not None and stored["version"] == version:
        return stored["rules"]
    rules = eligibility_rules()
    cache.set(key, {"version": version, "rules": rules}, timeout=RULES_SECONDS)
    return rules
