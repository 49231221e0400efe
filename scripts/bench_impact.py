"""How long the impact preview takes an editor's request, by saved responses.

    .venv/bin/python scripts/bench_impact.py      (or: make bench)

On the seeded database DATABASE_URL names, inside a transaction rolled back at the
end (nothing is left behind): saves finished responses (the example profiles'
answers, varied), then times what a previewed save costs beyond the save itself
(`catalog.admin_preview.impact_of`: the catalog read twice, every profile and the
newest responses judged on both) for a change that moves people: the CBCS's
training route asking 200 hours instead of 1. The preview judges at most
`catalog.impact.RESPONSES_LIMIT` responses, so the time stops growing there.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certportal.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from applicants.models import ExampleProfile, Response  # noqa: E402
from catalog.admin_preview import impact_of  # noqa: E402
from catalog.impact import RESPONSES_LIMIT  # noqa: E402
from catalog.models import Requirement  # noqa: E402

SAVED = [0, 200, 1000, RESPONSES_LIMIT, 2 * RESPONSES_LIMIT]
ROUNDS = 3


def raise_cbcs_training_hours():
    requirement = Requirement.objects.get(
        pathway__certification__code="CBCS",
        pathway__key="training",
        kind="coding_training",
    )
    requirement.params = {"hours": 200}
    requirement.save()


def save_responses(count, profiles):
    """`count` finished responses: the profiles' answers, each with its own
    hours of training and months of work, as people differ."""
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            answers={
                **profiles[n % len(profiles)],
                "coding_training_hours": n % 400,
                "coding_experience_months": n % 60,
            },
            completed_at=now,
        )
        for n in range(count)
    )


def main():
    profiles = list(ExampleProfile.objects.values_list("answers", flat=True))
    if not profiles:
        sys.exit("No example profiles: run `make seed` (it migrates) first.")
    print(
        f"impact preview: {len(profiles)} example profiles, the CBCS's training "
        f"route raised to 200 hours; median of {ROUNDS} runs"
    )
    print("saved responses | judged | moved | median ms")
    with transaction.atomic():
        saved = Response.objects.filter(completed_at__isnull=False).count()
        for target in SAVED:
            save_responses(max(target - saved, 0), profiles)
            saved = max(target, saved)
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                impact = impact_of(raise_cbcs_training_hours, Requirement)
                timings.append((time.perf_counter() - start) * 1000)
            print(
                f"{impact.responses_total:>15,} | {impact.responses_judged:>6,} | "
                f"{impact.responses_changed:>5,} | {statistics.median(timings):>9,.0f}"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
