"""What the guidance page shows, built from a person's answers and the catalog.

`guidance(answers)` judges every published certification for one person and groups
the verdicts, with a recommended path for the person's goal: its steps, what it
costs (only figures the catalog holds, each with its source), how long it takes
where the data says, and the renewal duties that follow. The plain functions below
shape that for a template that only loops and tests; they know no request (the
view is `applicants.views.results`).
"""

import re
from decimal import Decimal

from applicants.questionnaire import summary_rows
from catalog.eligibility import (
    ALREADY_HELD,
    ELIGIBLE,
    ELIGIBLE_AS_APPRENTICE,
    GOAL_SETTINGS,
    NOT_YET,
    WITHIN_REACH,
    Person,
    evaluate,
)
from catalog.formatting import duration
from catalog.models import Certification, Fee, Membership
from catalog.queries import cached_eligibility_rules, certification_pages

# The certification to recommend for each goal, first choice first. The first one
# the person can sit now (or as an apprentice) or is within reach of is recommended;
# if none is, the first one they don't already hold. Why these: CPC is AAPC's
# entry credential for physician-office (professional-fee) coding and CCS-P
# AHIMA's; CCS is the hospital inpatient standard, CIC AAPC's inpatient credential;
# COC is AAPC's outpatient facility credential and CCS covers outpatient too; CRC
# is the risk-adjustment credential payers hire for, CPC the general alternative;
# without a goal, CCA is the entry-level start and CPC the most widely held one.
RECOMMENDED = {
    "physician_office": ["CPC", "CCS-P"],
    "hospital_inpatient": ["CCS", "CIC"],
    "hospital_outpatient": ["COC", "CCS"],
    "payer": ["CRC", "CPC"],
    "any": ["CCA", "CPC"],
}
REACHABLE = {ELIGIBLE, ELIGIBLE_AS_APPRENTICE, WITHIN_REACH}

# Sections after the goal's, in this order.
SECTIONS = [
    (ELIGIBLE, "You can sit now"),
    (ELIGIBLE_AS_APPRENTICE, "You can sit now as an apprentice"),
    (WITHIN_REACH, "Within reach"),
    (NOT_YET, "Not yet"),
    (ALREADY_HELD, "You already hold"),
]

# Groups listed one line per certification (details folded away), not as cards.
COMPACT_GROUPS = {NOT_YET, ALREADY_HELD}
# Cards a group shows on the guidance page; the rest are on the group's own pages.
GROUP_PREVIEW = 30
GROUP_PAGE_SIZE = 50

WHY = {
    ELIGIBLE: "you can sit its exam now",
    ELIGIBLE_AS_APPRENTICE: (
        "you can sit its exam now; until you have the experience it asks for, "
        "you would hold it as an apprentice"
    ),
    WITHIN_REACH: "you are one requirement away from sitting its exam",
    NOT_YET: (
        "it is the usual first credential for this goal, though you can't sit "
        "its exam yet"
    ),
}

# Sentences of a body's summary that state a time limit ("120 days to take the exam").
_TIME_SENTENCE = re.compile(r"\b\d+[- ](?:day|week|month)s?\b")


# What the page shows.


def guidance(answers):
    """Everything the results page shows for one person's answers."""
    person = Person.from_answers(answers)
    verdicts = evaluate(person, cached_eligibility_rules())
    verified = dict(
        Certification.objects.published().values_list("code", "last_verified")
    )
    cards = [{"verdict": v, "last_verified": verified.get(v.code)} for v in verdicts]
    recommended = recommended_verdict(verdicts, person.goal_setting)
    goal = GOAL_SETTINGS.get(person.goal_setting, person.goal_setting)
    return {
        "goal": goal,
        "groups": verdict_groups(cards, goal),
        "path": recommended_path(recommended, person.goal_setting)
        if recommended
        else None,
        "answers": summary_rows(answers),
    }


def verdict_groups(cards, goal_label=""):
    """The goal's certifications first, then the others by verdict; empty groups left out.

    Each group shows its first GROUP_PREVIEW cards on the page (`shown`); the rest
    are a link away, so the page stays readable however large the catalog grows."""
    goal = [card for card in cards if card["verdict"].goal_match]
    groups = []
    if goal:
        groups.append(
            _group("goal", f"For your goal: {goal_label}", goal, compact=False)
        )
    for status, title in SECTIONS:
        matching = [
            card
            for card in cards
            if not card["verdict"].goal_match and card["verdict"].status == status
        ]
        if matching:
            groups.append(
                _group(status, title, matching, compact=status in COMPACT_GROUPS)
            )
    return groups


def _group(key, title, cards, compact):
    return {
        "key": key,
        "title": title,
        "cards": cards,
        "shown": cards[:GROUP_PREVIEW],
        "more": max(len(cards) - GROUP_PREVIEW, 0),
        "compact": compact,
    }


def recommended_verdict(verdicts, goal):
    """The verdict on the certification to recommend for `goal`, or None."""
    by_code = {verdict.code: verdict for verdict in verdicts}
    candidates = [by_code[c] for c in RECOMMENDED.get(goal, []) if c in by_code]
    for verdict in candidates:
        if verdict.status in REACHABLE:
            return verdict
    for verdict in candidates:
        if verdict.status != ALREADY_HELD:
            return verdict
    return None


def recommended_path(verdict, goal):
    """Why, the steps in order, the costs, the time and the renewal for one verdict."""
    candidates = RECOMMENDED.get(goal, [])
    certification = certification_pages().get(code=verdict.code)
    body = certification.body
    body_fees = list(Fee.objects.filter(body=body).select_related("source"))
    costs = path_costs(certification, body, body_fees)
    return {
        "verdict": verdict,
        "certification": certification,
        "body": body,
        "candidates": candidates,
        "passed_over": candidates[: candidates.index(verdict.code)],
        "why": WHY.get(verdict.status, ""),
        "steps": path_steps(verdict, certification, body, costs),
        "costs": costs,
        "timing": path_timing(verdict, body),
        "renewal": renewal_duties(certification, body_fees),
        "sources": list(
            {
                source.pk: source
                for sources in certification.sources_by_topic().values()
                for source in sources
            }.values()
        ),
    }


def cost_item(label, fee, kind=""):
    return {
        "label": label,
        "kind": kind,
        "fee": fee,
        "published": fee is not None and fee.amount is not None,
    }


def cost_option(title, items):
    """One way to pay, with a total only when every part is published (one currency)."""
    total = None
    currencies = {item["fee"].currency for item in items if item["published"]}
    if items and all(item["published"] for item in items) and len(currencies) == 1:
        total = sum((item["fee"].amount for item in items), Decimal(0))
    return {
        "title": title,
        "items": items,
        "total": total,
        "currency": currencies.pop() if len(currencies) == 1 else "USD",
    }


def path_costs(certification, body, body_fees):
    """The ways to pay for the exam: as a member (dues + member price), as a student
    member where student rates are published, without membership where the body
    sells to non-members."""
    fees = [fee for fee in certification.fees.all() if not fee.is_renewal]
    exam, dues = Fee.Kind.EXAM, Fee.Kind.MEMBERSHIP
    member, student = Fee.Audience.MEMBER, Fee.Audience.STUDENT
    code, acronym = certification.code, body.acronym
    options = [
        cost_option(
            f"As a member of {acronym}",
            [
                cost_item(
                    f"{acronym} membership dues, per year",
                    Fee.headline_for(body_fees, kind=dues, audience=member),
                ),
                cost_item(
                    f"{code} exam, member price",
                    Fee.headline_for(fees, kind=exam, audience=member),
                    exam,
                ),
            ],
        )
    ]
    student_dues = Fee.headline_for(body_fees, kind=dues, audience=student)
    student_exam = Fee.headline_for(fees, kind=exam, audience=student)
    if student_dues or student_exam:
        options.append(
            cost_option(
                "As a student member",
                [
                    cost_item(
                        f"{acronym} student membership dues, per year", student_dues
                    ),
                    cost_item(f"{code} exam, student price", student_exam, exam),
                ],
            )
        )
    if body.membership_required_to_test != Membership.REQUIRED:
        options.append(
            cost_option(
                f"Without joining {acronym}",
                [
                    cost_item(
                        f"{code} exam, non-member price",
                        Fee.headline_for(
                            fees, kind=exam, audience=Fee.Audience.NON_MEMBER
                        ),
                        exam,
                    )
                ],
            )
        )
    return {
        "options": options,
        "membership_required": body.membership_required_to_test,
        "membership_note": body.membership_note,
    }


def path_steps(verdict, certification, body, costs):
    """The next steps in order, each a dict of title and lines of detail."""
    steps = []
    if verdict.status in (WITHIN_REACH, NOT_YET) and verdict.gaps:
        steps.append(
            {
                "title": "First, meet the requirements",
                "lines": ["What you still need: " + " or ".join(verdict.gaps) + "."],
            }
        )
    for to_do in verdict.to_do:
        member_option = costs["options"][0]
        steps.append(
            {
                "title": to_do[0].upper() + to_do[1:],
                "lines": [
                    "You do this when you register; it does not stop you sitting the exam."
                ],
                "fees": [member_option["items"][0]],
            }
        )
    if not verdict.to_do and body.membership_required_to_test != Membership.REQUIRED:
        steps.append(
            {
                "title": f"Decide whether to join {body.acronym}",
                "lines": [
                    f"Membership is not required to sit the {certification.code} exam"
                    if body.membership_required_to_test == Membership.NOT_REQUIRED
                    else f"Whether {body.acronym} membership is required is not published",
                ],
            }
        )
    recommendations = [r.text for r in certification.recommendations.all()]
    steps.append(
        {
            "title": "Prepare",
            "lines": (
                [
                    f"{body.acronym} recommends (advice, not a requirement):",
                    *recommendations,
                ]
                if recommendations
                else ["The sources we hold give no preparation advice for this exam."]
            ),
            "list": bool(recommendations),
        }
    )
    steps.append(
        {
            "title": "Buy and book the exam",
            "lines": [],
            "fees": [
                item
                for option in costs["options"]
                for item in option["items"]
                if item["kind"] == Fee.Kind.EXAM
            ],
        }
    )
    exam = []
    if certification.exam_questions:
        exam.append(f"{certification.exam_questions} questions")
    if certification.exam_minutes:
        exam.append(duration(certification.exam_minutes))
    steps.append(
        {
            "title": "Sit the exam",
            "lines": [
                ", ".join(exam) + "." if exam else "Length not published.",
                *([certification.exam_delivery] if certification.exam_delivery else []),
            ],
        }
    )
    apprentice = verdict.apprentice
    if apprentice and apprentice.removed:
        steps.append(
            {
                "title": f"Pass, and you hold the full {certification.code}",
                "lines": [
                    "You already have what removes the apprentice designation "
                    f"({apprentice.designation})."
                ],
            }
        )
    elif apprentice:
        lines = [
            f"You would hold {apprentice.designation} until you meet one of: "
            + " or ".join(apprentice.how_removed)
            + "."
        ]
        if apprentice.gaps:
            lines.append("You still need: " + " or ".join(apprentice.gaps) + ".")
        steps.append(
            {
                "title": f"If you pass without the experience, you hold {apprentice.designation}",
                "lines": lines,
            }
        )
    return steps


def path_timing(verdict, body):
    """What the data says about how long the path takes: the gap to close, the
    apprentice clock, and the body's own words on exam windows."""
    lines = []
    if verdict.status in (WITHIN_REACH, NOT_YET) and verdict.gaps:
        lines.append("Before you can sit the exam: " + " or ".join(verdict.gaps) + ".")
    apprentice = verdict.apprentice
    if apprentice and not apprentice.removed and apprentice.gaps:
        lines.append(
            f"To remove the {apprentice.designation}: "
            + " or ".join(apprentice.gaps)
            + "."
        )
    quoted = [
        sentence.strip()
        for sentence in re.split(r"(?<=\.)\s+", body.summary)
        if _TIME_SENTENCE.search(sentence)
    ]
    return {"lines": lines, "body_says": quoted}


def renewal_duties(certification, body_fees):
    """CEUs, cycle and renewal fees; where membership is required to keep the
    credential, the yearly dues are part of renewing."""
    body = certification.body
    fees = [fee for fee in certification.fees.all() if fee.kind == Fee.Kind.RENEWAL]
    audiences = [(Fee.Audience.MEMBER, "member")]
    if body.membership_required_to_test != Membership.REQUIRED:
        audiences.append((Fee.Audience.NON_MEMBER, "non-member"))
    items = [
        cost_item(
            f"Renewal fee, {label}",
            Fee.headline_for(fees, kind=Fee.Kind.RENEWAL, audience=audience),
        )
        for audience, label in audiences
    ]
    if body.membership_required_to_test == Membership.REQUIRED:
        items.append(
            cost_item(
                f"{body.acronym} membership dues, per year",
                Fee.headline_for(
                    body_fees, kind=Fee.Kind.MEMBERSHIP, audience=Fee.Audience.MEMBER
                ),
            )
        )
    return {
        "ceus": certification.ceus_per_cycle,
        "cycle_years": certification.cycle_years,
        "note": certification.maintenance_note,
        "fees": items,
        "body_rules": body.renewal_rules,
    }
