"""Queries, bytes and time per public page, on the seeded catalog.

    DATABASE_URL=... .venv/bin/python scripts/measure_pages.py [REPEAT]
    (or: make measure)

Uses the database DATABASE_URL names (migrated and seeded) and Django's test
client, so it measures the views themselves, without a web server. The page cache
is off (DJANGO_PAGE_CACHE_SECONDS=0): the queries are those of rendering a page; a
page served from the cache costs one query, the cache read. A certification's
page keeps its sections beside the catalog version (catalog.views.certification_page)
whether or not whole pages are cached: after its first render, its figures are
those of a visitor with a session, one cache read and the header.

`ms` is the median wall time of REPEAT renders (default 50) and `cpu ms` the median
CPU time of this process (on PostgreSQL it leaves out the server's share).
"""

import gzip
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certportal.settings")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_WHITENOISE_USE_FINDERS", "1")
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
# Static files are not collected here; the pages are what is measured.
warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/",
    "/certifications/",
    "/certifications/?q=CPC-H",
    "/certifications/?education=high_school&setting=physician_office",
    "/certifications/CPC/",
    "/certifications/CCS/",
    "/bodies/",
    "/bodies/aapc/",
    "/compare/?c=CPC&c=CCS&c=COC",
    "/api/v1/certifications",
    "/api/v1/certifications/CPC",
    "/api/v1/bodies",
]


def timed(client, url, repeat):
    """Median (wall ms, CPU ms) of `repeat` requests of `url`."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main(repeat):
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    client = Client()
    print(f"database: {connection.vendor}")
    print(
        f"{'page':<66} {'status':>6} {'queries':>7} {'bytes':>7} {'gzip':>6} "
        f"{'ms':>6} {'cpu ms':>6}"
    )
    for url in PAGES:
        client.get(url)  # warm up: connection, templates
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        count = len(queries)  # before the next request resets the query log
        body = response.content
        wall, cpu = timed(client, url, repeat)
        print(
            f"{url:<66} {response.status_code:>6} {count:>7} "
            f"{len(body):>7} {len(gzip.compress(body)):>6} {wall:>6.1f} {cpu:>6.1f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
