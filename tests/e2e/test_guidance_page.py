"""The guidance page in a real browser, for the people the issue describes: the plan
answers first (within two phone screens), the page stays short on a phone and in
print, and axe and the Nu checker find nothing.

Screenshots at 390 and 1280 px wide: artifacts/screenshots/*-plan-*.jpg.
"""

import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Response
from tests.applicants.test_plans import PEOPLE

SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
MAX_PHONE_HEIGHT = 7_000  # px at 390 px wide
MAX_PRINTED_PAGES = 5  # US Letter
SHOWN = [
    "school leaver",
    "RHIT for inpatient",
    "CPC-A with a year of work and an 80-hour course",
    "final-term HIM associate student",
    "high-school senior",
]


def open_as_owner(page, site, response):
    """Take the response with its private link, as its owner would in a new
    browser: the guidance page follows."""
    page.goto(site + response.get_private_url())
    page.get_by_role("button", name="Continue with these answers").click()
    expect(page).to_have_url(site + reverse("applicants:results", args=[response.pk]))


def printed_pages(page):
    pdf = page.pdf(format="Letter")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("person", SHOWN)
def test_the_plan_comes_first_and_the_page_stays_short(
    site, browser, viewport, checks, person
):
    response = Response.objects.create(
        answers=PEOPLE[person], completed_at=timezone.now()
    )
    size = SIZES[viewport]
    context = browser.new_context(viewport=size)
    page = context.new_page()

    open_as_owner(page, site, response)

    expect(page.locator(".plan-kicker")).to_have_text("What to do first")
    facts = page.locator(".plan-facts").bounding_box()
    assert facts["y"] + facts["height"] <= 2 * size["height"], (
        "the first step, why, cost and time fit in the first two screens"
    )
    checks(page, f"plan-{person.replace(' ', '-')}-{size['width']}")
    height = page.evaluate("document.documentElement.scrollHeight")
    if viewport == "phone":
        assert height < MAX_PHONE_HEIGHT, f"{person}: {height} px tall at 390 px"
    assert printed_pages(page) <= MAX_PRINTED_PAGES
    assert repeated_sentences(page) == []
    context.close()


def repeated_sentences(page):
    """Sentences shown more than once (the rows' verdict lines aside, which repeat
    by design: "You can sit this exam now · First year: …")."""
    rows = set(page.locator(".option-meta").all_inner_texts())
    lines = [line for line in page.inner_text("main").splitlines() if line not in rows]
    sentences = [
        sentence.strip()
        for line in lines
        for sentence in re.split(r"(?<=[.!?])\s+", line)
        if len(sentence.strip()) >= 25
    ]
    return [sentence for sentence, n in Counter(sentences).items() if n > 1]


def test_the_explanation_of_an_option_opens_without_javascript(site, browser):
    response = Response.objects.create(
        answers=PEOPLE["school leaver"], completed_at=timezone.now()
    )
    context = browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = context.new_page()
    open_as_owner(page, site, response)

    row = page.locator(".option", has_text="CCA — Certified Coding Associate")
    expect(row.get_by_text("Have a high school diploma or equivalent")).to_be_hidden()
    row.locator("summary").click()
    expect(row.get_by_text("Have a high school diploma or equivalent")).to_be_visible()
    context.close()
