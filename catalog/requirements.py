"""The requirement kinds a pathway is built from: their parameters and plain words.

Pure Python: nothing from Django, so the eligibility engine can import it and stay
free of Django too. The model, the admin form, the seed loader, the API and the
eligibility engine all read kinds from here, so a kind means one thing everywhere.
Parameters are validated in `catalog.validators`. The values match the eligibility
contract in docs/eligibility-contract.md.
"""

from enum import StrEnum


class Kind(StrEnum):
    """What a requirement checks; the value is what `Requirement.kind` stores."""

    MIN_EDUCATION = "min_education"
    HIM_PROGRAM = "him_program"
    CODING_TRAINING = "coding_training"
    EXPERIENCE = "experience"
    CREDENTIAL_HELD = "credential_held"
    MEMBERSHIP = "membership"
    HIGH_SCHOOL_SENIOR = "high_school_senior"

    @property
    def label(self):
        """The kind's name for editors, e.g. "Verified coding experience"."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.MIN_EDUCATION: "Minimum education",
    Kind.HIM_PROGRAM: "CAHIIM-accredited HIM program",
    Kind.CODING_TRAINING: "Completed coding training",
    Kind.EXPERIENCE: "Verified coding experience",
    Kind.CREDENTIAL_HELD: "Holds a credential",
    Kind.MEMBERSHIP: "Membership of a body",
    Kind.HIGH_SCHOOL_SENIOR: "Graduating from high school soon",
}


# Education levels a requirement can ask for, lowest first. A GED counts only for
# "high_school_or_equivalent": a page that says "diploma" alone does not say whether
# a GED is accepted, and the engine reports that as a caveat.
EDUCATION_LEVELS = {
    "high_school_diploma": "a high school diploma",
    "high_school_or_equivalent": "a high school diploma or equivalent (GED)",
    "associate": "an associate degree",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
}

HIM_PROGRAMS = {
    "associate_final_term": "in the final term of a CAHIIM-accredited associate HIM program",
    "associate": "completed a CAHIIM-accredited associate HIM program",
    "bachelor_final_term": (
        "in the final term of a CAHIIM-accredited bachelor's HIM program"
    ),
    "bachelor": "completed a CAHIIM-accredited bachelor's HIM program",
    "master_final_term": "in the final term of a CAHIIM-accredited master's HIM program",
    "master": "completed a CAHIIM-accredited master's HIM program",
    "post_bacc_certificate": "completed a CAHIIM-accredited post-baccalaureate HIM certificate",
    "foreign_reciprocity": (
        "graduated from a foreign HIM program with an AHIMA reciprocity agreement"
    ),
}

EXPERIENCE_KINDS = {
    "coding": "coding experience",
    "billing_coding": "billing and coding work experience",
}

# Filter values for "education needed" on the catalog list, with the requirement
# kinds each one cannot satisfy (a pathway containing any of them stays closed).
EDUCATION_FILTERS = {
    "none": "No diploma",
    "high_school": "A high school diploma or GED",
    "him_program": "A CAHIIM-accredited HIM degree",
}
_EDUCATION_BLOCKERS = {
    "none": [Kind.MIN_EDUCATION, Kind.HIM_PROGRAM, Kind.HIGH_SCHOOL_SENIOR],
    "high_school": [Kind.HIM_PROGRAM],
    "him_program": [],
}


def kinds_blocking_education(education):
    return [str(kind) for kind in _EDUCATION_BLOCKERS[education]]


def months_in_words(months):
    """12 → "1 year", 30 → "30 months"."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{months} month" + ("s" if months != 1 else "")


def either(items):
    """["a", "b", "c"] → "a, b or c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def describe(kind, params):
    """The requirement in plain words, e.g. "2 years of verified coding experience"."""
    match kind:
        case Kind.MIN_EDUCATION:
            return f"Have {EDUCATION_LEVELS[params['level']]}"
        case Kind.HIM_PROGRAM:
            words = either(HIM_PROGRAMS[level] for level in params["any_of"])
            return words[0].upper() + words[1:]
        case Kind.CODING_TRAINING:
            return (
                f"Complete a coding training course of at least {params['hours']} hours"
            )
        case Kind.EXPERIENCE:
            what = EXPERIENCE_KINDS[params.get("experience", "coding")]
            return (
                f"{months_in_words(params['months'])} of {what} an employer can verify"
            )
        case Kind.CREDENTIAL_HELD:
            return f"Hold the {either(params['any_of'])} credential"
        case Kind.MEMBERSHIP:
            return f"Be a member of {params['body']} when you buy the exam"
        case Kind.HIGH_SCHOOL_SENIOR:
            return (
                "Be due to finish high school or a GED program within "
                f"{params['within_months']} months of the exam"
            )
    return str(kind)
