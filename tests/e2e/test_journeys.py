"""People's journeys through certportal in a real browser, at phone and desktop size."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Response
from tests.applicants.test_plans import PEOPLE


def test_browse_from_home_to_search_filter_detail_and_compare(site, browse, checks):
    page = browse()
    page.goto(site + "/")
    checks(page, "home")

    page.get_by_role("link", name="All 35 certifications").click()
    page.get_by_role("textbox", name="Search").fill("CPC-H")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("COC — Certified Outpatient Coder")
    checks(page, "search-former-name")

    page.get_by_role("textbox", name="Search").fill("zzzz no such thing")
    page.get_by_role("button", name="Search").click()
    checks(page, "empty-search")

    page.get_by_role("textbox", name="Search").fill("medcal codr")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("Did you mean medical coder?")
    checks(page, "did-you-mean")
    page.get_by_role("link", name="medical coder").click()
    expect(page.locator("main")).to_contain_text("CCA — Certified Coding Associate")

    page.goto(site + "/certifications/")
    page.get_by_text("Filters and order").click()  # folded under the search box
    page.get_by_label("Credentialing body").select_option(label="AHIMA")
    page.get_by_label("Open to people with").select_option(
        label="A high school diploma or GED"
    )
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("CCA — Certified Coding Associate")
    expect(page.locator("main")).not_to_contain_text("RHIT — Registered")
    checks(page, "filtered")

    page.get_by_role("link", name="CCA — Certified Coding Associate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "CCA — Certified Coding Associate"
    )
    checks(page, "detail")

    page.goto(site + "/compare/?c=CCA&c=CPC&c=CCS")
    expect(page.locator("main")).to_contain_text("CPC")
    checks(page, "compare")

    page.goto(site + "/compare/?c=CPC&c=NOPE")
    expect(page.locator("main")).to_contain_text("NOPE")
    checks(page, "compare-unknown-code")

    response = page.goto(site + "/certifications/no-such-code/")
    assert response.status == 404
    checks(page, "not-found")


def answer_questionnaire(page, checks, *, step_by_step_checks):
    """From the start page to results: one error on the way, then one change."""
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("education")
    step_by_step_checks(page, "education")

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("main .alert").first).to_contain_text("There is a problem")
    checks(page, "education-error")

    page.get_by_label("High school diploma", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    step_by_step_checks(page, "him-program")
    page.get_by_label(
        "No, not in a health information management (HIM) program", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()

    hours = page.locator("input[name=coding_training_hours]")
    hours.fill("ten")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(hours).to_have_value("ten")
    checks(page, "training-error")
    hours.fill("80")
    page.get_by_role("button", name="Continue").click()

    page.locator("input[name=coding_experience_months]").fill("6")
    page.get_by_role("button", name="Continue").click()
    step_by_step_checks(page, "credentials")
    page.get_by_label("None of these", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("A physician office or clinic", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    checks(page, "check-answers")

    page.get_by_role("link", name=re.compile("Change.*months")).click()
    page.locator("input[name=coding_experience_months]").fill("24")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("main")).to_contain_text("24")

    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your certification guidance"
    )
    checks(page, "results")

    # One group in full, as a "See all" link opens it in a large catalog.
    results_url = page.url
    page.goto(results_url + "?group=goal")
    expect(page.locator("main h2")).to_contain_text("For your goal")
    checks(page, "results-group")
    page.goto(results_url)


def test_questionnaire_without_javascript(site, browse, checks):
    page = browse(javascript=False)
    page.goto(site + "/")
    page.get_by_role("link", name="Check which certifications you can sit for").click()
    checks(page, "start", axe=False)

    answer_questionnaire(
        page,
        lambda page, state: checks(page, state, axe=False),
        step_by_step_checks=lambda page, state: checks(page, state, axe=False),
    )
    results_url = page.url

    page.emulate_media(media="print")
    checks(page, "results-print", axe=False)
    page.emulate_media(media="screen")

    page.goto(site + "/certifications/CPC/")
    expect(page.locator("main")).to_contain_text("Your result:")

    page.goto(results_url)
    page.get_by_role("link", name="Delete my answers").click()
    checks(page, "delete", axe=False)
    page.get_by_role("button", name="Delete my answers").click()
    expect(page.locator("main")).to_contain_text("Your answers have been deleted")
    assert page.goto(results_url).status == 404


def test_a_linked_term_on_home_opens_its_glossary_entry(site, browse, checks):
    page = browse()
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="Is it worth it?")).to_be_visible()

    page.locator("main").get_by_role("link", name="CEUs").click()
    expect(page).to_have_url(re.compile(r"/glossary/#ceu$"))
    expect(page.locator("#ceu")).to_have_text("CEU")
    checks(page, "glossary")

    page.get_by_role("contentinfo").get_by_role("link", name="Glossary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")


def test_compare_from_the_list_and_add_more(site, browse, checks, viewport):
    """From a list card to a comparison of three, without sideways scrolling: at
    phone width a card per credential, at desktop width the table."""
    page = browse()
    page.goto(site + "/certifications/?level=professional")
    page.get_by_role("link", name="Add CPC to compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compare CPC with other certifications"
    )
    checks(page, "compare-one-chosen")

    page.get_by_label("CCA — Certified Coding Associate (AHIMA)").check()
    page.locator("summary", has_text="Specialty").click()
    page.get_by_label("CEMC — Certified Evaluation and Management Coder (AAPC)").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compare CCA, CPC and CEMC"
    )
    cards, table = page.locator(".compare-card"), page.locator(".compare-table")
    if viewport == "phone":
        expect(cards).to_have_count(3)
        expect(cards.first).to_be_visible()
        expect(table).to_be_hidden()
        expect(cards.first).to_contain_text("Membership to sit the exam")
    else:
        expect(table).to_be_visible()
        expect(cards.first).to_be_hidden()
    # Nothing on the page scrolls sideways, not even inside a box of its own
    # (visually hidden text clips itself to 1 px, and is not a box to scroll).
    scrollers = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.offsetParent"
        " && !e.classList.contains('visually-hidden')"
        " && e.scrollWidth > e.clientWidth + 1"
        " && getComputedStyle(e).overflowX !== 'visible').length"
    )
    assert scrollers == 0
    checks(page, "compare-three")


def test_the_private_link_and_a_shared_link(site, browse, checks):
    """The owner takes her answers to a new browser with her private link, shares
    a read-only link, and stops it; the other browser can only read."""
    response = Response.objects.create(
        answers=PEOPLE["school leaver"], completed_at=timezone.now()
    )
    page = browse()
    page.goto(site + response.get_private_url())
    checks(page, "claim")
    page.get_by_role("button", name="Continue with these answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your certification guidance"
    )

    page.get_by_role("link", name="make a link to share").click()
    checks(page, "share")
    page.get_by_role("button", name="Make a link to share").click()
    shared_url = page.locator(".share-url").get_attribute("href")
    checks(page, "share-made")

    other = browse()
    other.goto(shared_url)
    expect(other.get_by_role("heading", level=1)).to_have_text(
        "Certification guidance shared with you"
    )
    expect(other.get_by_role("link", name="Change my answers")).to_have_count(0)
    checks(other, "shared")
    assert other.goto(site + response.get_absolute_url()).status == 404

    page.get_by_role("button", name="Stop sharing").click()
    assert other.goto(shared_url).status == 404
