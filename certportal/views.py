"""Site-wide views: error pages, files browsers and crawlers ask for at fixed
paths, and health checks."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from certportal.middleware import API_PREFIX

logger = logging.getLogger(__name__)


# Error pages (handler400/403/404/500 in certportal/urls.py, CSRF_FAILURE_VIEW).
# Under /api/ each is JSON with a `detail`, as every API answer: these cover what
# fails before or outside the API's own handlers (certportal/api.py).


def _api(request):
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception):
    """A request Django refuses (too many fields, a body too large, a bad host)."""
    if _api(request):
        return JsonResponse({"detail": "The request could not be read."}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    if _api(request):
        return JsonResponse({"detail": "Forbidden."}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open until its session expired."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    if _api(request):
        detail = f"There is no API endpoint at {request.path}."
        return JsonResponse({"detail": detail}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    """Render 500.html with no request context: no database, no session, no user."""
    if _api(request):
        detail = "Something went wrong on our side; it has been logged."
        return JsonResponse({"detail": detail}, status=500)
    try:
        html = loader.get_template("500.html").render()
    except Exception:
        html = "<!doctype html><title>Server error</title><h1>Server error</h1>"
    return HttpResponseServerError(html)


# Files at fixed paths.


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Keep crawlers out of the admin and of people's answers and guidance (every
    page under /eligibility/ but its start page, which `$` ends: RFC 9309), and
    name the sitemap (an absolute URL, as the robots.txt standard asks)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    start = reverse("applicants:start")
    return HttpResponse(
        "User-agent: *\nDisallow: /admin/\n"
        f"Disallow: {start}\nAllow: {start}$\n\nSitemap: {sitemap}\n",
        content_type="text/plain; charset=utf-8",
    )


# Health checks for a load balancer or orchestrator. Neither touches the session or
# the user (no template, no `request.session` / `request.user`), so the lazy session
# and auth middleware never reach the database; /healthz runs no query at all.
_PLAIN = "text/plain; charset=utf-8"


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. No database, no session."""
    return HttpResponse("ok\n", content_type=_PLAIN)


@never_cache
@require_safe
def readyz(request):
    """Readiness: the database answers a trivial query. 503 with a short reason
    (never a 500, never the exception text) when it doesn't."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("readyz: database unavailable", exc_info=True)
        return HttpResponse("database unavailable\n", content_type=_PLAIN, status=503)
    return HttpResponse("ok\n", content_type=_PLAIN)
