import json

from django.contrib import admin
from django.utils.html import format_html

from applicants.guidance import impact_outcome
from applicants.models import ExampleProfile, Response
from applicants.questionnaire import summary_rows
from catalog.impact import Audience, register_audience

NO_PERSONAL_DATA = (
    "A response holds questionnaire answers only: no name, e-mail, IP address or "
    "any other personal data is stored with it."
)


def answers_in_one_line(answers):
    """The answers as "Check your answers" puts them, on one line."""
    rows = summary_rows(answers or {})
    return " · ".join(f"{step.summary}: {answer}" for step, answer in rows) or "—"


class FinishedFilter(admin.SimpleListFilter):
    title = "finished"
    parameter_name = "finished"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(completed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(completed_at__isnull=True)
        return queryset


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Responses, read-only: answers are the person's, so staff only look.

    Nobody adds or edits a response here. Deleting is for superusers only: it is a
    data-care task (a person who asks for their answers to be removed, or junk),
    and its owner may have shared its guidance, so an editor should not delete one
    by accident. People delete their own answers from the guidance page; unfinished
    ones expire through `manage.py purge_old_data`.
    """

    list_display = ["id", "created_at", "updated_at", "finished", "summary"]
    list_filter = [FinishedFilter, "created_at"]
    search_fields = ["id"]
    search_help_text = f"Search by ID (all of it or a part). {NO_PERSONAL_DATA}"
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "id",
                    "created_at",
                    "updated_at",
                    "completed_at",
                    "answers_json",
                ],
                "description": NO_PERSONAL_DATA,
            },
        )
    ]
    readonly_fields = [
        "id",
        "created_at",
        "updated_at",
        "completed_at",
        "answers_json",
    ]

    @admin.display(description="finished", boolean=True, ordering="completed_at")
    def finished(self, response):
        return response.is_complete

    @admin.display(description="answers")
    def summary(self, response):
        return answers_in_one_line(response.answers)

    @admin.display(description="answers")
    def answers_json(self, response):
        text = json.dumps(
            response.answers, indent=2, sort_keys=True, ensure_ascii=False
        )
        return format_html("<pre>{}</pre>", text)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ExampleProfile)
class ExampleProfileAdmin(admin.ModelAdmin):
    """The made-up people the impact preview judges before an editor saves a
    change to the catalog (`catalog.admin_preview`). Their answers take the shape
    a questionnaire response saves; `ExampleProfile.clean()` checks them."""

    list_display = ["name", "description", "answers_summary", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    # A short list a data editor keeps: nothing worth filtering by.
    ordering = ["order", "name"]

    @admin.display(description="answers")
    def answers_summary(self, profile):
        return answers_in_one_line(profile.answers)


def example_profiles():
    """(name, description, answers) of every example profile, in their order."""
    return list(ExampleProfile.objects.values_list("name", "description", "answers"))


def newest_finished_answers(limit):
    """The answers of the newest `limit` finished responses, in one query, and
    how many finished responses there are (a second query only when there are
    more). Only the answers: no id leaves here."""
    finished = Response.objects.filter(completed_at__isnull=False)
    answers = list(
        finished.order_by("-updated_at").values_list("answers", flat=True)[: limit + 1]
    )
    if len(answers) <= limit:
        return answers, len(answers)
    return answers[:limit], finished.count()


# The catalog's impact preview judges these people with the guidance page's plan.
register_audience(
    Audience(
        profiles=example_profiles,
        responses=newest_finished_answers,
        judge=impact_outcome,
    )
)
