"""The questionnaire's shape: skip rules, next step, progress. No database."""

import pytest

from applicants import questionnaire
from applicants.questionnaire import STEPS_BY_SLUG

DIPLOMA = {"education": "high_school_diploma"}
NO_DIPLOMA = {"education": "none"}
ALL_WITH_DIPLOMA = {
    "education": "associate",
    "him_program": "associate",
    "coding_training_hours": 80,
    "coding_experience_months": 18,
    "credentials": ["CPC-A"],
    "goal_setting": "payer",
}
ALL_WITHOUT_DIPLOMA = {
    "education": "none",
    "high_school_senior": True,
    "coding_training_hours": 0,
    "coding_experience_months": 0,
    "credentials": [],
    "goal_setting": "any",
}


def slugs(steps):
    return [step.slug for step in steps]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {},
            [
                "education",
                "him-program",
                "training",
                "experience",
                "credentials",
                "goal",
            ],
        ),
        (
            NO_DIPLOMA,
            [
                "education",
                "high-school",
                "training",
                "experience",
                "credentials",
                "goal",
            ],
        ),
        (
            DIPLOMA,
            [
                "education",
                "him-program",
                "training",
                "experience",
                "credentials",
                "goal",
            ],
        ),
        (
            {"education": "ged"},
            [
                "education",
                "him-program",
                "training",
                "experience",
                "credentials",
                "goal",
            ],
        ),
    ],
)
def test_applicable_steps_follow_the_education_answer(answers, expected):
    assert slugs(questionnaire.applicable_steps(answers)) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "education"),
        (NO_DIPLOMA, "high-school"),
        (DIPLOMA, "him-program"),
        ({**NO_DIPLOMA, "high_school_senior": False}, "training"),
        ({**DIPLOMA, "him_program": "none"}, "training"),
        ({**DIPLOMA, "him_program": "none", "coding_training_hours": 0}, "experience"),
        (
            {
                **DIPLOMA,
                "him_program": "none",
                "coding_training_hours": 0,
                "coding_experience_months": 0,
            },
            "credentials",
        ),
        ({k: v for k, v in ALL_WITH_DIPLOMA.items() if k != "goal_setting"}, "goal"),
        # An empty list of credentials is an answer ("None of these").
        ({k: v for k, v in ALL_WITHOUT_DIPLOMA.items() if k != "goal_setting"}, "goal"),
        # A later answer doesn't hide an earlier gap.
        ({"education": "bachelor", "goal_setting": "payer"}, "him-program"),
        (ALL_WITH_DIPLOMA, None),
        (ALL_WITHOUT_DIPLOMA, None),
    ],
)
def test_first_unanswered_step_is_the_first_applicable_gap(answers, expected):
    step = questionnaire.first_unanswered_step(answers)
    assert (step.slug if step else None) == expected


@pytest.mark.parametrize(
    ("slug", "answers", "expected"),
    [
        ("education", {}, (1, 6)),
        ("him-program", DIPLOMA, (2, 6)),
        ("high-school", NO_DIPLOMA, (2, 6)),
        ("training", NO_DIPLOMA, (3, 6)),
        ("experience", DIPLOMA, (4, 6)),
        ("credentials", ALL_WITH_DIPLOMA, (5, 6)),
        ("goal", ALL_WITHOUT_DIPLOMA, (6, 6)),
    ],
)
def test_progress_counts_only_the_steps_that_apply(slug, answers, expected):
    assert questionnaire.progress(STEPS_BY_SLUG[slug], answers) == expected


@pytest.mark.parametrize(
    ("slug", "answers", "expected"),
    [
        ("education", {}, True),
        ("him-program", {}, False),
        ("him-program", DIPLOMA, True),
        ("high-school", DIPLOMA, False),
        ("high-school", NO_DIPLOMA, True),
        ("him-program", NO_DIPLOMA, False),
        ("training", DIPLOMA, False),
        ("education", ALL_WITH_DIPLOMA, True),
        ("goal", ALL_WITH_DIPLOMA, True),
        ("high-school", ALL_WITH_DIPLOMA, False),
    ],
)
def test_can_visit_only_applicable_steps_up_to_the_first_gap(slug, answers, expected):
    assert questionnaire.can_visit(STEPS_BY_SLUG[slug], answers) is expected


@pytest.mark.parametrize(
    ("slug", "answers", "expected"),
    [
        ("education", {}, None),
        ("him-program", DIPLOMA, "education"),
        ("high-school", NO_DIPLOMA, "education"),
        ("training", NO_DIPLOMA, "high-school"),
        ("training", DIPLOMA, "him-program"),
        ("goal", ALL_WITH_DIPLOMA, "credentials"),
    ],
)
def test_previous_step_skips_steps_that_do_not_apply(slug, answers, expected):
    previous = questionnaire.previous_step(STEPS_BY_SLUG[slug], answers)
    assert (previous.slug if previous else None) == expected


@pytest.mark.parametrize(
    ("answers", "dropped", "kept"),
    [
        ({**ALL_WITH_DIPLOMA, "education": "none"}, "him_program", "goal_setting"),
        (
            {**ALL_WITHOUT_DIPLOMA, "education": "ged"},
            "high_school_senior",
            "credentials",
        ),
    ],
)
def test_answers_of_steps_that_no_longer_apply_are_dropped(answers, dropped, kept):
    cleaned = questionnaire.without_inapplicable(answers)
    assert dropped not in cleaned
    assert kept in cleaned


def test_answers_outside_the_steps_are_kept():
    answers = {**DIPLOMA, "experience_settings": ["payer"]}
    assert questionnaire.without_inapplicable(answers) == answers


@pytest.mark.parametrize(
    ("slug", "answers", "expected"),
    [
        ("education", {"education": "ged"}, "GED or another high school equivalency"),
        ("high-school", {"high_school_senior": True}, "Yes"),
        ("high-school", {"high_school_senior": False}, "No"),
        ("training", {"coding_training_hours": 1200}, "1,200 hours"),
        ("experience", {"coding_experience_months": 1}, "1 month"),
        ("credentials", {"credentials": ["CPC-A", "RHIT"]}, "CPC-A, RHIT"),
        ("credentials", {"credentials": []}, "None"),
        ("goal", {"goal_setting": "payer"}, "A health plan or insurer (payer)"),
    ],
)
def test_answers_read_in_words(slug, answers, expected):
    assert questionnaire.answer_in_words(STEPS_BY_SLUG[slug], answers) == expected


def test_every_step_key_is_unique():
    keys = [step.key for step in questionnaire.STEPS]
    assert len(keys) == len(set(keys))
