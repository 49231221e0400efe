"""A database that doesn't answer gets the "Service unavailable" page, not a 500
(under /api/, the same 503 in JSON)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# How long a client should wait before trying again: a database restart or failover.
RETRY_AFTER_SECONDS = 30

# Where the JSON API lives (certportal/urls.py): its errors are JSON, not pages.
API_PREFIX = "/api/"
API_UNAVAILABLE = (
    "The service is unavailable for a moment; "
    f"try again in {RETRY_AFTER_SECONDS} seconds."
)


class DatabaseUnavailableMiddleware:
    """503.html with `Retry-After` when a view loses the database; under /api/ a
    JSON `{"detail": …}` instead, as every API error.

    Covers `OperationalError` and `InterfaceError` raised by a view, by its
    template or by a DatabaseCache read or write in either (a refused or cut
    connection). The page is rendered without the request, so it runs no query:
    no session, no user, no context processors. Errors raised by other middleware
    (say a session saved after the view) still go to handler500. The traceback is
    logged: on SQLite a missing table is an OperationalError too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "database unavailable: %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"detail": API_UNAVAILABLE}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
