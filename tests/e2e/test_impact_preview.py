"""The impact preview, in a browser: an editor raises the hours of training the
CBCS asks for, sees who it would move, goes back to the form (the change kept,
nothing saved), cancels (nothing changes for anyone), then confirms (the shared
guidance page and the eligibility API follow at once)."""

import re

from playwright.sync_api import expect

from applicants.models import ExampleProfile, Response
from catalog.models import Certification, Requirement
from tests.e2e.test_editor import SAVED, log_in, make_editor
from tests.factories import example_profiles

PREVIEW = "Before you save: what this change would change for people"
GRADUATE = "CAHIIM associate graduate"


def load_example_profiles():
    """A transactional test empties every table when it ends: the profiles the
    applicants migration loads are loaded again, as it does."""
    for row in example_profiles():
        ExampleProfile.objects.update_or_create(
            name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
        )


def cbcs_training():
    return Requirement.objects.get(
        pathway__certification__code="CBCS",
        pathway__key="training",
        kind="coding_training",
    )


def shared_guidance_of(name):
    """A finished response with the profile's answers, shared: its guidance page
    is public (read-only)."""
    response = Response.objects.create(
        answers=ExampleProfile.objects.get(name=name).answers,
        completed_at="2026-12-01T10:00Z",
    )
    response.share()
    return response.get_shared_url()


def cbcs_status(page, site):
    answers = ExampleProfile.objects.get(name=GRADUATE).answers
    reply = page.request.post(site + "/api/v1/eligibility", data=answers)
    return next(r["status"] for r in reply.json()["results"] if r["code"] == "CBCS")


def cbcs_row(page):
    return page.locator(".option", has_text="CBCS —")


def raise_hours_and_save(page, site, requirement):
    page.goto(site + f"/admin/catalog/requirement/{requirement.pk}/change/")
    page.get_by_label("Parameters").fill('{"hours": 200}')
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PREVIEW)


def test_editor_previews_cancels_then_confirms_a_requirement_change(
    site, browse, checks
):
    make_editor()
    load_example_profiles()
    requirement = cbcs_training()
    shared = shared_guidance_of(GRADUATE)
    visitor = browse()
    visitor.goto(site + shared)
    expect(cbcs_row(visitor)).to_contain_text("You can sit this exam now")
    assert cbcs_status(visitor, site) == "eligible"

    page = browse()
    log_in(page, site)
    raise_hours_and_save(page, site, requirement)

    # Who it would move, old and new side by side; responses only counted.
    profiles = page.locator("#impact-profile-table")
    graduate = profiles.locator("tbody", has_text=GRADUATE)
    expect(graduate).to_contain_text("CBCS: verdict")
    expect(graduate).to_contain_text("You can sit this exam now")
    expect(graduate).to_contain_text("Within reach")
    expect(page.locator("#impact-response-count")).to_contain_text(
        re.compile(r"Of the 1 finished response, 1 would be told something else")
    )
    expect(page.locator("main")).not_to_contain_text(str(Response.objects.get().pk))
    checks(page, "impact-preview")

    # Back to the form: the change as the editor left it, nothing saved; saving
    # it shows the preview again.
    page.get_by_role("button", name="Back to the form").click()
    expect(page.get_by_label("Parameters")).to_have_value('{"hours": 200}')
    expect(page.locator(".messagelist")).to_contain_text("Nothing is saved yet")
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 1}
    checks(page, "impact-back-to-the-form", validate_html=False)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PREVIEW)

    # Cancel: back to the form, nothing saved, nobody told anything else.
    page.get_by_role("link", name="Cancel", exact=True).click()
    expect(page.get_by_label("Parameters")).to_have_value('{"hours": 1}')
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 1}
    visitor.goto(site + shared)
    expect(cbcs_row(visitor)).to_contain_text("You can sit this exam now")
    assert cbcs_status(visitor, site) == "eligible"

    # Confirm: saved, and the guidance follows at once.
    raise_hours_and_save(page, site, requirement)
    page.get_by_role("button", name="Confirm and save").click()
    expect(page.locator(".messagelist")).to_contain_text(SAVED)
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 200}
    visitor.goto(site + shared)
    expect(cbcs_row(visitor)).not_to_contain_text("You can sit this exam now")
    assert cbcs_status(visitor, site) == "within_reach"
    checks(visitor, "guidance-after-confirmed-change")


def test_the_delete_page_says_whom_deleting_would_move(site, browse, checks):
    make_editor()
    load_example_profiles()
    requirement = cbcs_training()
    page = browse()
    log_in(page, site)

    page.goto(site + f"/admin/catalog/requirement/{requirement.pk}/change/")
    page.get_by_role("button", name="Delete", exact=True).click()

    expect(page.locator(".impact-notice")).to_contain_text("Before you delete")
    profiles = page.locator("#impact-profile-table")
    diploma = profiles.locator("tbody", has_text="high school diploma only")
    expect(diploma).to_contain_text("CBCS: verdict")
    expect(diploma).to_contain_text("You can sit this exam now")
    checks(page, "delete-requirement")
    page.get_by_role("button", name="No, take me back").click()
    expect(page.get_by_label("Parameters")).to_have_value('{"hours": 1}')
    assert Requirement.objects.filter(pk=requirement.pk).exists()


def test_unpublishing_asks_first_with_whom_it_would_move(site, browse, checks):
    make_editor()
    load_example_profiles()
    page = browse()
    log_in(page, site)

    page.goto(site + "/admin/catalog/certification/?q=CPC")
    page.get_by_role(
        "checkbox", name="Select this object for an action - CPC (Certified"
    ).check()
    page.get_by_role("combobox", name="Action").select_option(label="Unpublish")
    page.get_by_role("button", name="Run").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Before you unpublish: what it would change for people"
    )
    leaver = page.locator("#impact-profile-table tbody", has_text="School leaver")
    expect(leaver).to_contain_text("CPC: verdict")
    checks(page, "unpublish-asks-first")
    page.get_by_role("link", name="No, back to the list").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("certification")
    assert Certification.objects.get(code="CPC").published
