"""certportal settings: one module, configured from the environment.

Every variable is listed, with its default, in `.env.example` and the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The fallback starts with "django-insecure-" so `check --deploy` flags it (security.W009).
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "django-insecure-local-development-key-do-not-use-in-production",
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the two-factor site of certportal/admin_site.py as admin.site.
    "certportal.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Who changed which catalog fact when, old and new (catalog.models, `history`).
    "simple_history",
    "certportal",  # its rate-limit counts table (certportal/models.py)
    "catalog",
    "applicants",
]

# A history record's "why" (the reason an editor gives, or a refresh file's) is
# longer than django-simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compression. BREACH: pages carry CSRF tokens; Django masks the token afresh
    # on every response and GZipMiddleware pads with random bytes, which mitigates it.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the admin's code step?
    "django_otp.middleware.OTPMiddleware",
    # The editor behind each history record of a catalog fact.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after STAFF_SESSION_IDLE_TIMEOUT idle, STAFF_SESSION_MAX_AGE
    # in all (after the messages, which say why).
    "certportal.staff_sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A view that loses the database answers 503 with Retry-After, not 500.
    "certportal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certportal.urls"

context_processors = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "django.template.context_processors.csp",
    "applicants.context_processors.my_eligibility",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": context_processors},
    },
    # The catalog's heaviest pages (list, detail, body), found here when no Django
    # template has their name: see certportal/jinja2.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {
            "environment": "certportal.jinja2.environment",
            "context_processors": context_processors,
            "keep_trailing_newline": True,  # as Django templates print them
        },
    },
]

WSGI_APPLICATION = "certportal.wsgi.application"

# SQLite by default (zero-setup local run); PostgreSQL in production and CI through
# DATABASE_URL. Persistent connections with health checks: a page with one query
# served 265 requests/s without them and 2,023 with them on these machines.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# DJANGO_DB_POOL=1: psycopg's connection pool per process instead of one persistent
# connection per thread (measured against each other in docs/benchmarks.md).
if env_bool("DJANGO_DB_POOL") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("DJANGO_DB_POOL_SIZE", "4")),
    }

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin login throttling (django-axes): 5 failures for one username from one address
# lock that pair out for 15 minutes, even with the right password. Every attempt is
# stored (AccessAttempt, AccessLog, AccessFailureLog, in the admin) and logged by the
# "axes" logger.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# The client's address behind a reverse proxy (README, "Deploying behind nginx"):
# comma-separated addresses or networks of the proxies in front of the app, whose
# X-Forwarded-For is believed. Empty (the default): REMOTE_ADDR, forwarded headers
# ignored. The questionnaire POST limit and django-axes both use
# certportal.ratelimit.client_address (axes without django-ipware).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "certportal.ratelimit.client_address"

# Questionnaire POSTs (start, each step, check answers, delete) a client address may
# make in QUESTIONNAIRE_POST_WINDOW seconds before it gets the "Too many answers" page
# (429). A person answers about a dozen steps; 0 turns the limit off.
QUESTIONNAIRE_POST_LIMIT = int(os.environ.get("DJANGO_QUESTIONNAIRE_POST_LIMIT", "120"))
QUESTIONNAIRE_POST_WINDOW = 600

# The largest form is the admin's certification change form with its inlines: the
# seeded CPC has about 510 fields since fees carry dates (tests/test_error_pages.py
# measures it); the largest questionnaire step, credentials, about 40. 3,000 fields
# and 1 MB (that form posts well under 100 kB) leave room for an editor adding many
# inline rows; anything
# bigger gets the 400 page (under /api/, a JSON 413: certportal/api.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

CSRF_FAILURE_VIEW = "certportal.views.csrf_failure"

# Checked by createsuperuser, changepassword and the admin's password forms.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff log in with a password and then a code from an authenticator app (TOTP,
# django-otp; certportal/admin_site.py). The issuer is the name the app shows.
OTP_TOTP_ISSUER = "certportal"
# Staff sessions (certportal/staff_sessions.py); visitors' keep Django's default.
STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
STAFF_SESSION_MAX_AGE = timedelta(hours=12)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files straight from their folders when they have not been collected
# (local `make run`); production runs `collectstatic` first.
WHITENOISE_USE_FINDERS = env_bool("DJANGO_WHITENOISE_USE_FINDERS", default=DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy (Django 6 built-in): nothing inline, nothing from elsewhere.
# Images may be data: URIs because Bootstrap's CSS draws its form icons with them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Production assumes HTTPS. DJANGO_SECURE_SSL_REDIRECT=0 turns off only the redirect
# (for loopback runs such as benchmarks).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A cache every app server shares. It holds the page cache and the catalog version
# (certportal/cache.py) and the questionnaire POST counts (certportal/ratelimit.py).
# REDIS_URL set (redis://host:6379/0): Redis, Django's own backend. Unset: a table in
# the project's database (created by the migration catalog 0005, or `manage.py
# createcachetable`), so `make run` needs no server; its POST counts then live in the
# table certportal_counter, whose update is atomic (the cache table's is not).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certportal_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Anonymous catalog pages are cached whole until the catalog changes (an editor's save
# bumps its version) or for this many seconds at most; 0 turns the page cache off.
CATALOG_PAGE_CACHE = "default"
# Off by default with DEBUG (`make run`), so an edited template shows at once.
CATALOG_PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "0" if DEBUG else "600")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No response id or link secret in any line (certportal/log_filters.py).
    "filters": {"mask_ids": {"()": "certportal.log_filters.MaskResponseIds"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_ids"]}
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

CATALOG_PAGE_SIZE = 20

# `manage.py freshness_report` exits non-zero when a fact's source is older than
# this many months (and no editor has verified the fact since).
CATALOG_MAX_SOURCE_AGE_MONTHS = int(
    os.environ.get("DJANGO_CATALOG_MAX_SOURCE_AGE_MONTHS", "24")
)
