"""The editors' "Update this …" pages: a new value, its source and the source's date.

Each page (a fee, a certification's exam facts or renewal rule, a requirement)
shows the value now, takes the new one with its source, and on "Save the update"
calls `catalog.updates`, which keeps the old value (as an earlier figure or in the
history) and stamps the fact's verified date. Nothing is refused silently: a
missing source, a source date still to come or a conflicting figure is an error
beside its field, with a summary at the top, and the page keeps what was typed.
"""

import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog import dates, updates
from catalog.admin_preview import BACK_TO_THE_FORM, CONFIRM, is_back_to_the_form
from catalog.impact import catalog_state, changed_codes, compare, registered_audience
from catalog.models import Certification, Fee, Requirement, Source
from certportal.cache import catalog_values_bypassed


class SourcedUpdateForm(forms.Form):
    """The source of an update: one the catalog holds, or a new page with its
    address, title, kind and date. Subclasses add the value fields."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("key"),
        required=False,
        label="Source",
        help_text="The page the new value comes from. Not listed? Give its address "
        "and title below instead.",
    )
    new_source_url = forms.URLField(
        required=False, label="New source: address", max_length=500
    )
    new_source_title = forms.CharField(
        required=False, label="New source: title", max_length=300
    )
    new_source_kind = forms.ChoiceField(
        choices=Source.Kind.choices,
        initial=Source.Kind.SECONDARY,
        label="New source: kind",
        required=False,
    )
    new_source_key = forms.SlugField(
        required=False,
        max_length=20,
        label="New source: short id",
        help_text="e.g. X30; left empty, one is made from the kind.",
    )
    source_date = forms.DateField(
        required=False,
        label="Date the source gives",
        help_text="YYYY-MM-DD; for a month or a year, any day in it (choose the "
        "precision). Leave empty for an undated page.",
    )
    source_date_precision = forms.ChoiceField(
        choices=dates.Precision.choices,
        initial=dates.Precision.UNDATED,
        label="Precision of that date",
    )
    source_date_note = forms.CharField(
        required=False,
        max_length=200,
        label="Date note",
        help_text="What the date alone can't say, e.g. “implied by its 2025 pass "
        "rate”.",
    )
    reason = forms.CharField(
        max_length=300,
        label="Why (kept in the history)",
        help_text="e.g. “AHIMA's 2026 price list”.",
    )
    mark_certification_verified = forms.BooleanField(
        required=False,
        label="I checked the certification's other facts today too: mark it "
        "verified today",
    )

    def __init__(self, *args, obj, today=None, **kwargs):
        self.obj = obj
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        url, title = cleaned.get("new_source_url"), cleaned.get("new_source_title")
        if source and (url or title):
            self.add_error(
                "source",
                "Choose a listed source or give a new one, not both.",
            )
        elif not source and not (url and title):
            if url or title:
                missing = "new_source_title" if url else "new_source_url"
                self.add_error(missing, "A new source needs its address and title.")
            else:
                self.add_error(
                    "source",
                    "A change to a sourced fact needs its source: choose one, or "
                    "give a new source's address and title.",
                )
        dated = Source(
            as_of_date=cleaned.get("source_date"),
            as_of_precision=cleaned.get("source_date_precision")
            or dates.Precision.UNDATED,
            as_of_note=cleaned.get("source_date_note", ""),
        )
        for field, error in dated.clean_as_of(self.today).items():
            name = {"as_of_date": "source_date"}.get(field, "source_date_precision")
            self.add_error(name, error)
        cleaned["source_date"] = dated.as_of_date
        return cleaned

    def the_source(self):
        """The chosen source, or the new one (saved)."""
        data = self.cleaned_data
        if data["source"]:
            source = data["source"]
            if source.as_of_date is None and data["source_date"] is not None:
                source.as_of_date = data["source_date"]
                source.as_of_precision = data["source_date_precision"]
                source.as_of_note = data["source_date_note"]
                source.save()
            return source
        kind = data["new_source_kind"] or Source.Kind.SECONDARY
        source = Source(
            key=data["new_source_key"] or _new_key(kind),
            url=data["new_source_url"],
            title=data["new_source_title"],
            kind=kind,
            accessed_on=self.today,
            as_of_date=data["source_date"],
            as_of_precision=data["source_date_precision"],
            as_of_note=data["source_date_note"],
        )
        source.full_clean()
        source.save()
        return source

    def changes(self):
        """The update, field by field, as the impact preview lists it: rows of
        {object, field, old, new}."""
        label = str(self.obj)
        rows = [
            {
                "object": label,
                "field": self.fields[name].label or name,
                "old": _shown(old),
                "new": _shown(new),
            }
            for name, old, new in self.value_changes()
            if old != new
        ]
        data = self.cleaned_data
        source = data["source"] or data["new_source_title"]
        rows.append(
            {"object": label, "field": "Source", "old": "—", "new": str(source)}
        )
        return rows

    def value_changes(self):
        """(field name, old, new) for each value field."""
        return [
            (name, getattr(self.obj, name, None), self.cleaned_data.get(name))
            for name in self.value_fields
        ]

    def change(self, user):
        return updates.Change(
            reason=self.cleaned_data["reason"],
            user=user,
            today=self.today,
            mark_certification_verified=self.cleaned_data[
                "mark_certification_verified"
            ],
        )

    def clean_new_source_key(self):
        key = self.cleaned_data["new_source_key"]
        if key and Source.objects.filter(key=key).exists():
            raise ValidationError(f"The short id “{key}” is taken: choose another.")
        return key


def _new_key(kind):
    """The next free key of a kind's letter: O (official), C (copy), G, S."""
    letter = {"official": "O", "official_copy": "C", "government": "G"}.get(kind, "S")
    taken = set(
        Source.objects.filter(key__startswith=letter).values_list("key", flat=True)
    )
    number = 1
    while f"{letter}{number:02d}" in taken:
        number += 1
    return f"{letter}{number:02d}"


class FeeUpdateForm(SourcedUpdateForm):
    """A new figure for a fee: it becomes the current one; the old stays as an
    earlier figure."""

    title = "Update this fee"
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text="Leave empty if the source names the fee but gives no amount.",
    )
    currency = forms.CharField(max_length=3, initial="USD")
    note = forms.CharField(required=False, max_length=300)
    sources_disagree = forms.BooleanField(
        required=False,
        label="Sources disagree: keep the old figure current beside the new one",
        help_text="Both then show, with their sources, as sources that disagree.",
    )
    value_fields = ["amount", "currency", "note", "sources_disagree"]

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if not self.is_bound:
            self.initial.update(currency=obj.currency, note=obj.note)

    def build(self):
        """The new fee, unsaved."""
        data = self.cleaned_data
        old = self.obj
        return Fee(
            certification=old.certification,
            body=old.body,
            kind=old.kind,
            audience=old.audience,
            order=old.order,
            amount=data["amount"],
            currency=data["currency"].upper(),
            note=data["note"],
            sources_disagree=data["sources_disagree"],
            as_of_date=data["source_date"],
            as_of_precision=data["source_date_precision"],
            as_of_note=data["source_date_note"],
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        new = self.build()
        if cleaned["sources_disagree"] and not self.obj.is_current:
            self.add_error(
                "sources_disagree",
                "This figure is an earlier one already: update a current figure.",
            )
        if not cleaned["sources_disagree"]:
            # Other current figures than the one replaced are rivals.
            rivals = list(new.rival_figures().exclude(pk=self.obj.pk))
            if rivals:
                self.add_error(
                    "amount",
                    f"{new.describe()} has other current figures: "
                    f"{Fee.figures_text(rivals)}. Tick “Sources disagree” to keep "
                    "them beside this one, or update them too.",
                )
        return cleaned

    def save(self, user):
        new = self.build()
        new.source = self.the_source()
        replacing = [] if new.sources_disagree else [self.obj]
        return updates.update_fee(new, self.change(user), replacing=replacing)

    def now(self):
        fee = self.obj
        return [
            ("Figure", fee.amount_text),
            ("Note", fee.note or "—"),
            ("Date the source gives", fee.as_of),
            ("Source", f"{fee.source.key}: {fee.source.title}"),
            ("Last verified", fee.verified_on or "—"),
        ]


class CertificationFactsForm(SourcedUpdateForm):
    """Exam facts or a renewal rule of a certification, from a source."""

    fact = ""
    value_fields = []

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        values = forms.models.fields_for_model(Certification, fields=self.value_fields)
        for name, field in values.items():
            self.fields[name] = field
            self.initial.setdefault(name, getattr(obj, name))
        # The value fields first, then the source.
        order = self.value_fields + [n for n in self.fields if n not in values]
        self.order_fields(order)

    def values(self):
        return {name: self.cleaned_data[name] for name in self.value_fields}

    def save(self, user):
        return updates.update_certification_facts(
            self.obj, self.fact, self.values(), self.the_source(), self.change(user)
        )

    def now(self):
        source = getattr(self.obj, f"{self.fact}_source")
        verified = getattr(self.obj, f"{self.fact}_verified_on")
        rows = [
            (
                Certification._meta.get_field(name).verbose_name.capitalize(),
                _shown(getattr(self.obj, name)),
            )
            for name in self.value_fields
        ]
        rows.append(("Source", f"{source.key}: {source.title}" if source else "—"))
        rows.append(("Last verified", verified or "—"))
        return rows


class ExamUpdateForm(CertificationFactsForm):
    title = "Update the exam facts"
    fact = "exam"
    value_fields = updates.EXAM_FIELDS


class RenewalUpdateForm(CertificationFactsForm):
    title = "Update the renewal rule"
    fact = "renewal"
    value_fields = updates.RENEWAL_FIELDS


class RequirementUpdateForm(SourcedUpdateForm):
    title = "Update this requirement"
    value_fields = ["kind", "params", "text"]

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        from catalog.admin import PARAMS_HELP

        values = forms.models.fields_for_model(
            Requirement,
            fields=self.value_fields,
            widgets={"params": forms.Textarea(attrs={"rows": 3, "cols": 60})},
            labels={"params": "Parameters"},
            help_texts={"params": PARAMS_HELP},
        )
        for name, field in values.items():
            self.fields[name] = field
            self.initial.setdefault(name, getattr(obj, name))
        self.order_fields(self.value_fields)

    def clean(self):
        cleaned = super().clean()
        if {"kind", "params"} <= cleaned.keys():
            trial = Requirement(kind=cleaned["kind"], params=cleaned["params"])
            try:
                trial.clean()
            except ValidationError as error:
                for message in error.message_dict.get("params", error.messages):
                    self.add_error("params", message)
            else:
                cleaned["params"] = trial.params
        return cleaned

    def save(self, user):
        values = {name: self.cleaned_data[name] for name in self.value_fields}
        return updates.update_requirement(
            self.obj, values, self.the_source(), self.change(user)
        )

    def now(self):
        requirement = self.obj
        return [
            ("Shown to people as", requirement.plain_text),
            ("Kind", requirement.get_kind_display()),
            ("Parameters", requirement.params),
            (
                "Source",
                f"{requirement.source.key}: {requirement.source.title}"
                if requirement.source
                else "—",
            ),
            ("Last verified", requirement.verified_on or "—"),
        ]


def _shown(value):
    if value is None or value == "":
        return "—"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return value


class FactUpdatesMixin:
    """ModelAdmin pages "<object>/<slug>/" for the forms in `fact_update_forms`.

    A valid update is saved in a transaction with the cache bypassed, as the
    impact preview tries a change form's save (`catalog.admin_preview`). If
    nobody's verdict, plan or first-year cost moves, it is kept; otherwise it is
    rolled back, the preview shows whose guidance would move, and "Confirm and
    save" posts the update again to save it."""

    def save_or_preview(self, request, object_id, form):
        """`(saved, None)` when nobody's guidance moves: the update is kept. Else
        `(None, preview)`: the update is rolled back and the impact preview shown."""
        with (
            catalog_values_bypassed(),
            transaction.atomic(using=router.db_for_write(self.model)),
        ):
            before = catalog_state()
            changes = form.changes()
            saved = form.save(request.user)
            after = catalog_state()
            if not changed_codes(before, after):
                return saved, None
            transaction.set_rollback(True)
        impact = compare(before, after, registered_audience())
        return None, self.impact_preview(request, object_id, changes, impact)

    fact_update_forms = {}

    def get_urls(self):
        opts = self.opts
        return [
            path(
                f"<path:object_id>/{slug}/",
                self.admin_site.admin_view(
                    functools.partial(self.fact_update_view, slug=slug)
                ),
                name=f"{opts.app_label}_{opts.model_name}_{slug.replace('-', '_')}",
            )
            for slug in self.fact_update_forms
        ] + super().get_urls()

    def fact_update_link(self, obj, slug, label):
        if obj is None or obj.pk is None:
            return "—"
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{slug.replace('-', '_')}",
            args=[obj.pk],
        )
        return format_html('<a class="button" href="{}">{}</a>', url, label)

    def fact_update_view(self, request, object_id, slug):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_class = self.fact_update_forms[slug]
        form = form_class(request.POST or None, obj=obj)
        if is_back_to_the_form(request):
            # The preview's "Back to the form": the update as the editor left it.
            messages.info(request, BACK_TO_THE_FORM)
        elif request.method == "POST" and form.is_valid():
            if CONFIRM in request.POST:
                saved = form.save(request.user)
            else:
                saved, preview = self.save_or_preview(request, object_id, form)
                if preview is not None:
                    return preview
            self.message_user(
                request,
                f"{form_class.title}: saved, with its source. The old value is kept "
                "in the history.",
                messages.SUCCESS,
            )
            target = saved if isinstance(saved, type(obj)) else obj
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[target.pk],
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"{form_class.title}: {obj}",
            "form": form,
            "now": form.now(),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/catalog/fact_update.html", context)
