"""purge_old_data (once purge_responses): unfinished responses expire, finished ones
are kept; expired sessions and old login records go."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from applicants.models import Response
from applicants.services import (
    LOGIN_RECORDS_KEEP_DAYS,
    login_records_purge,
    old_data_purge,
    responses_purge,
)

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


def run(*args, command="purge_old_data"):
    out = StringIO()
    call_command(command, *args, stdout=out, no_color=True)
    return out.getvalue().splitlines(keepends=True)[0]  # the responses' line


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


def test_the_old_command_name_still_works():
    saved(31)

    output = run(command="purge_responses")

    assert output.startswith("Deleted 1 unfinished response")


def test_command_says_what_else_it_deleted():
    out = StringIO()
    call_command("purge_old_data", stdout=out, no_color=True)

    assert out.getvalue().splitlines()[1:] == [
        "Deleted 0 login records older than 30 days.",
        "Cleared expired sessions.",
    ]


@pytest.mark.parametrize("days", ["0", "-5"])
def test_command_refuses_login_days_below_one(days):
    with pytest.raises(CommandError, match="--login-days must be 1 or more"):
        run("--login-days", days)


# Sessions and login records


def session(expires_in_days):
    store = SessionStore()
    store["eligibility_response"] = "x"
    store.set_expiry(datetime.timedelta(days=expires_in_days))
    store.create()
    return store.session_key


def test_expired_sessions_are_cleared():
    expired = session(-1)
    live = session(1)

    old_data_purge(now=NOW)

    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=live).exists()


def test_a_dry_run_keeps_expired_sessions():
    expired = session(-1)

    old_data_purge(now=NOW, dry_run=True)

    assert Session.objects.filter(session_key=expired).exists()


LOGIN_MODELS = [AccessAttempt, AccessFailureLog, AccessLog]


def login_record(model, days_ago):
    extra = {"failures_since_start": 1} if model is AccessAttempt else {}
    record = model.objects.create(
        username=f"editor{days_ago}",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        **extra,
    )
    # attempt_time is auto_now_add: set it afterwards.
    model.objects.filter(pk=record.pk).update(
        attempt_time=NOW - datetime.timedelta(days=days_ago)
    )
    return record


@pytest.mark.parametrize("model", LOGIN_MODELS)
def test_old_login_records_are_deleted(model):
    old = login_record(model, LOGIN_RECORDS_KEEP_DAYS + 1)
    recent = login_record(model, LOGIN_RECORDS_KEEP_DAYS - 1)

    assert login_records_purge(now=NOW) == 1
    assert not model.objects.filter(pk=old.pk).exists()
    assert model.objects.filter(pk=recent.pk).exists()


def test_purging_old_data_counts_responses_and_login_records():
    saved(31)
    for model in LOGIN_MODELS:
        login_record(model, 31)

    purged = old_data_purge(now=NOW)

    assert (purged.responses, purged.login_records) == (1, 3)


def test_a_dry_run_counts_login_records_and_deletes_none():
    record = login_record(AccessLog, 31)

    assert old_data_purge(now=NOW, dry_run=True).login_records == 1
    assert AccessLog.objects.filter(pk=record.pk).exists()
