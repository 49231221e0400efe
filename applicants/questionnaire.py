"""The questionnaire's shape: its steps, in order, and when each one applies.

Data plus tiny named skip rules (the djangogirls `organize` pattern, without
formtools). Each step saves one answer under its key of the eligibility contract
(docs/eligibility-contract.md). Nothing here touches the database or a request.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from catalog.eligibility import EDUCATION, GOAL_SETTINGS, HIM_PROGRAM

Answers = Mapping[str, object]


def always(answers: Answers) -> bool:
    return True


def has_no_diploma(answers: Answers) -> bool:
    """Only people without a diploma or GED are asked whether one is coming soon."""
    return answers.get("education") == "none"


def may_be_in_him_program(answers: Answers) -> bool:
    """No health information management program questions without a diploma."""
    return answers.get("education") != "none"


@dataclass(frozen=True)
class Step:
    slug: str
    key: str  # the answer's key in the eligibility contract, and the form field name
    question: str
    summary: str  # the row heading on "Check your answers"
    change_text: str  # completes "Change …" for screen readers
    hint: str = ""
    applies: Callable[[Answers], bool] = always


STEPS = [
    Step(
        slug="education",
        key="education",
        question="What is the highest level of education you have completed?",
        summary="Education",
        change_text="your education",
        applies=always,
    ),
    Step(
        slug="high-school",
        key="high_school_senior",
        question="Will you finish high school or a GED within 12 months?",
        summary="High school or GED within 12 months",
        change_text="whether you will finish high school or a GED within 12 months",
        applies=has_no_diploma,
    ),
    Step(
        slug="him-program",
        key="him_program",
        question="Are you in, or have you completed, a health information management (HIM) program?",
        summary="Health information management program",
        change_text="your health information management program",
        hint="Count only programs accredited by CAHIIM.",
        applies=may_be_in_him_program,
    ),
    Step(
        slug="training",
        key="coding_training_hours",
        question="How many hours of coding training have you completed?",
        summary="Coding training",
        change_text="your hours of coding training",
        hint="Count the contact hours of courses you have finished. Enter 0 if none.",
    ),
    Step(
        slug="experience",
        key="coding_experience_months",
        question="How many months of coding work can an employer verify?",
        summary="Coding work an employer can verify",
        change_text="your months of coding work",
        hint="Count only medical coding work an employer can confirm. Enter 0 if none.",
    ),
    Step(
        slug="credentials",
        key="credentials",
        question="Which coding credentials do you hold now?",
        summary="Credentials you hold",
        change_text="the credentials you hold",
        hint="Select all that apply, including an apprentice designation such as CPC-A.",
    ),
    Step(
        slug="goal",
        key="goal_setting",
        question="Where would you most like to work as a coder?",
        summary="Where you would like to work",
        change_text="where you would like to work",
        applies=always,
    ),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def applicable_steps(answers: Answers) -> list[Step]:
    """The steps that apply to this person, given their answers so far."""
    return [step for step in STEPS if step.applies(answers)]


def first_unanswered_step(answers: Answers) -> Step | None:
    """The first step that applies and has no answer yet, or None when all are done."""
    return next(
        (step for step in applicable_steps(answers) if step.key not in answers), None
    )


def can_visit(step: Step, answers: Answers) -> bool:
    """A step can be shown if it applies and comes no later than the first gap."""
    steps = applicable_steps(answers)
    if step not in steps:
        return False
    first_gap = first_unanswered_step(answers)
    return first_gap is None or steps.index(step) <= steps.index(first_gap)


def previous_step(step: Step, answers: Answers) -> Step | None:
    """The applicable step before this one (None for the first)."""
    steps = applicable_steps(answers)
    index = steps.index(step)
    return steps[index - 1] if index else None


def progress(step: Step, answers: Answers) -> tuple[int, int]:
    """(number of this question, number of questions that apply so far)."""
    steps = applicable_steps(answers)
    return steps.index(step) + 1, len(steps)


def without_inapplicable(answers: Answers) -> dict:
    """The answers minus those of steps that no longer apply (so none leak into
    results after, say, education changes to "none")."""
    dropped = {step.key for step in STEPS if not step.applies(answers)}
    return {key: value for key, value in answers.items() if key not in dropped}


def answer_in_words(step: Step, answers: Answers) -> str:
    """An answer as people read it on "Check your answers"."""
    value = answers.get(step.key)
    match step.key:
        case "education":
            return EDUCATION.get(value, str(value))
        case "him_program":
            return HIM_PROGRAM.get(value, str(value))
        case "goal_setting":
            return GOAL_SETTINGS.get(value, str(value))
        case "high_school_senior":
            return "Yes" if value else "No"
        case "coding_training_hours":
            return f"{value:,} hour{'' if value == 1 else 's'}"
        case "coding_experience_months":
            return f"{value:,} month{'' if value == 1 else 's'}"
        case "credentials":
            return ", ".join(value) if value else "None"
    return str(value)


def summary_rows(answers: Answers) -> list[tuple[Step, str]]:
    """(step, answer in words) for each applicable step that has an answer."""
    return [
        (step, answer_in_words(step, answers))
        for step in applicable_steps(answers)
        if step.key in answers
    ]
