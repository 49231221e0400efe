"""What an editor's change to the catalog would change for people: the impact
preview's numbers (the admin side is `catalog.admin_preview`).

The catalog is read twice, before the change and after it (`catalog_state`: the
engine's rules and each certification's facts, straight from the database, never
from the cache: the "after" is read inside a transaction that is rolled back).
Then `compare` judges people on both:

- each example profile, shown by name: its verdicts that move (old and new), the
  plan's first step and its first-year cost;
- the newest saved responses, at most `RESPONSES_LIMIT`: only how many would see
  their verdicts, their plan's first step or its first-year cost change. Nobody's
  answers or id leave this module.

Who the people are and how one is judged (the guidance page's plan) belong to the
applicants app, which catalog never imports: applicants/admin.py hands them over
as an `Audience` (`register_audience`), as an app registers its models with the
admin site.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from catalog.eligibility import STATUSES, Person, judge
from catalog.queries import certification_facts, eligibility_rules
from certportal.cache import catalog_values_bypassed

# Saved responses judged at most, newest first: two catalog states each, in the
# editor's request.
RESPONSES_LIMIT = 2000
# A retired certification's verdict, whatever the engine says of its pathways:
# the guidance page lists it as no longer offered.
RETIRED = "retired"
# A certification the catalog no longer publishes (or not yet): no verdict.
ABSENT = "absent"
# Each verdict as the guidance page words it.
VERDICT_WORDS = {
    **STATUSES,
    RETIRED: "No longer offered",
    ABSENT: "Not in the catalog",
}


@dataclass(frozen=True)
class CatalogState:
    """What judging people reads from the catalog: the engine's rules and each
    published certification's facts (first-year cost…), by code."""

    rules: tuple
    facts: Mapping[str, dict]


def catalog_state():
    """The catalog as the database holds it now, in this transaction: never read
    from the cache (it holds the catalog as committed), never stored in it (an
    unsaved change must not reach anyone)."""
    with catalog_values_bypassed():
        return CatalogState(tuple(eligibility_rules()), certification_facts())


@dataclass(frozen=True)
class Outcome:
    """What one person is told: a verdict per certification (an engine status,
    `RETIRED`), the plan's first step and its first-year cost, in words."""

    verdicts: Mapping[str, str]
    first_step: str
    cost: str


@dataclass(frozen=True)
class Audience:
    """The people a change is judged for, and how one is judged.

    - `profiles()`: the example profiles, as (name, description, answers);
    - `responses(limit)`: the answers of the newest `limit` finished responses (in
      one query), and how many finished responses there are;
    - `judge(answers, state)`: the `Outcome` for one person's answers on a
      `CatalogState`.
    """

    profiles: Callable[[], Sequence[tuple[str, str, Mapping]]]
    responses: Callable[[int], tuple[Sequence[Mapping], int]]
    judge: Callable[[Mapping, CatalogState], Outcome]


_registered = {}


def register_audience(audience):
    """Judge `audience` in every impact preview (applicants/admin.py does, once
    the admin loads it); a second call replaces the first."""
    _registered["audience"] = audience


def registered_audience():
    """The registered `Audience`, or None (then only the change is shown)."""
    return _registered.get("audience")


@dataclass(frozen=True)
class VerdictChange:
    code: str
    old: str
    new: str

    @property
    def old_words(self):
        return VERDICT_WORDS.get(self.old, self.old)

    @property
    def new_words(self):
        return VERDICT_WORDS.get(self.new, self.new)


@dataclass(frozen=True)
class ProfileImpact:
    name: str
    description: str
    before: Outcome
    after: Outcome
    verdicts: tuple[VerdictChange, ...]

    @property
    def plan_changed(self):
        return self.before.first_step != self.after.first_step

    @property
    def cost_changed(self):
        return self.before.cost != self.after.cost

    @property
    def changed(self):
        return bool(self.verdicts) or self.plan_changed or self.cost_changed

    @property
    def differences(self):
        """(what, now, after the change) for each thing this person is told
        differently."""
        rows = [
            (f"{change.code}: verdict", change.old_words, change.new_words)
            for change in self.verdicts
        ]
        if self.plan_changed:
            rows.append(
                ("The plan's first step", self.before.first_step, self.after.first_step)
            )
        if self.cost_changed:
            rows.append(
                ("Its first-year cost", self.before.cost or "—", self.after.cost or "—")
            )
        return rows


@dataclass
class Impact:
    """What `compare` found: the example profiles whose guidance changes (and how
    many don't), and counts of saved responses whose guidance changes, by what."""

    changed_profiles: list[ProfileImpact] = field(default_factory=list)
    unchanged_profiles: list[str] = field(default_factory=list)
    responses_judged: int = 0
    responses_total: int = 0
    responses_changed: int = 0  # any of the three below
    verdict_changed: int = 0
    plan_changed: int = 0
    cost_changed: int = 0
    codes: tuple[str, ...] = ()  # the certifications whose rules or cost differ

    @property
    def anyone_changed(self):
        return bool(self.changed_profiles) or self.responses_changed > 0

    @property
    def responses_left_out(self):
        return self.responses_total - self.responses_judged


def verdict_changes(before, after):
    """The certifications whose verdict differs, in the order of `before` then
    the new ones."""
    codes = list(before.verdicts) + [
        c for c in after.verdicts if c not in before.verdicts
    ]
    return tuple(
        VerdictChange(
            code, before.verdicts.get(code, ABSENT), after.verdicts.get(code, ABSENT)
        )
        for code in codes
        if before.verdicts.get(code, ABSENT) != after.verdicts.get(code, ABSENT)
    )


def first_year_cost(state, code):
    """A certification's first-year cost in words, or None when not published."""
    facts = state.facts.get(code)
    return facts["first_year"]["total"].text if facts else None


def changed_codes(before, after):
    """The certifications whose rules or first-year cost differ between two
    catalog states: all a verdict, a plan's first step and its cost are made of.
    A change elsewhere (a summary, an exam's length) moves no one's guidance."""
    rules_before = {rules.code: rules for rules in before.rules}
    rules_after = {rules.code: rules for rules in after.rules}
    codes = [*rules_before, *(code for code in rules_after if code not in rules_before)]
    return tuple(
        code
        for code in codes
        if rules_before.get(code) != rules_after.get(code)
        or first_year_cost(before, code) != first_year_cost(after, code)
    )


def compare(before, after, audience, limit=RESPONSES_LIMIT):
    """The `Impact` of going from catalog state `before` to `after`.

    With no certification's rules or cost changed (`changed_codes`) nobody can be
    told anything else, and nobody is judged. Otherwise a person is judged in full
    (`audience.judge`, twice) only when their verdicts on the changed
    certifications differ, or a changed certification's cost does (the engine
    judges each certification on its own: equal verdicts there mean an equal
    plan); identical answers are judged once (many people answer alike)."""
    impact = Impact(codes=changed_codes(before, after))
    if audience is None:
        return impact
    changed = set(impact.codes)
    rules_before = [rules for rules in before.rules if rules.code in changed]
    rules_after = [rules for rules in after.rules if rules.code in changed]
    costs_moved = any(
        first_year_cost(before, code) != first_year_cost(after, code)
        for code in changed
    )

    def may_move(answers):
        if not changed:
            return False
        if costs_moved:
            return True
        person = Person.from_answers(answers)
        return [judge(rules, person) for rules in rules_before] != [
            judge(rules, person) for rules in rules_after
        ]

    judged = {}

    def outcomes(answers):
        """(before, after) for these answers, or None when nothing can move."""
        key = json.dumps(answers, sort_keys=True, default=str)
        if key not in judged:
            judged[key] = (
                (audience.judge(answers, before), audience.judge(answers, after))
                if may_move(answers)
                else None
            )
        return judged[key]

    for name, description, answers in audience.profiles():
        pair = outcomes(answers)
        profile = (
            ProfileImpact(name, description, *pair, verdict_changes(*pair))
            if pair
            else None
        )
        if profile and profile.changed:
            impact.changed_profiles.append(profile)
        else:
            impact.unchanged_profiles.append(name)

    answers_list, impact.responses_total = audience.responses(limit)
    impact.responses_judged = len(answers_list)
    for answers in answers_list:
        pair = outcomes(answers)
        if pair is None:
            continue
        old, new = pair
        verdicts = old.verdicts != new.verdicts
        plan = old.first_step != new.first_step
        cost = old.cost != new.cost
        impact.verdict_changed += verdicts
        impact.plan_changed += plan
        impact.cost_changed += cost
        impact.responses_changed += verdicts or plan or cost
    return impact
