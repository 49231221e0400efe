"""Example profiles: the made-up people editors see judged in the impact preview.

Loads the built-in ones (applicants/fixtures/example_profiles.json, which the test
suite's persona and plan tests read too) and lets the "Editors" group view, add and
change them. Permissions are normally created after `migrate` (post_migrate), so
they are created here first, as catalog/migrations/0002_editors_group.py does.
"""

import json
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

PROFILES = Path(__file__).resolve().parents[1] / "fixtures" / "example_profiles.json"
EDITORS = "Editors"


def load_example_profiles(apps, schema_editor):
    ExampleProfile = apps.get_model("applicants", "ExampleProfile")
    using = schema_editor.connection.alias
    for row in json.loads(PROFILES.read_text(encoding="utf-8")):
        ExampleProfile.objects.using(using).update_or_create(
            name=row["name"],
            defaults={
                "description": row["description"],
                "answers": row["answers"],
                "order": row["order"],
            },
        )


def let_editors_edit_profiles(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("applicants")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="applicants",
            codename__in=[
                "view_exampleprofile",
                "add_exampleprofile",
                "change_exampleprofile",
            ],
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("applicants", "0003_response_owner_and_share_tokens"),
        ("catalog", "0002_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExampleProfile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(help_text="One line on who this person is.", max_length=200)),
                ("answers", models.JSONField(default=dict, help_text="The questionnaire's answers, as a response saves them: education, him_program, coding_training_hours, coding_experience_months, credentials, goal_setting, high_school_senior (docs/eligibility-contract.md).")),
                ("order", models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                "ordering": ["order", "name"],
            },
        ),
        migrations.RunPython(load_example_profiles, migrations.RunPython.noop),
        migrations.RunPython(let_editors_edit_profiles, migrations.RunPython.noop),
    ]
