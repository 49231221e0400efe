"""Writes that go beyond one form: the data care of saved responses."""

import datetime

from django.utils import timezone

from applicants.models import Response

PURGE_AFTER_DAYS = 30


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
