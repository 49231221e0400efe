"""The plan at the top of the guidance page, for the people the issue describes and
the situations that should beat the generic plan, on the real catalog.

Each expectation comes from the sourced rules in catalog/fixtures/catalog_seed.yaml
(AAPC sells exams only to members and its dues are $190; the CPC-A goes after 2
years of coding work or 1 year and an 80-hour course; RHIT early testing waits
for the transcript; a provisional CBCS lapses without a diploma), not from the
code's output.
"""

import pytest
from django.db import transaction

from applicants.guidance import guidance
from tests.factories import example_answers

pytestmark = pytest.mark.django_db

# The example profiles these tests judge (their answers and who they are:
# applicants/fixtures/example_profiles.json).
PEOPLE = {
    name: example_answers()[name]
    for name in [
        "school leaver",
        "RHIT for inpatient",
        "CPC-A with a year of work and an 80-hour course",
        "final-term HIM associate student",
        "high-school senior",
        "HIM graduate",
        "experienced, not sure",
        "RHIA for inpatient",
        "GED for inpatient",
    ]
}


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Every person's guidance, computed once on the seeded catalog (rolled back)."""
    from catalog.seed import load_catalog

    with django_db_blocker.unblock(), transaction.atomic():
        load_catalog()
        found = {name: guidance(answers) for name, answers in PEOPLE.items()}
        transaction.set_rollback(True)
    return found


def plan_of(pages, name):
    return pages[name]["plan"]


def rows(pages, name):
    return {
        row["verdict"].code: row
        for group in pages[name]["groups"]
        for row in group["cards"]
    }


def all_text(plan):
    lines = [plan.title, plan.why, plan.then, plan.cost_note, *plan.caveats]
    lines += [f"{line['label']}: {line['text']}" for line in plan.time]
    for step in plan.steps:
        lines += [
            step["title"],
            *step["lines"],
            *step.get("list", []),
            *step.get("then", []),
        ]
    return "\n".join(lines)


def test_the_school_leaver_is_told_to_sit_the_cpc_with_its_cost_and_time(pages):
    plan = plan_of(pages, "school leaver")
    text = all_text(plan)

    assert plan.title == "Sit the CPC exam"
    assert plan.why.startswith("You want to work in “a physician office or clinic”")
    # $190 dues (AAPC's own page) + $399-$499 exam (secondary sources, 2026).
    assert plan.cost.text == "about $589–$689"
    assert [part.text for part in plan.cost_parts] == ["$190", "about $399–$499"]
    assert "Preparation: Not published" in text
    assert "The exam: 4 hours." in text
    assert "100 questions." in text
    # The quicker route to drop the A is not hidden behind the 2-year one.
    assert any(
        "1 year of coding experience" in route for route in plan.steps[-1]["list"]
    )
    assert [step["title"] for step in plan.steps] == [
        "Prepare",
        "Join AAPC and book the exam",
        "Sit the exam",
        "Afterwards",
    ]


def test_the_rhit_is_told_his_credential_counts_and_his_combined_renewal(pages):
    plan = plan_of(pages, "RHIT for inpatient")

    assert plan.title == "Sit the CCS exam"
    assert "you hold the RHIT" in plan.why
    # AHIMA: 20 CEUs for one credential, 10 more for each further one.
    assert "with the RHIT you hold, 30 CEUs every 2 years" in all_text(plan)


def test_renewing_together_starts_from_the_credential_that_asks_most(pages):
    """AHIMA: the RHIA's 30 CEUs, plus 10 for the CCS: 40, not 20 + 10."""
    plan = plan_of(pages, "RHIA for inpatient")

    assert plan.title == "Sit the CCS exam"
    assert "with the RHIA you hold, 40 CEUs every 2 years" in all_text(plan)


def test_a_cpc_a_who_meets_a_removal_route_is_told_to_remove_the_a_first(pages):
    plan = plan_of(pages, "CPC-A with a year of work and an 80-hour course")

    assert plan.action == "remove_apprentice"
    assert plan.title == "Remove the A from your CPC-A now"
    assert "1 year of coding experience" in plan.why
    assert plan.cost is None
    assert "publishes no fee for removing the A" in plan.cost_note


def test_the_final_term_student_is_told_to_sit_the_rhit_early_with_its_condition(
    pages,
):
    plan = plan_of(pages, "final-term HIM associate student")

    assert plan.action == "sit_with_condition"
    assert plan.title == "Sit the RHIT exam early"
    assert "early testing" in plan.why and "on one condition" in plan.why
    afterwards = plan.steps[-1]["lines"]
    assert any(
        "until AHIMA receives the official transcript" in line for line in afterwards
    )
    assert all_text(plan).count("official transcript") == 1  # said once


def test_the_high_school_senior_is_asked_about_the_minimum_age_everywhere(pages):
    plan = plan_of(pages, "high-school senior")
    everything = rows(pages, "high-school senior")

    assert plan.title == "Sit the CPC exam"
    assert "AAPC publishes no minimum age" in plan.caveats[0]
    # Every AAPC and AMBA exam they may sit says so, "to confirm", not "met".
    for code in ("CIC", "CRC", "CEMC", "CMRS"):
        labels = {check["text"]: check["label"] for check in everything[code]["checks"]}
        assert labels[
            f"Be old enough to sit {everything[code]['verdict'].body}'s exams"
        ] == ("To confirm")


def test_a_provisional_cbcs_says_it_lapses_without_a_diploma(pages):
    cbcs = rows(pages, "high-school senior")["CBCS"]

    assert cbcs["status"] == "eligible"
    assert "lapses 12 months after your exam" in cbcs["verdict"].condition


def test_records_work_recommends_the_rhit(pages):
    plan = plan_of(pages, "HIM graduate")

    assert plan.title == "Sit the RHIT exam"
    assert "health information or records work" in plan.why


def test_not_sure_with_experience_chooses_by_situation_and_says_why(pages):
    plan = plan_of(pages, "experienced, not sure")

    assert plan.title == "Sit the CPC exam"
    assert plan.why.startswith("You have 3 years of coding work")
    assert "CPC-A" not in plan.why  # 2 years of work: the full CPC at once


def test_a_ged_is_to_confirm_where_a_page_asks_for_a_diploma(pages):
    plan = plan_of(pages, "GED for inpatient")

    assert plan.title == "Sit the CCS exam"
    assert any("GED" in caveat for caveat in plan.caveats)
    ccs_checks = plan.verdict.checks
    assert [check.status for check in ccs_checks] == ["uncertain"]


def test_a_retired_credential_is_no_longer_offered_not_something_to_work_towards(
    pages,
):
    groups = {group["key"]: group for group in pages["school leaver"]["groups"]}

    retired = [row["verdict"].code for row in groups["retired"]["cards"]]
    assert retired == ["PCS"]
    assert groups["retired"]["title"] == "No longer offered"
    assert all(row["verdict"].code != "PCS" for row in groups["not_yet"]["cards"])
    assert groups["retired"]["cards"][0]["missing"] == ""


def test_a_beginner_sees_credentials_for_beginners_first(pages):
    goal = pages["school leaver"]["groups"][0]

    first = [row["verdict"].code for row in goal["first"]]
    later = [row["verdict"].code for row in goal["later"]]
    assert {"CCA", "CBCS", "CMRS"} <= set(first)
    assert {"CCS-P", "CIRCC", "CCC"} <= set(later)
    assert all(row["beginner"] for row in goal["first"])


def test_a_credential_the_sources_doubt_is_offered_says_so_in_its_verdict(pages):
    cpc_p = rows(pages, "school leaver")["CPC-P"]["verdict"]

    assert cpc_p.headline == "You can sit this exam now, if it is still offered"


def test_a_row_names_one_gap_and_counts_the_other_routes(pages):
    rhit = rows(pages, "high-school senior")["RHIT"]

    assert rhit["missing"] == (
        "Complete a CAHIIM-accredited associate HIM program, or one of 3 other routes"
    )
    assert len(rhit["routes"]) == 4
    assert rows(pages, "high-school senior")["CCA"]["missing"].startswith(
        "Get a high school diploma"
    )
