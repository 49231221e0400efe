"""Queries and bytes per public page, on the seeded catalog.

    DATABASE_URL=... .venv/bin/python scripts/measure_pages.py   (or: make measure)

Uses the database DATABASE_URL names (migrated and seeded) and Django's test
client, so it measures the views themselves, without a web server. The page cache
is off (DJANGO_PAGE_CACHE_SECONDS=0): the queries are those of rendering a page; a
page served from the cache costs one query, the cache read.
"""

import gzip
import os
import sys
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
    "/certifications/cpc/",
    "/certifications/ccs/",
    "/bodies/",
    "/bodies/aapc/",
    "/compare/?c=CPC&c=CCS&c=COC",
    "/api/v1/certifications",
    "/api/v1/certifications/CPC",
    "/api/v1/bodies",
]


def main():
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    client = Client()
    print(f"database: {connection.vendor}")
    print(f"{'page':<66} {'status':>6} {'queries':>7} {'bytes':>7} {'gzip':>6}")
    for url in PAGES:
        client.get(url)  # warm up: connection, templates
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = response.content
        print(
            f"{url:<66} {response.status_code:>6} {len(queries):>7} "
            f"{len(body):>7} {len(gzip.compress(body)):>6}"
        )


if __name__ == "__main__":
    main()
