"""Grow the seeded catalog to N certifications for `BENCH_CERTIFICATIONS=N make bench`.

    DATABASE_URL=... .venv/bin/python scripts/bench_grow_catalog.py 1000

Copies the existing certifications round-robin under new codes (CPC → CPC-X0001 …),
with everything that hangs off a certification: care settings, sources, pathways with
their requirements, recommendations, fees and former names, so list, search, detail and
the guidance page do the same work per certification as on the real catalog.
For benchmarks only: never run it on a database that people use.
"""

import itertools
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certportal.settings")
django.setup()

from django.db import models, transaction  # noqa: E402

from catalog.models import Certification  # noqa: E402


def _copy(instance, **changes):
    instance.pk = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def _children(instance):
    """(relation, rows) for each one-to-many relation of a model instance."""
    for rel in instance._meta.related_objects:
        if rel.one_to_many and isinstance(rel.field, models.ForeignKey):
            if rel.field.name == "replaced_by":
                continue
            yield (
                rel,
                list(
                    rel.related_model._default_manager.filter(
                        **{rel.field.name: instance}
                    )
                ),
            )


def clone(original, code):
    source_pk = original.pk
    original = Certification.objects.get(pk=source_pk)
    care_settings = list(original.care_settings.all())
    children = list(_children(original))
    copy = _copy(original, code=code, replaced_by=None)
    copy.care_settings.set(care_settings)
    for rel, rows in children:
        through = rel.related_model._meta.auto_created
        if through:  # plain M2M tables are handled by .set() above
            continue
        for row in rows:
            grandchildren = list(_children(row))
            new_row = _copy(row, **{rel.field.name: copy})
            for grel, grows in grandchildren:
                for grow in grows:
                    _copy(grow, **{grel.field.name: new_row})
    return copy


def main(target):
    originals = list(Certification.objects.order_by("pk"))
    have = len(originals)
    if have >= target:
        print(f"catalog already has {have} certifications")
        return
    with transaction.atomic():
        for n, original in zip(range(have, target), itertools.cycle(originals)):
            suffix = f"-X{n:04d}"
            code = f"{original.code[: 20 - len(suffix)]}{suffix}"
            clone(original, code)
    print(
        f"catalog grown from {have} to {Certification.objects.count()} certifications"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
