"""The editors' journey: admin login (password, then setting up an authenticator
app with a code) → change a fee and a requirement (confirmed past the impact
preview) → the public
certification pages and a fresh guidance page show the change."""

import re
from base64 import b32decode

from django.contrib.auth.models import Group, Permission, User
from django_otp.oath import totp
from playwright.sync_api import expect

from catalog.models import Certification, EligibilityPathway, Fee, Requirement

EDITOR = {"username": "eddie", "password": "a long editor passphrase 42"}
SAVED = re.compile(r"was changed successfully")


def editors_group():
    """The group the catalog migration creates: every catalog permission.

    A transactional test empties every table when it ends, so the test at the next
    viewport finds it gone (serialized_rollback does not restore it here) and it is
    made again exactly as the migration makes it.
    """
    group, _ = Group.objects.get_or_create(name="Editors")
    if not group.permissions.exists():
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="catalog")
        )
    return group


def make_editor():
    """A staff account in the "Editors" group (made by the catalog migration)."""
    user = User.objects.create_user(
        EDITOR["username"], password=EDITOR["password"], is_staff=True
    )
    user.groups.add(editors_group())
    assert not user.is_superuser
    return user


def log_in(page, site, checks=None):
    """Log in as the editor, setting up the authenticator app. With `checks`, each
    state of the login is checked and a wrong code is tried first: the editors'
    journey does that; the other admin tests only need to be logged in."""
    page.goto(site + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    if checks:
        checks(page, "admin-login")
    page.get_by_label("Username").fill(EDITOR["username"])
    page.get_by_label("Password").fill(EDITOR["password"])
    page.get_by_role("button", name="Log in").click()

    # The first login sets up an authenticator app: the test is the app.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up your authenticator app"
    )
    expect(
        page.get_by_role("img", name="QR code for your authenticator app")
    ).to_be_visible()
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    if checks:
        checks(page, "admin-set-up-app")
        code = page.get_by_label("Code from your authenticator app")
        code.fill("000000" if current_code(secret) != "000000" else "111111")
        page.get_by_role("button", name="Confirm and log in").click()
        expect(page.locator("#id_code_error")).to_contain_text("That code is not right")
        checks(page, "admin-set-up-app-wrong-code")
        page.wait_for_timeout(1100)  # django-otp waits 1 s after a wrong code
    page.get_by_label("Code from your authenticator app").fill(current_code(secret))
    page.get_by_role("button", name="Confirm and log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keep the catalog current"
    )


def current_code(secret):
    """What an authenticator app shows now for the setup key."""
    return f"{totp(b32decode(secret)):06d}"


def confirm_impact(page):
    """The impact preview (tests/e2e/test_impact_preview.py): confirm the save."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before you save")
    page.get_by_role("button", name="Confirm and save").click()


def update_cca_member_exam_fee(page, site, checks):
    page.goto(site + "/admin/catalog/certification/")
    expect(page.get_by_role("link", name="CCA", exact=True)).to_be_visible()
    checks(page, "certification-changelist")

    # The fee list, narrowed to the CCA's current exam fee for members.
    page.goto(
        site + "/admin/catalog/fee/?kind__exact=exam&audience__exact=member"
        "&is_current__exact=1"
    )
    page.get_by_role("textbox", name="Search", exact=True).fill("CCA")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("199.00 USD")
    checks(page, "fee-changelist")

    rows.get_by_role("link").first.click()
    page.get_by_role("link", name="Update this fee").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Update this fee")
    page.get_by_label("Amount").fill("205")
    page.get_by_label("Why (kept in the history)").fill("AHIMA's new price list")
    page.get_by_role("button", name="Save the update").click()

    # No source: refused at the field, and what was typed is still there.
    expect(page.locator(".errornote")).to_contain_text("Nothing was saved")
    expect(page.locator(".field-source .errorlist")).to_contain_text("needs its source")
    expect(page.get_by_label("Amount")).to_have_value("205")
    checks(page, "fee-update-without-source")

    page.get_by_label("New source: address").fill("https://www.ahima.org/prices/")
    page.get_by_label("New source: title").fill("AHIMA exam prices")
    page.get_by_label("New source: kind").select_option("official")
    page.get_by_label("Date the source gives").fill("2026-11-02")
    page.get_by_label("Precision of that date").select_option("day")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator(".messagelist")).to_contain_text("saved, with its source")


def choose(page, field, search, option):
    """Pick in one of the admin's autocomplete boxes (select2)."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(search)
    page.get_by_role("option", name=option).click()


def try_a_conflicting_figure(page, site, checks):
    page.goto(site + "/admin/catalog/fee/add/")
    choose(page, "certification", "CCA", re.compile(r"^CCA "))
    page.get_by_label("Kind").select_option("exam")
    page.get_by_label("Audience").select_option("member")
    page.get_by_label("Amount").fill("250")
    choose(page, "source", "X02", re.compile(r"^X02:"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".field-amount .errorlist")).to_contain_text(
        "already has a current figure: 205.00 USD"
    )


def add_experience_to_ccs_diploma_route(page, site, checks):
    pathway = EligibilityPathway.objects.get(certification__code="CCS", key="diploma")
    page.goto(site + "/admin/catalog/eligibilitypathway/")
    page.get_by_role("textbox", name="Search", exact=True).fill("CCS")
    page.get_by_role("button", name="Search").click()
    row = page.locator("#result_list tbody tr").filter(
        has_text="CCS (Certified Coding Specialist)"
    )
    row.get_by_role("link", name="High school diploma", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change")

    page.get_by_role("button", name="Add another Requirement").click()
    new = page.locator("#requirements-1")
    new.get_by_label("Kind").select_option(label="Verified coding experience")
    params = new.get_by_label("Parameters")
    params.fill('{"years": 2}')
    page.get_by_role("button", name="Save", exact=True).click()

    # Refused at the field, and nothing saved.
    expect(page.locator(".errornote")).to_be_visible()
    expect(new.locator(".field-params .errorlist")).to_contain_text(
        "Unknown parameter(s) years"
    )
    # A new requirement names its source: said at the same time.
    expect(new.locator(".field-source .errorlist")).to_contain_text("needs its source")
    expect(new.get_by_label("Parameters")).to_have_value('{"years": 2}')
    assert list(pathway.requirements.values_list("kind", flat=True)) == [
        "min_education"
    ]

    new.get_by_label("Parameters").fill('{"months": 6}')
    new.locator(".field-source .select2-selection").click()
    page.locator(".select2-search__field").fill("A01")
    page.get_by_role("option", name=re.compile(r"^A01:")).click()
    page.get_by_role("button", name="Save", exact=True).click()
    confirm_impact(page)
    expect(page.locator(".messagelist")).to_contain_text(SAVED)
    assert list(pathway.requirements.values_list("kind", "params")) == [
        ("min_education", {"level": "high_school_diploma"}),
        ("experience", {"months": 6}),
    ]


def test_editor_changes_a_fee_and_a_requirement(site, browse, checks):
    make_editor()
    # A visitor without a session already has CCA's page from the page cache.
    visitor = browse()
    visitor.goto(site + "/certifications/CCA/")
    cached = visitor.goto(site + "/certifications/CCA/")
    assert cached.headers.get("x-catalog-cache") == "hit"
    expect(visitor.locator("main")).to_contain_text("$199")

    page = browse()
    log_in(page, site, checks)
    update_cca_member_exam_fee(page, site, checks)
    try_a_conflicting_figure(page, site, checks)
    add_experience_to_ccs_diploma_route(page, site, checks)
    assert Fee.objects.filter(
        certification__code="CCA", kind="exam", audience="member", amount=205
    ).exists()
    assert Requirement.objects.filter(
        pathway__certification__code="CCS", kind="experience"
    ).exists()

    # The history names the editor, the old and new figures and the source.
    cca = Certification.objects.get(code="CCA")
    page.goto(site + f"/admin/catalog/certification/{cca.pk}/facts-history/")
    history = page.locator(".facts-history-table")
    expect(history).to_contain_text("eddie")
    expect(history).to_contain_text("Fee: exam (member), $205.00")
    expect(history).to_contain_text("AHIMA's new price list")
    checks(page, "facts-history")

    # The public pages show the change, the old figure as an earlier one.
    page.goto(site + "/certifications/CCA/")
    member = page.locator(".fee-table td").first
    expect(member.locator(".fee-amount")).to_have_text("$205")
    expect(member.locator("summary", has_text="Earlier figures")).to_have_count(1)
    expect(member).to_contain_text("$199")
    page.goto(site + "/certifications/CCS/")
    expect(page.locator("main")).to_contain_text(
        "6 months of coding experience an employer can verify"
    )

    # …to the anonymous visitor too, at once: the editor's save made the cache stale.
    visitor.goto(site + "/certifications/CCA/")
    expect(visitor.locator("main")).to_contain_text("$205")

    # A fresh guidance page, from a new browser (not logged in), shows it too.
    person = browse()
    person.goto(site + "/eligibility/")
    person.get_by_role("button", name="Start now").click()
    person.get_by_label("High school diploma", exact=True).check()
    person.get_by_role("button", name="Continue").click()
    person.get_by_label(
        "No, not in a health information management (HIM) program", exact=True
    ).check()
    person.get_by_role("button", name="Continue").click()
    person.locator("input[name=coding_training_hours]").fill("0")
    person.get_by_role("button", name="Continue").click()
    person.locator("input[name=coding_experience_months]").fill("0")
    person.get_by_role("button", name="Continue").click()
    person.get_by_label("None of these", exact=True).check()
    person.get_by_role("button", name="Continue").click()
    person.get_by_label("A hospital, coding inpatient stays", exact=True).check()
    person.get_by_role("button", name="Continue").click()
    person.get_by_role("button", name="See my results").click()
    expect(person.get_by_role("heading", level=1)).to_have_text(
        "Your certification guidance"
    )
    # CCS, the plan for inpatient coding, is now one requirement away.
    plan = person.get_by_role(
        "region", name=re.compile(r"Get 6 more months .*, then sit the CCS exam")
    )
    expect(plan).to_contain_text("you are one step from sitting the CCS")
    plan.get_by_text("What the CCS asks, and what you have").click()
    expect(plan).to_contain_text("Within reach")
    expect(plan).to_contain_text(
        "Not met 6 months of coding experience an employer can verify"
    )
    # The CCA, which asks only for the diploma, is still open now, with its cost.
    cca = person.locator(".option", has_text="CCA — Certified Coding Associate")
    expect(cca).to_contain_text("You can sit this exam now")
    checks(person, "guidance-after-edit")
