"""Realistic people and their expected verdict on every published certification.

The expectations come from the sourced reference rules (the sources cited in
catalog/fixtures/catalog_seed.yaml), not from the
engine's output: a change to a rule, in code or in the catalog's data, shows here
exactly which verdicts moved and for whom.
"""

import pytest

from catalog.eligibility import Person, evaluate
from catalog.queries import eligibility_rules
from catalog.seed import load_catalog
from tests.factories import example_answers

# AAPC and AMBA credentials whose only requirement is membership of the body.
MEMBERSHIP_ONLY = {
    "CANPC", "CASCC", "CCC", "CCVTC", "CDEO", "CEDC", "CEMC", "CFPC", "CGIC",
    "CGSC", "CHONC", "CIC", "CIRCC", "CMRS", "COBGC", "COSC", "CPB", "CPC-P",
    "CPCD", "CPCO", "CPEDC", "CPMA", "CPPM", "CRC", "CRHC", "CUC",
}  # fmt: skip


_CATALOG_RULES = []


@pytest.fixture
def catalog_rules(db):
    """The real catalog as engine rules (frozen dataclasses), loaded once."""
    if not _CATALOG_RULES:
        load_catalog()
        _CATALOG_RULES.extend(eligibility_rules())
    return _CATALOG_RULES


def expected(**statuses):
    """Every published certification's expected status.

    Membership-only credentials are eligible, CPC and COC give the apprentice
    designation, PCS is retired; the AHIMA, NHA exams and anything given as a
    keyword (CCS_P for CCS-P) are stated per person.
    """
    table = dict.fromkeys(MEMBERSHIP_ONLY, "eligible")
    table |= {"CPC": "eligible_as_apprentice", "COC": "eligible_as_apprentice"}
    table["PCS"] = "not_yet"
    table |= {code.replace("_", "-"): status for code, status in statuses.items()}
    return table


# Each example profile's expected statuses, by name; the answers are the profile's
# own (applicants/fixtures/example_profiles.json, which editors see in the impact
# preview).
PERSONAS = {
    "no diploma, nothing yet": expected(
        CCA="not_yet",
        CCS="not_yet",
        CCS_P="not_yet",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="not_yet",
    ),
    "high school diploma only": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="within_reach",
    ),
    "GED only": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="within_reach",
    ),
    "high school senior who finished a billing and coding course": expected(
        CCA="not_yet",
        CCS="not_yet",
        CCS_P="not_yet",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="eligible",
    ),
    "CAHIIM associate graduate": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="eligible",
        RHIA="not_yet",
        CBCS="eligible",
    ),
    "final-term HIM associate student": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="eligible",
        RHIA="not_yet",
        CBCS="within_reach",
    ),
    "CPC-A with a year of work and an 80-hour course": expected(
        CPC="already_held",
        COC="eligible",
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="eligible",
    ),
    "RHIT with outpatient coding experience": expected(
        CPC="eligible",
        COC="eligible",
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="already_held",
        RHIA="not_yet",
        CBCS="eligible",
    ),
    "payer-side claims examiner": expected(
        CPC="eligible",
        COC="eligible",
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="eligible",
    ),
    "bachelor's HIM graduate": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="eligible",
        RHIA="eligible",
        CBCS="within_reach",
    ),
    "graduate with a post-baccalaureate HIM certificate": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="eligible",
        CBCS="within_reach",
    ),
    "master's degree outside HIM": expected(
        CCA="eligible",
        CCS="eligible",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="within_reach",
    ),
    "experienced coder who never finished high school": expected(
        CPC="eligible",
        COC="eligible",
        CCA="not_yet",
        CCS="not_yet",
        CCS_P="not_yet",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="not_yet",
    ),
    "coder holding CCA, CCS and CPC": expected(
        CPC="already_held",
        COC="eligible",
        CCA="already_held",
        CCS="already_held",
        CCS_P="eligible",
        RHIT="not_yet",
        RHIA="not_yet",
        CBCS="eligible",
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_the_expected_verdict_on_every_certification(
    catalog_rules, persona
):
    person = Person.from_answers(example_answers()[persona])
    expected_statuses = PERSONAS[persona]

    verdicts = {v.code: v.status for v in evaluate(person, catalog_rules)}

    assert verdicts == expected_statuses


def verdict_for(catalog_rules, person, code):
    return next(v for v in evaluate(person, catalog_rules) if v.code == code)


def test_a_ged_holder_is_warned_that_ahima_does_not_say_whether_a_ged_counts_for_ccs(
    catalog_rules,
):
    verdict = verdict_for(catalog_rules, Person(education="ged"), "CCS")

    assert any("GED" in caveat for caveat in verdict.caveats)


def test_a_diploma_holder_is_told_the_exact_cbcs_gap(catalog_rules):
    verdict = verdict_for(
        catalog_rules, Person(education="high_school_diploma"), "CBCS"
    )

    assert verdict.gaps == (
        "complete a billing and coding training program (length not published)",
        "1 more year of verified billing and coding work experience",
    )


def test_a_new_cpc_is_told_how_the_apprentice_designation_is_removed(catalog_rules):
    verdict = verdict_for(catalog_rules, Person(education="high_school_diploma"), "CPC")

    assert verdict.apprentice.designation == "CPC-A"
    assert len(verdict.apprentice.how_removed) == 2
    assert "2 more years of verified coding experience" in verdict.apprentice.gaps


def test_cpc_p_carries_the_doubt_about_whether_it_is_still_offered(catalog_rules):
    verdict = verdict_for(catalog_rules, Person(), "CPC-P")

    assert any("retired" in caveat for caveat in verdict.caveats)


def test_rhit_through_a_bachelors_degree_is_flagged_as_a_single_source_route(
    catalog_rules,
):
    person = Person(education="bachelor", him_program="bachelor")

    verdict = verdict_for(catalog_rules, person, "RHIT")

    assert any("single secondary source" in caveat for caveat in verdict.caveats)


def test_the_goal_comes_first(catalog_rules):
    person = Person(education="high_school_diploma", goal_setting="hospital_inpatient")

    verdicts = evaluate(person, catalog_rules)

    first = [v.code for v in verdicts if v.goal_match]
    assert [v.code for v in verdicts[: len(first)]] == first
    assert "CCS" in first


def test_the_whole_catalog_is_judged_with_no_unpublished_draft(catalog_rules):
    codes = {rules.code for rules in catalog_rules}

    assert {"CIMC", "CENTC", "CPRC"}.isdisjoint(codes)
    assert len(codes) == 35
