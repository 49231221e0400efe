"""Owner and share tokens.

A response made before owners existed gets an owner token of its own (a shared
default would give every row the same one). Nobody knows it yet: the browser whose
session holds the response still owns it and sees its private link on the check
your answers and guidance pages; anyone else who has only the old address now gets
"Page not found". No response is shared until its owner makes a share link.
"""

import secrets

from django.db import migrations, models

import applicants.models


def give_each_response_an_owner_token(apps, schema_editor):
    Response = apps.get_model("applicants", "Response")
    for response in Response.objects.filter(owner_token=None).only("pk").iterator():
        # update(): leaves updated_at (the answers' version) as it is.
        Response.objects.filter(pk=response.pk).update(
            owner_token=secrets.token_urlsafe(32)  # as models.new_token()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0002_response_start_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="owner_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(
            give_each_response_an_owner_token, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="response",
            name="owner_token",
            field=models.CharField(
                default=applicants.models.new_token,
                editable=False,
                help_text="The secret in the owner's private link, which gives the "
                "answers back to any browser that opens it.",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="share_token",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The secret in the read-only link to the guidance the "
                "owner shares; empty when they share none (or stopped sharing).",
                max_length=64,
                null=True,
                unique=True,
            ),
        ),
    ]
