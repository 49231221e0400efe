import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone

from certportal.cache import answers_deleted, answers_saved, answers_version

# The session key holding the id of the person's own response: the catalog pages
# show its verdicts, and it may be changed and deleted from that session.
SESSION_KEY = "eligibility_response"


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
        return reverse("applicants:resume", args=[self.pk])

    def delete(self, *args, **kwargs):
        pk, using = self.pk, self._state.db
        result = super().delete(*args, **kwargs)
        answers_deleted([pk], using=using)
        return result

    @property
    def is_complete(self):
        return self.completed_at is not None
