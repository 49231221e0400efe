"""A stored full-text search document per certification, filled on PostgreSQL.

The fill is a frozen copy of `catalog.queries.search_vector()` as it was written
with this migration (migrations never import app code). Elsewhere the column stays
NULL: search there is the plain substring match.

No GIN index: search ORs the document match with substring matches on other
columns, so PostgreSQL scans the table whatever indexes exist.
"""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce


def fill_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Certification = apps.get_model("catalog", "Certification")
    FormerName = apps.get_model("catalog", "FormerName")
    db = schema_editor.connection.alias
    former_names = Subquery(
        FormerName.objects.using(db)
        .filter(certification=OuterRef("pk"))
        .values("certification")
        .annotate(names=StringAgg("name", delimiter=Value(" ")))
        .values("names")
    )
    config = "english"
    Certification.objects.using(db).update(
        search_document=(
            SearchVector("code", "name", weight="A", config=config)
            + SearchVector(
                Coalesce(former_names, Value(""), output_field=TextField()),
                weight="A",
                config=config,
            )
            + SearchVector("specialty", "summary", weight="B", config=config)
            + SearchVector("suits", weight="C", config=config)
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="certification",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
    ]
