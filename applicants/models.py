import uuid

from django.db import models
from django.urls import reverse


class Response(models.Model):
    """One person's questionnaire answers: no name, no e-mail, just the answers.

    A row exists from the first step; each step saves into `answers` (the keys of
    the eligibility contract in DESIGN.md), so a refresh, a closed tab or a lost
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

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["completed_at", "updated_at"])]
        verbose_name = "questionnaire response"

    def __str__(self):
        return str(self.id)

    def get_absolute_url(self):
        return reverse("applicants:resume", args=[self.pk])

    @property
    def is_complete(self):
        return self.completed_at is not None
