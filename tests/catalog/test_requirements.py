"""Requirement kinds: parameter validation and plain words (no database)."""

import pytest
from django.core.exceptions import ValidationError

from catalog.requirements import Kind, describe
from catalog.validators import validate_params


@pytest.mark.parametrize(
    ("kind", "params", "words"),
    [
        (
            Kind.MIN_EDUCATION,
            {"level": "high_school_diploma"},
            "Have a high school diploma",
        ),
        (
            Kind.EXPERIENCE,
            {"months": 24},
            "2 years of coding experience an employer can verify",
        ),
        (
            Kind.EXPERIENCE,
            {"months": 6},
            "6 months of coding experience an employer can verify",
        ),
        (
            Kind.CODING_TRAINING,
            {"hours": 80},
            "Complete a coding training course of at least 80 hours",
        ),
        (
            Kind.CREDENTIAL_HELD,
            {"any_of": ["RHIA", "RHIT", "CCS-P"]},
            "Hold the RHIA, RHIT or CCS-P credential",
        ),
        (
            Kind.MEMBERSHIP,
            {"body": "AAPC"},
            "Be a member of AAPC when you buy the exam",
        ),
        (
            Kind.HIM_PROGRAM,
            {"any_of": ["associate"]},
            "Completed a CAHIIM-accredited associate HIM program",
        ),
    ],
)
def test_requirement_is_described_in_plain_words(kind, params, words):
    assert describe(kind, validate_params(kind, params)) == words


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        (Kind.EXPERIENCE, {"years": 2}, "Unknown parameter(s) years"),
        (Kind.EXPERIENCE, {"months": -3}, "months must be between 1 and 600"),
        (Kind.EXPERIENCE, {"months": "twelve"}, "months must be a whole number"),
        (Kind.MIN_EDUCATION, {"level": "phd"}, "“phd” is not a valid level"),
        (Kind.MIN_EDUCATION, {}, "Missing parameter(s): level"),
        (Kind.CREDENTIAL_HELD, {"any_of": []}, "non-empty list of credential codes"),
        (
            Kind.HIM_PROGRAM,
            {"any_of": ["doctorate"]},
            "“doctorate” is not a valid any_of",
        ),
        (Kind.CODING_TRAINING, ["hours", 80], "must be a JSON object"),
        ("astrology", {}, "Unknown requirement kind"),
    ],
)
def test_parameters_that_do_not_fit_the_kind_are_rejected(kind, params, message):
    with pytest.raises(ValidationError) as error:
        validate_params(kind, params)
    assert message in " ".join(error.value.messages)


def test_credential_codes_are_normalised():
    assert validate_params(Kind.CREDENTIAL_HELD, {"any_of": [" cca "]}) == {
        "any_of": ["CCA"]
    }
