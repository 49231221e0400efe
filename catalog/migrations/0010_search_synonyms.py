"""Search that forgives: the synonym list editors keep, and pg_trgm for typos.

- `SearchSynonym`: a phrase people type and the catalog's words for it.
- pg_trgm (trigram similarity) on PostgreSQL. `TrigramExtension` does nothing on
  another database (Django's `CreateExtension` checks the vendor), so SQLite
  migrations run as before; pg_trgm is a trusted extension, so the database owner
  may create it.
- The "Editors" group gets the new model's permissions, as 0002 gave it every
  catalog permission. Permissions are normally created after `migrate`, so they
  are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

GROUP_NAME = "Editors"


def grant_editors_synonyms(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("catalog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(using).filter(name=GROUP_NAME).first()
    if group is None:  # removed by an administrator since 0002: leave it so
        return
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="catalog",
            content_type__model="searchsynonym",
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0009_glossary_outlook'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phrase', models.CharField(help_text="What people type, e.g. “doctor's office”. Case and apostrophes don't matter; a search for “billers” holds the phrase “biller”.", max_length=100)),
                ('meaning', models.CharField(help_text="The catalog's words for it, e.g. “physician office”: a search holding the phrase also finds the certifications these words find.", max_length=200)),
            ],
            options={
                'ordering': ['phrase', 'meaning'],
                'constraints': [models.UniqueConstraint(fields=('phrase', 'meaning'), name='unique_search_synonym')],
            },
        ),
        migrations.RunPython(grant_editors_synonyms, migrations.RunPython.noop),
    ]
