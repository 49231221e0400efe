"""The shapes of the catalog API's responses, as they appear in its OpenAPI document.

Conventions, the same in every schema:
- a fact the source does not publish is `null`, never a guess or an empty string;
- a `source` inside a certification is a source's `key`; the certification's
  `sources` list holds each of those sources once, with its URL, title and dates;
- codes are certification codes as the body writes them (`CPC`, `CCS-P`).
"""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from catalog.dates import Precision
from catalog.models import (
    Caveat,
    Certification,
    CertificationSource,
    EligibilityPathway,
    Fee,
    Membership,
    Requirement,
    Source,
)


def choice(choices):
    """A string limited to an enumeration's values (an `enum` in the document).

    `choices` is a Django `TextChoices` or a plain `StrEnum` such as
    `catalog.requirements.Kind`.
    """
    return Literal[tuple(choice.value for choice in choices)]


SourceKey = str
NOT_PUBLISHED = "`null` when the source does not publish it."


class NotFound(Schema):
    detail: str = Field(description="Why nothing was found, in plain words.")


class Unavailable(Schema):
    """The database doesn't answer: try again after `Retry-After` seconds."""

    detail: str = Field(description="That the service is unavailable for a moment.")


class ValidationErrorDetail(Schema):
    type: str
    loc: list[str | int] = Field(
        description="Where the bad value is, e.g. query.limit."
    )
    msg: str
    ctx: dict[str, Any] | None = Field(None, description="The limit that was broken.")


class ValidationErrors(Schema):
    """A parameter of the wrong type or out of range (filters are never an error)."""

    detail: list[ValidationErrorDetail]


# Sources


class SourceOut(Schema):
    key: SourceKey = Field(description="Short id that facts refer to, e.g. A01.")
    url: str
    title: str
    as_of: str = Field(
        description="The date the page states as people read it, e.g. “May 2026”, "
        "“2026 (implied)”, or “undated” with what it implies."
    )
    as_of_date: datetime.date | None = Field(
        description="That date as a date: a month or a year is its first day; "
        "`null` when undated."
    )
    as_of_precision: choice(Precision) = Field(
        description="day, month, year or undated: how much of `as_of_date` the "
        "source gives."
    )
    accessed_on: datetime.date = Field(description="When an editor read the page.")
    kind: choice(Source.Kind) = Field(
        description="official, official_copy, government or secondary."
    )


class CertificationSourceOut(SourceOut):
    topics: list[choice(CertificationSource.Topic)] = Field(
        description="The parts of the certification this source supports."
    )


# Certifications


class BodyRef(Schema):
    acronym: str
    name: str
    url: str = Field(description="Absolute URL of the body's page on this site.")


class CareSettingOut(Schema):
    slug: str = Field(description="The value of the `setting` filter.")
    name: str


class RequirementOut(Schema):
    kind: choice(Requirement.Kind)
    parameters: dict[str, Any] = Field(
        description='The values of the kind, e.g. {"months": 24} for experience.'
    )
    text: str = Field(description="The requirement in plain words.")
    source: SourceKey | None


class PathwayOut(Schema):
    key: str
    name: str
    purpose: choice(EligibilityPathway.Purpose) = Field(
        description="eligibility: a way to sit the exam; apprentice_removal: a way "
        "to remove the apprentice designation afterwards."
    )
    confidence: choice(EligibilityPathway.Confidence) = Field(
        description="How sure the sources make us: high (the body's own page), "
        "medium, low (a single secondary source)."
    )
    note: str | None
    requirements: list[RequirementOut] = Field(
        description="All of them must hold for this pathway."
    )
    source: SourceKey | None


class RecommendationOut(Schema):
    text: str = Field(description="Advice that does not block eligibility.")
    source: SourceKey | None


class ExamOut(Schema):
    questions: str | None = Field(description=f"Number of questions. {NOT_PUBLISHED}")
    minutes: int | None = Field(description=f"Time allowed. {NOT_PUBLISHED}")
    format: str | None
    delivery: str | None
    open_book: bool | None = Field(
        description=f"Whether code books are allowed. {NOT_PUBLISHED}"
    )
    passing: str | None = Field(description=f"Passing score. {NOT_PUBLISHED}")
    note: str | None


class FeeOut(Schema):
    kind: choice(Fee.Kind)
    audience: choice(Fee.Audience)
    amount: float | None = Field(
        description="The price; `null` when the source names the fee but publishes "
        "no current amount."
    )
    currency: str = Field(description="ISO 4217 code, e.g. USD.")
    note: str | None
    as_of: str | None = Field(description="The date the source gives for the price.")
    as_of_date: datetime.date | None = Field(
        description="That date as a date (a month or a year is its first day)."
    )
    as_of_precision: choice(Precision)
    is_current: bool = Field(
        description="False for an older or superseded figure, kept as history."
    )
    sources_disagree: bool = Field(
        description="True where this figure stands beside another current figure "
        "for the same fee and audience that differs: the sources disagree."
    )
    source: SourceKey


class CostSourceOut(Schema):
    url: str
    title: str
    as_of: str = Field(
        description="The date the source gives for its figures (else the date the "
        "page states)."
    )


class CostPartOut(Schema):
    label: str = Field(description="What is paid, e.g. 'CPC exam, member price'.")
    text: str = Field(
        description="As the pages show it: '$350', 'about $399–$499' for an "
        "estimate, or 'Not published'."
    )
    low: float | None = Field(description=f"The lowest figure. {NOT_PUBLISHED}")
    high: float | None = Field(
        description="The highest figure: the same as `low` unless a range."
    )
    estimate: bool = Field(
        description="True when the body's own page gives no current figure and "
        "other dated sources do: `low` to `high` spans what they give."
    )
    notes: list[str] = Field(
        description="The body's own words where its page names the fee without an "
        "amount, e.g. 'AAPC shows the price when you buy'."
    )
    sources: list[CostSourceOut] = Field(
        description="The sources of the figure, each once; empty when not published."
    )


class FirstYearCostOut(Schema):
    """What a person pays in the first year to sit the exam once, by the cost rule:
    a figure from the body's own page is the price; where that page gives none,
    the current figures other dated sources give make an estimate (one figure or a
    range); with no figure anywhere, a part is not published. Where the body sells
    its exams only to members, the first year adds a year's dues to the member
    price; otherwise it is the price without joining."""

    text: str = Field(
        description="The total as the pages show it: '$589', 'about $589–$689' or "
        "'Not published' (when any part is)."
    )
    low: float | None = Field(description=f"The lowest total. {NOT_PUBLISHED}")
    high: float | None = Field(
        description="The highest total: a range when a part is a range."
    )
    currency: str = Field(description="ISO 4217 code, e.g. USD.")
    estimate: bool = Field(description="True when any part is an estimate.")
    basis: str | None = Field(
        description="Where each part's figure comes from, in words, e.g. 'AAPC "
        "membership, first year: the body's own page; CPC exam, member price: "
        "estimate from 3 sources, 2026, 2026-02'. `null` when not published."
    )
    parts: list[CostPartOut] = Field(description="What the total adds up, in order.")


class MaintenanceOut(Schema):
    ceus_per_cycle: int | None = Field(
        description=f"Continuing education units per cycle. {NOT_PUBLISHED}"
    )
    cycle_years: int | None
    note: str | None


class ApprenticeOut(Schema):
    designation: str = Field(description="e.g. CPC-A, given until a pathway is met.")
    note: str | None


class CaveatOut(Schema):
    topic: choice(Caveat.Topic)
    kind: choice(Caveat.Kind) = Field(
        description="conflict: sources disagree; uncertain: not confirmed; "
        "history: what changed."
    )
    text: str
    sources: list[SourceKey]


class CertificationOut(Schema):
    code: str
    name: str
    body: BodyRef
    status: choice(Certification.Status)
    status_note: str | None
    replaced_by: str | None = Field(description="Code of the published successor.")
    former_names: list[str]
    level: choice(Certification.Level)
    category: choice(Certification.Category)
    care_settings: list[CareSettingOut]
    specialty: str | None
    summary: str
    suits: str | None = Field(description="Who the certification suits.")
    eligibility_note: str | None = Field(description="Context for the pathways.")
    pathways: list[PathwayOut] = Field(
        description="Ways to qualify: a person qualifies through any one pathway "
        "of a purpose."
    )
    recommendations: list[RecommendationOut]
    exam: ExamOut
    fees: list[FeeOut]
    first_year_cost: FirstYearCostOut
    maintenance: MaintenanceOut
    apprentice: ApprenticeOut | None = Field(
        description="`null` when the certification has no apprentice designation."
    )
    caveats: list[CaveatOut] = Field(
        description="Uncertain or conflicting facts, by the topic they concern."
    )
    related: list[str] = Field(description="Codes of related published certifications.")
    official_url: str | None = Field(description="The body's page for it.")
    sources: list[CertificationSourceOut] = Field(
        description="Every source a fact of this certification refers to, by key."
    )
    last_verified: datetime.date = Field(
        description="When an editor last checked these facts against the sources."
    )
    url: str = Field(description="Absolute URL of the certification's page.")


class CertificationList(Schema):
    count: int = Field(description="How many certifications match, on all pages.")
    items: list[CertificationOut] = Field(
        description="This page of them, best match first when searching, else by code."
    )
    ignored: list[str] = Field(
        description="One message per filter value that was not valid and so was "
        "ignored, e.g. 'Level “expert” is not one we know, so it was ignored.'"
    )


# Credentials


class CredentialOut(Schema):
    code: str = Field(
        description="A code `credentials` of POST /eligibility takes, e.g. CPC-A."
    )
    label: str = Field(description="What it is, e.g. “CPC-A — …, apprentice”.")


class CredentialList(Schema):
    count: int
    items: list[CredentialOut] = Field(description="By code.")


# Bodies


class BodyOut(Schema):
    acronym: str
    name: str
    website: str
    summary: str | None
    membership_required_to_test: choice(Membership) = Field(
        description="required, not_required, or unknown (not published)."
    )
    membership_note: str | None
    fees: list[FeeOut] = Field(description="Membership dues and other body fees.")
    renewal_rules: str | None
    certifications: list[str] = Field(description="Codes of its published ones.")
    sources: list[SourceOut] = Field(
        description="The sources of the body's facts and fees, by key."
    )
    last_verified: datetime.date
    url: str = Field(description="Absolute URL of the body's page on this site.")


class BodyList(Schema):
    count: int
    items: list[BodyOut]


class CertificationFilters(Schema):
    """The list page's search and filters, plus limit/offset pagination."""

    q: str | None = Field(
        None,
        description="Words or a code, matched in code, name, former names and "
        "summary (ranked full-text search on PostgreSQL).",
    )
    body: str | None = Field(None, description="A body's slug, e.g. aapc.")
    level: str | None = Field(
        None, description=f"One of {', '.join(Certification.Level.values)}."
    )
    setting: str | None = Field(
        None, description="A care setting's slug, e.g. physician-office."
    )
    education: str | None = Field(
        None,
        description="Only certifications with a pathway open to people with: "
        "none, high_school or him_program.",
    )
    status: str | None = Field(
        None, description=f"One of {', '.join(Certification.Status.values)}."
    )
    suits: str | None = Field(
        None,
        description="beginner (suits beginners) or experienced (meant for "
        "experienced coders).",
    )
    sort: str | None = Field(
        None,
        description="Without a search: az for A–Z by code; by default, those that "
        "suit beginners first, then by level, then A–Z. With q: by relevance.",
    )
    limit: int = Field(20, ge=1, le=100, description="Page size, at most 100.")
    # Bounded: PostgreSQL refuses an OFFSET past a bigint (a 500, found by fuzzing).
    offset: int = Field(
        0, ge=0, le=1_000_000_000, description="How many matches to skip."
    )
