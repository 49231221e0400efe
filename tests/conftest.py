"""Settings, caches and Hypothesis profiles shared by every test.

Hypothesis profiles (HYPOTHESIS_PROFILE picks one; FUZZ_EXAMPLES overrides the count):
- `quick`, the default (`make test`): 25 generated inputs per fuzzed endpoint, on top
  of the inputs that once broke something, which every profile sends (`@example`).
- `fuzz` (`make fuzz`, `.ci/run`): 1,000 generated inputs per endpoint.
"""

import os

import hypothesis
import pytest
from django.core.cache import cache

from tests.factories import (
    CertificationFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    RequirementFactory,
)

# The fuzz tests reuse one client and database across inputs (a function-scoped
# fixture, on purpose), and a request may take longer than Hypothesis expects.
for name, examples in {"quick": 25, "fuzz": 1000}.items():
    hypothesis.settings.register_profile(
        name,
        max_examples=int(os.environ.get("FUZZ_EXAMPLES") or examples),
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            hypothesis.HealthCheck.function_scoped_fixture,
            hypothesis.HealthCheck.too_slow,
        ],
    )
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


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


@pytest.fixture
def small_catalog(db):
    """CPC, CCS and CCA, each with an apprentice designation, one pathway with one
    requirement, and one fee: small enough for 1,000 requests per fuzzed endpoint."""
    for code in ["CPC", "CCS", "CCA"]:
        certification = CertificationFactory(
            code=code, apprentice_designation=f"{code}-A"
        )
        pathway = EligibilityPathwayFactory(certification=certification)
        RequirementFactory(pathway=pathway)
        FeeFactory(certification=certification)
