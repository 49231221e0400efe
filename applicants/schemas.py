"""The shapes of `POST /api/v1/eligibility`, as they appear in the OpenAPI document.

The request is the eligibility contract of docs/eligibility-contract.md: the answers the questionnaire
saves. Every field is optional and a missing one takes the most cautious value.
Unknown fields are refused (422) rather than ignored: a misspelt field ("educaton")
would otherwise fall back to the cautious value and give a wrong verdict silently.
"""

from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic_core import PydanticCustomError

from catalog.eligibility import (
    EDUCATION,
    GOAL_SETTINGS,
    HIM_PROGRAM,
    MAX_EXPERIENCE_MONTHS,
    MAX_TRAINING_HOURS,
    STATUSES,
)
from catalog.schemas import FirstYearCostOut
from certportal.text import cut

MAX_CREDENTIALS = 50
_JSON_TYPES = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def _values(choices):
    return ", ".join(choices)


def _described(choices):
    return "; ".join(f"`{value}`: {label}" for value, label in choices.items())


def _shown(value):
    """A bad value as it appears in a message, cut short."""
    return cut(repr(value))


def _one_of(field, choices, value):
    if not isinstance(value, str) or value not in choices:
        raise PydanticCustomError(
            "enum",
            "{field} must be one of: {values} (not {value})",
            {"field": field, "values": _values(choices), "value": _shown(value)},
        )
    return value


def _whole_number(field, maximum, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "int_type",
            "{field} must be a whole number between 0 and {maximum} (not {value})",
            {"field": field, "maximum": maximum, "value": _shown(value)},
        )
    if not 0 <= value <= maximum:
        raise PydanticCustomError(
            "range",
            "{field} must be between 0 and {maximum} (not {value})",
            {"field": field, "maximum": maximum, "value": _shown(value)},
        )
    return value


class EligibilityIn(BaseModel):
    """A person's answers (the eligibility contract). Every field is optional.

    A plain pydantic model: it reads a JSON object, not Django objects.
    """

    model_config = ConfigDict(extra="forbid")

    education: Literal[tuple(EDUCATION)] = Field(
        "none",
        description=f"Highest education completed. {_described(EDUCATION)}. "
        "Default `none`.",
    )
    him_program: Literal[tuple(HIM_PROGRAM)] = Field(
        "none",
        description="Status in a CAHIIM-accredited health information management "
        f"(HIM) program. {_described(HIM_PROGRAM)}. Default `none`.",
    )
    coding_training_hours: int = Field(
        0,
        ge=0,
        le=MAX_TRAINING_HOURS,
        description="Completed coding training, in contact hours (e.g. 80). Default 0.",
    )
    coding_experience_months: int = Field(
        0,
        ge=0,
        le=MAX_EXPERIENCE_MONTHS,
        description="Months of coding work an employer can verify. Default 0.",
    )
    credentials: list[str] = Field(
        [],
        max_length=MAX_CREDENTIALS,
        description="Credentials held now, by code, any case (e.g. CPC-A, rhit): "
        "a published certification's code or its apprentice designation, as "
        "listed by `GET /api/v1/credentials` (the catalog decides them, so they "
        "are not an enum here). Another code is a 422. Default none.",
        examples=[["CPC-A"], ["RHIT", "CCS"]],
    )
    goal_setting: Literal[tuple(GOAL_SETTINGS)] = Field(
        "any",
        description=f"Where the person wants to work. {_described(GOAL_SETTINGS)}. "
        "Certifications for that setting come first. Default `any`.",
    )
    high_school_senior: bool = Field(
        False,
        description="In the last year of high school (some entry exams accept "
        "seniors). Default false.",
    )

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "model_type",
                "The body must be a JSON object of answers, e.g. "
                '{"education": "ged"} (not a JSON {kind})',
                {"kind": _JSON_TYPES.get(type(data), type(data).__name__)},
            )
        return data

    @field_validator("education", mode="before")
    @classmethod
    def _education(cls, value):
        return _one_of("education", EDUCATION, value)

    @field_validator("him_program", mode="before")
    @classmethod
    def _him_program(cls, value):
        return _one_of("him_program", HIM_PROGRAM, value)

    @field_validator("goal_setting", mode="before")
    @classmethod
    def _goal_setting(cls, value):
        return _one_of("goal_setting", GOAL_SETTINGS, value)

    @field_validator("coding_training_hours", mode="before")
    @classmethod
    def _hours(cls, value):
        return _whole_number("coding_training_hours", MAX_TRAINING_HOURS, value)

    @field_validator("coding_experience_months", mode="before")
    @classmethod
    def _months(cls, value):
        return _whole_number("coding_experience_months", MAX_EXPERIENCE_MONTHS, value)

    @field_validator("credentials", mode="before")
    @classmethod
    def _credentials(cls, value):
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise PydanticCustomError(
                "list_type",
                'credentials must be a list of credential codes, e.g. ["CPC-A"]',
            )
        if len(value) > MAX_CREDENTIALS:
            raise PydanticCustomError(
                "too_long",
                "credentials must list at most {maximum} codes",
                {"maximum": MAX_CREDENTIALS},
            )
        return [code.strip().upper() for code in value]

    @field_validator("high_school_senior", mode="before")
    @classmethod
    def _senior(cls, value):
        if not isinstance(value, bool):
            raise PydanticCustomError(
                "bool_type",
                "high_school_senior must be true or false (not {value})",
                {"value": _shown(value)},
            )
        return value


class RequirementCheck(Schema):
    text: str = Field(description="The requirement in plain words.")
    met: bool = Field(
        description="True when the person meets it (or the sources leave it "
        "uncertain: see `caveats`)."
    )
    status: Literal["met", "missing", "to_do", "uncertain"] = Field(
        description="`met`; `missing` (blocks the pathway); `to_do` (not a barrier: "
        "done when registering, e.g. joining the body); `uncertain` (the sources "
        "don't say: counted as met, with a caveat)."
    )


class ApprenticeVerdict(Schema):
    designation: str = Field(description="e.g. CPC-A: awarded until it is removed.")
    removed: bool = Field(
        description="True when the person already meets a way to remove it."
    )
    how_removed: list[str] = Field(
        description="Each way to remove the designation, in plain words."
    )
    gaps: list[str] = Field(
        description="What the person still needs for the closest way (empty when "
        "`removed`)."
    )


class VerdictOut(Schema):
    code: str = Field(description="The certification's code, e.g. CPC.")
    name: str
    body: str = Field(description="The credentialing body's acronym, e.g. AAPC.")
    status: Literal[tuple(STATUSES)] = Field(
        description=f"The verdict. {_described(STATUSES)}."
    )
    pathway: str = Field(
        description="The name of the pathway judged (the closest to met); empty "
        "for `already_held` and when no pathway is published."
    )
    requirements: list[RequirementCheck] = Field(
        description="Every requirement of that pathway, met or not."
    )
    gaps: list[str] = Field(
        description="What is missing, in plain words; one entry per pathway that "
        "is as close as the closest (any one of them is enough)."
    )
    caveats: list[str] = Field(
        description="Uncertain facts behind the verdict: a verdict is never more "
        "certain than its sources."
    )
    apprentice: ApprenticeVerdict | None = Field(
        description="The apprentice designation that applies, with how it is "
        "removed; `null` when the certification has none."
    )
    to_do: list[str] = Field(
        description="Steps that are not barriers but must be done, e.g. join AAPC."
    )
    goal_match: bool = Field(
        description="True when the certification suits the person's goal_setting."
    )
    suits: Literal["beginner", "experienced"] = Field(
        description="Whom the credential is meant for: `beginner` (suits beginners) "
        "or `experienced` (meant for experienced coders). A person may be allowed to "
        "sit an exam meant for experienced coders; this says where to start."
    )
    offered: bool = Field(
        description="False for a retired credential: no longer offered, never "
        "something to work towards."
    )
    condition: str = Field(
        description="What must still follow for the credential to count when won by "
        "the judged pathway (early testing, a provisional credential); empty if none."
    )
    url: str = Field(description="Absolute URL of the certification's page.")


class PlanStepOut(Schema):
    title: str
    lines: list[str]


class PlanOut(Schema):
    action: Literal["sit", "sit_with_condition", "meet_first", "remove_apprentice"] = (
        Field(
            description="`sit` the exam now; `sit_with_condition` (early testing, a "
            "provisional credential: see the verdict's `condition`); `meet_first` "
            "(close a gap, then sit); `remove_apprentice` (the person now meets a "
            "route to remove an apprentice designation they hold)."
        )
    )
    title: str = Field(description="What to do first, e.g. “Sit the CPC exam”.")
    code: str | None = Field(description="The credential the plan is about.")
    why: str = Field(description="Why, in one sentence built from the answers.")
    first_year_cost: FirstYearCostOut | None = Field(
        description="As the certification API's `first_year_cost`: dues where the "
        "body sells exams only to members, and the exam; null for an action with "
        "no fee of its own (removing an apprentice designation)."
    )
    cost_note: str = Field(description="What the cost leaves out, if anything.")
    time: list[str] = Field(
        description="How long: preparation (or “not published”), the exam, the "
        "body's windows, what follows."
    )
    steps: list[PlanStepOut] = Field(
        description="In order: prepare, join and book, sit, afterwards (a gap to "
        "close or an apprentice designation to remove comes first)."
    )
    caveats: list[str] = Field(
        description="At most three: what the person's answers leave open."
    )
    unsettled: list[str] = Field(
        description="What the sources don't settle about the credential."
    )
    then: str = Field(description="What follows the first step, if anything.")


class AnswerOut(Schema):
    question: str = Field(description="The question, as “Check your answers” heads it.")
    answer: str = Field(description="The answer in words, e.g. “80 hours”.")


class EligibilityOut(Schema):
    answers: list[AnswerOut] = Field(
        description="The answers as they were read, missing ones with their most "
        "cautious value, in the words the guidance page uses."
    )
    plan: PlanOut | None = Field(
        description="What to do first, as the guidance page's plan; null when no "
        "credential for the goal is open to the person."
    )
    results: list[VerdictOut] = Field(
        description="One verdict per published certification: those matching the "
        "goal first, then by status (eligible first), then by code."
    )


class BadRequest(Schema):
    detail: str = Field(description="Why the request could not be read.")
