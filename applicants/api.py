"""`POST /api/v1/eligibility`: a person's answers in, a verdict per certification out.

Mounted on the JSON API's root (`certportal.api`). It judges the
answers exactly as the guidance page does, with
`evaluate(Person.from_answers(answers), cached_eligibility_rules())`, and stores nothing.
No authentication and no cookies, so Django's CSRF check does not apply (ninja
exempts its views; a cookie-based auth would turn it back on).
"""

from ninja import Router
from ninja.errors import ValidationError

from applicants import schemas
from applicants.guidance import plan
from applicants.questionnaire import STEPS, answer_in_words
from catalog.api import cost_data
from catalog.eligibility import Person, evaluate
from catalog.queries import (
    cached_eligibility_rules,
    certification_facts,
    credential_choices,
)
from catalog.schemas import Unavailable, ValidationErrors
from certportal.text import cut

router = Router(tags=["eligibility"])


@router.post(
    "/eligibility",
    response={
        200: schemas.EligibilityOut,
        400: schemas.BadRequest,
        413: schemas.BadRequest,
        422: ValidationErrors,
        503: Unavailable,
    },
    summary="Which certifications a person can sit for, and what they still need",
)
def eligibility(request, answers: schemas.EligibilityIn):
    """Judge every published certification for one person's answers.

    Send the answers of the eligibility contract as a JSON object; every field is
    optional and a missing one takes the most cautious value. An unknown field,
    value or credential code, or a value of the wrong type, is a 422 with one
    message per field (at most 20); a body that is not JSON is a 400, one over
    1 MB a 413. `GET /api/v1/credentials` lists the credential codes. Nothing is
    stored.
    """
    known = {code.upper() for code, _label in credential_choices()}
    unknown = [
        {
            "type": "credential",
            "loc": ["body", "answers", "credentials", index],
            "msg": f"“{cut(code)}” is not a credential we know; use a published "
            "certification's code or its apprentice designation (e.g. CPC-A): "
            "GET /api/v1/credentials lists them",
        }
        for index, code in enumerate(answers.credentials)
        if code not in known
    ]
    if unknown:
        raise ValidationError(unknown)
    read = answers.model_dump()
    person = Person.from_answers(read)
    verdicts = evaluate(person, cached_eligibility_rules())
    return {
        "answers": [
            {"question": step.summary, "answer": answer_in_words(step, read)}
            for step in STEPS
        ],
        "plan": plan_data(plan(person, verdicts, certification_facts())),
        "results": [verdict_data(request, verdict) for verdict in verdicts],
    }


def verdict_data(request, verdict):
    """One `Verdict` shaped as `schemas.VerdictOut`."""
    apprentice = verdict.apprentice
    return {
        "code": verdict.code,
        "name": verdict.name,
        "body": verdict.body,
        "status": verdict.status,
        "pathway": verdict.pathway,
        "requirements": [
            {"text": check.text, "met": check.met, "status": check.status}
            for check in verdict.checks
        ],
        "gaps": list(verdict.gaps),
        "caveats": list(verdict.caveats),
        "apprentice": (
            {
                "designation": apprentice.designation,
                "removed": apprentice.removed,
                "how_removed": list(apprentice.how_removed),
                "gaps": list(apprentice.gaps),
            }
            if apprentice
            else None
        ),
        "to_do": list(verdict.to_do),
        "goal_match": verdict.goal_match,
        "suits": verdict.starting_point or "experienced",
        "offered": not verdict.retired,
        "condition": verdict.condition,
        "url": request.build_absolute_uri(verdict.url),
    }


def plan_data(the_plan):
    """The plan as `applicants.schemas.PlanOut`."""
    if the_plan is None:
        return None
    return {
        "action": the_plan.action,
        "title": the_plan.title,
        "code": the_plan.verdict.code if the_plan.verdict else None,
        "why": the_plan.why,
        "first_year_cost": cost_data(
            {"parts": the_plan.cost_parts, "total": the_plan.cost}
        )
        if the_plan.cost
        else None,
        "cost_note": the_plan.cost_note,
        "time": [f"{line['label']}: {line['text']}" for line in the_plan.time],
        "steps": [
            {"title": step["title"], "lines": [*step["lines"], *step.get("list", [])]}
            for step in the_plan.steps
        ],
        "caveats": the_plan.caveats,
        "unsettled": the_plan.unsettled,
        "then": the_plan.then,
    }
