"""Who the client is, and a limit on how many answers one client may post.

`client_address(request)` is the address of the person, not of the proxy in front
of the app: with no trusted proxy configured (settings.TRUSTED_PROXIES, from
DJANGO_TRUSTED_PROXIES) it is REMOTE_ADDR and forwarded headers are ignored; when
the request comes from a trusted proxy, it is the right-most address in
X-Forwarded-For that is not a trusted proxy. The POST limit below and django-axes
(AXES_CLIENT_IP_CALLABLE) both count by it.

`limit_posts` wraps the questionnaire's views: at most QUESTIONNAIRE_POST_LIMIT POSTs
per client address in each window of QUESTIONNAIRE_POST_WINDOW seconds; past it,
the "Too many answers" page (429) with `Retry-After`. GET and HEAD are never
limited. A fixed window counted by `hit`, atomically and in a store every app
server shares, so the limit holds across servers and under concurrent POSTs.
"""

import functools
import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connection
from django.shortcuts import render
from django.utils import timezone

from certportal.models import Counter


@functools.cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's IP address, as text; see the module docstring.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so read right to left, every entry up to the first one that
    is not a trusted proxy was written by a trusted proxy: that entry is the
    client. Entries further left were written by the client and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    nearest = _address(remote)
    if not _is_trusted(nearest, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            break  # not an address a trusted proxy would write: stop at the last one
        nearest = address
        if not _is_trusted(address, networks):
            break
    return str(nearest)


# The counters.


def hit(key, timeout):
    """Add one to the count under `key`, created with a lifetime of `timeout`
    seconds, and return the new count: atomic, in a store every server shares.

    Redis (or another cache whose `incr` is one atomic step): the key is added
    with its lifetime, then INCR. The database cache's `incr` reads and writes a
    pickled value, which loses updates under concurrency, so with it counts live
    in a table of their own (`certportal.models.Counter`) and one upsert statement
    adds one.
    """
    cache = caches["default"]
    if isinstance(cache, BaseDatabaseCache):
        return _database_hit(key, timeout)
    cache.add(key, 0, timeout=timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # it expired between the two calls
        cache.add(key, 1, timeout=timeout)
        return 1
    if count == 1:
        # Redis' INCR on a key that expired just before makes one without a
        # lifetime: give it one (only the window's first hit pays for this).
        cache.touch(key, timeout)
    return count


def _database_hit(key, timeout):
    now = int(time.time())
    table = connection.ops.quote_name(Counter._meta.db_table)
    count_column = connection.ops.quote_name("count")
    expires_column = connection.ops.quote_name("expires")
    key_column = connection.ops.quote_name("key")
    # One statement, so it is atomic on PostgreSQL and SQLite alike: a new row
    # counts 1; an existing row adds one, or starts again at 1 once it expired.
    sql = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) "
        f"VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET "
        f"{count_column} = CASE WHEN {table}.{expires_column} <= %s THEN 1 "
        f"ELSE {table}.{count_column} + 1 END, "
        f"{expires_column} = CASE WHEN {table}.{expires_column} <= %s "
        f"THEN excluded.{expires_column} ELSE {table}.{expires_column} END "
        f"RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + timeout, now, now])
        count = cursor.fetchone()[0]
    if count == 1:  # a new window: forget the finished ones
        Counter.objects.filter(expires__lte=now).delete()
    return count


def limit_posts(view):
    @wraps(view)
    def limited(request, *args, **kwargs):
        limit = settings.QUESTIONNAIRE_POST_LIMIT
        if request.method == "POST" and limit:
            window = settings.QUESTIONNAIRE_POST_WINDOW
            now = int(timezone.now().timestamp())
            key = f"questionnaire-posts:{client_address(request)}:{now // window}"
            if hit(key, window) > limit:
                page = render(request, "applicants/too_many_posts.html", status=429)
                page["Retry-After"] = str(window - now % window)
                return page
        return view(request, *args, **kwargs)

    return limited
