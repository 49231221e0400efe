"""The impact preview: before an editor's change to a requirement, pathway, fee or
certification is saved, the admin shows what it would change for people, and
saves only once the editor confirms (docs/editors.md, "Impact preview").

`ImpactPreviewMixin.changeform_view`, on a save (a POST without `CONFIRM`):

1. reads the catalog (`catalog.impact.catalog_state`);
2. runs the admin's own save inside a transaction, with its success message held
   back, and reads the catalog again, with the change;
3. rolls the transaction back: the change, its history entry (LogEntry) and the
   catalog's new version are all undone, and nothing was read from or stored in
   the cache meanwhile (`certportal.cache.catalog_values_bypassed`);
4. judges the example profiles and saved responses on both (`catalog.impact`)
   and renders admin/catalog/impact_preview.html: the change field by field, the
   profiles whose guidance moves, and counts of saved responses. "Confirm and
   save" posts the same form again with `CONFIRM`, which saves as the admin
   always does; "Back to the form" posts it with `EDIT`, which shows the form
   again as the editor left it (their change kept, nothing saved), to change it
   further; "Cancel" goes back to the form as saved, dropping the change.

The delete pages (one row's, and the list's "Delete selected" action) show the
same impact above their "Are you sure?" (`deletion_impact`), and the
certifications' "Publish" and "Unpublish" actions ask first when they would move
someone (`confirm_action`): the change is tried in a transaction rolled back at
once, as a save is (`impact_of`).

A form with errors is shown again as usual (nothing to preview). A change that
touches no certification's rules or first-year cost (a summary, an exam's length)
moves nobody's verdict, plan or cost: it is saved at once, as before.
"""

import dataclasses
import functools
import json

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.template.response import TemplateResponse

from catalog.impact import catalog_state, changed_codes, compare, registered_audience
from certportal.cache import catalog_values_bypassed

CONFIRM = "_impact_confirmed"
EDIT = "_impact_edit"
BACK_TO_THE_FORM = (
    "Nothing is saved yet: the form is as you left it. Change it further, then "
    "save to see the preview again."
)
# The buttons of the admin's change form that save.
SAVE_BUTTONS = ("_save", "_continue", "_addanother", "_saveasnew")
EMPTY = "—"


class ImpactPreviewMixin:
    """For a ModelAdmin of the catalog: preview a change's impact on people, and
    save it only once confirmed (see the module docstring)."""

    impact_preview_template = "admin/catalog/impact_preview.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if is_back_to_the_form(request):
            request.impact_back_to_the_form = True  # read by get_form
            messages.info(request, BACK_TO_THE_FORM)
            return super().changeform_view(request, object_id, form_url, extra_context)
        if not is_previewed_save(request):
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.impact_changes = []  # filled by save_model and save_related
        request.impact_messages = []  # message_user holds them here
        request.impact_saved = False
        with (
            catalog_values_bypassed(),
            transaction.atomic(using=router.db_for_write(self.model)),
        ):
            before = catalog_state()
            response = super().changeform_view(
                request, object_id, form_url, extra_context
            )
            if not request.impact_saved:
                return response  # the form with its errors: nothing was saved
            after = catalog_state()
            if not changed_codes(before, after):
                # Nobody's guidance can move: keep the save, and say so as usual.
                for args, kwargs in request.impact_messages:
                    super().message_user(request, *args, **kwargs)
                return response
            changes = request.impact_changes
            transaction.set_rollback(True)
        # Outside the transaction, which held the changed rows: people are judged
        # on the two states, plain values now.
        impact = compare(before, after, registered_audience())
        return self.impact_preview(request, object_id, changes, impact)

    def impact_preview(self, request, object_id, changes, impact):
        opts = self.opts
        obj = self.get_object(request, object_id) if object_id else None
        context = {
            **self.admin_site.each_context(request),
            "title": "Before you save: what this change would change for people",
            "subtitle": str(obj) if obj else f"New {opts.verbose_name}",
            "opts": opts,
            "original": obj,
            "changes": changes,
            "impact": impact,
            "posted": [
                (name, value)
                for name in request.POST
                if name not in ("csrfmiddlewaretoken", CONFIRM)
                for value in request.POST.getlist(name)
            ],
            "confirm": CONFIRM,
            "edit": EDIT,
            "cancel_url": request.get_full_path(),
            "is_popup": False,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.impact_preview_template, context)

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        if request.method != "POST" and is_delete_confirmation(response):
            obj = response.context_data["object"]
            response.context_data["impact"] = deletion_impact(
                self.model._default_manager.filter(pk=obj.pk)
            )
        return response

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        delete = actions.get("delete_selected")
        if delete is not None:
            actions[delete.name] = dataclasses.replace(
                delete, func=with_deletion_impact(delete.func)
            )
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "impact_back_to_the_form", False):
            return shown_again(form)
        return form

    def message_user(self, request, *args, **kwargs):
        held = getattr(request, "impact_messages", None)
        if held is not None:
            held.append((args, kwargs))
            return
        super().message_user(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if getattr(request, "impact_changes", None) is not None:
            request.impact_changes += form_changes(form, change)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "impact_changes", None) is not None:
            for formset in formsets:
                request.impact_changes += formset_changes(formset)
            request.impact_saved = True
        super().save_related(request, form, formsets, change)


def is_previewed_save(request):
    """A POST of the change form that saves, not yet confirmed (a change-form
    action, which names an "action" and no save button, is not previewed; "Back
    to the form" is answered before this is asked)."""
    if request.method != "POST" or CONFIRM in request.POST:
        return False
    if any(button in request.POST for button in SAVE_BUTTONS):
        return True
    return helpers.ACTION_CHECKBOX_NAME not in request.POST


def is_back_to_the_form(request):
    """The preview's "Back to the form": its form posted with `EDIT`, to be shown
    again, not saved."""
    return (
        request.method == "POST"
        and EDIT in request.POST
        and CONFIRM not in request.POST
    )


def shown_again(form_class):
    """The admin's form class, bound to what the editor posted but never valid,
    so the admin shows it again instead of saving it. Its own errors, if any,
    are still found and shown; with none, the form shows no error note."""

    class ShownAgain(form_class):
        def is_valid(self):
            super().is_valid()
            return False

    ShownAgain.__name__ = form_class.__name__
    return ShownAgain


# Deleting.


def is_delete_confirmation(response):
    """A delete page asking "Are you sure?" (not one refusing the deletion: rows
    it would need to delete are protected, or the editor may not delete them)."""
    return (
        isinstance(response, TemplateResponse)
        and response.context_data is not None
        and not response.context_data.get("perms_lacking")
        and not response.context_data.get("protected")
    )


def impact_of(change, model):
    """What `change()` would change for people, or None when it moves no
    certification's rules or first-year cost. It is tried in a transaction rolled
    back at once, with the cache bypassed, as a previewed save is."""
    try:
        with (
            catalog_values_bypassed(),
            transaction.atomic(using=router.db_for_write(model)),
        ):
            before = catalog_state()
            change()
            after = catalog_state()
            transaction.set_rollback(True)
    except (ProtectedError, RestrictedError):
        return None  # Django's delete page says what stops it
    if not changed_codes(before, after):
        return None
    return compare(before, after, registered_audience())


def deletion_impact(queryset):
    """What deleting the rows of `queryset` (and what goes with them) would change
    for people (`impact_of`)."""
    model = queryset.model
    doomed = model._default_manager.filter(
        pk__in=list(queryset.values_list("pk", flat=True))
    )
    return impact_of(doomed.delete, model)


def confirm_action(modeladmin, request, selected, *, action, verb, change, changed):
    """For a list action that can move people's guidance (publish, unpublish): its
    "Are you sure?" page, showing what `change()` would change for people, or
    None to go on (the editor confirmed, or nobody's guidance moves). `selected`
    are the rows the editor chose, posted again on "Yes"; `changed`, the ones the
    action would change."""
    if request.POST.get("post"):
        return None
    impact = impact_of(change, selected.model)
    if impact is None:
        return None
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Before you {verb.lower()}: what it would change for people",
        "opts": opts,
        "selected": selected,
        "changed": [str(obj) for obj in changed],
        "action": action,
        "verb": verb,
        "impact": impact,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/catalog/action_confirmation.html", context)


def with_deletion_impact(delete_selected):
    """The list's "Delete selected" action, its "Are you sure?" page showing what
    the deletion would change for people."""

    @functools.wraps(delete_selected)
    def action(modeladmin, request, queryset):
        response = delete_selected(modeladmin, request, queryset)
        if is_delete_confirmation(response):
            response.context_data["impact"] = deletion_impact(queryset)
        return response

    return action


# The change, field by field, as the preview lists it.


def form_changes(form, change):
    """Rows {object, field, old, new} for one saved form (a new row: old "—").
    Read before it is saved, so the database still holds the old values."""
    instance = form.instance
    model = type(instance)
    old = model._default_manager.filter(pk=instance.pk).first() if change else None
    label = f"{model._meta.verbose_name} “{old or instance}”"
    if not change:
        label = f"new {model._meta.verbose_name}"
    rows = []
    for name in form.changed_data:
        field = model_field(model, name)
        if field is None:
            continue
        if field.many_to_many:
            new = shown_list(form.cleaned_data.get(name) or [])
            before = shown_list(getattr(old, name).all()) if old else EMPTY
        else:
            new = shown(instance, field)
            before = shown(old, field) if old else EMPTY
        if before != new:
            rows.append(
                {
                    "object": label,
                    "field": form.fields[name].label or field.verbose_name,
                    "old": before,
                    "new": new,
                }
            )
    return rows


def formset_changes(formset):
    """Rows for an inline formset: rows changed, added and deleted."""
    rows = []
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    for form in formset.forms:
        if id(form) in deleted:
            if form.instance.pk:
                rows.append(
                    {
                        "object": f"{form.instance._meta.verbose_name} “{form.instance}”",
                        "field": EMPTY,
                        "old": "exists",
                        "new": "deleted",
                    }
                )
        elif form.has_changed():
            rows += form_changes(form, change=form.instance.pk is not None)
    return rows


def model_field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field with no model field behind it
        return None
    return field if field.concrete or field.many_to_many else None


def shown(obj, field):
    """A field's value in words, as an editor typed or picked it."""
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(obj._get_FIELD_display(field))
    if field.is_relation:
        return str(getattr(obj, field.name))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def shown_list(objects):
    return ", ".join(sorted(str(obj) for obj in objects)) or EMPTY
