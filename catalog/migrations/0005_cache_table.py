"""The shared cache's table (settings.CACHES), so `migrate` alone readies a database.

`createcachetable` creates only the tables that are missing; reversing leaves the
table, which holds nothing that can't be rebuilt.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_fee_is_current")]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
