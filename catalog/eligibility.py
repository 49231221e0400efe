"""The eligibility engine: which certifications a person can sit for, and the gaps.

Pure Python over frozen dataclasses: nothing from Django (a test checks that importing
it loads no Django module), no ORM, no request. `Certification.as_rules()` turns
database rows into `CertificationRules`; `evaluate()` judges every one of them for one
`Person` and returns a `Verdict` each, ordered for the guidance page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from catalog.requirements import EXPERIENCE_KINDS, Kind, describe

ELIGIBLE = "eligible"
ELIGIBLE_AS_APPRENTICE = "eligible_as_apprentice"
WITHIN_REACH = "within_reach"
NOT_YET = "not_yet"
ALREADY_HELD = "already_held"

STATUSES = {
    ELIGIBLE: "You can sit this exam now",
    ELIGIBLE_AS_APPRENTICE: "You can sit this exam now, as an apprentice",
    WITHIN_REACH: "Within reach",
    NOT_YET: "Not yet",
    ALREADY_HELD: "You already hold this",
}
_STATUS_ORDER = list(STATUSES)

# The answers of the eligibility contract (docs/eligibility-contract.md) with the words people see,
# lowest first where ordered. The questionnaire, the guidance page and the API all
# use these.
EDUCATION = {
    "none": "No high school diploma or GED yet",
    "high_school_diploma": "High school diploma",
    "ged": "GED or another high school equivalency",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master_or_higher": "Master's degree or higher",
}
HIM_PROGRAM = {
    "none": "No, not in a health information management (HIM) program",
    "associate_final_term": (
        "In the final term of a CAHIIM-accredited associate HIM program"
    ),
    "associate": "Completed a CAHIIM-accredited associate HIM program",
    "bachelor_final_term": (
        "In the final term of a CAHIIM-accredited bachelor's HIM program"
    ),
    "bachelor": "Completed a CAHIIM-accredited bachelor's HIM program",
    "master_final_term": (
        "In the final term of a CAHIIM-accredited master's HIM program"
    ),
    "master": "Completed a CAHIIM-accredited master's HIM program",
    "post_bacc_certificate": (
        "Completed a CAHIIM-accredited post-baccalaureate HIM certificate"
    ),
    "foreign_reciprocity": (
        "Graduated from a foreign HIM program with an AHIMA reciprocity agreement"
    ),
}
GOAL_SETTINGS = {
    "physician_office": "A physician office or clinic",
    "hospital_inpatient": "A hospital, coding inpatient stays",
    "hospital_outpatient": "A hospital outpatient department or surgery center",
    "payer": "A health plan or insurer (payer)",
    "him_department": "Health information or records work (a hospital's HIM department)",
    "any": "Not sure yet: show me where to start",
}
# Upper bounds of believable answers (a number past them is a typing slip). The
# questionnaire, the API and requirement validation (catalog.validators) all use these:
# a requirement can't ask for more than an answer can hold.
MAX_TRAINING_HOURS = 5000
MAX_EXPERIENCE_MONTHS = 600

# What each education answer satisfies, by requirement level (catalog.requirements).
_EDUCATION_MEETS = {
    "none": set(),
    "high_school_diploma": {"high_school_diploma", "high_school_or_equivalent"},
    "ged": {"high_school_or_equivalent"},
    "associate": {"high_school_diploma", "high_school_or_equivalent", "associate"},
    "bachelor": {
        "high_school_diploma",
        "high_school_or_equivalent",
        "associate",
        "bachelor",
    },
    "master_or_higher": {
        "high_school_diploma",
        "high_school_or_equivalent",
        "associate",
        "bachelor",
        "master",
    },
}

# Requirement kinds a person can gain soon (time, training, another credential):
# a pathway missing only one of these is "within reach".
GAINABLE = {Kind.EXPERIENCE, Kind.CODING_TRAINING, Kind.CREDENTIAL_HELD}

MET = "met"
MISSING = "missing"
TO_DO = "to_do"  # not a barrier: done when registering (e.g. joining the body)
UNCERTAIN = "uncertain"  # the sources don't say; counted as met, with a caveat


@dataclass(frozen=True)
class Person:
    """One person's answers, as in the eligibility contract."""

    education: str = "none"
    him_program: str = "none"
    coding_training_hours: int = 0
    coding_experience_months: int = 0
    credentials: frozenset[str] = frozenset()
    goal_setting: str = "any"
    high_school_senior: bool = False

    @classmethod
    def from_answers(cls, answers: Mapping[str, object]) -> "Person":
        """Build a person from saved answers; missing answers take the cautious value."""
        return cls(
            education=str(answers.get("education") or "none"),
            him_program=str(answers.get("him_program") or "none"),
            coding_training_hours=int(answers.get("coding_training_hours") or 0),
            coding_experience_months=int(answers.get("coding_experience_months") or 0),
            credentials=frozenset(
                str(code).upper() for code in answers.get("credentials") or ()
            ),
            goal_setting=str(answers.get("goal_setting") or "any"),
            high_school_senior=bool(answers.get("high_school_senior")),
        )


@dataclass(frozen=True)
class Rule:
    kind: str
    params: Mapping[str, object]
    text: str = ""

    @property
    def words(self) -> str:
        return self.text or describe(self.kind, self.params)


@dataclass(frozen=True)
class Pathway:
    key: str
    name: str
    rules: tuple[Rule, ...]
    confidence: str = "medium"
    note: str = ""
    condition: str = ""  # what must still follow for the credential to count


@dataclass(frozen=True)
class CertificationRules:
    code: str
    name: str
    body: str
    pathways: tuple[Pathway, ...]
    care_settings: frozenset[str] = frozenset()
    apprentice_designation: str = ""
    apprentice_pathways: tuple[Pathway, ...] = ()
    caveats: tuple[str, ...] = ()
    url: str = ""
    retired: bool = False
    status_unclear: bool = False  # the sources doubt it is still offered
    level: str = ""
    # "beginner" or "experienced" (catalog.models.StartingPoint)
    starting_point: str = ""
    minimum_age: int | None = None  # the body's, where it publishes one


@dataclass(frozen=True)
class Check:
    """One requirement of the judged pathway, met or not, in plain words."""

    text: str
    status: str
    gap: str = ""
    caveat: str = ""
    short: int | None = None  # months or hours still missing, where countable

    @property
    def met(self) -> bool:
        return self.status in (MET, UNCERTAIN)

    @property
    def blocks(self) -> bool:
        return self.status == MISSING


@dataclass(frozen=True)
class Apprentice:
    designation: str
    removed: bool
    how_removed: tuple[str, ...]
    gaps: tuple[str, ...] = ()
    route: str = ""  # when removed: the route the person meets, in words


@dataclass(frozen=True)
class Verdict:
    code: str
    name: str
    body: str
    status: str
    pathway: str
    checks: tuple[Check, ...]
    gaps: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    apprentice: Apprentice | None = None
    to_do: tuple[str, ...] = field(default=())
    goal_match: bool = False
    url: str = ""
    # Of the judged pathway: early testing, a provisional credential.
    condition: str = ""
    retired: bool = False
    status_unclear: bool = False
    level: str = ""
    starting_point: str = ""

    @property
    def headline(self) -> str:
        if self.retired:
            return "No longer offered"
        if self.status_unclear and self.status in (ELIGIBLE, ELIGIBLE_AS_APPRENTICE):
            return f"{STATUSES[self.status]}, if it is still offered"
        return STATUSES[self.status]


def _months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} more year" + ("s" if years != 1 else "")
    return f"{months} more month" + ("s" if months != 1 else "")


def _check(rule: Rule, person: Person, body: str) -> Check:
    params = rule.params
    text = rule.words
    match rule.kind:
        case Kind.MIN_EDUCATION:
            level = params["level"]
            if level in _EDUCATION_MEETS.get(person.education, set()):
                return Check(text, MET)
            if person.education == "ged" and level == "high_school_diploma":
                return Check(
                    text,
                    UNCERTAIN,
                    caveat=(
                        f"{body}'s page asks for a high school diploma and does not "
                        "say whether a GED counts: ask them before you apply."
                    ),
                )
            return Check(text, MISSING, gap=text[0].lower() + text[1:])
        case Kind.HIM_PROGRAM:
            if person.him_program in params["any_of"]:
                return Check(text, MET)
            return Check(text, MISSING, gap=text[0].lower() + text[1:])
        case Kind.CODING_TRAINING:
            short = int(params["hours"]) - person.coding_training_hours
            if short <= 0:
                return Check(text, MET)
            gap = (
                f"{short} more hours of coding training"
                if person.coding_training_hours
                else f"a coding training course of at least {params['hours']} hours"
            )
            if rule.text:
                gap = text[0].lower() + text[1:]
            return Check(text, MISSING, gap=gap, short=short)
        case Kind.EXPERIENCE:
            short = int(params["months"]) - person.coding_experience_months
            if short <= 0:
                return Check(text, MET)
            what = EXPERIENCE_KINDS[params.get("experience", "coding")]
            return Check(
                text, MISSING, gap=f"{_months(short)} of verified {what}", short=short
            )
        case Kind.CREDENTIAL_HELD:
            wanted = list(params["any_of"])
            if person.credentials & set(wanted):
                return Check(text, MET)
            names = wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1])
            if len(wanted) > 1:
                names += f" or {wanted[-1]}"
            return Check(text, MISSING, gap=f"hold the {names}")
        case Kind.MEMBERSHIP:
            return Check(text, TO_DO, gap=f"join {params['body']}")
        case Kind.HIGH_SCHOOL_SENIOR:
            if person.high_school_senior:
                return Check(text, MET)
            return Check(text, MISSING, gap="be in your last year of high school")
    return Check(text, MISSING, gap=text)


@dataclass(frozen=True)
class _Judged:
    pathway: Pathway
    checks: tuple[Check, ...]

    @property
    def missing(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.blocks)

    @property
    def gap(self) -> str:
        return " and ".join(check.gap for check in self.missing)

    @property
    def within_reach(self) -> bool:
        """Missing exactly one requirement, and one the person can gain soon."""
        missing_kinds = [
            rule.kind
            for rule, check in zip(self.pathway.rules, self.checks, strict=True)
            if check.blocks
        ]
        return len(missing_kinds) == 1 and missing_kinds[0] in GAINABLE


def _judge(pathway: Pathway, person: Person, body: str) -> _Judged:
    return _Judged(pathway, tuple(_check(rule, person, body) for rule in pathway.rules))


def _closest(pathways: Iterable[Pathway], person: Person, body: str):
    """All pathways judged, closest first.

    Closest: fewest unmet requirements; among equals, one whose gap can be gained
    soon (time, training, a credential), then the one with most already met, then
    the catalog's order.
    """
    judged = [_judge(pathway, person, body) for pathway in pathways]
    return sorted(
        judged,
        key=lambda j: (len(j.missing), not j.within_reach, -len(j.checks)),
    )


def _dominates(better: _Judged, worse: _Judged) -> bool:
    """True when `better` misses the same countable things as `worse`, but less.

    "1 more year of experience" makes "2 more years of experience" (another route)
    pointless to offer.
    """
    pairs = list(zip(better.pathway.rules, better.checks, strict=True))
    other = list(zip(worse.pathway.rules, worse.checks, strict=True))
    mine = sorted((r.kind, c.short) for r, c in pairs if c.blocks)
    theirs = sorted((r.kind, c.short) for r, c in other if c.blocks)
    if [kind for kind, _ in mine] != [kind for kind, _ in theirs]:
        return False
    if any(short is None for _, short in mine + theirs):
        return False
    return mine != theirs and all(
        a <= b for (_, a), (_, b) in zip(mine, theirs, strict=True)
    )


def _alternatives(judged: list[_Judged]) -> tuple[str, ...]:
    """The gaps of every pathway as close as the closest, e.g. ("12 more months…", "hold the CCA").

    A route that needs more of the very same thing than another is left out.
    """
    if not judged:
        return ()
    fewest = len(judged[0].missing)
    closest = [j for j in judged if len(j.missing) == fewest and j.gap]
    gaps = []
    for j in closest:
        dominated = any(_dominates(other, j) for other in closest if other is not j)
        if not dominated and j.gap not in gaps:
            gaps.append(j.gap)
    return tuple(gaps)


def _all_of(phrases: list[str]) -> str:
    """Requirement phrases joined into one sentence: "A and b and c". A route
    with no requirement (an editor's new route, before its first) asks nothing."""
    if not phrases:
        return "Nothing more is asked"
    return " and ".join(
        [phrases[0], *(phrase[0].lower() + phrase[1:] for phrase in phrases[1:])]
    )


def _apprentice(cert: CertificationRules, person: Person) -> Apprentice | None:
    if not cert.apprentice_designation:
        return None
    how = tuple(
        _all_of([rule.words for rule in pathway.rules])
        for pathway in cert.apprentice_pathways
    )
    judged = _closest(cert.apprentice_pathways, person, cert.body)
    removed = bool(judged) and not judged[0].missing
    return Apprentice(
        designation=cert.apprentice_designation,
        removed=removed,
        how_removed=how,
        gaps=() if removed else _alternatives(judged),
        route=_all_of([rule.words for rule in judged[0].pathway.rules])
        if removed
        else "",
    )


def judge(cert: CertificationRules, person: Person) -> Verdict:
    """The verdict on one certification for one person."""
    common = {
        "code": cert.code,
        "name": cert.name,
        "body": cert.body,
        "goal_match": person.goal_setting in cert.care_settings,
        "url": cert.url,
        "retired": cert.retired,
        "status_unclear": cert.status_unclear,
        "level": cert.level,
        "starting_point": cert.starting_point,
    }
    apprentice = _apprentice(cert, person)
    held = {cert.code}
    if cert.apprentice_designation:
        held.add(cert.apprentice_designation)
    if person.credentials & held:
        holds_apprentice = (
            cert.apprentice_designation in person.credentials
            and cert.code not in person.credentials
        )
        return Verdict(
            status=ALREADY_HELD,
            pathway="",
            checks=(),
            caveats=cert.caveats,
            apprentice=apprentice if holds_apprentice else None,
            **common,
        )

    judged = _closest(cert.pathways, person, cert.body)
    if cert.retired or not judged:
        # A retired exam has nothing to work towards: its headline says so.
        gaps = () if cert.retired else ("the sources publish no way to sit this exam",)
        return Verdict(
            status=NOT_YET,
            pathway="",
            checks=(),
            gaps=gaps,
            caveats=cert.caveats,
            **common,
        )
    best = judged[0]
    checks = best.checks
    if person.high_school_senior and cert.minimum_age is None:
        checks += (_age_check(cert.body),)
    caveats = [check.caveat for check in checks if check.caveat]
    if best.pathway.confidence == "low":
        caveats.append(
            f"The route “{best.pathway.name}” comes from a single secondary source: "
            "confirm it with the body before you apply."
        )
    caveats.extend(cert.caveats)
    to_do = tuple(check.gap for check in best.checks if check.status == TO_DO)

    if not best.missing:
        status = ELIGIBLE
        if apprentice and not apprentice.removed:
            status = ELIGIBLE_AS_APPRENTICE
        gaps = ()
    else:
        status = WITHIN_REACH if best.within_reach else NOT_YET
        gaps = _alternatives(judged)
    return Verdict(
        status=status,
        pathway=best.pathway.name,
        checks=checks,
        gaps=gaps,
        caveats=tuple(dict.fromkeys(caveats)),
        apprentice=apprentice,
        to_do=to_do,
        condition=best.pathway.condition,
        **common,
    )


def _age_check(body: str) -> Check:
    """Someone still in high school may be under a body's minimum age; where the
    body publishes none, the verdict says to ask rather than counting it as met."""
    return Check(
        f"Be old enough to sit {body}'s exams",
        UNCERTAIN,
        caveat=(
            f"{body} publishes no minimum age for its exams: as you are still in "
            "high school, ask them before you book."
        ),
    )


def evaluate(
    person: Person, certifications: Iterable[CertificationRules]
) -> list[Verdict]:
    """Every certification judged, the person's goal first, then by verdict and code."""
    verdicts = [judge(cert, person) for cert in certifications]
    return sorted(
        verdicts,
        key=lambda v: (not v.goal_match, _STATUS_ORDER.index(v.status), v.code),
    )
