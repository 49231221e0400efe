"""The eligibility engine, table-driven and without a database."""

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.eligibility import (
    ALREADY_HELD,
    ELIGIBLE,
    ELIGIBLE_AS_APPRENTICE,
    MET,
    MISSING,
    NOT_YET,
    TO_DO,
    UNCERTAIN,
    WITHIN_REACH,
    CertificationRules,
    Pathway,
    Person,
    Rule,
    evaluate,
    judge,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DIPLOMA_OR_GED = Rule("min_education", {"level": "high_school_or_equivalent"})
DIPLOMA = Rule("min_education", {"level": "high_school_diploma"})
AAPC_MEMBER = Rule("membership", {"body": "AAPC"})

CCA = CertificationRules(
    code="CCA",
    name="Certified Coding Associate",
    body="AHIMA",
    pathways=(
        Pathway("diploma", "High school diploma or equivalent", (DIPLOMA_OR_GED,)),
    ),
    care_settings=frozenset({"physician_office", "hospital_inpatient"}),
)
CCS = CertificationRules(
    code="CCS",
    name="Certified Coding Specialist",
    body="AHIMA",
    pathways=(Pathway("diploma", "High school diploma", (DIPLOMA,)),),
    care_settings=frozenset({"hospital_inpatient"}),
)
CPC = CertificationRules(
    code="CPC",
    name="Certified Professional Coder",
    body="AAPC",
    pathways=(Pathway("member", "AAPC membership", (AAPC_MEMBER,)),),
    care_settings=frozenset({"physician_office"}),
    apprentice_designation="CPC-A",
    apprentice_pathways=(
        Pathway("employment", "2 years", (Rule("experience", {"months": 24}),)),
        Pathway(
            "employment_plus_education",
            "1 year and a course",
            (
                Rule("experience", {"months": 12}),
                Rule("coding_training", {"hours": 80}),
            ),
        ),
    ),
)
RHIT = CertificationRules(
    code="RHIT",
    name="Registered Health Information Technician",
    body="AHIMA",
    pathways=(
        Pathway(
            "associate",
            "Associate HIM",
            (Rule("him_program", {"any_of": ["associate"]}),),
        ),
        Pathway(
            "early",
            "Early testing",
            (Rule("him_program", {"any_of": ["associate_final_term"]}),),
        ),
        Pathway(
            "bachelor",
            "Bachelor's HIM (disputed)",
            (Rule("him_program", {"any_of": ["bachelor"]}),),
            confidence="low",
        ),
    ),
)
# An old-style CCS: several routes, some through experience or a credential.
CCS_OLD = CertificationRules(
    code="XCCS",
    name="Old-rules coding specialist",
    body="AHIMA",
    pathways=(
        Pathway(
            "experience", "2 years of coding", (Rule("experience", {"months": 24}),)
        ),
        Pathway(
            "cca_plus_year",
            "CCA and a year",
            (
                Rule("credential_held", {"any_of": ["CCA"]}),
                Rule("experience", {"months": 12}),
            ),
        ),
        Pathway(
            "credential",
            "Another credential",
            (Rule("credential_held", {"any_of": ["RHIT", "RHIA"]}),),
        ),
    ),
)
RETIRED = CertificationRules(
    code="PCS",
    name="Physician Coding Specialist",
    body="AHIMA",
    pathways=(),
    retired=True,
)


@pytest.mark.parametrize(
    ("person", "certification", "status"),
    [
        (Person(education="high_school_diploma"), CCA, ELIGIBLE),
        (Person(education="ged"), CCA, ELIGIBLE),
        (Person(education="bachelor"), CCA, ELIGIBLE),
        (Person(education="none"), CCA, NOT_YET),
        (Person(education="none"), CPC, ELIGIBLE_AS_APPRENTICE),
        (Person(coding_experience_months=24), CPC, ELIGIBLE),
        (Person(coding_experience_months=12, coding_training_hours=80), CPC, ELIGIBLE),
        (
            Person(coding_experience_months=12, coding_training_hours=79),
            CPC,
            ELIGIBLE_AS_APPRENTICE,
        ),
        (Person(credentials=frozenset({"CPC"})), CPC, ALREADY_HELD),
        (Person(credentials=frozenset({"CPC-A"})), CPC, ALREADY_HELD),
        (Person(him_program="associate"), RHIT, ELIGIBLE),
        (Person(him_program="associate_final_term"), RHIT, ELIGIBLE),
        (Person(him_program="bachelor"), RHIT, ELIGIBLE),
        (Person(education="associate"), RHIT, NOT_YET),
        (Person(coding_experience_months=20), CCS_OLD, WITHIN_REACH),
        (Person(credentials=frozenset({"CCA"})), CCS_OLD, WITHIN_REACH),
        (Person(credentials=frozenset({"RHIA"})), CCS_OLD, ELIGIBLE),
        (Person(), CCS_OLD, WITHIN_REACH),
        (Person(education="master_or_higher"), RETIRED, NOT_YET),
        (Person(credentials=frozenset({"PCS"})), RETIRED, ALREADY_HELD),
    ],
)
def test_verdicts(person, certification, status):
    assert judge(certification, person).status == status


def test_every_requirement_of_the_judged_pathway_is_listed_met_or_not():
    verdict = judge(
        CCS_OLD, Person(credentials=frozenset({"CCA"}), coding_experience_months=3)
    )

    assert verdict.pathway == "CCA and a year"
    assert [(check.text, check.status) for check in verdict.checks] == [
        ("Hold the CCA credential", MET),
        ("1 year of coding experience an employer can verify", MISSING),
    ]


def test_the_gap_lists_every_equally_close_route_the_closest_first():
    verdict = judge(CCS_OLD, Person(coding_experience_months=20))

    assert verdict.gaps == (
        "hold the CCA",
        "4 more months of verified coding experience",
        "hold the RHIT or RHIA",
    )


def test_equally_close_routes_are_given_as_alternatives():
    verdict = judge(CCS_OLD, Person(coding_experience_months=12))

    assert verdict.status == WITHIN_REACH
    assert verdict.gaps == (
        "hold the CCA",
        "1 more year of verified coding experience",
        "hold the RHIT or RHIA",
    )


def test_a_person_with_nothing_yet_is_told_every_closest_route():
    verdict = judge(CCS_OLD, Person())

    assert verdict.gaps == (
        "2 more years of verified coding experience",
        "hold the RHIT or RHIA",
    )


def test_a_missing_diploma_is_not_within_reach():
    verdict = judge(CCA, Person(education="none"))

    assert verdict.status == NOT_YET
    assert verdict.gaps == ("have a high school diploma or equivalent (GED)",)


def test_a_ged_for_a_diploma_only_exam_is_eligible_with_a_caveat():
    verdict = judge(CCS, Person(education="ged"))

    assert verdict.status == ELIGIBLE
    assert verdict.checks[0].status == UNCERTAIN
    assert "does not say whether a GED counts" in verdict.caveats[0]


def test_membership_is_a_step_to_take_not_a_barrier():
    verdict = judge(CPC, Person(coding_experience_months=30))

    assert verdict.status == ELIGIBLE
    assert verdict.checks[0].status == TO_DO
    assert verdict.to_do == ("join AAPC",)


def test_the_apprentice_designation_says_how_it_is_removed_and_what_is_missing():
    verdict = judge(CPC, Person(coding_experience_months=12))

    assert verdict.apprentice.designation == "CPC-A"
    assert not verdict.apprentice.removed
    assert verdict.apprentice.how_removed == (
        "2 years of coding experience an employer can verify",
        "1 year of coding experience an employer can verify and complete a coding "
        "training course of at least 80 hours",
    )
    assert verdict.apprentice.gaps == (
        "a coding training course of at least 80 hours",
        "1 more year of verified coding experience",
    )


def test_a_removal_route_with_no_requirement_yet_asks_nothing_and_breaks_nothing():
    # An editor's new route, before its first requirement (or after deleting its
    # last): the engine still judges, and the route asks nothing more.
    cpc = replace(CPC, apprentice_pathways=(Pathway("new", "A new route", ()),))

    verdict = judge(cpc, Person(credentials=frozenset({"CPC-A"})))

    assert verdict.apprentice.removed
    assert verdict.apprentice.how_removed == ("Nothing more is asked",)
    assert verdict.apprentice.route == "Nothing more is asked"


def test_an_apprentice_already_holding_cpc_a_is_told_how_to_remove_it():
    verdict = judge(
        CPC, Person(credentials=frozenset({"CPC-A"}), coding_experience_months=18)
    )

    assert verdict.status == ALREADY_HELD
    assert verdict.apprentice.gaps == (
        "a coding training course of at least 80 hours",
        "6 more months of verified coding experience",
    )


def test_a_route_from_a_single_secondary_source_carries_a_caveat():
    verdict = judge(RHIT, Person(him_program="bachelor"))

    assert verdict.pathway == "Bachelor's HIM (disputed)"
    assert any("single secondary source" in caveat for caveat in verdict.caveats)


def test_a_retired_certification_says_it_is_no_longer_offered():
    """Never something to work towards: no gap to close, its own headline."""
    verdict = judge(RETIRED, Person(education="master_or_higher"))

    assert verdict.headline == "No longer offered"
    assert verdict.retired
    assert verdict.gaps == ()


def test_someone_in_high_school_is_asked_to_confirm_the_age_rule():
    """No body publishes a minimum age: a senior's verdicts say "to confirm"."""
    senior = Person(high_school_senior=True, credentials=frozenset())
    rules = CertificationRules(
        code="OPEN",
        name="Open exam",
        body="AAPC",
        pathways=(Pathway("any", "Anyone", ()),),
    )

    verdict = judge(rules, senior)
    adult = judge(rules, Person(education="high_school_diploma"))

    assert verdict.status == ELIGIBLE
    assert [check.status for check in verdict.checks] == [UNCERTAIN]
    assert "AAPC publishes no minimum age" in verdict.caveats[0]
    assert adult.checks == ()
    aged = judge(replace(rules, minimum_age=16), senior)
    assert aged.checks == ()


def test_results_put_the_goal_first_then_order_by_verdict_and_code():
    person = Person(education="high_school_diploma", goal_setting="hospital_inpatient")

    verdicts = evaluate(person, [CPC, RHIT, CCS, CCA, CCS_OLD])

    assert [(v.code, v.goal_match) for v in verdicts] == [
        ("CCA", True),
        ("CCS", True),
        ("CPC", False),
        ("XCCS", False),
        ("RHIT", False),
    ]


@pytest.mark.parametrize(
    ("answers", "person"),
    [
        ({}, Person()),
        (
            {
                "education": "ged",
                "him_program": "associate",
                "coding_training_hours": 80,
                "coding_experience_months": 14,
                "credentials": ["cpc-a", "RHIT"],
                "goal_setting": "payer",
            },
            Person(
                education="ged",
                him_program="associate",
                coding_training_hours=80,
                coding_experience_months=14,
                credentials=frozenset({"CPC-A", "RHIT"}),
                goal_setting="payer",
            ),
        ),
        ({"credentials": None, "coding_training_hours": None}, Person()),
    ],
)
def test_saved_answers_become_a_person_and_missing_ones_take_the_cautious_value(
    answers, person
):
    assert Person.from_answers(answers) == person


def test_the_same_answers_always_give_the_same_verdicts():
    person = Person(education="high_school_diploma", coding_experience_months=12)
    catalog = [CPC, RHIT, CCS, CCA, CCS_OLD, RETIRED]

    assert evaluate(person, catalog) == evaluate(person, list(reversed(catalog)))


def test_a_route_needing_more_of_the_same_thing_is_not_offered_as_well():
    verdict = judge(CPC, Person(coding_training_hours=80))

    assert verdict.apprentice.gaps == ("1 more year of verified coding experience",)


def test_importing_the_engine_loads_no_django_module():
    """The engine is plain Python: importing it in a fresh interpreter loads no Django."""
    find_django_modules = (
        "import sys, catalog.eligibility; "
        "print(*(name for name in sys.modules "
        "if name == 'django' or name.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", find_django_modules],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == []
