import secrets
import uuid

import pydantic
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from applicants.schemas import EligibilityIn
from certportal.cache import answers_deleted, answers_saved, answers_version

# The session key holding the id of the person's own response: the catalog pages
# show its verdicts, and only that session may resume, change, see or delete it.
# Only "Start now" and the owner's private link put an id here, never a visit.
SESSION_KEY = "eligibility_response"


def new_token():
    """A secret for a link: 256 random bits, never guessable."""
    return secrets.token_urlsafe(32)


def is_own(session, pk):
    """Whether the response `pk` is the one `session` started or claimed."""
    return session.get(SESSION_KEY) == str(pk)


class ResponseQuerySet(models.QuerySet):
    """Bulk writes to responses: each gives the answers of every row it touched a
    new version (`certportal.cache`), so no cached guidance page outlives them."""

    def update(self, **kwargs):
        """As `save()` does, also set `updated_at` (the answers' version)."""
        kwargs.setdefault("updated_at", timezone.now())
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        rows = Response.objects.using(self.db).filter(pk__in=pks)
        answers_saved(
            {
                response.pk: answers_version(response)
                for response in rows.only("pk", "updated_at")
            },
            using=self.db,
        )
        return count

    update.alters_data = True

    def delete(self):
        pks = list(self.values_list("pk", flat=True))
        result = super().delete()
        answers_deleted(pks, using=self.db)
        return result

    delete.alters_data = True
    delete.queryset_only = True  # no `Response.objects.delete()`, as in Django


class Response(models.Model):
    """One person's questionnaire answers: no name, no e-mail, just the answers.

    A row exists from the first step; each step saves into `answers` (the keys of
    the eligibility contract in docs/eligibility-contract.md), so a refresh, a closed tab or a lost
    session loses nothing: the response's URL resumes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person confirmed their answers."
    )
    start_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The start page's one-time token: a second “Start now” with it "
        "(a double click) gets this response instead of a new one.",
    )

    owner_token = models.CharField(
        max_length=64,
        default=new_token,
        editable=False,
        help_text="The secret in the owner's private link, which gives the answers "
        "back to any browser that opens it.",
    )
    share_token = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The secret in the read-only link to the guidance the owner "
        "shares; empty when they share none (or stopped sharing).",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["completed_at", "updated_at"])]
        verbose_name = "questionnaire response"

    def __str__(self):
        return str(self.id)

    def save(self, *args, **kwargs):
        """Save, and give the answers a new version: their guidance is rebuilt."""
        super().save(*args, **kwargs)
        answers_saved({self.pk: answers_version(self)}, using=self._state.db)

    def get_absolute_url(self):
        """Where the owner picks up again (their session must own it)."""
        return reverse("applicants:resume", args=[self.pk])

    def get_private_url(self):
        """The owner's private link: opened in any browser, it owns the answers."""
        return reverse("applicants:claim", args=[self.pk, self.owner_token])

    def get_shared_url(self):
        """The read-only link to the guidance, or None when it isn't shared."""
        if not self.share_token:
            return None
        return reverse("applicants:shared", args=[self.share_token])

    def is_owned_by(self, session):
        """Whether `session` holds this response as its own."""
        return is_own(session, self.pk)

    def share(self):
        """Give the guidance a read-only link (a new one if it had one)."""
        self.share_token = new_token()
        # updated_at too: a new answers version, so no guidance page cached
        # under an earlier link is served again.
        self.save(update_fields=["share_token", "updated_at"])

    share.alters_data = True

    def stop_sharing(self):
        """The read-only link stops working."""
        self.share_token = None
        self.save(update_fields=["share_token", "updated_at"])

    stop_sharing.alters_data = True

    def delete(self, *args, **kwargs):
        pk, using = self.pk, self._state.db
        result = super().delete(*args, **kwargs)
        answers_deleted([pk], using=using)
        return result

    @property
    def is_complete(self):
        return self.completed_at is not None


class ExampleProfile(models.Model):
    """A made-up person whose answers editors see judged before they save a change
    to the catalog (the impact preview, `catalog.admin_preview`), and whom the test
    suite's persona and plan tests judge too.

    `answers` has exactly the shape of `Response.answers` (the eligibility contract,
    docs/eligibility-contract.md). The built-in ones are loaded by a migration from
    applicants/fixtures/example_profiles.json.
    """

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(
        max_length=200, help_text="One line on who this person is."
    )
    answers = models.JSONField(
        default=dict,
        help_text="The questionnaire's answers, as a response saves them: "
        "education, him_program, coding_training_hours, coding_experience_months, "
        "credentials, goal_setting, high_school_senior (docs/eligibility-contract.md).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """The answers must be ones the questionnaire or the API could have saved."""
        try:
            EligibilityIn.model_validate(self.answers)
        except pydantic.ValidationError as error:
            raise ValidationError(
                {"answers": [e["msg"] for e in error.errors(include_url=False)]}
            ) from None
