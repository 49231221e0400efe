"""purge_responses: unfinished responses expire; finished ones are kept."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applicants.models import Response
from applicants.services import responses_purge

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def saved(days_ago, *, finished=False):
    """A response last saved `days_ago` days before NOW."""
    response = Response.objects.create(
        completed_at=NOW - datetime.timedelta(days=days_ago) if finished else None
    )
    # update() skips auto_now, so updated_at can be set in the past.
    Response.objects.filter(pk=response.pk).update(
        updated_at=NOW - datetime.timedelta(days=days_ago)
    )
    return response


def exists(response):
    return Response.objects.filter(pk=response.pk).exists()


def test_old_unfinished_response_is_deleted():
    old = saved(31)

    assert responses_purge(now=NOW) == 1
    assert not exists(old)


def test_recent_unfinished_response_is_kept():
    recent = saved(29)

    assert responses_purge(now=NOW) == 0
    assert exists(recent)


def test_old_finished_response_is_kept():
    finished = saved(400, finished=True)

    responses_purge(now=NOW)

    assert exists(finished)


def test_days_sets_the_age():
    week_old = saved(8)
    days_old = saved(6)

    assert responses_purge(older_than_days=7, now=NOW) == 1
    assert not exists(week_old)
    assert exists(days_old)


def test_dry_run_counts_and_deletes_nothing():
    old = saved(31)

    assert responses_purge(now=NOW, dry_run=True) == 1
    assert exists(old)


def test_running_twice_deletes_nothing_more():
    saved(31)
    kept = saved(1)

    assert responses_purge(now=NOW) == 1
    assert responses_purge(now=NOW) == 0
    assert exists(kept)


def test_days_below_one_is_refused():
    with pytest.raises(ValueError, match="1 or more"):
        responses_purge(older_than_days=0, now=NOW)


# The command


def run(*args):
    out = StringIO()
    call_command("purge_responses", *args, stdout=out, no_color=True)
    return out.getvalue()


def test_command_deletes_and_says_how_many():
    saved(31)
    saved(40)
    saved(2)

    output = run()

    assert (
        output == "Deleted 2 unfinished responses last saved more than 30 days ago.\n"
    )
    assert Response.objects.count() == 1


def test_command_takes_days():
    saved(3)

    output = run("--days", "1")

    assert output == "Deleted 1 unfinished response last saved more than 1 day ago.\n"


def test_command_dry_run_says_what_it_would_delete():
    saved(31)

    output = run("--dry-run")

    assert output == (
        "Would delete 1 unfinished response last saved more than 30 days ago.\n"
    )
    assert Response.objects.count() == 1


@pytest.mark.parametrize("days", ["0", "-5"])
def test_command_refuses_days_below_one(days):
    with pytest.raises(CommandError, match="--days must be 1 or more"):
        run("--days", days)
