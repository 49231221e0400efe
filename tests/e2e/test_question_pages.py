"""The questionnaire by keyboard only, and each step against the GOV.UK question-page
pattern: the question is the <h1> (or in the legend), a Back link, a Continue button,
and on error a summary first in <main> that takes the focus and links to each field."""

import re

import pytest
from playwright.sync_api import expect

VISIBLE_FOCUS = """el => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
}"""


def tab_to(page, locator, *, limit=80):
    """Press Tab until `locator` has the focus; it must show that it has it."""
    page.wait_for_load_state("load")
    locator.wait_for()
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            assert locator.evaluate(VISIBLE_FOCUS), "focus is not visible"
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


def test_questionnaire_by_keyboard_only(site, browse, checks):
    page = browse()
    page.goto(site + "/eligibility/")

    tab_to(page, page.get_by_role("button", name="Start now"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/education/$"))

    tab_to(page, page.get_by_label("No high school diploma or GED yet", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("High school diploma", exact=True)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/him-program/$"))
    tab_to(page, page.locator("input[name=him_program]").first)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    for field, value in [
        ("coding_training_hours", "80"),
        ("coding_experience_months", "0"),
    ]:
        tab_to(page, page.locator(f"input[name={field}]"))
        page.keyboard.type(value)
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/credentials/$"))
    tab_to(page, page.get_by_label("None of these", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    tab_to(page, page.locator("input[name=goal_setting]").first)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    tab_to(page, page.get_by_role("button", name="See my results"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your certification guidance"
    )
    checks(page, "results-by-keyboard")


def assert_question_page(page):
    """The question is the page's <h1>, in the legend or labelling the field."""
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    in_legend = h1.evaluate("el => !!el.closest('legend')")
    labels_field = h1.evaluate(
        "el => !!el.closest('label') || !!el.querySelector('label')"
    )
    assert in_legend or labels_field, "the question is not the legend or the label"
    expect(page.get_by_role("link", name="Back")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    expect(page).not_to_have_title(re.compile(r"^Error: "))


def assert_error_page(page):
    """Summary first in <main>, focused, linking to each field; title says Error."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator("main .error-summary")
    expect(summary).to_contain_text("There is a problem")
    assert summary.evaluate(
        "el => el === document.querySelector('main').firstElementChild"
        " || el === document.querySelector('main').querySelector('*:not(script)')"
    ), "the error summary is not the first thing in <main>"
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count() >= 1
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert target.startswith("#")
        expect(page.locator(target)).to_have_count(1)
        expect(page.locator("[aria-describedby] >> nth=0")).to_have_count(1)


# (step URL name, an invalid submission, a valid one)
STEPS = [
    (
        "education",
        None,
        lambda page: page.get_by_label(
            "GED or another high school equivalency", exact=True
        ).check(),
    ),
    (
        "him-program",
        None,
        lambda page: page.locator("input[name=him_program]").first.check(),
    ),
    (
        "training",
        lambda page: page.locator("input[name=coding_training_hours]").fill("-3"),
        lambda page: page.locator("input[name=coding_training_hours]").fill("40"),
    ),
    (
        "experience",
        lambda page: page.locator("input[name=coding_experience_months]").fill("9000"),
        lambda page: page.locator("input[name=coding_experience_months]").fill("12"),
    ),
    (
        "credentials",
        None,
        lambda page: page.get_by_label("None of these", exact=True).check(),
    ),
    ("goal", None, lambda page: page.locator("input[name=goal_setting]").first.check()),
]


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_every_step_follows_the_question_page_pattern(site, browse, checks):
    page = browse()
    page.goto(site + "/eligibility/")
    page.get_by_role("button", name="Start now").click()

    for slug, invalid, valid in STEPS:
        expect(page).to_have_url(re.compile(rf"/{slug}/$"))
        assert_question_page(page)
        checks(page, slug)
        if invalid:
            invalid(page)
        page.get_by_role("button", name="Continue").click()
        assert_error_page(page)
        checks(page, f"{slug}-error")
        valid(page)
        page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
