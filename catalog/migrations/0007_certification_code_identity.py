"""A certification is known by its code, in any case: the slug goes.

The code becomes unique whatever its case (a unique index on UPPER(code)); the
plain index stays for exact lookups. Reversed, the slug comes back filled from the
code in lower case, as the seed used to make it, then unique again.
"""

import django.db.models.functions.text
from django.db import migrations, models


def fill_slugs_from_codes(apps, schema_editor):
    Certification = apps.get_model("catalog", "Certification")
    db = schema_editor.connection.alias
    for certification in Certification.objects.using(db).only("pk", "code"):
        certification.slug = certification.code.lower()
        certification.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_certification_search_document"),
    ]

    operations = [
        # Nullable and not unique first, so that the reverse can add the column back
        # empty, fill it, and only then make it unique and required again.
        migrations.AlterField(
            model_name="certification",
            name="slug",
            field=models.SlugField(max_length=40, null=True, db_index=False),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_slugs_from_codes),
        migrations.RemoveField(
            model_name="certification",
            name="slug",
        ),
        migrations.AlterField(
            model_name="certification",
            name="code",
            field=models.CharField(db_index=True, max_length=20),
        ),
        migrations.AddConstraint(
            model_name="certification",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Upper("code"),
                name="certification_code_unique_in_any_case",
                violation_error_message=(
                    "A certification with this code already exists: codes are the "
                    "same whatever their case (CPC and cpc are one code)."
                ),
            ),
        ),
    ]
