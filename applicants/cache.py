"""Versions of a person's answers, kept beside their cached guidance pages.

A guidance page is served from the cache only while its response's answers version
(the time the answers were last saved) is the one it was built from
(`catalog.cache.cached_page(depends_on=…)`). Saving a response sets the version once
its transaction commits; deleting it removes the version, so no page of it is served
again. Looking the version up in the cache rather than reading the response row
saves a query on every visit.
"""

from django.conf import settings
from django.db import transaction

from catalog.cache import page_cache


def answers_key(pk):
    return f"applicants:answers:{pk}"


def answers_version(response):
    return response.updated_at.isoformat()


def answers_saved(sender, instance, **kwargs):
    """post_save of a Response (and a bulk update of one, by hand)."""
    if not settings.CATALOG_PAGE_CACHE_SECONDS:
        return
    key, version = answers_key(instance.pk), answers_version(instance)
    transaction.on_commit(
        lambda: page_cache().set(key, version, settings.CATALOG_PAGE_CACHE_SECONDS),
        robust=True,
    )


def answers_deleted(sender, instance, **kwargs):
    """post_delete of a Response."""
    if not settings.CATALOG_PAGE_CACHE_SECONDS:
        return
    key = answers_key(instance.pk)
    transaction.on_commit(lambda: page_cache().delete(key), robust=True)
