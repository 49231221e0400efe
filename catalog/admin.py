"""The editors' admin: keep the catalog current, sourced and consistent.

Rules the admin enforces on top of the models' own validation:
- a certification is published only with at least one source (change form and action);
- a requirement's parameters must fit its kind (`Requirement.clean()`), shown at the field;
- every save is one transaction (Django's admin), so nothing is saved half-way.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from catalog import dates, requirements
from catalog.admin_history import FactsHistoryMixin
from catalog.admin_preview import ImpactPreviewMixin, confirm_action
from catalog.admin_updates import (
    ExamUpdateForm,
    FactUpdatesMixin,
    FeeUpdateForm,
    RenewalUpdateForm,
    RequirementUpdateForm,
)
from catalog.models import (
    CareSetting,
    Caveat,
    Certification,
    CertificationSource,
    CredentialingBody,
    EligibilityPathway,
    Fee,
    FormerName,
    GlossaryTerm,
    OutlookFact,
    Recommendation,
    Requirement,
    SearchSynonym,
    Source,
)
from catalog.updates import EXAM_FIELDS, RENEWAL_FIELDS

admin.site.site_header = "certportal editors"
admin.site.site_title = "certportal editors"
admin.site.index_title = "Keep the catalog current"


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Needs review"), ("no", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_review()
        if self.value() == "no":
            return queryset.up_to_date()
        return queryset


@admin.display(description="Last verified", ordering="last_verified")
def last_verified(obj):
    """ "2026-11-26", or "2024-03-01, needs review" when it is too old (the list's
    "Needs review" filter): one narrow column, so the list fits the screen."""
    shown = obj.last_verified.isoformat() if obj.last_verified else "never"
    return f"{shown}, needs review" if obj.needs_review else shown


@admin.display(description="As of", ordering="as_of_date")
def as_of_short(obj):
    """A dated fact's date alone, short ("Feb 2026", "2026-02-12"); its note is on
    the row's own page, so a list's column stays narrow."""
    return dates.short_date_text(obj.as_of_date, obj.as_of_precision)


def log_change(request, queryset, message):
    """Record a bulk action in each object's admin history."""
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=queryset,
        action_flag=CHANGE,
        change_message=message,
    )


@admin.action(description="Mark verified today", permissions=["change"])
def mark_verified_today(modeladmin, request, queryset):
    today = timezone.localdate()
    log_change(request, queryset, f"Marked verified on {today:%Y-%m-%d}.")
    count = queryset.update(last_verified=today)
    modeladmin.message_user(
        request,
        f"Marked {count} {model_ngettext(modeladmin.opts, count)} verified today.",
        messages.SUCCESS,
    )


# Requirement parameters: help generated from catalog.requirements, one example a kind.


def _one_of(choices):
    return "one of " + ", ".join(choices)


PARAMS_EXAMPLES = {
    requirements.Kind.MIN_EDUCATION: (
        {"level": "high_school_or_equivalent"},
        f"level: {_one_of(requirements.EDUCATION_LEVELS)}",
    ),
    requirements.Kind.HIM_PROGRAM: (
        {"any_of": ["associate", "bachelor"]},
        f"any_of: a list, each {_one_of(requirements.HIM_PROGRAMS)}",
    ),
    requirements.Kind.CODING_TRAINING: ({"hours": 80}, "hours: a whole number"),
    requirements.Kind.EXPERIENCE: (
        {"months": 24, "experience": "coding"},
        "months: a whole number; experience (optional): "
        + _one_of(requirements.EXPERIENCE_KINDS),
    ),
    requirements.Kind.CREDENTIAL_HELD: (
        {"any_of": ["CPC", "CCA"]},
        "any_of: a list of credential codes",
    ),
    requirements.Kind.MEMBERSHIP: ({"body": "AAPC"}, "body: the body's acronym"),
    requirements.Kind.HIGH_SCHOOL_SENIOR: (
        {"within_months": 6},
        "within_months: a whole number",
    ),
}

PARAMS_HELP = format_html(
    "A JSON object; what it holds depends on the kind:<ul>{}</ul>",
    format_html_join(
        "",
        "<li><strong>{}</strong> ({}): <code>{}</code> — {}. Shown as “{}”.</li>",
        (
            (
                kind.label,
                kind.value,
                json.dumps(example),
                notes,
                requirements.describe(kind, example),
            )
            for kind, (example, notes) in PARAMS_EXAMPLES.items()
        ),
    ),
)


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["pathway", "kind", "params", "text", "order", "source"]
        widgets = {"params": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        labels = {"params": "Parameters"}
        help_texts = {"params": PARAMS_HELP}

    RULE_FIELDS = ["kind", "params", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_rule = (self.instance.kind, self.instance.params)

    def clean(self):
        """A new requirement, or a changed rule, names its source (its history
        keeps the old rule); “Update this requirement” does the same with a new
        source and its date."""
        cleaned = super().clean()
        changed = self.instance.pk is None or any(
            name in self.changed_data for name in self.RULE_FIELDS
        )
        if changed and not cleaned.get("source") and "source" not in self.errors:
            self.add_error(
                "source",
                "A requirement's rule needs its source: choose the page it comes from.",
            )
        return cleaned

    def save(self, commit=True):
        if any(name in self.changed_data for name in self.RULE_FIELDS):
            self.instance.verified_on = timezone.localdate()
        return super().save(commit)

    def full_clean(self):
        # Validation copies the posted kind and params onto the instance. If they are
        # rejected, put the saved ones back: the page shown again prints the instance
        # (str() describes its rule), which must not fail on parameters that don't fit.
        super().full_clean()
        if self.errors:
            self.instance.kind, self.instance.params = self._saved_rule


class FeeForm(forms.ModelForm):
    """A fee row of the admin: a new figure, or the words of one already saved.
    A saved figure's amount, currency or source changes only through “Update this
    fee” (`catalog.admin_updates`), which keeps the old figure as an earlier one."""

    FIGURE_FIELDS = ["amount", "currency", "source"]

    class Meta:
        model = Fee
        fields = [
            "certification",
            "body",
            "kind",
            "audience",
            "amount",
            "currency",
            "as_of_date",
            "as_of_precision",
            "as_of_note",
            "note",
            "source",
            "is_current",
            "sources_disagree",
            "order",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        for name in self.FIGURE_FIELDS:
            if name in self.changed_data:
                self.add_error(
                    name,
                    "A saved figure isn't overwritten: use “Update this fee” to give "
                    "the new figure with its source; the old one stays as an earlier "
                    "figure.",
                )
        return cleaned


class ShownAsMixin:
    @admin.display(description="Shown to people as")
    def shown_as(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        try:
            return obj.plain_text
        except (KeyError, TypeError, AttributeError):
            return "— (parameters don't fit the kind; fix them and save)"


# Inlines


class SourceLinkFormSet(forms.BaseInlineFormSet):
    """A published certification keeps at least one source.

    On the add page `self.instance` is the unsaved certification with the posted
    values, so `published` here is what the editor asked for.
    """

    def clean(self):
        super().clean()
        if not self.instance.published:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if not kept:
            raise ValidationError(
                "A certification can't be published without a source: add at least "
                "one source here, or untick “Published” to keep it a draft."
            )


# The inlines are stacked, each field on a labelled line, so a certification's page
# fits a 1280 px screen (tabular, the fee table alone was 1,965 px wide) and an error
# shows beside its field under the row's heading: the row's __str__, e.g. the fee's
# kind, audience and amount.


class CertificationSourceInline(admin.StackedInline):
    model = CertificationSource
    formset = SourceLinkFormSet
    fields = [("source", "topic")]
    autocomplete_fields = ["source"]
    extra = 1
    verbose_name = "source"
    verbose_name_plural = "sources (at least one before publishing)"


class FormerNameInline(admin.StackedInline):
    model = FormerName
    fields = [("name", "source"), "note"]
    autocomplete_fields = ["source"]
    extra = 0


class EligibilityPathwayInline(admin.StackedInline):
    model = EligibilityPathway
    fields = [("name", "key"), ("purpose", "confidence", "order"), "source"]
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = ["source"]
    show_change_link = True
    extra = 0
    verbose_name_plural = "pathways (open one to edit its requirements)"


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    fields = ["text", ("source", "order")]
    autocomplete_fields = ["source"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FeeInline(admin.StackedInline):
    model = Fee
    form = FeeForm
    # What the fee is first (the row's identity), then where it comes from, so an
    # error on the source shows a line below the kind and amount.
    fields = [
        ("kind", "audience", "amount", "currency"),
        ("source", "is_current", "sources_disagree", "order"),
        ("as_of_date", "as_of_precision", "as_of_note"),
        "note",
        "update",
    ]
    readonly_fields = ["update"]
    autocomplete_fields = ["source"]
    extra = 0

    @admin.display(description="A new figure")
    def update(self, obj):
        """The link to "Update this fee": a saved figure changes only there."""
        if obj is None or obj.pk is None or not obj.is_current:
            return "—"
        url = reverse("admin:catalog_fee_update", args=[obj.pk])
        return format_html('<a class="button" href="{}">Update this fee</a>', url)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        elif db_field.name == "currency":
            kwargs["widget"] = forms.TextInput(attrs={"size": 4})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CertificationFeeInline(FeeInline):
    fk_name = "certification"


class BodyFeeInline(FeeInline):
    fk_name = "body"


class CaveatInline(admin.StackedInline):
    model = Caveat
    fields = [("topic", "kind"), "text", "sources"]
    autocomplete_fields = ["sources"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RequirementInline(ShownAsMixin, admin.StackedInline):
    model = Requirement
    form = RequirementForm
    fields = [("kind", "order"), "params", "text", "source", "shown_as", "update"]
    readonly_fields = ["shown_as", "update"]
    autocomplete_fields = ["source"]
    extra = 0

    @admin.display(description="Change its rule")
    def update(self, obj):
        """The link to “Update this requirement”: a saved rule changes only there."""
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:catalog_requirement_update", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">Update this requirement</a>', url
        )


# Model admins


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "kind", as_of_short, "accessed_on"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "url"]


@admin.register(CareSetting)
class CareSettingAdmin(admin.ModelAdmin):
    # A short fixed list: nothing worth filtering by.
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CredentialingBody)
class CredentialingBodyAdmin(SimpleHistoryAdmin):
    list_display = [
        "acronym",
        "name",
        "membership_required_to_test",
        last_verified,
    ]
    list_filter = ["membership_required_to_test", NeedsReviewFilter]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["sources"]
    inlines = [BodyFeeInline]
    actions = [mark_verified_today]


@admin.register(Certification)
class CertificationAdmin(
    ImpactPreviewMixin, FactsHistoryMixin, FactUpdatesMixin, SimpleHistoryAdmin
):
    list_display = [
        "code",
        "name",
        "body",
        "level",
        "status",
        "published",
        last_verified,
    ]
    list_select_related = ["body"]
    list_filter = [
        "body",
        "level",
        "status",
        "published",
        NeedsReviewFilter,
        "care_settings",
    ]
    search_fields = ["code", "name", "former_names__name"]
    autocomplete_fields = ["body", "replaced_by", "related"]
    fieldsets = [
        (
            "Identity",
            {"fields": ["body", "code", "name", "category", "level"]},
        ),
        ("Status", {"fields": ["status", "status_note", "replaced_by"]}),
        (
            "Who it suits",
            {
                "fields": [
                    "summary",
                    "suits",
                    "specialty",
                    "care_settings",
                    "related",
                    "eligibility_note",
                ]
            },
        ),
        (
            "Exam",
            {
                "fields": [
                    "exam_questions",
                    "exam_minutes",
                    "exam_format",
                    "exam_delivery",
                    "exam_open_book",
                    "exam_passing",
                    "exam_note",
                    ("exam_source", "exam_verified_on"),
                    "update_exam",
                ],
                "description": "To change an exam fact with its source, use “Update "
                "the exam facts”: the old values stay in the history.",
            },
        ),
        ("Apprentice", {"fields": ["apprentice_designation", "apprentice_note"]}),
        (
            "Renewal",
            {
                "fields": [
                    "ceus_per_cycle",
                    "cycle_years",
                    "maintenance_note",
                    ("renewal_source", "renewal_verified_on"),
                    "update_renewal",
                ],
                "description": "To change the renewal rule with its source, use "
                "“Update the renewal rule”.",
            },
        ),
        (
            "Sources and review",
            {
                "fields": [
                    "official_url",
                    "last_verified",
                    "published",
                    "facts_history",
                ],
                "description": "Publishing needs at least one source (below).",
            },
        ),
    ]
    inlines = [
        CertificationSourceInline,
        FormerNameInline,
        EligibilityPathwayInline,
        RecommendationInline,
        CertificationFeeInline,
        CaveatInline,
    ]
    actions = [mark_verified_today, "publish", "unpublish"]
    fact_update_forms = {
        "update-exam": ExamUpdateForm,
        "update-renewal": RenewalUpdateForm,
    }
    readonly_fields = [
        "exam_source",
        "exam_verified_on",
        "update_exam",
        "renewal_source",
        "renewal_verified_on",
        "update_renewal",
        "facts_history",
    ]

    @admin.display(description="Changes")
    def facts_history(self, obj):
        return self.facts_history_link(obj)

    def get_readonly_fields(self, request, obj=None):
        """Once saved, exam facts and the renewal rule change only through their
        update pages, with a source (the old values stay in the history)."""
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        return [*readonly, *EXAM_FIELDS, *RENEWAL_FIELDS]

    @admin.display(description="Change the exam facts")
    def update_exam(self, obj):
        return self.fact_update_link(obj, "update-exam", "Update the exam facts")

    @admin.display(description="Change the renewal rule")
    def update_renewal(self, obj):
        return self.fact_update_link(obj, "update-renewal", "Update the renewal rule")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "care_settings":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def ask_first(self, request, selected, changed, action, published):
        """The action's "Are you sure?" page when setting `published` on the rows
        of `changed` would move someone's guidance (`confirm_action`), else None."""
        return confirm_action(
            self,
            request,
            selected,
            action=action,
            verb=action.capitalize(),
            change=lambda: changed.update(published=published),
            changed=changed,
        )

    @admin.action(description="Publish", permissions=["change"])
    def publish(self, request, queryset):
        has_source = Exists(
            CertificationSource.objects.filter(certification=OuterRef("pk"))
        )
        unsourced = sorted(queryset.exclude(has_source).values_list("code", flat=True))
        publishable = queryset.filter(has_source, published=False)
        if asked := self.ask_first(request, queryset, publishable, "publish", True):
            return asked
        log_change(request, publishable, "Published.")
        count = publishable.update(published=True)
        self.message_user(
            request,
            f"Published {count} {model_ngettext(self.opts, count)}.",
            messages.SUCCESS,
        )
        if unsourced:
            self.message_user(
                request,
                f"Not published, no source yet: {', '.join(unsourced)}. "
                "Add a source to each, then publish.",
                messages.WARNING,
            )

    @admin.action(description="Unpublish", permissions=["change"])
    def unpublish(self, request, queryset):
        published = queryset.filter(published=True)
        if asked := self.ask_first(request, queryset, published, "unpublish", False):
            return asked
        log_change(request, published, "Unpublished.")
        count = published.update(published=False)
        self.message_user(
            request,
            f"Unpublished {count} {model_ngettext(self.opts, count)}.",
            messages.SUCCESS,
        )


@admin.register(EligibilityPathway)
class EligibilityPathwayAdmin(ImpactPreviewMixin, SimpleHistoryAdmin):
    list_display = ["name", "certification", "purpose", "confidence", "order"]
    list_select_related = ["certification"]
    list_filter = ["purpose", "confidence", "certification__body"]
    search_fields = ["name", "key", "certification__code", "certification__name"]
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = ["certification", "source"]
    inlines = [RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(
    ImpactPreviewMixin, ShownAsMixin, FactUpdatesMixin, SimpleHistoryAdmin
):
    form = RequirementForm
    list_display = ["shown_as", "kind", "pathway", "order"]
    list_select_related = ["pathway__certification"]
    list_filter = ["kind", "pathway__certification__body"]
    search_fields = ["text", "pathway__name", "pathway__certification__code"]
    autocomplete_fields = ["pathway", "source"]
    readonly_fields = ["shown_as", "verified_on", "update"]
    fact_update_forms = {"update": RequirementUpdateForm}

    @admin.display(description="Change it with its source")
    def update(self, obj):
        return self.fact_update_link(obj, "update", "Update this requirement")

    ordering = ["pathway__certification__code", "pathway__order", "order", "pk"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["text", "certification", "order"]
    list_select_related = ["certification"]
    list_filter = ["certification__body"]
    search_fields = ["text", "certification__code", "certification__name"]
    autocomplete_fields = ["certification", "source"]


@admin.register(Fee)
class FeeAdmin(ImpactPreviewMixin, FactUpdatesMixin, SimpleHistoryAdmin):
    form = FeeForm
    list_display = [
        "owner",
        "kind",
        "audience",
        "amount_shown",
        as_of_short,
        "is_current",
        "source",
    ]
    list_select_related = ["certification", "body", "source"]
    list_filter = ["kind", "audience", "is_current", "currency"]
    search_fields = ["certification__code", "body__acronym", "note", "source__key"]
    autocomplete_fields = ["certification", "body", "source"]
    ordering = ["certification__code", "body__acronym", "kind", "order", "pk"]
    readonly_fields = ["verified_on", "superseded_by", "update"]
    fact_update_forms = {"update": FeeUpdateForm}

    @admin.display(description="A new figure")
    def update(self, obj):
        if obj is None or not obj.is_current:
            return "—"
        return self.fact_update_link(obj, "update", "Update this fee")

    @admin.display(description="Certification or body")
    def owner(self, obj):
        return obj.certification or obj.body

    @admin.display(description="Amount", ordering="amount")
    def amount_shown(self, obj):
        if obj.is_published:
            return f"{obj.amount} {obj.currency}"
        return "not published"


@admin.register(Caveat)
class CaveatAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "certification", "topic", "kind"]
    list_select_related = ["certification"]
    list_filter = ["kind", "topic", "certification__body"]
    search_fields = ["text", "certification__code", "certification__name"]
    autocomplete_fields = ["certification", "sources"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "slug", "also_called", "source", "order"]
    list_select_related = ["source"]
    list_filter = ["source__kind"]
    search_fields = ["term", "also_called", "definition", "source__key"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["source"]


@admin.register(OutlookFact)
class OutlookFactAdmin(SimpleHistoryAdmin):
    list_display = ["label", "value", "applies_to", as_of_short, "source", "order"]
    list_select_related = ["certification", "source"]
    list_filter = [("certification", admin.EmptyFieldListFilter), "source__kind"]
    search_fields = ["key", "label", "value", "certification__code", "source__key"]
    prepopulated_fields = {"key": ["label"]}
    autocomplete_fields = ["certification", "source"]

    @admin.display(description="Applies to", ordering="certification__code")
    def applies_to(self, obj):
        return obj.certification.code if obj.certification_id else "The occupation"


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    # Two short words a row: nothing worth filtering by.
    list_display = ["phrase", "meaning"]
    search_fields = ["phrase", "meaning"]
