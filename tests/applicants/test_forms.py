"""The step forms: what each accepts, what it saves, and what it says when it can't."""

import pytest

from applicants.forms import (
    CredentialsForm,
    EducationForm,
    ExperienceForm,
    GoalForm,
    HighSchoolForm,
    HimProgramForm,
    TrainingForm,
)
from tests.factories import CertificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpc():
    return CertificationFactory(code="CPC", apprentice_designation="CPC-A")


@pytest.mark.parametrize(
    ("form_class", "data", "expected"),
    [
        (EducationForm, {"education": "ged"}, {"education": "ged"}),
        (HighSchoolForm, {"high_school_senior": "yes"}, {"high_school_senior": True}),
        (HighSchoolForm, {"high_school_senior": "no"}, {"high_school_senior": False}),
        (HimProgramForm, {"him_program": "associate"}, {"him_program": "associate"}),
        (TrainingForm, {"coding_training_hours": "80"}, {"coding_training_hours": 80}),
        (TrainingForm, {"coding_training_hours": "0"}, {"coding_training_hours": 0}),
        (
            TrainingForm,
            {"coding_training_hours": "1,200"},
            {"coding_training_hours": 1200},
        ),
        (
            ExperienceForm,
            {"coding_experience_months": " 18 "},
            {"coding_experience_months": 18},
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "18.0"},
            {"coding_experience_months": 18},
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "600"},
            {"coding_experience_months": 600},
        ),
        (GoalForm, {"goal_setting": "payer"}, {"goal_setting": "payer"}),
    ],
)
def test_valid_answer_is_cleaned_to_the_contract_value(form_class, data, expected):
    form = form_class(data)
    assert form.is_valid(), form.errors
    assert form.answer() == expected


@pytest.mark.parametrize(
    ("form_class", "data", "message"),
    [
        (EducationForm, {}, "Select your highest level of education"),
        (
            EducationForm,
            {"education": "phd"},
            "Select one of the levels of education listed",
        ),
        (
            HighSchoolForm,
            {},
            "Select yes if you will finish high school or a GED within 12 months",
        ),
        (
            HimProgramForm,
            {},
            "Select whether you are in, or have completed, an HIM program",
        ),
        (GoalForm, {}, "Select where you would like to work"),
        (
            ExperienceForm,
            {"coding_experience_months": ""},
            "Enter the number of months, for example 18",
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "ten"},
            "Enter a whole number of months, like 18",
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "2.5"},
            "Enter a whole number of months, like 18",
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "-3"},
            "The number of months can't be less than 0",
        ),
        (
            ExperienceForm,
            {"coding_experience_months": "999999"},
            "That is more than 50 years: enter the months of coding work an "
            "employer can verify, for example 18",
        ),
        (
            TrainingForm,
            {"coding_training_hours": ""},
            "Enter the number of hours, for example 80",
        ),
        (
            TrainingForm,
            {"coding_training_hours": "ten"},
            "Enter a whole number of hours, like 80",
        ),
        (
            TrainingForm,
            {"coding_training_hours": "-3"},
            "The number of hours can't be less than 0",
        ),
        (
            TrainingForm,
            {"coding_training_hours": "5001"},
            "That is more than 5,000 hours: enter the hours of coding training "
            "you have completed, for example 80",
        ),
    ],
)
def test_invalid_answer_gets_a_specific_message(form_class, data, message):
    form = form_class(data)
    assert not form.is_valid()
    assert form.errors[form.step.key] == [message]


def test_credentials_offer_apprentice_designations(cpc):
    choices = dict(CredentialsForm().fields["credentials"].choices)
    assert "CPC-A" in choices


def test_credentials_offer_none_of_these(cpc):
    choices = dict(CredentialsForm().fields["credentials"].choices)
    assert choices["none"] == "None of these"


def test_credentials_save_the_codes_chosen(cpc):
    form = CredentialsForm({"credentials": ["CPC", "CPC-A"]})
    assert form.is_valid()
    assert form.answer() == {"credentials": ["CPC", "CPC-A"]}


def test_none_of_these_saves_an_empty_list(cpc):
    form = CredentialsForm({"credentials": ["none"]})
    assert form.is_valid()
    assert form.answer() == {"credentials": []}


def test_nothing_chosen_asks_for_none_of_these(cpc):
    form = CredentialsForm({})
    assert form.errors["credentials"] == [
        "Select the credentials you hold, or select ‘None of these’"
    ]


def test_none_of_these_with_a_credential_is_an_error(cpc):
    form = CredentialsForm({"credentials": ["CPC", "none"]})
    assert form.errors["credentials"] == [
        "Select ‘None of these’ only if you hold none of the credentials listed"
    ]


def test_unknown_credential_code_names_the_code(cpc):
    form = CredentialsForm({"credentials": ["XYZ"]})
    assert form.errors["credentials"] == [
        "“XYZ” is not a credential in our list: select the credentials you hold "
        "from the list"
    ]


@pytest.mark.parametrize(
    ("form_class", "answers", "expected"),
    [
        (EducationForm, {"education": "ged"}, "ged"),
        (HighSchoolForm, {"high_school_senior": True}, "yes"),
        (HighSchoolForm, {"high_school_senior": False}, "no"),
        (ExperienceForm, {"coding_experience_months": 18}, 18),
        (CredentialsForm, {"credentials": []}, ["none"]),
        (CredentialsForm, {"credentials": ["CPC-A"]}, ["CPC-A"]),
    ],
)
def test_saved_answer_fills_the_form(cpc, form_class, answers, expected):
    form = form_class(answers=answers)
    assert form.initial[form.step.key] == expected


@pytest.mark.parametrize(
    "form_class", [EducationForm, ExperienceForm, CredentialsForm, GoalForm]
)
def test_form_renders_no_required_attribute(cpc, form_class):
    assert " required" not in str(form_class())


def test_question_and_hint_come_from_the_questionnaire():
    field = ExperienceForm().fields["coding_experience_months"]
    assert field.label == "How many months of coding work can an employer verify?"
    assert "employer can confirm" in field.help_text


def test_error_links_point_at_the_field():
    form = ExperienceForm({"coding_experience_months": "ten"})
    assert form.error_links() == [
        ("#id_coding_experience_months", "Enter a whole number of months, like 18")
    ]
