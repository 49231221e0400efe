"""The page cache: what is kept, when it goes stale, and who never gets a shared page.

Everything lives in the cache every app server shares (`settings.CACHES`, entry
`CATALOG_PAGE_CACHE`), so no server keeps a page or a version of its own.

What is kept
- Anonymous catalog pages (home, list and search, detail, bodies, a body, compare),
  whole and gzipped, keyed by their absolute address and the query parameters
  the view reads, nothing else (`cache_anonymous_page(params=…)`), and the
  cheap 301s that send another spelling of a code to its canonical page.
- Guidance pages, keyed by response and URL (`cached_page(depends_on=…)` with the
  response's answers version); each one stored is noted under the response
  (`answers_page_stored`), so deleting the answers deletes every one of them.
- Values built from the whole catalog, such as the engine's rules
  (`catalog_value`). The admin's impact preview judges an unsaved change inside a
  transaction it rolls back, and builds them from the database there
  (`catalog_values_bypassed`): it neither reads nor stores one.

When it goes stale
- The catalog has one version. Every write to a catalog row goes through
  `catalog.models.CatalogModel.save()` / `delete()` or a `CatalogQuerySet`
  (`update`, `delete`, `bulk_create`, `bulk_update`), and a many-to-many link
  change through `catalog.models.catalog_links_changed`; each calls
  `catalog_changed()`, which gives the catalog a new version once the transaction
  commits, once per transaction. A page or value stored with another version is
  never served, so an editor's change shows on the next request, on every server.
  A page rendered while an editor commits keeps the old version and is rendered
  again next time.
- A person's answers have a version, the time they were last saved:
  `applicants.models.Response.save()` and its queryset's `update()` set it
  (`answers_saved`), `delete()` replaces it with a tombstone (`answers_deleted`).
  A guidance page is served only while that version is the one it was built from.
- Every key carries the release (`release()`): a digest of the code, templates and
  static files. A deploy never serves a page an older release rendered, which might
  name CSS files that no longer exist.
- `CATALOG_PAGE_CACHE_SECONDS` bounds every entry; 0 turns the page cache off (the
  default with DJANGO_DEBUG, so template edits show at once).
- Writes that bypass the ORM (raw SQL, a restored dump) are not seen: clear the
  cache after one (docs/operations.md).

Who never gets a shared page
- A visitor with a session (their own verdicts) or a message waiting for them
  (`is_cacheable_request`), and any request other than GET or HEAD. A session
  cookie counts only when the session exists (`has_session`): a made-up one gets
  the shared page.
- Only a plain 200 HTML page or a 301 that sets no cookie is stored; errors never.
Browsers are not told to keep pages (no max-age), so they too see a change at once.
`X-Catalog-Cache: hit|miss` says what happened, for tests and benchmarks.
"""

import contextlib
import functools
import gzip
import hashlib
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

CATALOG_VERSION_KEY = "catalog:version"
GZIP_ACCEPTED = re.compile(r"\bgzip\b")  # as django.middleware.gzip decides
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
# The folders whose files decide how a page looks: code, templates, static files.
RELEASE_FOLDERS = ("certportal", "catalog", "applicants", "templates", "static")
RELEASE_SUFFIXES = (".py", ".html")
# The number changes with the shape of what `_store` keeps.
PAGE_FORMAT = 4
# A deleted response's answers version: no page of it is served or stored again.
DELETED = "deleted"


def page_cache():
    return caches[settings.CATALOG_PAGE_CACHE]


def is_enabled():
    return settings.CATALOG_PAGE_CACHE_SECONDS > 0


@functools.cache
def release():
    """A digest of the files that render pages and rules: the Python code, the
    templates and every static file (CSS, JavaScript, images). Part of every key, so during a rolling deploy old and new servers
    each use their own entries."""
    digest = hashlib.sha256()
    for folder in RELEASE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and (
                folder == "static" or path.suffix in RELEASE_SUFFIXES
            ):
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(*parts):
    """A cache key for a page from what it depends on (a URL, a response id…)."""
    text = "\n".join(str(part) for part in parts).encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(text).hexdigest()
    return f"page:{PAGE_FORMAT}:{release()}:{digest}"


# The catalog's version.

_pending = threading.local()


def catalog_changed(using=None):
    """Give the catalog a new version once the current transaction commits.

    Called by every write to a catalog row (see the module docstring). A page
    rendered before the commit must not be stored as new, hence on commit; and
    once per transaction, so loading a thousand rows bumps the version once: every
    write of one transaction registers a callback with the same token, and the
    first to run replaces the token, so the others find nothing to do. A rolled
    back transaction runs none of its callbacks and leaves the token, so the next
    transaction's commit bumps the version.
    """
    token = getattr(_pending, "token", None)
    if token is None:
        token = _pending.token = object()
    transaction.on_commit(
        functools.partial(_bump_catalog_version, token), using=using, robust=True
    )


def _bump_catalog_version(token):
    if getattr(_pending, "token", None) is not token:
        return  # this transaction's version is already bumped
    _pending.token = None
    new_catalog_version()


def new_catalog_version():
    """Give the catalog a new version now: every cached page and value is stale."""
    page_cache().set(CATALOG_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _catalog_version(cache, found):
    """The version in `found` (a `get_many` result), or a new one for a cache
    that lost it; another server may make one at the same moment, and then theirs
    is used."""
    if found.get(CATALOG_VERSION_KEY) is not None:
        return found[CATALOG_VERSION_KEY]
    cache.add(CATALOG_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(CATALOG_VERSION_KEY)


CATALOG_VALUE_SECONDS = 3600  # a bound only: a catalog change replaces them at once


def catalog_value(name, build):
    """`build()`'s value, kept while the catalog is unchanged.

    For values built from the whole catalog that are the same for every person
    (the engine's rules): one build serves every request on every server until an
    editor's save gives the catalog a new version. A None is not kept: `build` may
    find nothing for a name a visitor made up, and each such name would take a
    cache entry."""
    if getattr(_bypass, "active", False):
        return build()
    cache = page_cache()
    key = f"catalog:value:{name}:{release()}"
    found = cache.get_many([CATALOG_VERSION_KEY, key])
    version = _catalog_version(cache, found)
    stored = found.get(key)
    if stored is not None and stored["version"] == version:
        return stored["value"]
    value = build()
    if value is not None:
        cache.set(key, {"version": version, "value": value}, CATALOG_VALUE_SECONDS)
    return value


_bypass = threading.local()


@contextlib.contextmanager
def catalog_values_bypassed():
    """Within it, `catalog_value` builds every value from the database and neither
    reads nor stores one: for code that judges the catalog inside a transaction it
    will roll back (the admin's impact preview, `catalog.admin_preview`). A value
    read there would be the catalog before the change; one stored there, built
    from the unsaved change, would be served to everyone under the current
    version."""
    previous = getattr(_bypass, "active", False)
    _bypass.active = True
    try:
        yield
    finally:
        _bypass.active = previous


# A person's answers' version.


def answers_key(pk):
    return f"answers:{pk}"


def answers_version(response):
    return response.updated_at.isoformat()


def answers_saved(versions, using=None):
    """Once the transaction commits, the answers of each response pk in
    `versions` ({pk: version}) have that version."""
    if not versions:
        return
    entries = {answers_key(pk): version for pk, version in versions.items()}
    transaction.on_commit(
        lambda: page_cache().set_many(entries, settings.CATALOG_PAGE_CACHE_SECONDS),
        using=using,
        robust=True,
    )


def answers_deleted(pks, using=None):
    """Once the transaction commits, no page of these responses is served: their
    version becomes a tombstone, which a page rendered meanwhile can't replace;
    and every page noted by `answers_page_stored` is deleted from the cache."""
    answers_saved(dict.fromkeys(pks, DELETED), using=using)
    if pks:
        transaction.on_commit(
            functools.partial(_delete_answers_pages, list(pks)),
            using=using,
            robust=True,
        )


# How many pages (URL variants) of one response's answers are kept at most.
ANSWERS_PAGES_MAX = 50


def answers_pages_key(pk):
    return f"answers:{pk}:pages"


def answers_page_stored(pk, key):
    """Note that a page showing the answers of response `pk` was stored under
    `key`, so that deleting the answers deletes it. Past `ANSWERS_PAGES_MAX`
    noted pages the page is deleted at once: every page kept is noted. (Two
    pages stored at the same moment may both read the list and one note be
    lost: that page is never served, its version being the tombstone, and it
    expires with the page cache's timeout.)"""
    cache = page_cache()
    index = answers_pages_key(pk)
    keys = cache.get(index) or []
    if key in keys:
        return
    if len(keys) >= ANSWERS_PAGES_MAX:
        cache.delete(key)
        return
    cache.set(index, [*keys, key], settings.CATALOG_PAGE_CACHE_SECONDS)


def _delete_answers_pages(pks):
    cache = page_cache()
    indexes = [answers_pages_key(pk) for pk in pks]
    noted = cache.get_many(indexes)
    cache.delete_many([key for keys in noted.values() for key in keys] + indexes)


def answers_seen(response):
    """The version of answers just read, should the cache have lost it (`add`
    never replaces a newer version or a tombstone)."""
    page_cache().add(
        answers_key(response.pk),
        answers_version(response),
        settings.CATALOG_PAGE_CACHE_SECONDS,
    )


# Whole pages.


def is_cacheable_request(request):
    """GET or HEAD from someone without a session or a message waiting for them:
    the page has nothing of theirs."""
    return (
        is_enabled()
        and request.method in ("GET", "HEAD")
        and MESSAGES_COOKIE not in request.COOKIES
        and not has_session(request)
    )


def has_session(request):
    """Whether the session cookie names a session that exists. Loading it costs one
    query, which a real session's page runs anyway (the view reads it); a made-up
    or expired key is dropped, so it gets the shared page (and SessionMiddleware
    deletes the cookie)."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    session.keys()  # loads it: the store forgets a key it does not hold
    return session.session_key is not None


def cached_page(request, key, render_page, depends_on=()):
    """The page stored under `key` for the current catalog, else `render_page()`'s
    response, stored when it is a plain 200 HTML page or a 301.

    `depends_on`: more cache keys holding versions the page was built from (a
    person's answers); it is served only while each still holds the same value,
    and stored only when each has one. One cache read serves a hit.
    """
    cache = page_cache()
    version_keys = [CATALOG_VERSION_KEY, *depends_on]
    found = cache.get_many([*version_keys, key])
    versions = [found.get(version_key) for version_key in version_keys]
    page = found.get(key)
    if page is not None and None not in versions and page["versions"] == versions:
        return _cached_response(request, page)
    versions[0] = _catalog_version(cache, found)
    response = render_page()
    if getattr(response, "is_rendered", True) is False:
        response.render()  # a TemplateResponse (the generic views)
    if _is_cacheable_response(response):
        if None not in versions and DELETED not in versions:
            _store(cache, key, versions, response)
        response["X-Catalog-Cache"] = "miss"
    return response


def cache_anonymous_page(view=None, *, params=()):
    """Serve the view's pages to visitors without a session from the cache; to a
    visitor with a session, their own page (their verdicts), marked private so
    that no shared cache on the way keeps it.

    `params`: the query parameters the view reads. The key holds only those, in
    this order (each one's values in the order given), and the view sees only
    those, so its links can't carry the others: `?utm=1`, `?utm=2`… are one page,
    not one entry each. `@cache_anonymous_page` alone: the view reads none.
    """
    if view is None:
        return functools.partial(cache_anonymous_page, params=params)

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not is_cacheable_request(request):
            response = view(request, *args, **kwargs)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response
        query = canonical_query(request, params)
        return cached_page(
            request,
            page_key(request.build_absolute_uri(request.path), query),
            lambda: view(request, *args, **kwargs),
        )

    return cached_view


def canonical_query(request, params):
    """Keep only `params` in the request's query string, in their order, and return
    it (the view then reads the same GET as the key says)."""
    kept = QueryDict(mutable=True)
    for name in params:
        values = request.GET.getlist(name)
        if values:
            kept.setlist(name, values)
    query = kept.urlencode()
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return query


def _is_cacheable_response(response):
    if response.streaming or response.cookies:
        return False
    if response.status_code == 301:
        return True
    return response.status_code == 200 and response.get("Content-Type", "").startswith(
        "text/html"
    )


def _store(cache, key, versions, response):
    """Keep a page gzipped (most clients take it so, and it is a third of the
    size), a redirect as its address."""
    if response.status_code == 301:
        page = {"versions": versions, "location": response["Location"]}
    else:
        page = {
            "versions": versions,
            "gzipped": compress_string(response.content),
            "content_type": response["Content-Type"],
        }
    cache.set(key, page, timeout=settings.CATALOG_PAGE_CACHE_SECONDS)


def _cached_response(request, page):
    if "location" in page:
        response = HttpResponsePermanentRedirect(page["location"])
    elif GZIP_ACCEPTED.search(request.headers.get("Accept-Encoding", "")):
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
