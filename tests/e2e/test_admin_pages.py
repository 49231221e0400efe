"""The editors' admin in a browser, as an editor (not a superuser): each page an
editor works in passes axe, fits the screen (no sideways scrolling, no box inside
the form wider than itself), and an error on a fee row shows beside its field,
with the row's kind and amount in view.

The Nu HTML checker reads only the lists: on the edit forms it finds Django's and
Select2's markup, not ours: a required autocomplete <select> whose first option is
the chosen one, empty <option>s and a <ul> inside a <span> (Select2), and
`autocomplete="off"` on the hidden inputs of an inline's management form (set by
Django's inlines.js).
"""

import pytest
from playwright.sync_api import expect

from catalog.models import CredentialingBody, EligibilityPathway, Fee, Requirement
from tests.e2e.test_editor import log_in, make_editor

# The boxes of a form whose content runs past their edge, scrolled (a tabular
# inline's table scrolls in its box while the page itself fits) or cut off (a
# form's line hides what overflows it).
BOXES_WIDER_THAN_THEMSELVES = """
() => [...document.querySelectorAll(
    "#content-main form fieldset, #content-main .inline-group, #content-main .wrapper,"
    + "#content-main .form-row, #content-main .results"
  )]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => `${box.id || box.className}: ${box.scrollWidth} > ${box.clientWidth}`)
"""


def check_form(page, checks, state):
    """The project's checks (axe, one h1, no sideways scrolling), then no box of
    the form scrolls sideways."""
    checks(page, state, validate_html=False)
    assert page.evaluate(BOXES_WIDER_THAN_THEMSELVES) == [], state


def check_list(page, checks, state, viewport):
    """The project's checks; on a desktop screen the list's table also fits its
    box beside both sidebars (on a phone it scrolls in its box, as Django's do)."""
    checks(page, state)
    if viewport == "desktop":
        assert page.evaluate(BOXES_WIDER_THAN_THEMSELVES) == [], state


@pytest.fixture
def editor(site, browse):
    """A page logged in to the admin as an editor, past the code step."""
    make_editor()
    page = browse()
    log_in(page, site)
    return page


def change_url(site, obj):
    opts = obj._meta
    return f"{site}/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def test_admin_pages_pass_axe_and_fit_the_screen(site, editor, checks, viewport):
    page = editor
    checks(page, "index")

    for model in ["certification", "credentialingbody", "fee", "requirement", "source"]:
        page.goto(f"{site}/admin/catalog/{model}/")
        check_list(page, checks, f"{model}-changelist", viewport)

    page.goto(site + "/admin/catalog/certification/")
    page.get_by_role("link", name="CCA", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change")
    check_form(page, checks, "certification-change")

    page.goto(site + "/admin/catalog/fee/add/")
    check_form(page, checks, "fee-add")

    fee = Fee.objects.get(
        certification__code="CCA", kind="exam", audience="member", is_current=True
    )
    page.goto(change_url(site, fee))
    check_form(page, checks, "fee-change")

    pathway = EligibilityPathway.objects.get(certification__code="CCS", key="diploma")
    page.goto(change_url(site, pathway))
    check_form(page, checks, "pathway-change")

    page.goto(change_url(site, Requirement.objects.filter(pathway=pathway).first()))
    check_form(page, checks, "requirement-change")

    page.goto(change_url(site, CredentialingBody.objects.get(acronym="AAPC")))
    check_form(page, checks, "body-change")


def test_a_fee_without_a_source_is_refused_beside_the_field(site, editor, checks):
    page = editor
    page.goto(site + "/admin/catalog/certification/")
    page.get_by_role("link", name="CCA", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change")
    # The button is Django's inlines.js's, added once the whole page is read, so
    # the row it adds is the last one added (counting the saved rows before that
    # could count a page still loading and pick a saved fee instead).
    page.get_by_role("button", name="Add another Fee").click()
    new = page.locator("#fees-group .dynamic-fees").last
    expect(new).to_be_visible()
    row_id = new.get_attribute("id")
    new.get_by_label("Kind").select_option(label="Retake")
    new.get_by_label("Audience").select_option(label="Member")
    new.get_by_label("Amount").fill("99")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".errornote")).to_be_visible()
    page.wait_for_load_state()
    row = page.locator(f"#{row_id}")
    source_error = row.locator(".field-source .errorlist")
    expect(source_error).to_contain_text("This field is required.")
    # The editor reads the error in the middle of the screen: the row's kind and
    # amount are in view with it.
    source_error.evaluate("(error) => error.scrollIntoView({block: 'center'})")
    expect(row.get_by_label("Kind")).to_be_in_viewport()
    expect(row.get_by_label("Amount")).to_be_in_viewport()
    expect(row.get_by_label("Amount")).to_have_value("99")
    check_form(page, checks, "certification-fee-without-source")
    assert not Fee.objects.filter(certification__code="CCA", amount=99).exists()
