"""The freshness report: how old the sources behind the catalog's facts are.

Three sections, for editors (`catalog.admin_freshness`, at /admin/catalog/freshness/)
and for a scheduler (`manage.py freshness_report`, non-zero when anything is stale):

- ages: every sourced fact of a published certification (current fees, exam facts,
  renewal rule, pathways, requirements, the sources linked by topic), every body's
  current fees and every pay-and-jobs figure, oldest source first. A fact's date
  is its own "as of" where it has one (a fee, a figure), else its source's; it is
  aged from the last day that date can mean, so a page dated "2024" is at least
  as old as 31 December 2024. Undated ones are listed apart: they can't be aged.
  A fact is stale when it is older than the limit and no editor has marked it
  verified (its `verified_on`) within the verification window.
- secondary only: the topics (a certification's costs, its exam, ...) whose every
  source is a secondary one, with no official, official-copy or government page.
- unchecked: published certifications and bodies whose `last_verified` is older
  than the verification window, with the official page to check.

`build_report()` reads the catalog in a fixed number of queries, whatever its size.
`mark_verified()` stamps today's date on one row and records it in its history.
"""

import calendar
import dataclasses
import datetime
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from catalog import formatting
from catalog.models import (
    Certification,
    CertificationSource,
    CredentialingBody,
    EligibilityPathway,
    FactTopic,
    Fee,
    OutlookFact,
    Requirement,
    Source,
)

OFFICIAL_KINDS = {
    Source.Kind.OFFICIAL,
    Source.Kind.OFFICIAL_COPY,
    Source.Kind.GOVERNMENT,
}
# A source's kind in a word or two, for the report's rows.
KIND_WORDS = {
    Source.Kind.OFFICIAL: "official",
    Source.Kind.OFFICIAL_COPY: "official copy",
    Source.Kind.GOVERNMENT: "government",
    Source.Kind.SECONDARY: "secondary",
}
SECTIONS = {
    "ages": "Facts by the age of their source",
    "secondary": "Facts resting only on secondary sources",
    "unchecked": "Official pages not checked",
}
OUTLOOK_TOPIC = "Pay and jobs"
DUES_TOPIC = "Membership dues"


def months_between(earlier, later):
    """Whole months from `earlier` to `later` (0 when `later` isn't after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def months_before(today, months):
    """The date `months` months before `today` (the 31st falls back to the
    month's last day)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    return datetime.date(
        year, month, min(today.day, calendar.monthrange(year, month)[1])
    )


def age_text(months):
    """12 → "1 year", 27 → "2 years 3 months", 0 → "less than a month"."""
    if months is None:
        return "undated — can't be aged"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts) or "less than a month"


@dataclass(frozen=True)
class Fact:
    """One sourced fact, as a row of the report."""

    what: str  # "CCA exam fee (member): $199"
    owner: str  # "CCA", "AAPC" or "The occupation"
    topic: str  # "Costs", "Exam", ...
    source: Source
    dated: object  # the Source, Fee or OutlookFact whose date ages the fact
    admin_url: str
    verified_on: datetime.date | None = None
    verify: str = ""  # the mark-verified target, "fee:12"; "" when none
    age_months: int | None = None
    stale: bool = False

    @property
    def as_of(self):
        return self.dated.as_of

    @property
    def verify_kind(self):
        return self.verify.partition(":")[0]

    @property
    def age(self):
        return age_text(self.age_months)


@dataclass(frozen=True)
class SecondaryOnly:
    """A topic whose every source is secondary."""

    owner: str
    topic: str
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]

    @property
    def what(self):
        return f"{self.owner} {self.topic.lower()}"


@dataclass(frozen=True)
class Unchecked:
    """A certification or body whose official page wasn't checked in time."""

    label: str
    url: str
    last_verified: datetime.date
    admin_url: str
    verify: str
    age_months: int

    @property
    def age(self):
        return age_text(self.age_months)

    @property
    def verify_kind(self):
        return self.verify.partition(":")[0]


@dataclass
class Report:
    today: datetime.date
    max_age_months: int
    verified_within_months: int
    dated: list[Fact] = field(default_factory=list)
    undated: list[Fact] = field(default_factory=list)
    secondary_only: list[SecondaryOnly] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)

    @property
    def stale(self):
        return [fact for fact in self.dated if fact.stale]

    @property
    def stale_count(self):
        """What is past the limits: stale facts and unchecked official pages."""
        return len(self.stale) + len(self.unchecked)

    @property
    def is_fresh(self):
        return self.stale_count == 0


def _admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _fee_what(fee, owner):
    kind = fee.get_kind_display().lower()
    if not kind.endswith(("fee", "dues")):
        kind += " fee"
    amount = (
        formatting.money(fee.amount, fee.currency)
        if fee.amount is not None
        else "not published"
    )
    return f"{owner} {kind} ({fee.get_audience_display().lower()}): {amount}"


def _requirement_text(requirement):
    try:
        return requirement.plain_text
    except (KeyError, TypeError, AttributeError):
        return requirement.get_kind_display()


def _certification_facts(certification):
    """Every sourced fact of one certification (its prefetched rows)."""
    code = certification.code
    topics = dict(FactTopic.choices)
    for link in certification.source_links.all():
        yield Fact(
            what=f"{code} {topics[link.topic].lower()} section",
            owner=code,
            topic=topics[link.topic],
            source=link.source,
            dated=link.source,
            admin_url=_admin_url(certification),
        )
    if certification.exam_source is not None:
        details = ", ".join(
            part
            for part in [
                formatting.questions(certification.exam_questions),
                formatting.duration(certification.exam_minutes),
            ]
            if part
        )
        yield Fact(
            what=f"{code} exam facts" + (f" ({details})" if details else ""),
            owner=code,
            topic=topics[FactTopic.EXAM],
            source=certification.exam_source,
            dated=certification.exam_source,
            admin_url=_admin_url(certification),
            verified_on=certification.exam_verified_on,
            verify=f"exam:{certification.pk}",
        )
    if certification.renewal_source is not None:
        rule = ""
        if certification.ceus_per_cycle and certification.cycle_years:
            rule = (
                f" ({certification.ceus_per_cycle} CEUs every "
                f"{certification.cycle_years} years)"
            )
        yield Fact(
            what=f"{code} renewal rule{rule}",
            owner=code,
            topic=topics[FactTopic.MAINTENANCE],
            source=certification.renewal_source,
            dated=certification.renewal_source,
            admin_url=_admin_url(certification),
            verified_on=certification.renewal_verified_on,
            verify=f"renewal:{certification.pk}",
        )
    for pathway in certification.pathways.all():
        topic = topics[pathway.topic]
        if pathway.source is not None:
            yield Fact(
                what=f"{code} route “{pathway.name}”",
                owner=code,
                topic=topic,
                source=pathway.source,
                dated=pathway.source,
                admin_url=_admin_url(pathway),
                verified_on=pathway.verified_on,
                verify=f"pathway:{pathway.pk}",
            )
        for requirement in pathway.requirements.all():
            if requirement.source is None:
                continue
            yield Fact(
                what=f"{code} requirement: {_requirement_text(requirement)}",
                owner=code,
                topic=topic,
                source=requirement.source,
                dated=requirement.source,
                admin_url=_admin_url(requirement),
                verified_on=requirement.verified_on,
                verify=f"requirement:{requirement.pk}",
            )
    for fee in certification.fees.all():
        yield _fee_fact(
            fee,
            code,
            topics[FactTopic.MAINTENANCE if fee.is_renewal else FactTopic.FEES],
        )


def _fee_fact(fee, owner, topic):
    return Fact(
        what=_fee_what(fee, owner),
        owner=owner,
        topic=topic,
        source=fee.source,
        dated=fee if fee.is_dated else fee.source,
        admin_url=_admin_url(fee),
        verified_on=fee.verified_on,
        verify=f"fee:{fee.pk}",
    )


def _outlook_fact(fact):
    owner = fact.certification.code if fact.certification_id else "The occupation"
    return Fact(
        what=f"{owner}: {fact.label.lower()} {fact.value}",
        owner=owner,
        topic=OUTLOOK_TOPIC,
        source=fact.source,
        dated=fact if fact.is_dated else fact.source,
        admin_url=_admin_url(fact),
    )


def sourced_facts():
    """Every sourced fact the public pages show, in 8 queries."""
    current_fees = Fee.objects.filter(is_current=True).select_related("source")
    certifications = (
        Certification.objects.published()
        .select_related("exam_source", "renewal_source")
        .prefetch_related(
            Prefetch(
                "source_links",
                queryset=CertificationSource.objects.select_related("source"),
            ),
            Prefetch(
                "pathways",
                queryset=EligibilityPathway.objects.select_related("source"),
            ),
            Prefetch(
                "pathways__requirements",
                queryset=Requirement.objects.select_related("source"),
            ),
            Prefetch("fees", queryset=current_fees),
        )
    )
    for certification in certifications:
        yield from _certification_facts(certification)
    bodies = CredentialingBody.objects.order_by("acronym").prefetch_related(
        Prefetch("fees", queryset=current_fees)
    )
    for body in bodies:
        for fee in body.fees.all():
            yield _fee_fact(fee, body.acronym, DUES_TOPIC)
    outlook = OutlookFact.objects.select_related("certification", "source").filter(
        Q(certification__isnull=True) | Q(certification__published=True)
    )
    for fact in outlook:
        yield _outlook_fact(fact)


def _aged(fact, today, max_age_months, verified_since):
    end = fact.dated.as_of_end
    if end is None:
        return fact
    age = months_between(end, today)
    verified = fact.verified_on is not None and fact.verified_on >= verified_since
    return dataclasses.replace(
        fact, age_months=age, stale=age > max_age_months and not verified
    )


def _secondary_only(facts):
    topics = {}
    for fact in facts:
        topics.setdefault((fact.owner, fact.topic), []).append(fact)
    found = []
    for (owner, topic), topic_facts in topics.items():
        if any(fact.source.kind in OFFICIAL_KINDS for fact in topic_facts):
            continue
        sources = {fact.source.pk: fact.source for fact in topic_facts}
        # One line a fact: a section linked to two sources is one fact here.
        unique = {}
        for fact in topic_facts:
            unique.setdefault(fact.what, fact)
        found.append(
            SecondaryOnly(
                owner=owner,
                topic=topic,
                facts=tuple(unique.values()),
                sources=tuple(sorted(sources.values(), key=lambda s: s.key)),
            )
        )
    return sorted(found, key=lambda row: (row.owner, row.topic))


def unchecked_pages(verified_since):
    """Published certifications and bodies last verified before `verified_since`,
    oldest first (2 queries)."""
    rows = []
    for certification in Certification.objects.published().filter(
        last_verified__lt=verified_since
    ):
        rows.append((certification, certification.official_url, "certification"))
    for body in CredentialingBody.objects.filter(last_verified__lt=verified_since):
        rows.append((body, body.website, "body"))
    return sorted(rows, key=lambda row: (row[0].last_verified, str(row[0])))


def build_report(*, max_age_months=12, verified_within_months=12, today=None):
    """The whole report, in 10 queries whatever the catalog's size."""
    today = today or timezone.localdate()
    verified_since = months_before(today, verified_within_months)
    report = Report(
        today=today,
        max_age_months=max_age_months,
        verified_within_months=verified_within_months,
    )
    facts = [
        _aged(fact, today, max_age_months, verified_since) for fact in sourced_facts()
    ]
    report.dated = sorted(
        (fact for fact in facts if fact.age_months is not None),
        key=lambda fact: (-fact.age_months, fact.owner, fact.what),
    )
    report.undated = sorted(
        (fact for fact in facts if fact.age_months is None),
        key=lambda fact: (fact.owner, fact.what),
    )
    report.secondary_only = _secondary_only(facts)
    report.unchecked = [
        Unchecked(
            label=str(obj),
            url=url,
            last_verified=obj.last_verified,
            admin_url=_admin_url(obj),
            verify=f"{kind}:{obj.pk}",
            age_months=months_between(obj.last_verified, today),
        )
        for obj, url, kind in unchecked_pages(verified_since)
    ]
    return report


# Marking a row verified: what each target names, and the date field it stamps.
VERIFY_TARGETS = {
    "certification": (Certification, "last_verified", "Marked verified"),
    "body": (CredentialingBody, "last_verified", "Marked verified"),
    "exam": (Certification, "exam_verified_on", "Marked the exam facts verified"),
    "renewal": (
        Certification,
        "renewal_verified_on",
        "Marked the renewal rule verified",
    ),
    "fee": (Fee, "verified_on", "Marked verified"),
    "pathway": (EligibilityPathway, "verified_on", "Marked verified"),
    "requirement": (Requirement, "verified_on", "Marked verified"),
}


def verify_target(target):
    """(model, field, message, pk) for "fee:12"; raises ValueError if unknown."""
    kind, _, pk = target.partition(":")
    if kind not in VERIFY_TARGETS or not pk.isdigit():
        raise ValueError(f"unknown target {target!r}")
    model, date_field, message = VERIFY_TARGETS[kind]
    return model, date_field, message, int(pk)


def mark_verified(*, target, user, today=None):
    """Stamp today's date on the row `target` names ("fee:12") and record it in
    that row's admin history, as the "Mark verified today" action does. Returns
    the row; raises `model.DoesNotExist` or ValueError."""
    today = today or timezone.localdate()
    model, date_field, message, pk = verify_target(target)
    obj = model.objects.get(pk=pk)
    model.objects.filter(pk=pk).update(**{date_field: today})
    setattr(obj, date_field, today)
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=f"{message} on {today:%Y-%m-%d}.",
    )
    return obj


def change_permission(target):
    """The permission `mark_verified(target=...)` needs: "catalog.change_fee"."""
    opts = verify_target(target)[0]._meta
    return f"{opts.app_label}.change_{opts.model_name}"


# The report as text and as data, for `manage.py freshness_report`.


def _fact_line(fact):
    source = fact.source
    age = f"{fact.age} old" if fact.age_months is not None else "undated"
    return (
        f"{fact.what} — {source.key} ({source.kind}), {fact.as_of}, {age}\n"
        f"    check {source.url}\n    edit {fact.admin_url}"
    )


def report_lines(report):
    """The report as plain text lines: what is stale first, then what can't be
    aged or rests only on secondary sources."""
    stale = report.stale
    lines = [
        f"Freshness report, {report.today:%Y-%m-%d}: sources older than "
        f"{report.max_age_months} months, official pages not checked in "
        f"{report.verified_within_months} months.",
        "",
        f"Stale facts: {len(stale)} of {len(report.dated)} dated facts, oldest first.",
        *(_fact_line(fact) for fact in stale),
        "",
        f"Official pages not checked: {len(report.unchecked)}.",
        *(
            f"{row.label}, last verified {row.last_verified:%Y-%m-%d} "
            f"({row.age} ago)\n    check {row.url or '(no official page recorded)'}"
            f"\n    edit {row.admin_url}"
            for row in report.unchecked
        ),
        "",
        f"Resting only on secondary sources: {len(report.secondary_only)} topics.",
        *(
            f"{row.what}: {', '.join(source.key for source in row.sources)}"
            for row in report.secondary_only
        ),
        "",
        f"Undated, can't be aged: {len(report.undated)} facts.",
        *(_fact_line(fact) for fact in report.undated),
    ]
    return lines


def _source_data(source):
    return {
        "key": source.key,
        "title": source.title,
        "url": source.url,
        "kind": source.kind,
        "as_of": source.as_of,
    }


def _fact_data(fact):
    return {
        "what": fact.what,
        "owner": fact.owner,
        "topic": fact.topic,
        "source": _source_data(fact.source),
        "as_of": fact.as_of,
        "age_months": fact.age_months,
        "stale": fact.stale,
        "verified_on": fact.verified_on.isoformat() if fact.verified_on else None,
        "admin_url": fact.admin_url,
    }


def report_data(report):
    """The report as JSON-ready data."""
    return {
        "date": report.today.isoformat(),
        "max_age_months": report.max_age_months,
        "verified_within_months": report.verified_within_months,
        "stale_count": report.stale_count,
        "facts": [_fact_data(fact) for fact in report.dated],
        "undated": [_fact_data(fact) for fact in report.undated],
        "secondary_only": [
            {
                "owner": row.owner,
                "topic": row.topic,
                "facts": [fact.what for fact in row.facts],
                "sources": [_source_data(source) for source in row.sources],
            }
            for row in report.secondary_only
        ],
        "unchecked": [
            {
                "what": row.label,
                "url": row.url,
                "last_verified": row.last_verified.isoformat(),
                "age_months": row.age_months,
                "admin_url": row.admin_url,
            }
            for row in report.unchecked
        ],
    }
