import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Plain static storage (no collectstatic in tests), fast hashing, no HTTPS redirect."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.CATALOG_PAGE_CACHE_SECONDS = (
        600  # as in production, whatever DJANGO_DEBUG says
    )


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test with a database starts with an empty cache (a table in it): no
    rate-limit count or cached page carries over."""
    uses_database = bool(request.node.get_closest_marker("django_db"))
    for name in ("live_server", "transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)  # set up before this fixture uses it
            uses_database = True
            break
    if uses_database:
        cache.clear()
    yield
    if uses_database:
        cache.clear()
