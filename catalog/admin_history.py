"""A certification's history, in one place: every change to its sourced facts.

django-simple-history records each save of a certification, its fees, pathways,
requirements and caveats. This page reads those records (a query per kind of fact,
whatever the number of changes) and shows, newest first: when, who, which fact,
each field's old → new value, the source the fact then cited, and why.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.models import Caveat, EligibilityPathway, Fee, Requirement, Source
from catalog.seed import SEEDED

# Bookkeeping, not facts.
SKIPPED = {"id", "search_document", "order", "certification", "pathway", "body"}


@dataclass
class Entry:
    when: object
    who: str
    fact: str
    action: str  # "Added", "Changed", "Removed"
    changes: list = field(default_factory=list)  # [(field label, old, new)]
    source: object = None
    reason: str = ""


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _value(record, name, sources):
    value = getattr(record, name)
    if name == "superseded_by_id":
        return "a newer figure" if value else "—"
    if name.endswith("_id") and name[:-3] in {
        "source",
        "exam_source",
        "renewal_source",
    }:
        return sources.get(value, "—")
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def _entries(records, model, describe, sources):
    """Entries of one kind of fact, from its history records (any order)."""
    fields = [f.attname for f in model._meta.concrete_fields if f.name not in SKIPPED]
    by_object = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object.setdefault(record.id, []).append(record)
    entries = []
    for history in by_object.values():
        previous = None
        for record in history:
            action = {"+": "Added", "-": "Removed"}.get(record.history_type, "Changed")
            changes = []
            if previous is not None and action == "Changed":
                for name in fields:
                    old, new = getattr(previous, name), getattr(record, name)
                    if old != new:
                        changes.append(
                            (
                                _label(model, name.removesuffix("_id")),
                                _value(previous, name, sources),
                                _value(record, name, sources),
                            )
                        )
                if not changes:
                    previous = record
                    continue
            if action == "Added" and record.history_change_reason == SEEDED:
                previous = record  # as the seed loaded it: the baseline, not a change
                continue
            source_id = getattr(record, "source_id", None)
            entries.append(
                Entry(
                    when=record.history_date,
                    who=str(record.history_user or "data file"),
                    fact=describe(record),
                    action=action,
                    changes=changes,
                    source=sources.get(source_id) if source_id else None,
                    reason=record.history_change_reason or "",
                )
            )
            previous = record
    return entries


def certification_history(certification):
    """Every recorded change to `certification`'s sourced facts, newest first."""
    sources = {
        source.pk: source for source in Source.objects.only("key", "title", "url")
    }
    pathway_ids = set(
        EligibilityPathway.history.filter(
            certification_id=certification.pk
        ).values_list("id", flat=True)
    )
    fee_kinds = dict(Fee.Kind.choices)
    audiences = dict(Fee.Audience.choices)

    def fee(record):
        amount = "not published" if record.amount is None else f"${record.amount}"
        return (
            f"Fee: {fee_kinds.get(record.kind, record.kind).lower()} "
            f"({audiences.get(record.audience, record.audience).lower()}), {amount}"
        )

    kinds = [
        (
            certification.history.select_related("history_user"),
            type(certification),
            lambda record: "The certification (exam, renewal, status…)",
        ),
        (
            Fee.history.filter(certification_id=certification.pk).select_related(
                "history_user"
            ),
            Fee,
            fee,
        ),
        (
            EligibilityPathway.history.filter(
                certification_id=certification.pk
            ).select_related("history_user"),
            EligibilityPathway,
            lambda record: f"Route: {record.name}",
        ),
        (
            Requirement.history.filter(pathway_id__in=pathway_ids).select_related(
                "history_user"
            ),
            Requirement,
            lambda record: f"Requirement: {record.text or record.kind}",
        ),
        (
            Caveat.history.filter(certification_id=certification.pk).select_related(
                "history_user"
            ),
            Caveat,
            lambda record: f"Caveat: {record.text[:80]}",
        ),
    ]
    entries = []
    for records, model, describe in kinds:
        entries.extend(_entries(list(records), model, describe, sources))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


class FactsHistoryMixin:
    """The certification admin's "History of its facts" page."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/facts-history/",
                self.admin_site.admin_view(self.facts_history_view),
                name="catalog_certification_facts_history",
            ),
            *super().get_urls(),
        ]

    def facts_history_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:catalog_certification_facts_history", args=[obj.pk])
        return format_html('<a href="{}">History of its facts</a>', url)

    def facts_history_view(self, request, object_id):
        certification = self.get_object(request, unquote(object_id))
        if certification is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, certification):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": certification,
            "title": f"History of {certification.code}'s facts",
            "entries": certification_history(certification),
        }
        return TemplateResponse(request, "admin/catalog/facts_history.html", context)
