"""A limit on how many answers one client may post, across every app server.

`limit_posts` wraps the questionnaire's views: at most QUESTIONNAIRE_POST_LIMIT POSTs
per client address in each window of QUESTIONNAIRE_POST_WINDOW seconds; past it,
the "Too many answers" page (429) with `Retry-After`. GET and HEAD are never
limited. A fixed window counted in Django's default cache, which every app server
shares (settings.CACHES), so the limit holds across servers.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone


def limit_posts(view):
    @wraps(view)
    def limited(request, *args, **kwargs):
        limit = settings.QUESTIONNAIRE_POST_LIMIT
        if request.method == "POST" and limit:
            window = settings.QUESTIONNAIRE_POST_WINDOW
            now = int(timezone.now().timestamp())
            address = request.META.get("REMOTE_ADDR", "")
            key = f"questionnaire-posts:{address}:{now // window}"
            cache.add(key, 0, timeout=window)
            try:
                count = cache.incr(key)
            except ValueError:  # the window ended between the two calls
                count = 1
            if count > limit:
                page = render(request, "applicants/too_many_posts.html", status=429)
                page["Retry-After"] = str(window - now % window)
                return page
        return view(request, *args, **kwargs)

    return limited
