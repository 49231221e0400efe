"""No response id or link secret in the logs (certportal/log_filters.py)."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from certportal.log_filters import MaskResponseIds, mask

ID = "0b8e6a8e-1f0e-4c1e-9a57-1d6c7a3b2f10"
TOKEN = "Zx3_kq-9aB"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"Not Found: /eligibility/{ID}/", "Not Found: /eligibility/<id>/"),
        (
            f"Too Many Requests: /eligibility/{ID}/education/",
            "Too Many Requests: /eligibility/<id>/education/",
        ),
        (
            f"database unavailable: GET /eligibility/{ID.upper()}/results/",
            "database unavailable: GET /eligibility/<id>/results/",
        ),
        (
            f"Not Found: /eligibility/{ID}/private/{TOKEN}/",
            "Not Found: /eligibility/<id>/private/<token>/",
        ),
        (
            f"Not Found: /eligibility/shared/{TOKEN}/",
            "Not Found: /eligibility/shared/<token>/",
        ),
        ("Not Found: /certifications/CPC/", "Not Found: /certifications/CPC/"),
    ],
)
def test_ids_and_link_secrets_are_masked(line, masked):
    assert mask(line) == masked


def record(msg, *args, exc_info=None):
    return logging.LogRecord(
        "django.request", logging.WARNING, "", 1, msg, args, exc_info
    )


def test_the_filter_masks_a_message_with_arguments():
    entry = record("%s: %s", "Not Found", f"/eligibility/{ID}/")

    assert MaskResponseIds().filter(entry)
    assert entry.getMessage() == "Not Found: /eligibility/<id>/"


def test_the_filter_masks_a_traceback():
    try:
        raise ValueError(f"/eligibility/{ID}/")
    except ValueError as error:
        entry = record("boom", exc_info=(type(error), error, error.__traceback__))

    MaskResponseIds().filter(entry)

    assert ID not in logging.Formatter().format(entry)


def test_the_console_handler_masks_every_line():
    assert "mask_ids" in settings.LOGGING["handlers"]["console"]["filters"]


@pytest.mark.django_db
def test_a_not_found_response_page_logs_no_id(monkeypatch):
    """What the console handler writes for Django's own "Not Found" line."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskResponseIds) for f in h.filters)
    )
    lines = []
    monkeypatch.setattr(handler, "emit", lambda entry: lines.append(entry.getMessage()))

    Client().get(f"/eligibility/{ID}/results/")

    assert lines == ["Not Found: /eligibility/<id>/results/"]
