"""Example profiles: the made-up people the impact preview judges, as data editors
keep (applicants.models.ExampleProfile, loaded by applicants migration 0004)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from applicants.models import ExampleProfile
from tests.factories import ExampleProfileFactory, example_profiles

pytestmark = pytest.mark.django_db


def test_the_migration_loads_every_built_in_profile_in_order():
    loaded = list(ExampleProfile.objects.values("name", "description", "answers"))

    assert loaded == [
        {key: row[key] for key in ("name", "description", "answers")}
        for row in sorted(example_profiles(), key=lambda row: row["order"])
    ]


@pytest.mark.parametrize("row", example_profiles(), ids=lambda row: row["name"])
def test_a_built_in_profile_has_answers_the_questionnaire_could_save(row):
    ExampleProfile(**row).clean()


def test_answers_the_questionnaire_could_not_save_are_refused():
    profile = ExampleProfileFactory.build(answers={"education": "doctorate"})

    with pytest.raises(ValidationError) as refused:
        profile.clean()

    assert "answers" in refused.value.message_dict


def test_the_admin_lists_and_finds_profiles(admin_client):
    ExampleProfileFactory(name="Night-shift biller")
    url = reverse("admin:applicants_exampleprofile_changelist")

    assert "GED only" in admin_client.get(url).text
    found = admin_client.get(url, {"q": "night-shift"})
    assert list(found.context["cl"].result_list) == [
        ExampleProfile.objects.get(name="Night-shift biller")
    ]


def test_the_admin_add_page_opens(admin_client):
    response = admin_client.get(reverse("admin:applicants_exampleprofile_add"))

    assert response.status_code == 200


def test_the_admin_refuses_answers_the_questionnaire_could_not_save(admin_client):
    response = admin_client.post(
        reverse("admin:applicants_exampleprofile_add"),
        {
            "name": "Typo",
            "description": "Someone with a made-up answer.",
            "answers": '{"education": "phd"}',
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert not ExampleProfile.objects.filter(name="Typo").exists()


def test_editors_may_view_add_and_change_profiles_but_not_delete_them():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="applicants")
        .values_list("codename", flat=True)
    )

    assert codenames == {
        "view_exampleprofile",
        "add_exampleprofile",
        "change_exampleprofile",
    }
