"""An editor opens the freshness report from the admin index, narrows it to the
official pages not checked, and marks one verified today."""

import datetime
import re

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from catalog.models import Certification
from tests.e2e.test_editor import EDITOR, make_editor


def log_in_with_app(page, site, device):
    """The password, then the code an authenticator app set up earlier shows."""
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(EDITOR["username"])
    page.get_by_label("Password").fill(EDITOR["password"])
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keep the catalog current"
    )


def test_editor_marks_an_unchecked_certification_verified(site, browse, checks):
    today = timezone.localdate()
    Certification.objects.filter(code="CCA").update(
        last_verified=today - datetime.timedelta(days=400)
    )
    device = TOTPDevice.objects.create(
        user=make_editor(), name="Authenticator app", confirmed=True
    )
    page = browse()
    log_in_with_app(page, site, device)

    summary = page.locator(".freshness-summary")
    expect(summary).to_contain_text(re.compile(r"\d+ stale"))
    checks(page, "admin-index")
    summary.get_by_role("link", name="Freshness report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Freshness report")
    expect(
        page.get_by_role("table", name=re.compile("dated facts?, oldest source first"))
    ).to_be_visible()
    checks(page, "freshness-report")

    page.get_by_label("Section").select_option(label="Official pages not checked")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table", name=re.compile("last verified more than"))
    row = table.get_by_role("row", name=re.compile(r"^CCA \("))
    expect(row.get_by_role("link", name=re.compile(r"^https?:"))).to_be_visible()
    checks(page, "freshness-unchecked")

    row.get_by_role("button", name=re.compile("^Mark verified today")).click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Marked verified today: CCA (Certified Coding Associate)."
    )
    expect(page.get_by_label("Section")).to_have_value("unchecked")
    checks(page, "freshness-verified")
    assert Certification.objects.get(code="CCA").last_verified == today
