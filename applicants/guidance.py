"""What the guidance page shows, built from a person's answers and the catalog.

The page answers first, then explains. `guidance(answers)` judges every published
certification for one person and returns:

- **the plan** (`plan()`): the first thing to do — one credential to sit, or one
  action such as removing the A from a CPC-A — why (one sentence from the person's
  own answers), what the first year costs (the cost rule of `catalog.costs`), how
  long it takes, the steps in order (prepare → join and book → sit → afterwards),
  and at most three caveats that bear on it;
- **the other options**: the goal's credentials, then the rest, one short row each
  (verdict, the one thing missing, the first-year cost), ordered by fit;
- the person's answers.

The eligibility API returns the same plan (`applicants.api.plan_data`). Nothing here knows a
request (the view is `applicants.views.results`).
"""

import re
from dataclasses import dataclass, field

from applicants.questionnaire import summary_rows
from catalog.eligibility import (
    ALREADY_HELD,
    ELIGIBLE,
    ELIGIBLE_AS_APPRENTICE,
    GOAL_SETTINGS,
    MET,
    MISSING,
    NOT_YET,
    TO_DO,
    UNCERTAIN,
    WITHIN_REACH,
    Person,
    evaluate,
)
from catalog.formatting import duration, questions
from catalog.impact import RETIRED, Outcome
from catalog.models import Certification, Membership
from catalog.queries import cached_eligibility_rules, certification_facts
from catalog.requirements import either, months_in_words

# The credential to aim for, per goal, first choice first: the first one the person
# can sit now (or is within reach of) and doesn't hold is the plan. CPC is AAPC's
# entry credential for physician-office (professional-fee) coding and CCS-P AHIMA's;
# CCS is the hospital inpatient standard, CIC AAPC's inpatient credential; COC is
# AAPC's outpatient facility credential and CCS covers outpatient too; CRC is the
# risk-adjustment credential payers hire for; RHIT and RHIA are the HIM department's
# credentials. "Not sure yet" is chosen by the person's situation (`goal_choices`).
RECOMMENDED = {
    "physician_office": ["CPC", "CCS-P"],
    "hospital_inpatient": ["CCS", "CIC"],
    "hospital_outpatient": ["COC", "CCS"],
    "payer": ["CRC", "CPC"],
    "him_department": ["RHIT", "RHIA"],
    "any": ["CPC", "CCA"],
}
REACHABLE = {ELIGIBLE, ELIGIBLE_AS_APPRENTICE, WITHIN_REACH}
# Two years of coding work: what the bodies ask before their experienced credentials.
EXPERIENCED_MONTHS = 24
LEVEL_ORDER = [level for level, _label in Certification.Level.choices]

# The groups of "other options", in this order.
SECTIONS = [
    (ELIGIBLE, "You can sit now"),
    (ELIGIBLE_AS_APPRENTICE, "You can sit now, as an apprentice"),
    (WITHIN_REACH, "Within reach"),
    (NOT_YET, "Not yet"),
    (ALREADY_HELD, "You already hold"),
    ("retired", "No longer offered"),
]
# Rows a group shows on the guidance page; the rest are on the group's own pages.
GROUP_PREVIEW = 30
GROUP_PAGE_SIZE = 50
PLAN_CAVEATS = 3
# The first step when nothing in the catalog is open to the person (no plan).
NO_PLAN = "No plan: nothing in the catalog is open to them yet"

CHECK_LABELS = {
    MET: "Met",
    MISSING: "Not met",
    TO_DO: "When you buy the exam",
    UNCERTAIN: "To confirm",
}

# Sentences of a body's summary that state a time limit ("120 days to take the exam").
_TIME_SENTENCE = re.compile(r"\b\d+[- ](?:day|week|month)s?\b")
# …and of those, the ones about taking the exam (not a refund or cancelling deadline).
_EXAM_WINDOW = re.compile(r"\b(?:take|sit|schedule|book)\b[^.]*\bexam\b|\bresults?\b")


# The page.


def guidance(answers):
    """Everything the results page shows for one person's answers."""
    person = Person.from_answers(answers)
    verdicts = evaluate(person, cached_eligibility_rules())
    facts = certification_facts()
    the_plan = plan(person, verdicts, facts)
    goal = GOAL_SETTINGS.get(person.goal_setting, person.goal_setting)
    return {
        "goal": goal,
        "plan": the_plan,
        "groups": verdict_groups(person, verdicts, facts, the_plan),
        "answers": summary_rows(answers),
    }


def impact_outcome(answers, state):
    """What the impact preview compares for one person's answers on a catalog
    state (`catalog.impact.CatalogState`): each verdict, the plan's first step
    and its first-year cost, as this page would show them."""
    person = Person.from_answers(answers)
    verdicts = evaluate(person, state.rules)
    the_plan = plan(person, verdicts, state.facts)
    return Outcome(
        verdicts={v.code: RETIRED if v.retired else v.status for v in verdicts},
        first_step=the_plan.title if the_plan else NO_PLAN,
        cost=the_plan.cost.text if the_plan and the_plan.cost else "",
    )


def is_beginner(person):
    """Under the 2 years of coding work the bodies recommend before their
    credentials for experienced coders (an apprentice is still one)."""
    return person.coding_experience_months < EXPERIENCED_MONTHS


def fit(person, verdict, candidates=()):
    """Sort key: the goal's recommended credentials first, then (for a beginner)
    those that suit beginners, then by level, then by code."""
    beginner_first = is_beginner(person) and verdict.starting_point != "beginner"
    level = LEVEL_ORDER.index(verdict.level) if verdict.level in LEVEL_ORDER else 99
    recommended = candidates.index(verdict.code) if verdict.code in candidates else 99
    return (recommended, beginner_first, level, verdict.code)


def verdict_groups(person, verdicts, facts, the_plan=None):
    """The other options: the goal's credentials first, then the rest by verdict.

    Each group shows its first GROUP_PREVIEW rows (`shown`); the rest are a link
    away. Caveats that apply to several rows are said once, in `shared_caveats`
    of the group; a row's own explanation keeps only its own."""
    planned = the_plan.verdict.code if the_plan and the_plan.verdict else None
    candidates, _reason = goal_choices(person)
    rows = [
        row(verdict, facts.get(verdict.code))
        for verdict in sorted(verdicts, key=lambda v: fit(person, v, candidates))
        if verdict.code != planned
    ]
    groups = []
    beginner = is_beginner(person)
    goal_rows = [r for r in rows if r["verdict"].goal_match and not r["retired"]]
    if goal_rows:
        where = GOAL_SETTINGS.get(person.goal_setting, "")
        title = f"For your goal: {lowercase_first(where)}" if where else "For your goal"
        groups.append(_group("goal", title, goal_rows, beginner))
    for status, title in SECTIONS:
        matching = [
            r
            for r in rows
            if r not in goal_rows
            and (
                r["retired"]
                if status == "retired"
                else not r["retired"] and r["status"] == status
            )
        ]
        if matching:
            groups.append(_group(status, title, matching, beginner))
    return groups


def row(verdict, facts):
    """One short row of "other options": verdict, the one thing missing, the cost."""
    retired = verdict.retired
    return {
        "verdict": verdict,
        "status": verdict.status,
        "retired": retired,
        "beginner": verdict.starting_point == "beginner",
        "missing": missing_in_short(verdict.gaps),
        # Every route's gap, where the row names only the first.
        "routes": [capitalize(as_action(gap)) for gap in verdict.gaps]
        if len(verdict.gaps) > 2
        else [],
        "cost": None if retired or not facts else facts["first_year"]["total"],
        "checks": [check_row(check) for check in verdict.checks],
        "caveats": list(verdict.caveats),
        "apprentice": apprentice_lines(verdict),
        "last_verified": facts["last_verified"] if facts else None,
    }


def missing_in_short(gaps):
    """A row's one thing missing: the closest route's gap, and how many other
    routes there are when more than two (the row's explanation lists them)."""
    if len(gaps) <= 2:
        return gap_sentence(gaps)
    return f"{gap_sentence(gaps[:1])}, or one of {len(gaps) - 1} other routes"


def check_row(check):
    return {
        "label": CHECK_LABELS[check.status],
        "status": check.status,
        "text": check.text,
    }


def _group(key, title, rows, beginner=False):
    """A group of rows. For a beginner, the rows meant for experienced coders come
    after the others, folded away (`later`): they may sit them, but shouldn't start
    there. A caveat on several rows is said once (`shared_caveats`, with the codes
    it concerns); each row keeps its own (`own_caveats`)."""
    shown = rows[:GROUP_PREVIEW]
    later = [r for r in shown if beginner and not r["beginner"] and not r["retired"]]
    first = [r for r in shown if r not in later]
    return {
        "key": key,
        "title": title,
        "cards": rows,
        "shown": shown,
        "first": first,
        "later": later,
        "more": max(len(rows) - GROUP_PREVIEW, 0),
        "first_caveats": shared_caveats(first),
        "later_caveats": shared_caveats(later),
    }


def shared_caveats(rows):
    """Caveats on more than one of `rows`, each once with the codes it concerns;
    each row keeps only its own (`own_caveats`)."""
    concerns = {}
    for r in rows:
        for caveat in r["caveats"]:
            concerns.setdefault(caveat, []).append(r["verdict"].code)
    shared = [
        {"text": caveat, "codes": codes}
        for caveat, codes in concerns.items()
        if len(codes) > 1
    ]
    texts = {caveat["text"] for caveat in shared}
    for r in rows:
        r["own_caveats"] = [c for c in r["caveats"] if c not in texts]
    return shared


# Words.


def gap_sentence(gaps):
    """The engine's gaps as things to do: "Complete a CAHIIM-accredited…".

    Alternatives that each hold several parts ("1 year and a course") are listed
    with "either … or …" so three parts never read as three options."""
    actions = [as_action(gap) for gap in gaps]
    if not actions:
        return ""
    if len(actions) == 1:
        return capitalize(actions[0])
    if any(" and " in action for action in actions):
        return "Either " + "; or ".join(actions)
    return capitalize(either(actions))


def as_action(gap):
    """ "completed a CAHIIM-accredited program" → "complete a CAHIIM-accredited
    program"; "12 more months of verified coding experience" → "get 12 more
    months of …"; anything already a verb stays."""
    parts = [part.strip() for part in gap.split(" and ")]
    return " and ".join(_action(part) for part in parts)


_PAST_TO_VERB = {
    "have ": "get ",
    "completed": "complete",
    "graduated": "graduate",
    "in the final term": "reach the final term",
}


def _action(part):
    lowered = lowercase_first(part)
    for past, verb in _PAST_TO_VERB.items():
        if lowered.startswith(past):
            return verb + lowered[len(past) :]
    if re.match(r"\d", lowered):
        return "get " + lowered
    if lowered.startswith(("a ", "an ")):
        return "complete " + lowered
    return lowered


def removal_routes(apprentice):
    """Every way the apprentice designation goes, in words, in the catalog's order."""
    return [capitalize(route) for route in apprentice.how_removed]


def capitalize(text):
    return text[:1].upper() + text[1:]


def lowercase_first(text):
    """The inverse of `capitalize`: a sentence's words used mid-sentence."""
    return text[:1].lower() + text[1:]


def apprentice_lines(verdict):
    """What the apprentice designation means for this verdict, in at most two lines."""
    apprentice = verdict.apprentice
    if not apprentice:
        return []
    if apprentice.removed and verdict.status == ALREADY_HELD:
        return [
            f"You can remove the A now: you have what {verdict.body} asks "
            f"to turn your {apprentice.designation} into the full {verdict.code}."
        ]
    if apprentice.removed:
        return [
            f"You have the experience asked for: pass, and you hold the full {verdict.code}."
        ]
    lines = []
    if verdict.status != ALREADY_HELD:
        lines.append(
            f"Pass without the experience {verdict.body} asks for and you hold "
            f"the {apprentice.designation} until you show it."
        )
    if apprentice.gaps:
        lines.append(
            f"To remove the A: {lowercase_first(gap_sentence(apprentice.gaps))}."
        )
    return lines


# The plan.


@dataclass
class Plan:
    """The first thing to do, why, its first-year cost and time, and the steps."""

    action: str  # sit, sit_with_condition, meet_first, remove_apprentice
    title: str
    why: str
    verdict: object = None  # the verdict on the credential the plan is about
    facts: dict | None = None
    cost: object = None  # catalog.costs.Price
    cost_parts: list = field(default_factory=list)
    cost_label: str = "First-year cost"
    cost_note: str = ""
    time: list = field(default_factory=list)  # [{"label", "text"}]
    steps: list = field(default_factory=list)  # [{"title", "lines", "prices"}]
    checks: list = field(default_factory=list)  # the verdict's, as check_row
    caveats: list = field(default_factory=list)
    unsettled: list = field(default_factory=list)  # the credential's other caveats
    then: str = ""  # what follows, e.g. the goal's credential after removing the A
    sources: list = field(default_factory=list)


def goal_choices(person):
    """The credentials to aim for, first choice first, and why in the person's terms."""
    goal = person.goal_setting
    if goal != "any":
        where = GOAL_SETTINGS.get(goal, goal)
        return RECOMMENDED.get(
            goal, []
        ), f"you want to work in “{lowercase_first(where)}”"
    program = person.him_program
    if program in {
        "bachelor_final_term",
        "bachelor",
        "master_final_term",
        "master",
        "post_bacc_certificate",
    }:
        return ["RHIA", "RHIT"], "your HIM degree leads to the RHIA"
    if program in {"associate", "associate_final_term", "foreign_reciprocity"}:
        return ["RHIT", "CCA"], "your HIM program leads to the RHIT"
    if person.coding_experience_months >= EXPERIENCED_MONTHS:
        return ["CPC", "CCS"], (
            f"you have {months_in_words(person.coding_experience_months)} of coding work, "
            "enough for a full credential without an apprentice stage"
        )
    return RECOMMENDED["any"], "you are starting out"


def plan(person, verdicts, facts):
    """The plan for one person (None when nothing in the catalog is open to them)."""
    removable = next(
        (
            v
            for v in verdicts
            if v.status == ALREADY_HELD and v.apprentice and v.apprentice.removed
        ),
        None,
    )
    target = recommended_verdict(person, verdicts)
    if removable is not None:
        return removal_plan(person, removable, facts.get(removable.code), target)
    if target is None:
        return None
    stone = stepping_stone(target, verdicts)
    if stone is not None:
        the_plan = credential_plan(person, stone, facts.get(stone.code))
        the_plan.title = f"Sit the {stone.code} exam first, then the {target.code}"
        needs = gap_sentence(target.gaps)
        the_plan.why = capitalize(
            f"{goal_choices(person)[1]}, and the {target.code} is the credential for "
            f"it. To sit the {target.code} you must {lowercase_first(needs)}: "
            f"the {stone.code} is the quicker way, and you can sit it now."
        )
        the_plan.then = (
            f"Then the {target.code} ({target.name}): holding the {stone.code} "
            "opens it to you."
        )
        return the_plan
    return credential_plan(person, target, facts.get(target.code))


def stepping_stone(target, verdicts):
    """A credential the person can sit now that itself opens `target` (a gap such
    as "hold the CCA"), or None."""
    if target.status != WITHIN_REACH:
        return None
    by_code = {v.code: v for v in verdicts}
    for gap in target.gaps:
        held = re.fullmatch(r"hold the (.+)", gap)
        for code in re.split(r", | or ", held.group(1)) if held else []:
            verdict = by_code.get(code)
            if verdict and verdict.status in (ELIGIBLE, ELIGIBLE_AS_APPRENTICE):
                return verdict
    return None


def recommended_verdict(person, verdicts):
    """The verdict on the credential to aim for, or None."""
    by_code = {v.code: v for v in verdicts}
    candidates, _reason = goal_choices(person)
    options = [
        by_code[code]
        for code in candidates
        if code in by_code and not by_code[code].retired
    ]
    for verdict in options:
        if verdict.status in REACHABLE:
            return verdict
    for verdict in options:
        if verdict.status != ALREADY_HELD:
            return verdict
    return None


def credential_plan(person, verdict, facts):
    code = verdict.code
    _candidates, reason = goal_choices(person)
    if verdict.condition and verdict.status in (ELIGIBLE, ELIGIBLE_AS_APPRENTICE):
        action, title = "sit_with_condition", f"Sit the {code} exam early"
    elif verdict.status in (ELIGIBLE, ELIGIBLE_AS_APPRENTICE):
        action, title = "sit", f"Sit the {code} exam"
    else:
        action = "meet_first"
        title = f"{gap_sentence(verdict.gaps)}, then sit the {code} exam"
    the_plan = Plan(
        action=action,
        title=title,
        why=capitalize(f"{reason}, and {why_this(person, verdict, facts)}."),
        verdict=verdict,
        facts=facts,
    )
    if facts:
        first_year = facts["first_year"]
        the_plan.cost = first_year["total"]
        the_plan.cost_parts = first_year["parts"]
        if action == "meet_first":
            the_plan.cost_note = (
                "The exam only: what you still need first is not priced here."
            )
        the_plan.steps = plan_steps(person, verdict, facts)
        the_plan.time = plan_time(verdict, facts, afterwards=len(the_plan.steps))
        the_plan.sources = plan_sources(the_plan)
    the_plan.caveats, the_plan.unsettled = plan_caveats(verdict)
    the_plan.checks = [check_row(check) for check in verdict.checks]
    return the_plan


def why_this(person, verdict, facts):
    """The second half of the plan's one sentence: what the verdict means for them."""
    code = verdict.code
    recommended = ""
    for advice in facts["recommendations"] if facts else []:
        held = sorted(
            credential
            for credential in person.credentials
            if re.search(rf"\b{re.escape(credential)}\b", advice["text"])
        )
        if held:
            text = lowercase_first(advice["text"])
            recommended = (
                f"; {verdict.body} recommends {text} as preparation, and you hold "
                f"the {either(held)}"
            )
            break
    if verdict.status == WITHIN_REACH:
        return f"you are one step from sitting the {code}: {as_action(verdict.gaps[0])}"
    if verdict.status == NOT_YET:
        return f"the {code} is where this goal starts, once you {as_action(verdict.gaps[0])}"
    if verdict.condition:
        return (
            f"you can sit the {code} now, by the route “{verdict.pathway}”, on one "
            "condition (under “Afterwards”)"
        )
    met = [re.sub(r"^Have ", "", c.text) for c in verdict.checks if c.status == MET]
    asks = (
        f"you meet what it asks ({either(lowercase_first(t) for t in met)})"
        if met
        else f"it asks only that you join {verdict.body} when you buy the exam"
        if verdict.to_do
        else "nothing stands in your way"
    )
    apprentice = ""
    if verdict.status == ELIGIBLE_AS_APPRENTICE:
        apprentice = (
            f"; until you show the experience {verdict.body} asks for, you would "
            f"hold the {verdict.apprentice.designation}"
        )
    caution = ""
    if is_beginner(person) and verdict.starting_point != "beginner":
        caution = (
            f". Note that the {code} is meant for experienced coders, though you "
            "may sit it now"
        )
    return f"you can sit the {code} now: {asks}{recommended}{apprentice}{caution}"


def plan_time(verdict, facts, afterwards):
    """How long: preparation (sourced, or "not published"), the exam, what follows."""
    lines = []
    if verdict.status in (WITHIN_REACH, NOT_YET) and verdict.gaps:
        lines.append({"label": "First", "text": gap_sentence(verdict.gaps) + "."})
    preparation = facts["preparation"]
    low, high = preparation["months_min"], preparation["months_max"]
    if low or high:
        span = (
            months_in_words(low)
            if not high or low == high
            else f"{low}–{months_in_words(high)}"
            if low
            else f"up to {months_in_words(high)}"
        )
        note = f" ({preparation['note']})" if preparation["note"] else ""
        lines.append(
            {
                "label": "Preparation",
                "text": f"About {span}{note}.",
                "source": preparation["source"],
            }
        )
    else:
        lines.append(
            {
                "label": "Preparation",
                "text": f"Not published: {verdict.body} doesn't say how long people "
                "usually prepare, and it depends on the course you take.",
            }
        )
    minutes = facts["exam"]["minutes"]
    lines.append(
        {
            "label": "The exam",
            "text": f"{duration(minutes)}."
            if minutes
            else "Its length is not published.",
        }
    )
    for sentence in body_time_sentences(facts["body"]["summary"]):
        lines.append({"label": f"{verdict.body} says", "text": sentence})
    apprentice = verdict.apprentice
    if apprentice and not apprentice.removed:
        lines.append(
            {
                "label": f"The full {verdict.code}",
                "text": f"You hold the {apprentice.designation} until you meet one of "
                f"{verdict.body}'s routes to remove the A (step {afterwards}).",
            }
        )
    if verdict.condition:
        lines.append(
            {
                "label": "Until you graduate",
                "text": f"The credential waits for your transcript (step {afterwards}).",
            }
        )
    return lines


def body_time_sentences(summary):
    """The body's own sentences on how long a person has to book or sit the exam."""
    return [
        sentence.strip()
        for sentence in re.split(r"(?<=\.)\s+", summary)
        if _TIME_SENTENCE.search(sentence) and _EXAM_WINDOW.search(sentence)
    ]


def plan_steps(person, verdict, facts):
    """Prepare → join and book → sit → afterwards; a gap to close comes first."""
    body, exam = facts["body"], facts["exam"]
    acronym = body["acronym"]
    steps = []
    if verdict.status in (WITHIN_REACH, NOT_YET) and verdict.gaps:
        steps.append(
            {
                "title": "Meet the requirements",
                "lines": [gap_sentence(verdict.gaps) + "."],
            }
        )
    advice = [r["text"] for r in facts["recommendations"]]
    steps.append(
        {
            "title": "Prepare",
            "lines": [f"{acronym} recommends (advice, not a requirement):"]
            if advice
            else [f"{acronym} gives no preparation advice in the sources we hold."],
            "list": advice,
        }
    )
    membership = body["membership"]
    book_lines = []
    prices = []
    if membership == Membership.REQUIRED:
        book_lines.append(
            f"{acronym} sells its exams only to members: join when you buy the exam."
        )
        prices.append(body["dues"])
    elif membership == Membership.NOT_REQUIRED:
        book_lines.append(
            f"Joining {acronym} is optional; members pay less for the exam."
        )
    else:
        book_lines.append(f"Whether you must join {acronym} is not published.")
    prices = facts["first_year"]["parts"]
    steps.append(
        {
            "title": f"Join {acronym} and book the exam"
            if membership == Membership.REQUIRED
            else "Book the exam",
            "lines": book_lines,
            "prices": prices,
        }
    )
    sit_lines = []
    if exam["questions"]:
        sit_lines.append(capitalize(questions(exam["questions"])) + ".")
    if exam["open_book"]:
        sit_lines.append("You may bring the code books.")
    if exam["delivery"]:
        sit_lines.append(capitalize(exam["delivery"]).rstrip(".") + ".")
    steps.append(
        {
            "title": "Sit the exam",
            "lines": sit_lines or ["Its format is not published."],
        }
    )
    after = []
    removal = []
    apprentice = verdict.apprentice
    if apprentice and not apprentice.removed:
        after.append(
            f"If you pass without the experience {verdict.body} asks for, you hold "
            f"the {apprentice.designation}: remove the A by any one of these:"
        )
        removal = removal_routes(apprentice)
    if verdict.condition:
        after.append(verdict.condition + ".")
    keeping = renewal(person, verdict, facts)
    steps.append(
        {
            "title": "Afterwards",
            "lines": after,
            "list": removal,
            "then": [keeping],
        }
    )
    return steps


def renewal(person, verdict, facts):
    """How the credential is kept, worked out with the credentials of the same body
    the person already holds: the body asks the most CEUs any of them asks, plus
    its CEUs for each further credential, up to its cap (AHIMA: 20, 30 for the RHIA,
    +10 each, at most 50; AAPC: 36, +4 each, at most 52)."""
    body = facts["body"]
    ceus, years = facts["ceus"], facts["cycle_years"]
    if not ceus or not years:
        return f"How the {verdict.code} is renewed is on its page."
    every = f"every {months_in_words(years * 12)}"
    summary = f"Keep it with {ceus} CEUs {every}"
    held = sorted(
        code
        for code in person.credentials
        if code != verdict.code and code in body["ceus_by_code"]
    )
    if held and body["extra_credential_ceus"]:
        most = max([ceus, *(body["ceus_by_code"][code] or 0 for code in held)])
        together = most + body["extra_credential_ceus"] * len(held)
        if body["max_ceus"]:
            together = min(together, body["max_ceus"])
        summary += (
            f" (with the {either(held)} you hold, {together} CEUs {every} for all "
            "of them)"
        )
    if body["membership"] == Membership.REQUIRED:
        summary += f", and {body['acronym']} membership every year"
    return summary + "."


def plan_caveats(verdict):
    """The caveats that bear on the plan (at most three), and the rest.

    What bears: what the person's own answers leave open (a GED where a page says
    diploma, the minimum age for someone in high school) and a route resting on a
    single secondary source. The catalog's other notes on the credential (what the
    sources don't settle) follow, folded away."""
    personal = [check.caveat for check in verdict.checks if check.caveat]
    route = [c for c in verdict.caveats if c.startswith("The route “")]
    bearing = list(dict.fromkeys(personal + route))[:PLAN_CAVEATS]
    return bearing, [c for c in verdict.caveats if c not in bearing]


def plan_sources(the_plan):
    """The sources of the plan's cost, preparation time and advice, each once."""
    facts = the_plan.facts
    sources = [
        *the_plan.cost.sources,
        facts["preparation"]["source"],
        *(advice["source"] for advice in facts["recommendations"]),
    ]
    return list({s.pk: s for s in sources if s is not None}.values())


def removal_plan(person, verdict, facts, target):
    """The most valuable step for an apprentice who now meets a removal route."""
    designation = verdict.apprentice.designation
    route = lowercase_first(verdict.apprentice.route)
    the_plan = Plan(
        action="remove_apprentice",
        title=f"Remove the A from your {designation} now",
        why=(
            f"You hold the {designation}, and you meet one of {verdict.body}'s "
            f"routes to remove the A ({route}): your {designation} can become the "
            f"full {verdict.code}."
        ),
        verdict=verdict,
        facts=facts,
    )
    the_plan.caveats, the_plan.unsettled = plan_caveats(verdict)
    the_plan.cost_note = (
        f"{verdict.body} publishes no fee for removing the A in the sources we hold."
    )
    the_plan.time = [
        {
            "label": f"{verdict.body}'s review",
            "text": f"Not published: {verdict.body} doesn't say how long it takes to "
            "check the proof.",
        }
    ]
    lines = []
    if facts and facts["apprentice_note"]:
        lines.append(facts["apprentice_note"])
    the_plan.steps = [
        {
            "title": "Gather the proof",
            "lines": lines
            or [
                f"Ask {verdict.body} what proof of your experience and training it needs."
            ],
        },
        {
            "title": f"Send it to {verdict.body}",
            "lines": [
                f"Once {verdict.body} accepts it, you hold the full {verdict.code}."
            ],
        },
    ]
    if facts:
        the_plan.steps.append(
            {"title": "Afterwards", "lines": [renewal(person, verdict, facts)]}
        )
    if target is not None and target.code != verdict.code:
        the_plan.then = (
            f"Later, for your goal: the {target.code} ({target.name}) — "
            f"{lowercase_first(target.headline)}."
        )
    return the_plan
