"""Staff sessions end after STAFF_SESSION_IDLE_TIMEOUT without a request and after
STAFF_SESSION_MAX_AGE in all; a visitor's session is left as it is.

For a logged-in staff user the session holds when the login was first seen and the
time of the last request (seconds since the epoch). Past either limit the user is
logged out, with a message saying why, and the request goes on as a visitor's (an
admin page then asks for the login again). The session cookie is also told to
expire when the idle limit would end it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.timesince import timesince

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"


def duration(delta):
    """A timedelta in words: "30 minutes", "12 hours"."""
    now = timezone.now()
    return timesince(now - delta, now).replace("\xa0", " ")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is logged in: the session isn't touched.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self.is_staff(request):
            self.check(request)
        return self.get_response(request)

    @staticmethod
    def is_staff(request):
        """Whether a staff user is logged in; False while the database is down, so
        the view meets the outage itself and answers the 503 page, not a 500."""
        try:
            user = request.user
            return user.is_authenticated and user.is_staff
        except (OperationalError, InterfaceError):
            return False

    def check(self, request):
        now = time.time()
        idle = settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds()
        max_age = settings.STAFF_SESSION_MAX_AGE.total_seconds()
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        if now - seen_at > idle:
            reason = f"after {duration(settings.STAFF_SESSION_IDLE_TIMEOUT)} without activity"
        elif now - login_at > max_age:
            reason = f"{duration(settings.STAFF_SESSION_MAX_AGE)} after you logged in"
        else:
            session[SEEN_AT] = now
            session.set_expiry(int(min(idle, max_age - (now - login_at))) + 1)
            return
        logout(request)
        messages.info(request, f"You were logged out {reason}. Log in again.")
