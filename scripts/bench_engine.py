"""How long the engine takes to judge the whole catalog for one person.

    .venv/bin/python scripts/bench_engine.py      (or: make bench)

Loads the catalog's rules once from the database DATABASE_URL names (seeded), then
times `evaluate()` for a spread of people, many rounds each.
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

from catalog.eligibility import Person, evaluate  # noqa: E402
from catalog.queries import eligibility_rules  # noqa: E402

PEOPLE = [
    Person(),
    Person(education="high_school_diploma", goal_setting="physician_office"),
    Person(education="ged", coding_training_hours=80, coding_experience_months=12),
    Person(education="associate", him_program="associate", goal_setting="payer"),
    Person(
        education="bachelor",
        him_program="bachelor",
        coding_experience_months=40,
        credentials=frozenset({"RHIT", "CPC-A"}),
        goal_setting="hospital_inpatient",
    ),
]
ROUNDS = 2000


def main():
    rules = eligibility_rules()
    timings = []
    for _ in range(ROUNDS):
        for person in PEOPLE:
            start = time.perf_counter()
            evaluate(person, rules)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]
    print(
        f"engine: {len(rules)} certifications judged for one person, "
        f"{len(timings)} runs: mean {statistics.fmean(timings):.3f} ms, "
        f"median {statistics.median(timings):.3f} ms, p99 {p99:.3f} ms, "
        f"max {timings[-1]:.3f} ms (target: well under 10 ms)"
    )


if __name__ == "__main__":
    main()
