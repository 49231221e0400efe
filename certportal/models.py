"""The project's own tables: rate-limit counts (certportal.ratelimit.hit)."""

from django.db import models


class Counter(models.Model):
    """One rate-limit count, used when the shared cache is the database's: its
    `incr` is not atomic, this table's upsert is."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField()
    expires = models.BigIntegerField(db_index=True, help_text="Unix time")

    def __str__(self):
        return f"{self.key}: {self.count}"
