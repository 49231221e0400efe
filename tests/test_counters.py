"""Rate-limit counts are atomic: concurrent hits each get their own count, so no
more than the limit are accepted (the database cache's own `incr` lost updates:
300 concurrent POSTs against a limit of 120 saw 289 accepted).

Run on PostgreSQL (DATABASE_URL) and on Redis (REDIS_URL); each skips, saying why,
where it is missing.
"""

import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import connection

from certportal.models import Counter
from certportal.ratelimit import hit

THREADS = 24
HITS = 96
LIMIT = 40
REDIS_URL = os.environ.get("REDIS_URL", "")


def hit_concurrently(key):
    """HITS hits on `key` from THREADS threads at once; the counts they got."""
    barrier = threading.Barrier(THREADS)

    def hits(share):
        barrier.wait()
        try:
            return [hit(key, 600) for _ in range(share)]
        finally:
            connection.close()  # each thread's own database connection

    with ThreadPoolExecutor(THREADS) as pool:
        counts = pool.map(hits, [HITS // THREADS] * THREADS)
    return sorted(count for share in counts for count in share)


def test_a_hit_counts_up_from_one(db):
    key = f"test:{uuid.uuid4()}"

    assert [hit(key, 600) for _ in range(3)] == [1, 2, 3]


def test_an_expired_count_starts_again(db, settings):
    if "db.DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("the counter table is used with the database cache only")
    hit("test:old", 600)
    Counter.objects.filter(key="test:old").update(expires=0)

    assert hit("test:old", 600) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_on_the_database_are_each_counted_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in tests is one in-memory database; set DATABASE_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certportal_cache",
        }
    }

    counts = hit_concurrently("test:concurrent")

    assert counts == list(range(1, HITS + 1))
    assert len([count for count in counts if count <= LIMIT]) == LIMIT


@pytest.mark.skipif(not REDIS_URL, reason="no Redis: set REDIS_URL")
def test_concurrent_hits_on_redis_are_each_counted_once(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }

    counts = hit_concurrently(f"test:concurrent:{uuid.uuid4()}")

    assert counts == list(range(1, HITS + 1))
    assert len([count for count in counts if count <= LIMIT]) == LIMIT


@pytest.mark.skipif(not REDIS_URL, reason="no Redis: set REDIS_URL")
def test_a_count_on_redis_has_a_lifetime(settings):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    key = f"test:ttl:{uuid.uuid4()}"
    hit(key, 60)

    ttl = redis.Redis.from_url(REDIS_URL).ttl(caches["default"].make_key(key))
    assert 0 < ttl <= 60
