"""Writes that go beyond one form: the data care of saved responses, and of
what else the site keeps about visitors (sessions, login records)."""

import dataclasses
import datetime
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from applicants.models import Response

PURGE_AFTER_DAYS = 30
# How long django-axes' login records (each with an IP address and a user agent)
# are kept: long enough to look into a run of failed logins, and no longer. A
# lockout lasts AXES_COOLOFF_TIME (minutes), so no live lockout is lost.
LOGIN_RECORDS_KEEP_DAYS = 30


def responses_purge(*, older_than_days=PURGE_AFTER_DAYS, now=None, dry_run=False):
    """Delete unfinished responses last saved more than `older_than_days` ago.

    Finished responses (`completed_at` set) are always kept: people share their
    results URL. Returns how many were deleted (or, with `dry_run`, would be).
    Safe to run twice: the second run finds nothing left to delete.
    """
    if older_than_days < 1:
        raise ValueError("older_than_days must be 1 or more.")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    stale = Response.objects.filter(completed_at__isnull=True, updated_at__lt=cutoff)
    if dry_run:
        return stale.count()
    _total, by_model = stale.delete()
    return by_model.get(Response._meta.label, 0)


def login_records_purge(
    *, older_than_days=LOGIN_RECORDS_KEEP_DAYS, now=None, dry_run=False
):
    """Delete django-axes' login records (attempts, failures, logins) older than
    `older_than_days`. Returns how many were deleted (or would be)."""
    if older_than_days < 1:
        raise ValueError("older_than_days must be 1 or more.")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    count = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        old = model.objects.filter(attempt_time__lt=cutoff)
        count += old.count() if dry_run else old.delete()[1].get(model._meta.label, 0)
    return count


def sessions_purge():
    """Delete expired sessions, as `manage.py clearsessions` does."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@dataclasses.dataclass(frozen=True)
class Purged:
    responses: int
    login_records: int


def old_data_purge(
    *,
    response_days=PURGE_AFTER_DAYS,
    login_days=LOGIN_RECORDS_KEEP_DAYS,
    now=None,
    dry_run=False,
):
    """Everything kept longer than needed: unfinished responses, expired sessions
    (left alone with `dry_run`), old login records."""
    responses = responses_purge(older_than_days=response_days, now=now, dry_run=dry_run)
    if not dry_run:
        sessions_purge()
    records = login_records_purge(older_than_days=login_days, now=now, dry_run=dry_run)
    return Purged(responses=responses, login_records=records)
