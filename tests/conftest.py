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
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalog.models import (
    Caveat,
    Certification,
    CertificationSource,
    EligibilityPathway,
    Fee,
    Membership,
    Requirement,
)
from tests.factories import (
    CareSettingFactory,
    CaveatFactory,
    CertificationFactory,
    CertificationSourceFactory,
    CredentialingBodyFactory,
    DuesFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    FormerNameFactory,
    RecommendationFactory,
    RequirementFactory,
    SourceFactory,
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


def _log_in_with_code(client, user):
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "Authenticator app", "confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def log_in_with_code(db):
    """`log_in_with_code(client, user)` logs the client in as `user` past both admin
    steps: the password (force_login) and a confirmed authenticator app, as the
    code step leaves the session."""
    return _log_in_with_code


@pytest.fixture
def editor_client(client, django_user_model, log_in_with_code):
    """A client logged in as an editor: staff in the Editors group, no superuser."""
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return log_in_with_code(client, editor)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, past the admin's code step too."""
    return _log_in_with_code(client, admin_user)


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


@pytest.fixture
def catalog(db):
    """The catalog the page, API and page-cache tests share: AAPC with CPC (every
    kind of fact: two routes, an apprentice removal path, fees, a caveat, sources)
    and COC (once CPC-H), AHIMA with CCA (status unclear), and a draft.

    The questionnaire's tests (tests/applicants/) judge people against catalogs of
    their own, with other CPC rules and dues.
    """
    office = CareSettingFactory(slug="physician-office", name="Physician office")
    outpatient = CareSettingFactory(
        slug="hospital-outpatient", name="Hospital outpatient"
    )
    aapc = CredentialingBodyFactory(
        acronym="AAPC",
        slug="aapc",
        name="AAPC",
        membership_required_to_test=Membership.REQUIRED,
        renewal_rules="Keep membership and earn CEUs.",
    )
    ahima = CredentialingBodyFactory(
        acronym="AHIMA",
        slug="ahima",
        name="American Health Information Management Association",
    )
    official = SourceFactory(
        key="A01", title="AAPC CPC exam page", as_of="January 2026"
    )
    dues = SourceFactory(key="A02", title="AAPC membership page")
    rumour = SourceFactory(key="P05", title="A training provider's blog")
    aapc.sources.add(official)
    DuesFactory(
        body=aapc,
        audience=Fee.Audience.STUDENT,
        amount=145,
        source=dues,
    )
    cpc = CertificationFactory(
        body=aapc,
        code="CPC",
        name="Certified Professional Coder",
        summary="The most widely held credential for physician office coding.",
        level=Certification.Level.PROFESSIONAL,
        exam_open_book=True,
        exam_passing="70%",
        apprentice_designation="CPC-A",
        apprentice_note="Removed with two years of experience.",
        maintenance_note="36 CEUs every two years.",
    )
    cpc.care_settings.add(office)
    training = EligibilityPathwayFactory(
        certification=cpc,
        key="course",
        name="Coding course",
        source=official,
        confidence=EligibilityPathway.Confidence.HIGH,
    )
    RequirementFactory(
        pathway=training, kind=Requirement.Kind.CODING_TRAINING, params={"hours": 80}
    )
    removal = EligibilityPathwayFactory(
        certification=cpc,
        key="two-years",
        name="Two years of experience",
        purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
        source=official,
    )
    RequirementFactory(
        pathway=removal,
        kind=Requirement.Kind.EXPERIENCE,
        params={"months": 24},
        source=official,
    )
    experience = EligibilityPathwayFactory(
        certification=cpc, key="experience", name="Work experience", source=official
    )
    RequirementFactory(
        pathway=experience, kind=Requirement.Kind.EXPERIENCE, params={"months": 24}
    )
    RecommendationFactory(certification=cpc, source=official)
    FeeFactory(
        certification=cpc,
        audience=Fee.Audience.MEMBER,
        amount=399,
        source=official,
        as_of="2026",
    )
    FeeFactory(
        certification=cpc, audience=Fee.Audience.NON_MEMBER, amount=499, source=official
    )
    FeeFactory(
        certification=cpc,
        kind=Fee.Kind.RETAKE,
        audience=Fee.Audience.EVERYONE,
        amount=None,
        source=official,
    )
    caveat = CaveatFactory(
        certification=cpc,
        topic=Caveat.Topic.FEES,
        kind=Caveat.Kind.CONFLICT,
        text="A training provider lists the exam at $425.",
    )
    caveat.sources.add(rumour)
    for topic in [CertificationSource.Topic.GENERAL, CertificationSource.Topic.FEES]:
        CertificationSourceFactory(certification=cpc, source=official, topic=topic)
    coc = CertificationFactory(
        body=aapc,
        code="COC",
        name="Certified Outpatient Coder",
        level=Certification.Level.PROFESSIONAL,
    )
    coc.care_settings.add(outpatient)
    FormerNameFactory(certification=coc, name="CPC-H")
    RequirementFactory(
        pathway=EligibilityPathwayFactory(certification=coc, source=official),
        kind=Requirement.Kind.MIN_EDUCATION,
        params={"level": "high_school_or_equivalent"},
    )
    cpc.related.add(coc)
    cca = CertificationFactory(
        body=ahima,
        code="CCA",
        name="Certified Coding Associate",
        level=Certification.Level.ENTRY,
        status=Certification.Status.UNCERTAIN,
    )
    CertificationFactory(
        body=aapc, code="DRAFT1", name="Unfinished Draft", published=False
    )
    return {"cpc": cpc, "coc": coc, "cca": cca, "aapc": aapc, "ahima": ahima}
