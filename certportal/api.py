"""The JSON API's root, at /api/v1/, described by /api/v1/openapi.json.

One NinjaAPI holds every app's endpoints: the catalog's read-only ones
(`catalog.api.router`) and `POST /eligibility` (`applicants.api.router`).

Every answer under it is JSON, errors included, each with a `detail`:
- an unknown path is a 404 (`API.unknown_path`);
- a method an endpoint doesn't take is a 405 with `Allow` (`API.urls` wraps ninja's
  views, whose own 405 is a text page); `HEAD` is answered wherever `GET` is, with
  the same headers and no body;
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, logged as a warning without a
  traceback (Django would log it as an ERROR and answer with the HTML 400 page);
- a validation error (422) names at most MAX_ERRORS problems, and no place in it
  (`loc`) longer than 40 characters, however large the body;
- a database that doesn't answer is a 503 (`certportal.middleware`) and anything
  else a 500 (`certportal.views.server_error`): both answer JSON under /api/.
"""

import functools
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import URLPattern, re_path, reverse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from applicants.api import router as eligibility_router
from catalog.api import router as catalog_router
from certportal.text import cut

logger = logging.getLogger(__name__)

# A body with thousands of unknown fields would otherwise get one message each.
MAX_ERRORS = 20

DESCRIPTION = """\
Facts about medical coding certifications: who awards them, how to qualify, the exam,
what it costs and how to keep it.

Every fact carries its sources (URL, title, the date the page gives and when it was
read) and each certification and body the date an editor last verified it. A fact no
source publishes is `null`, never a guess.

The catalog's endpoints are read-only: `GET`, and `HEAD` wherever `GET` is (the same
headers, no body). `POST /eligibility` judges a person's answers and stores nothing.

Every error is JSON with a `detail`: 404 for a path that is no endpoint, 405 with an
`Allow` header for a method an endpoint doesn't take, 413 for a body over 1 MB, 422
for a value the document refuses, 503 with `Retry-After` while the database is
unavailable, and 500 for a fault of ours.
"""


def json_error(status, detail, **headers):
    """A JSON error answer: `{"detail": detail}`; the error views use it too."""
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def json_errors_and_head(view):
    """An operation's view that answers HEAD as GET (without the body) and a method
    it doesn't take with a JSON 405 that keeps ninja's `Allow` header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code == 405:
            allowed = sorted(response["Allow"].split(", "))
            if "GET" in allowed:
                allowed.append("HEAD")
            return json_error(
                405,
                f"{request.method} is not allowed here; use {' or '.join(allowed)}.",
                Allow=", ".join(allowed),
            )
        if head and not response.streaming:
            # What a GET would send, less the body (RFC 9110 §9.3.2).
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapper


class API(NinjaAPI):
    """The NinjaAPI whose answers are all JSON (see the module's docstring)."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name != "api-root":
                pattern.callback = json_errors_and_head(pattern.callback)
        # Before the root pattern (ninja's, which only raises Http404) so that the
        # root answers in JSON too, and after every operation.
        catch_all = re_path(r"^.*$", self.unknown_path)
        roots = [i for i, p in enumerate(patterns) if p.name == "api-root"]
        patterns.insert(roots[0] if roots else len(patterns), catch_all)
        return patterns, app_name, namespace

    def unknown_path(self, request):
        openapi = reverse(f"{self.urls_namespace}:openapi-json")
        return json_error(
            404, f"There is no API endpoint at {request.path}; {openapi} lists them."
        )


api = API(
    title="certportal API",
    version="1",
    description=DESCRIPTION,
    docs_url=None,  # the Swagger page needs inline scripts, which the CSP blocks
)

api.add_router("/", catalog_router)
api.add_router("/", eligibility_router)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    # A client's mistake, not ours: no traceback.
    logger.warning("request body too large: %s %s", request.method, request.path)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return json_error(413, f"The body is larger than {limit:,} bytes.")


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = [
        {**error, "loc": [cut(part) for part in error["loc"]]}
        for error in exc.errors[:MAX_ERRORS]
    ]
    if len(exc.errors) > MAX_ERRORS:
        errors.append(
            {
                "type": "too_many_errors",
                "loc": ["body"],
                "msg": f"… and {len(exc.errors) - MAX_ERRORS} more",
            }
        )
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Exception)
def other_error(request, exc):
    # Django's: DatabaseUnavailableMiddleware for a lost database (a 503), else
    # handler500 with the usual ERROR log, both in JSON under /api/. (ninja's own
    # handler answers a traceback in text with DEBUG on.)
    raise exc
