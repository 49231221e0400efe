"""The certification catalog: bodies, certifications, how to qualify, what it costs.

Every fact a person sees points at a `Source` (URL, title, the date the page gives)
and each certification carries the date an editor last verified it.
"""

import datetime
import decimal
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Upper
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from catalog import dates, eligibility, requirements, validators
from certportal.cache import catalog_changed

REVIEW_AFTER_DAYS = 365


def review_cutoff(today=None):
    """Facts last verified before this date need an editor's review."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=REVIEW_AFTER_DAYS)


class DatedFact(models.Model):
    """The date a source gives for a fact, as a real date with its precision
    (`catalog.dates`): "as of" May 2026, 2026, 12 May 2026, or undated.

    `as_of` reads it as people do ("2026 (implied)"); assigning text to it, as
    the seed file and tests do, parses the text (`catalog.dates.parse_as_of`)."""

    as_of_date = models.DateField(
        "as of",
        null=True,
        blank=True,
        help_text="The date the source gives: for a month or a year, its first day "
        "(choose the precision beside it). Empty: undated.",
    )
    as_of_precision = models.CharField(
        "precision",
        max_length=10,
        choices=dates.Precision,
        default=dates.Precision.UNDATED,
    )
    as_of_note = models.CharField(
        "date note",
        max_length=200,
        blank=True,
        help_text="What the date alone can't say, e.g. “implied by its 2025 pass "
        "rate”.",
    )

    class Meta:
        abstract = True

    @property
    def as_of(self):
        return dates.as_of_text(self.as_of_date, self.as_of_precision, self.as_of_note)

    @as_of.setter
    def as_of(self, text):
        self.as_of_date, self.as_of_precision, self.as_of_note = dates.parse_as_of(text)

    @property
    def is_dated(self):
        """Whether the source says anything of the date (a date or a note)."""
        return self.as_of_date is not None or bool(self.as_of_note)

    @property
    def as_of_end(self):
        """The last day its date can mean (a month's or a year's last day)."""
        return dates.period_end(self.as_of_date, self.as_of_precision)

    def clean_as_of(self, today=None):
        """Errors of the date fields: a date and its precision agree, and the date
        has come (a source can't be dated in the future)."""
        errors = {}
        today = today or timezone.localdate()
        if self.as_of_date is None and self.as_of_precision != dates.Precision.UNDATED:
            errors["as_of_date"] = "Give the date, or choose “Undated”."
        elif self.as_of_date is not None:
            if self.as_of_precision == dates.Precision.UNDATED:
                errors["as_of_precision"] = (
                    "Choose whether the date is a day, a month or a year."
                )
            elif dates.is_future(self.as_of_date, today):
                errors["as_of_date"] = (
                    f"The date can't be in the future (today is {today:%Y-%m-%d})."
                )
            else:
                # A month or a year is kept as its first day.
                if self.as_of_precision == dates.Precision.MONTH:
                    self.as_of_date = self.as_of_date.replace(day=1)
                elif self.as_of_precision == dates.Precision.YEAR:
                    self.as_of_date = self.as_of_date.replace(month=1, day=1)
        return errors


class CatalogQuerySet(models.QuerySet):
    """Bulk writes to catalog rows: each makes the cached pages stale
    (`certportal.cache.catalog_changed`), so a bulk update can't forget to."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        catalog_changed(self.db)
        return count

    update.alters_data = True

    def delete(self):
        result = super().delete()
        catalog_changed(self.db)
        return result

    delete.alters_data = True
    delete.queryset_only = True  # no `Model.objects.delete()`, as in Django

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        catalog_changed(self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        catalog_changed(self.db)
        return count


class CatalogModel(models.Model):
    """A catalog row: saving or deleting it makes the cached pages stale.

    Together with `CatalogQuerySet` and `catalog_links_changed` (many-to-many
    links) this is every way the catalog changes through the ORM; see
    `certportal.cache` for what goes stale and when."""

    objects = CatalogQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        catalog_changed(self._state.db)

    def delete(self, *args, **kwargs):
        using = self._state.db
        result = super().delete(*args, **kwargs)
        catalog_changed(using)
        return result


class ReviewedQuerySet(CatalogQuerySet):
    def needing_review(self, today=None):
        return self.filter(last_verified__lt=review_cutoff(today))

    def up_to_date(self, today=None):
        return self.filter(last_verified__gte=review_cutoff(today))


class SourceKind(models.TextChoices):
    OFFICIAL = "official", "Official page of the body or organisation itself"
    OFFICIAL_COPY = "official_copy", "Copy or mirror of an official page"
    GOVERNMENT = "government", "Government page"
    SECONDARY = "secondary", "Secondary source"


class Source(DatedFact, CatalogModel):
    Kind = SourceKind

    key = models.SlugField(
        max_length=20,
        unique=True,
        help_text="Short id from the research notes, e.g. A01 or P05.",
    )
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300)
    accessed_on = models.DateField(help_text="When the page was read.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SECONDARY)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.title}"

    @property
    def address_warning(self):
        """Why the link may not be the public page, from its address: a staging or
        test host, a raw load-balancer name, a preview site, or an address the
        research recorded shortened. "" for an ordinary address."""
        host = urlsplit(self.url).hostname or ""
        if "..." in self.url or "…" in self.url:
            return "the address was recorded shortened and may not open"
        if re.match(r"(cms|conference)-test\.|.*-test\.", host):
            return "a test copy of the body's site, not its public page"
        if host.endswith(".elb.amazonaws.com"):
            return "a server address, not the body's public site"
        if host.endswith(".pages.dev"):
            return "a preview site"
        return ""

    @property
    def newest_year(self):
        """The year of its date ("2024-2025" is dated 2025), or None if undated."""
        return self.as_of_date.year if self.as_of_date else None

    @property
    def is_current_page(self):
        """The body's current page, as the research recorded it: its date note says
        "current", or its date is at most two years before the page was read."""
        if "current" in self.as_of_note.lower():
            return True
        year = self.newest_year
        return year is not None and year >= self.accessed_on.year - 2

    def clean(self):
        if errors := self.clean_as_of():
            raise ValidationError(errors)

    @property
    def is_official(self):
        return self.kind == self.Kind.OFFICIAL

    @classmethod
    def from_json(cls, values):
        """A source from the JSON of `catalog.queries.source_json` (every field)."""
        values = {
            **values,
            "accessed_on": datetime.date.fromisoformat(values["accessed_on"]),
            "as_of_date": _date(values["as_of_date"]),
        }
        names = [field.attname for field in cls._meta.concrete_fields]
        return cls.from_db(None, names, [values[name] for name in names])


class CareSetting(CatalogModel):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Membership(models.TextChoices):
    REQUIRED = "required", "Required"
    NOT_REQUIRED = "not_required", "Not required"
    UNKNOWN = "unknown", "Not published"


class CredentialingBody(CatalogModel):
    acronym = models.CharField(max_length=20, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    website = models.URLField()
    summary = models.TextField(blank=True)
    membership_required_to_test = models.CharField(
        max_length=20, choices=Membership, default=Membership.UNKNOWN
    )
    membership_note = models.TextField(
        blank=True, help_text="What membership gives and any rule about it."
    )
    renewal_rules = models.TextField(
        blank=True, help_text="How this body's credentials are kept, in plain words."
    )
    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The youngest age at which this body lets a person sit its exams, "
        "where it publishes one. Empty: not published (people still in high school "
        "are told to ask).",
    )
    extra_credential_ceus = models.PositiveSmallIntegerField(
        "CEUs added per extra credential",
        null=True,
        blank=True,
        help_text="How many more CEUs a cycle asks for each further credential of "
        "this body a person holds (AHIMA 10, AAPC 4). Empty: not published.",
    )
    max_ceus = models.PositiveSmallIntegerField(
        "most CEUs asked in a cycle",
        null=True,
        blank=True,
        help_text="The cap on CEUs per cycle however many credentials are held.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="bodies")
    last_verified = models.DateField()

    objects = ReviewedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name_plural = "credentialing bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(membership_required_to_test__in=Membership.values),
                name="body_membership_known",
            ),
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("catalog:body_detail", args=[self.slug])

    @property
    def needs_review(self):
        return self.last_verified < review_cutoff()


SEARCH_CONFIG = "english"
# The fields `search_vector` reads from the certification row itself.
SEARCHED_FIELDS = frozenset(["code", "name", "specialty", "summary", "suits"])


def search_vector():
    """The weighted document full-text search reads: code, name and former names
    weigh most (A), then specialty and summary (B), then who it suits (C)."""
    former_names = Subquery(
        FormerName.objects.filter(certification=OuterRef("pk"))
        .values("certification")
        .annotate(names=StringAgg("name", delimiter=Value(" ")))
        .values("names")
    )
    return (
        SearchVector("code", "name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(former_names, Value(""), output_field=TextField()),
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector("specialty", "summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("suits", weight="C", config=SEARCH_CONFIG)
    )


@dataclass(frozen=True, order=True)
class CertificationLink:
    """Enough of a published certification to link to it: its code and name, and
    its body's acronym when the page shows it."""

    code: str
    name: str
    body_acronym: str = ""

    def get_absolute_url(self):
        return reverse("catalog:certification_detail", args=[self.code])


def _decimal(value):
    """A JSON row's number as the Decimal its field holds (None stays None)."""
    return None if value is None else decimal.Decimal(str(value))


def _date(value):
    """A JSON row's date (ISO text) as a date (None stays None)."""
    return None if value is None else datetime.date.fromisoformat(value)


class CertificationQuerySet(ReviewedQuerySet):
    def published(self):
        return self.filter(published=True)

    def refresh_search_documents(self):
        """Store `search_vector()` in `search_document` for these certifications,
        in one UPDATE. Does nothing off PostgreSQL, where search is a plain match.

        A certification's and its former names' `save()` and `delete()` call it;
        so must a bulk load (`catalog.seed`), which saves in bulk."""
        if connections[self.db].vendor != "postgresql":
            return 0
        return self.update(search_document=search_vector())

    def open_with_education(self, education):
        """Certifications with at least one pathway that this education level opens.

        `education` is one of `requirements.EDUCATION_FILTERS`: "none" means a pathway
        asks for no education at all; "high_school" a diploma or equivalent at most;
        "him_program" includes pathways through a CAHIIM-accredited HIM program.
        """
        blocking_kinds = requirements.kinds_blocking_education(education)
        blocking = Requirement.objects.filter(
            pathway=OuterRef("pk"), kind__in=blocking_kinds
        )
        open_pathways = EligibilityPathway.objects.filter(
            certification=OuterRef("pk"), purpose=EligibilityPathway.Purpose.ELIGIBILITY
        ).exclude(Exists(blocking))
        return self.filter(Exists(open_pathways))


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    UNCERTAIN = "uncertain", "Status unclear"
    RETIRED = "retired", "Retired"


class CertificationLevel(models.TextChoices):
    ENTRY = "entry", "Entry level"
    PROFESSIONAL = "professional", "Professional"
    SPECIALTY = "specialty", "Specialty"
    ADVANCED = "advanced", "Advanced"


class StartingPoint(models.TextChoices):
    """Whom a credential suits as a first step, from the body's own words on who
    should sit it and its recommended preparation (not only from its level: the CPC
    is a professional credential that beginners can sit and hold as a CPC-A)."""

    BEGINNER = "beginner", "Suits beginners"
    EXPERIENCED = "experienced", "Meant for experienced coders"


class CertificationCategory(models.TextChoices):
    CODING = "coding", "Coding"
    BILLING = "billing", "Billing and reimbursement"
    HIM = "him", "Health information management"
    AUDITING = "auditing", "Auditing, compliance and documentation"
    MANAGEMENT = "management", "Practice management"


class Certification(CatalogModel):
    Status = CertificationStatus

    Level = CertificationLevel

    StartingPoint = StartingPoint

    Category = CertificationCategory

    body = models.ForeignKey(
        CredentialingBody, on_delete=models.PROTECT, related_name="certifications"
    )
    # The identity in URLs and the API, in any case: unique whatever its case (see
    # Meta.constraints), shown and linked as stored (/certifications/CCS-P/).
    code = models.CharField(max_length=20, db_index=True)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status, default=Status.ACTIVE)
    status_note = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )
    level = models.CharField(max_length=20, choices=Level)
    category = models.CharField(
        max_length=20, choices=Category, default=Category.CODING
    )
    care_settings = models.ManyToManyField(
        CareSetting, blank=True, related_name="certifications"
    )
    specialty = models.CharField(max_length=100, blank=True)
    summary = models.TextField()
    suits = models.TextField("who it suits", blank=True)
    eligibility_note = models.TextField(
        blank=True, help_text="Plain-words context for the pathways (shown above them)."
    )
    starting_point = models.CharField(
        max_length=20,
        choices=StartingPoint,
        default=StartingPoint.EXPERIENCED,
        help_text="Whether a beginner should start with this credential.",
    )
    starting_point_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why, in one line, e.g. “AAPC needs no experience to sit it”.",
    )
    starting_point_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    preparation_months_min = models.PositiveSmallIntegerField(
        "preparation, fewest months", null=True, blank=True
    )
    preparation_months_max = models.PositiveSmallIntegerField(
        "preparation, most months", null=True, blank=True
    )
    preparation_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the preparation time covers, e.g. “AAPC's online CPC course”.",
    )
    preparation_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    exam_questions = models.CharField(max_length=300, blank=True)
    exam_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    exam_format = models.TextField(blank=True)
    exam_delivery = models.TextField(blank=True)
    exam_open_book = models.BooleanField(
        null=True, blank=True, help_text="Code books allowed in the exam."
    )
    exam_passing = models.CharField(max_length=200, blank=True)
    exam_note = models.TextField(blank=True)
    exam_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The page the exam facts come from (set by “Update the exam facts”).",
    )
    exam_verified_on = models.DateField(
        "exam facts last verified", null=True, blank=True
    )

    apprentice_designation = models.CharField(
        max_length=20,
        blank=True,
        help_text="e.g. CPC-A: given to those who pass without the experience.",
    )
    apprentice_note = models.TextField(blank=True)

    ceus_per_cycle = models.PositiveSmallIntegerField(null=True, blank=True)
    cycle_years = models.PositiveSmallIntegerField(null=True, blank=True)
    maintenance_note = models.TextField(blank=True)
    renewal_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The page the renewal rule comes from (set by “Update the "
        "renewal rule”).",
    )
    renewal_verified_on = models.DateField(
        "renewal rule last verified", null=True, blank=True
    )

    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    official_url = models.URLField(max_length=500, blank=True)
    sources = models.ManyToManyField(
        Source, through="CertificationSource", related_name="certifications"
    )
    last_verified = models.DateField()
    published = models.BooleanField(
        default=False, help_text="Drafts stay out of every public page and the API."
    )
    # What full-text search reads on PostgreSQL, kept current by `save()` and the
    # former names' (`refresh_search_documents`); NULL (and unused) elsewhere.
    search_document = SearchVectorField(null=True, blank=True, editable=False)

    objects = CertificationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                Upper("code"),
                name="certification_code_unique_in_any_case",
                violation_error_message=(
                    "A certification with this code already exists: codes are the "
                    "same whatever their case (CPC and cpc are one code)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CertificationStatus.values),
                name="certification_status_known",
            ),
            models.CheckConstraint(
                condition=Q(level__in=CertificationLevel.values),
                name="certification_level_known",
            ),
            models.CheckConstraint(
                condition=Q(category__in=CertificationCategory.values),
                name="certification_category_known",
            ),
            models.CheckConstraint(
                condition=Q(starting_point__in=StartingPoint.values),
                name="certification_starting_point_known",
            ),
            models.CheckConstraint(
                condition=Q(preparation_months_min__isnull=True)
                | Q(preparation_months_max__isnull=True)
                | Q(preparation_months_min__lte=models.F("preparation_months_max")),
                name="certification_preparation_range_in_order",
                violation_error_message="The fewest months of preparation can't be "
                "more than the most.",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")),
                name="certification_not_replaced_by_itself",
            ),
            models.CheckConstraint(
                condition=Q(cycle_years__isnull=True) | Q(cycle_years__gte=1),
                name="certification_cycle_years_positive",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.name})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not SEARCHED_FIELDS.isdisjoint(update_fields):
            Certification.objects.using(self._state.db).filter(
                pk=self.pk
            ).refresh_search_documents()

    def get_absolute_url(self):
        return reverse("catalog:certification_detail", args=[self.code])

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def needs_review(self):
        return self.last_verified < review_cutoff()

    @property
    def public_successor(self):
        """The certification that replaced this one, if people can see it."""
        if self.replaced_by and self.replaced_by.published:
            return self.replaced_by
        return None

    # The short lists the pages show. `catalog.queries` brings them back inside the
    # certification's own row, as JSON (`json_rows`), in place of a query each; a
    # certification loaded any other way reads them from the database.

    def _json_rows(self, name):
        """The rows of the annotation `name`; None when it was not loaded."""
        if not hasattr(self, name):
            return None
        return getattr(self, name) or []

    @cached_property
    def care_setting_list(self):
        rows = self._json_rows("care_settings_json")
        if rows is None:
            return list(self.care_settings.all())
        settings = [CareSetting(**row) for row in rows]
        return sorted(settings, key=lambda setting: (setting.order, setting.name))

    @cached_property
    def former_name_list(self):
        rows = self._json_rows("former_names_json")
        if rows is None:
            return list(self.former_names.all())
        names = [FormerName(certification=self, **row) for row in rows]
        return sorted(names, key=lambda former: former.name)

    @cached_property
    def related_list(self):
        """The published related certifications, as links."""
        rows = self._json_rows("related_json")
        if rows is None:
            rows = self.related.published().values(
                "code", "name", body_acronym=models.F("body__acronym")
            )
        return sorted(CertificationLink(**row) for row in rows)

    @cached_property
    def replaces_list(self):
        """The published certifications this one replaced, as links."""
        rows = self._json_rows("replaces_json")
        if rows is None:
            rows = self.replaces.published().values("code", "name")
        return sorted(CertificationLink(**row) for row in rows)

    @cached_property
    def source_link_list(self):
        rows = self._json_rows("source_links_json")
        if rows is None:
            return list(self.source_links.select_related("source"))
        links = [
            CertificationSource(topic=row["topic"], source=self._source(row["source"]))
            for row in rows
        ]
        return sorted(links, key=lambda link: (link.topic, link.source.key))

    @cached_property
    def caveat_list(self):
        """Its caveats, each with `source_list`: the sources it cites."""
        rows = self._json_rows("caveats_json")
        if rows is None:
            caveats = list(self.caveats.all())
            for caveat in caveats:
                caveat.source_list = list(caveat.sources.all())
            return caveats
        caveats = sorted(
            (Caveat(certification=self, **row) for row in rows),
            key=lambda caveat: (caveat.topic, caveat.pk),
        )
        cited = {}
        for row in self._json_rows("caveat_sources_json"):
            cited.setdefault(row["caveat"], []).append(self._source(row["source"]))
        for caveat in caveats:
            caveat.source_list = sorted(
                cited.get(caveat.pk, []), key=lambda source: source.key
            )
        return caveats

    @cached_property
    def outlook_fact_list(self):
        """Pay and jobs figures for the holders of this credential, each with its
        source (`certification_pages` reads them in the certification's row)."""
        rows = self._json_rows("outlook_json")
        if rows is None:
            return list(self.outlook_facts.select_related("source"))
        facts = [
            OutlookFact(
                certification_id=self.pk,
                **{
                    **row,
                    "number": _decimal(row["number"]),
                    "as_of_date": _date(row["as_of_date"]),
                    "source": self._source(row["source"]),
                },
            )
            for row in rows
        ]
        return sorted(facts, key=lambda fact: (fact.order, fact.pk))

    @cached_property
    def body_fee_list(self):
        """Its body's fees (membership dues…), each with its source."""
        rows = self._json_rows("body_fees_json")
        if rows is None:
            return list(self.body.fees.select_related("source"))
        fees = [
            Fee(
                body_id=self.body_id,
                **{
                    **row,
                    "amount": _decimal(row["amount"]),
                    "as_of_date": _date(row["as_of_date"]),
                    "is_current": bool(row["is_current"]),
                    "sources_disagree": bool(row["sources_disagree"]),
                    "source": self._source(row["source"]),
                },
            )
            for row in rows
        ]
        return sorted(fees, key=lambda fee: (fee.kind, fee.order, fee.pk))

    def _source(self, values):
        """The `Source` of `catalog.queries.source_json` values, made once per page
        however many facts cite it."""
        sources = self.__dict__.setdefault("_sources_by_id", {})
        if values["id"] not in sources:
            sources[values["id"]] = Source.from_json(values)
        return sources[values["id"]]

    def as_rules(self):
        """This certification as plain engine rules (`catalog.eligibility`).

        Reads prefetched pathways, requirements, care settings and caveats (see
        `catalog.queries.eligibility_rules`).
        """

        def pathway_rules(pathway):
            return eligibility.Pathway(
                key=pathway.key,
                name=pathway.name,
                rules=tuple(
                    eligibility.Rule(r.kind, r.params, r.text)
                    for r in pathway.requirements.all()
                ),
                confidence=pathway.confidence,
                note=pathway.note,
                condition=pathway.condition,
            )

        pathways = list(self.pathways.all())
        # What is unsure about the routes; "what changed" notes are history, not
        # caveats on anyone's verdict.
        caveats = [
            caveat.text
            for caveat in self.caveats.all()
            if caveat.topic in (FactTopic.ELIGIBILITY, FactTopic.APPRENTICE)
            and caveat.kind != CaveatKind.HISTORY
        ]
        if self.status == self.Status.UNCERTAIN and self.status_note:
            caveats.insert(0, self.status_note)
        return eligibility.CertificationRules(
            code=self.code,
            name=self.name,
            body=self.body.acronym,
            pathways=tuple(
                pathway_rules(p)
                for p in pathways
                if p.purpose == EligibilityPathway.Purpose.ELIGIBILITY
            ),
            care_settings=frozenset(s.slug for s in self.care_settings.all()),
            apprentice_designation=self.apprentice_designation,
            apprentice_pathways=tuple(
                pathway_rules(p)
                for p in pathways
                if p.purpose == EligibilityPathway.Purpose.APPRENTICE_REMOVAL
            ),
            caveats=tuple(caveats),
            url=self.get_absolute_url(),
            retired=self.status == self.Status.RETIRED,
            status_unclear=self.status == self.Status.UNCERTAIN,
            level=self.level,
            starting_point=self.starting_point,
            minimum_age=self.body.minimum_age,
        )

    def sources_by_topic(self):
        """Every source behind the page, by the topic it supports: {topic: [source]}.

        Reads the links, pathways, recommendations, fees and caveats that
        `catalog.queries.certification_pages` loads, so it costs no query there.
        """
        by_topic = {topic: {} for topic in FactTopic.values}

        def add(topic, source):
            if source is not None:
                by_topic[topic].setdefault(source.pk, source)

        for link in self.source_link_list:
            add(link.topic, link.source)
        for pathway in self.pathways.all():
            topic = pathway.topic
            add(topic, pathway.source)
            for requirement in pathway.requirements.all():
                add(topic, requirement.source)
        for recommendation in self.recommendations.all():
            add(FactTopic.ELIGIBILITY, recommendation.source)
        for fee in self.fees.all():
            add(FactTopic.MAINTENANCE if fee.is_renewal else FactTopic.FEES, fee.source)
        for caveat in self.caveat_list:
            for source in caveat.source_list:
                add(caveat.topic, source)
        return {
            topic: list(sources.values())
            for topic, sources in by_topic.items()
            if sources
        }

    def clean(self):
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError(
                {"replaced_by": "A certification cannot replace itself."}
            )


class FactTopic(models.TextChoices):
    GENERAL = "general", "Overview and status"
    ELIGIBILITY = "eligibility", "Eligibility"
    EXAM = "exam", "Exam"
    FEES = "fees", "Costs"
    MAINTENANCE = "maintenance", "Renewal"
    APPRENTICE = "apprentice", "Apprentice designation"


class CertificationSource(CatalogModel):
    """Which source supports which part of a certification's page."""

    Topic = FactTopic

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="source_links"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certification_links"
    )
    topic = models.CharField(max_length=20, choices=Topic, default=Topic.GENERAL)

    class Meta:
        ordering = ["topic", "source__key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=FactTopic.values),
                name="certification_source_topic_known",
            ),
            models.UniqueConstraint(
                fields=["certification", "source", "topic"],
                name="unique_certification_source_topic",
            ),
        ]

    def __str__(self):
        return (
            f"{self.certification.code} — {self.get_topic_display()}: {self.source.key}"
        )


class FormerName(CatalogModel):
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "name"], name="unique_former_name"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._refresh_search_document(self._state.db)

    def delete(self, *args, **kwargs):
        using = self._state.db
        result = super().delete(*args, **kwargs)
        self._refresh_search_document(using)
        return result

    def _refresh_search_document(self, using):
        """A former name added, renamed or deleted changes its certification's."""
        Certification.objects.using(using).filter(
            pk=self.certification_id
        ).refresh_search_documents()


class PathwayPurpose(models.TextChoices):
    ELIGIBILITY = "eligibility", "Sit the exam"
    APPRENTICE_REMOVAL = "apprentice_removal", "Remove the apprentice designation"


class PathwayConfidence(models.TextChoices):
    HIGH = "high", "High: the body's own page"
    MEDIUM = (
        "medium",
        "Medium: an undated or mirrored official page, or agreeing sources",
    )
    LOW = "low", "Low: a single secondary source"


class EligibilityPathway(CatalogModel):
    """One way to qualify. A person qualifies through any one pathway of its purpose."""

    Purpose = PathwayPurpose

    Confidence = PathwayConfidence

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="pathways"
    )
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    purpose = models.CharField(
        max_length=20, choices=Purpose, default=Purpose.ELIGIBILITY
    )
    order = models.PositiveSmallIntegerField(default=0)
    confidence = models.CharField(
        max_length=10, choices=Confidence, default=Confidence.MEDIUM
    )
    note = models.TextField(blank=True)
    condition = models.CharField(
        max_length=300,
        blank=True,
        help_text="What must still follow for a credential won by this route to "
        "count, e.g. “the credential can't be used until AHIMA receives your final "
        "transcript”. Shown to everyone this route is judged by.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_on = models.DateField("last verified", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["certification", "purpose", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=PathwayPurpose.values),
                name="pathway_purpose_known",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=PathwayConfidence.values),
                name="pathway_confidence_known",
            ),
            models.UniqueConstraint(
                fields=["certification", "key"], name="unique_pathway_key"
            ),
        ]

    def __str__(self):
        return f"{self.certification.code}: {self.name}"

    def get_absolute_url(self):
        return self.certification.get_absolute_url()

    @property
    def topic(self):
        """The part of the page its facts support: eligibility, or the apprentice
        designation for a route that removes it."""
        if self.purpose == PathwayPurpose.ELIGIBILITY:
            return FactTopic.ELIGIBILITY
        return FactTopic.APPRENTICE


class Requirement(CatalogModel):
    """One condition of a pathway; all of a pathway's requirements must hold.

    `kind` says what is checked and `params` its values, in the shape
    `catalog.requirements` defines for that kind (validated in `clean()` by
    `catalog.validators`).
    """

    Kind = requirements.Kind

    pathway = models.ForeignKey(
        EligibilityPathway, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(
        max_length=30, choices=[(kind.value, kind.label) for kind in Kind]
    )
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Plain words shown to people. Left empty, it is written from the kind.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_on = models.DateField("last verified", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pathway", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in requirements.Kind]),
                name="requirement_kind_known",
            )
        ]

    def __str__(self):
        return self.plain_text

    @property
    def plain_text(self):
        return self.text or requirements.describe(self.kind, self.params)

    def clean(self):
        try:
            self.params = validators.validate_params(self.kind, self.params)
        except ValidationError as error:
            raise ValidationError({"params": error.messages}) from error


class Recommendation(CatalogModel):
    """Advice that never blocks, e.g. "6 months of coding experience"."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["certification", "order", "pk"]

    def __str__(self):
        return self.text


class FeeKind(models.TextChoices):
    EXAM = "exam", "Exam"
    RETAKE = "retake", "Retake"
    APPLICATION = "application", "Application"
    RENEWAL = "renewal", "Renewal"
    MEMBERSHIP = "membership", "Membership dues"
    LATE = "late", "Late fee"
    REINSTATEMENT = "reinstatement", "Reinstatement"


class FeeAudience(models.TextChoices):
    MEMBER = "member", "Member"
    NON_MEMBER = "non_member", "Non-member"
    STUDENT = "student", "Student"
    EVERYONE = "everyone", "Everyone"


class Fee(DatedFact, CatalogModel):
    """A price, of a certification (exam, retake, renewal) or of a body (membership).

    An empty amount means the source names the fee but no current amount. What a
    page then shows follows the cost rule (`catalog.costs`): an estimate from the
    figures other sources give, with those sources, or "not published", never a
    guess.
    """

    Kind = FeeKind

    Audience = FeeAudience

    certification = models.ForeignKey(
        Certification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fees",
    )
    body = models.ForeignKey(
        CredentialingBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fees",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    audience = models.CharField(max_length=20, choices=Audience)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="fees")
    is_current = models.BooleanField(
        "current figure",
        default=True,
        help_text="Untick for an older or superseded price: it is then listed as an "
        "earlier figure and never shown as the price.",
    )
    sources_disagree = models.BooleanField(
        "sources disagree",
        default=False,
        help_text="Tick to keep this figure current beside another current figure "
        "for the same fee and audience that differs from it: the page then shows "
        "both, with their sources, as sources that disagree.",
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        editable=False,
        help_text="The figure that replaced this one (“Update this fee”).",
    )
    verified_on = models.DateField(
        "last verified",
        null=True,
        blank=True,
        help_text="When an editor last checked this figure against its source.",
    )

    history = HistoricalRecords()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeeKind.values),
                name="fee_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=FeeAudience.values),
                name="fee_audience_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(certification__isnull=False, body__isnull=True)
                    | Q(certification__isnull=True, body__isnull=False)
                ),
                name="fee_belongs_to_certification_or_body",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="fee_amount_not_negative",
            ),
        ]

    def __str__(self):
        owner = self.certification or self.body
        amount = f"{self.amount} {self.currency}" if self.amount is not None else "n/p"
        return f"{owner} {self.get_kind_display()} ({self.get_audience_display()}): {amount}"

    def get_absolute_url(self):
        owner = self.certification or self.body
        return owner.get_absolute_url()

    @property
    def is_published(self):
        return self.amount is not None

    @property
    def is_renewal(self):
        """A fee of keeping the credential rather than of earning it."""
        return self.kind in {self.Kind.RENEWAL, self.Kind.LATE, self.Kind.REINSTATEMENT}

    @property
    def owner(self):
        return self.certification or self.body

    @property
    def amount_text(self):
        if self.amount is None:
            return "not published"
        return f"{self.amount} {self.currency}"

    def describe(self):
        """ "CCA renewal (member)": which fee this is, for messages."""
        owner = self.owner
        code = getattr(owner, "code", None) or getattr(owner, "acronym", "")
        return f"{code} {self.get_kind_display().lower()} ({self.get_audience_display().lower()})"

    def current_figures(self):
        """The current figures of this fee's owner, kind and audience (this one
        among them once it is saved and current)."""
        figures = Fee.objects.filter(
            kind=self.kind, audience=self.audience, is_current=True
        ).select_related("source")
        if self.certification_id:
            return figures.filter(certification_id=self.certification_id)
        return figures.filter(body_id=self.body_id)

    def rival_figures(self):
        """The other current figures for the same fee and audience that differ
        from this one (an agreeing figure from another source is no rival)."""
        owner = self.certification or self.body
        if owner is None or owner.pk is None or not self.is_current:
            return Fee.objects.none()
        rivals = self.current_figures()
        if self.pk is not None:
            rivals = rivals.exclude(pk=self.pk)
        if self.amount is None:
            return rivals.exclude(amount__isnull=True)
        return rivals.exclude(amount=self.amount, currency=self.currency)

    @staticmethod
    def figures_text(fees):
        """ "199.00 USD (X02, 2026 (implied)); not published (A07, …)"."""
        return "; ".join(
            f"{fee.amount_text} ({fee.source.key}, {fee.as_of})" for fee in fees
        )

    def clean(self):
        # Compare the related objects, not their ids: a fee added in the same form
        # as a new certification points at an owner that has no id yet.
        if (self.certification is None) == (self.body is None):
            raise ValidationError(
                "A fee belongs to exactly one certification or one body: choose one."
            )
        errors = self.clean_as_of()
        if self.kind and self.audience and not self.sources_disagree:
            rivals = list(self.rival_figures())
            if rivals:
                errors["amount"] = (
                    f"{self.describe()} already has a current figure: "
                    f"{self.figures_text(rivals)}. "
                    "Use “Update this fee” to replace it, or tick “Sources disagree” "
                    "to keep both as a recorded disagreement."
                )
        if errors:
            raise ValidationError(errors)


class CaveatKind(models.TextChoices):
    CONFLICT = "conflict", "Sources disagree"
    UNCERTAIN = "uncertain", "Not confirmed"
    HISTORY = "history", "What changed"


class Caveat(CatalogModel):
    """An uncertain or conflicting fact, shown beside the section it concerns."""

    Kind = CaveatKind

    Topic = FactTopic

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="caveats"
    )
    topic = models.CharField(max_length=20, choices=Topic, default=Topic.GENERAL)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.UNCERTAIN)
    text = models.TextField()
    sources = models.ManyToManyField(Source, blank=True, related_name="caveats")

    history = HistoricalRecords()

    class Meta:
        ordering = ["certification", "topic", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CaveatKind.values),
                name="caveat_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(topic__in=FactTopic.values),
                name="caveat_topic_known",
            ),
        ]

    def __str__(self):
        return f"{self.certification.code}: {self.text[:60]}"


class GlossaryTerm(CatalogModel):
    """A word the catalog uses, in plain words, with the page that defines it.

    The glossary page lists every term; `catalog.formatting.link_glossary_terms`
    links a term's first mention in a text to it."""

    term = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    definition = models.TextField(
        "plain definition",
        help_text="One or two sentences a school leaver understands.",
    )
    also_called = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other names or examples, comma-separated (e.g. CPC-A); their "
        "first mention in a text links here too.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="glossary_terms"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('catalog:glossary')}#{self.slug}"

    @property
    def other_names(self):
        return [name.strip() for name in self.also_called.split(",") if name.strip()]


class OutlookFact(DatedFact, CatalogModel):
    """A figure on pay or jobs, for the occupation (no certification) or for the
    holders of one credential, as its source gives it."""

    key = models.SlugField(
        max_length=50, unique=True, help_text="Short id, e.g. bls-median-pay."
    )
    label = models.CharField(max_length=100, help_text="e.g. “Median pay”.")
    value = models.CharField(
        max_length=200, help_text="As people read it, e.g. “$44,090 a year”."
    )
    number = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure alone (44090), for sorting and data; empty if none.",
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text="What the number counts, e.g. USD a year."
    )
    certification = models.ForeignKey(
        Certification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outlook_facts",
        help_text="Empty: the figure is for the whole occupation.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="outlook_facts"
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        owner = self.certification.code if self.certification_id else "Occupation"
        return f"{owner}: {self.label} {self.value}"

    def clean(self):
        if errors := self.clean_as_of():
            raise ValidationError(errors)


# Apostrophes people type or leave out ("doctor's", "doctor’s", "doctors").
APOSTROPHES = ["'", "\u2019"]


def search_phrase(text):
    """`text` as search compares it: lower case, without apostrophes, single
    spaces ("Doctor’s  Office" → "doctors office")."""
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "")
    return " ".join(text.lower().split())


class SearchSynonym(CatalogModel):
    """A word or phrase people type, and the words the catalog uses for it: a
    search holding the phrase also finds what the meaning finds ("biller" →
    "billing", "doctor's office" → "physician office"). A phrase may have several
    meanings, one row each; see `catalog.queries.search_certifications`."""

    phrase = models.CharField(
        max_length=100,
        help_text="What people type, e.g. “doctor's office”. Case and apostrophes "
        "don't matter; a search for “billers” holds the phrase “biller”.",
    )
    meaning = models.CharField(
        max_length=200,
        help_text="The catalog's words for it, e.g. “physician office”: a search "
        "holding the phrase also finds the certifications these words find.",
    )

    class Meta:
        ordering = ["phrase", "meaning"]
        constraints = [
            models.UniqueConstraint(
                fields=["phrase", "meaning"], name="unique_search_synonym"
            )
        ]

    def __str__(self):
        return f"{self.phrase} → {self.meaning}"

    def clean(self):
        self.phrase = " ".join(self.phrase.split())
        self.meaning = " ".join(self.meaning.split())
        if not search_phrase(self.phrase):
            raise ValidationError({"phrase": "Type the word or phrase people use."})


def catalog_links_changed(sender, action, using, **kwargs):
    """A many-to-many link added or removed (care settings, related credentials,
    sources) saves no catalog row: the link table's signal marks the change."""
    if action.startswith("post_"):
        catalog_changed(using)


for links in [
    CredentialingBody.sources.through,
    Certification.care_settings.through,
    Certification.related.through,
    Certification.sources.through,
    Caveat.sources.through,
]:
    m2m_changed.connect(catalog_links_changed, sender=links)
