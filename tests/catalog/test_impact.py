"""The impact preview (catalog.impact, catalog.admin_preview) on the real seeded
catalog and the example profiles the applicants migration loads: what a change
would change for people, and that nothing is written before the editor confirms."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.guidance import guidance
from applicants.models import ExampleProfile, Response
from catalog import impact
from catalog.admin_preview import CONFIRM, EDIT
from catalog.models import Certification, EligibilityPathway, Fee, Requirement, Source
from catalog.queries import (
    cached_eligibility_rules,
    certification_facts,
    eligibility_rules,
)
from catalog.seed import load_catalog
from certportal.cache import CATALOG_VERSION_KEY, page_cache
from tests.catalog.test_admin import admin_url, change_form_data

pytestmark = pytest.mark.django_db

GRADUATE = "CAHIIM associate graduate"  # 120 hours of training: CBCS now


@pytest.fixture
def seeded(db):
    load_catalog()


def cbcs_training():
    """The CBCS route through a training program (1 hour: length not published)."""
    return Requirement.objects.get(
        pathway__certification__code="CBCS",
        pathway__key="training",
        kind="coding_training",
    )


def state_with(change):
    """The catalog state with `change()` applied, then rolled back."""
    with transaction.atomic():
        change()
        state = impact.catalog_state()
        transaction.set_rollback(True)
    return state


def raise_cbcs_training_hours():
    requirement = cbcs_training()
    requirement.params = {"hours": 200}
    requirement.save()


def finished_response(answers):
    return Response.objects.create(answers=answers, completed_at="2026-12-01T10:00Z")


def profile_answers(name):
    return ExampleProfile.objects.get(name=name).answers


# The computation.


def test_raising_training_hours_moves_a_profile_from_eligible_to_within_reach(seeded):
    before = impact.catalog_state()
    after = state_with(raise_cbcs_training_hours)

    found = impact.compare(before, after, impact.registered_audience())

    assert found.codes == ("CBCS",)
    graduate = next(p for p in found.changed_profiles if p.name == GRADUATE)
    assert graduate.differences == [
        ("CBCS: verdict", "You can sit this exam now", "Within reach")
    ]
    assert "no diploma, nothing yet" in found.unchanged_profiles


def test_a_change_that_moves_no_rule_or_cost_judges_nobody(seeded):
    def retitle_summary():
        Certification.objects.filter(code="CBCS").update(summary="Reworded.")

    found = impact.compare(
        impact.catalog_state(),
        state_with(retitle_summary),
        impact.registered_audience(),
    )

    assert found.codes == ()
    assert not found.anyone_changed
    assert found.unchanged_profiles == list(
        ExampleProfile.objects.values_list("name", flat=True)
    )


def test_saved_responses_are_counted_by_what_changes(seeded):
    finished_response(profile_answers(GRADUATE))
    finished_response(profile_answers(GRADUATE))
    finished_response(profile_answers("no diploma, nothing yet"))
    Response.objects.create(answers=profile_answers(GRADUATE))  # not finished

    found = impact.compare(
        impact.catalog_state(),
        state_with(raise_cbcs_training_hours),
        impact.registered_audience(),
    )

    assert (found.responses_judged, found.responses_total) == (3, 3)
    assert (found.responses_changed, found.verdict_changed) == (2, 2)
    assert (found.plan_changed, found.cost_changed) == (0, 0)


def test_only_the_newest_responses_are_judged_and_the_rest_counted(seeded):
    for _ in range(3):
        finished_response(profile_answers(GRADUATE))

    found = impact.compare(
        impact.catalog_state(),
        state_with(raise_cbcs_training_hours),
        impact.registered_audience(),
        limit=2,
    )

    assert (found.responses_judged, found.responses_total) == (2, 3)
    assert found.responses_left_out == 1


def test_retiring_the_cpc_changes_the_school_leavers_plan(seeded):
    def retire_cpc():
        Certification.objects.filter(code="CPC").update(status="retired")

    found = impact.compare(
        impact.catalog_state(), state_with(retire_cpc), impact.registered_audience()
    )

    leaver = next(p for p in found.changed_profiles if p.name == "school leaver")
    assert leaver.before.first_step.startswith("Sit the CPC exam")
    assert "CPC" not in leaver.after.first_step
    assert (leaver.differences[0][:2]) == (
        "CPC: verdict",
        "You can sit this exam now, as an apprentice",
    )
    assert leaver.differences[0][2] == "No longer offered"


def test_a_dearer_exam_fee_changes_the_first_year_cost(seeded):
    def dearer_cpc():
        Fee.objects.filter(
            certification__code="CPC", kind="exam", audience="member"
        ).update(amount=999)

    found = impact.compare(
        impact.catalog_state(), state_with(dearer_cpc), impact.registered_audience()
    )

    leaver = next(p for p in found.changed_profiles if p.name == "school leaver")
    assert leaver.cost_changed and not leaver.verdicts
    assert "$1,189" in leaver.after.cost  # AAPC dues $190 + the exam


def test_the_catalog_state_neither_reads_nor_stores_cached_values(seeded):
    stale = cached_eligibility_rules()  # cached now
    with transaction.atomic():
        raise_cbcs_training_hours()
        fresh = impact.catalog_state()
        # Nothing new was stored under the current version…
        assert cached_eligibility_rules() == stale
        transaction.set_rollback(True)
    # …and the state was read from the database, with the change.
    assert fresh.rules != tuple(stale)
    assert tuple(eligibility_rules()) == tuple(stale)


# The admin.


def preview_post(client, requirement, hours, **extra):
    url = admin_url(Requirement, "change", requirement.pk)
    data = change_form_data(client.get(url))
    data["params"] = f'{{"hours": {hours}}}'
    return client.post(url, data | extra), url, data


def test_saving_a_requirement_shows_the_preview_and_saves_nothing(admin_client, seeded):
    requirement = cbcs_training()
    entries = LogEntry.objects.count()

    response, _url, _data = preview_post(admin_client, requirement, 200)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/catalog/impact_preview.html"
    assert GRADUATE in response.text
    assert "Within reach" in response.text
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 1}
    assert LogEntry.objects.count() == entries
    assert list(response.context["messages"]) == []


def test_the_preview_shows_the_change_field_by_field(admin_client, seeded):
    response, _url, _data = preview_post(admin_client, cbcs_training(), 200)

    changes = response.context["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("Parameters", '{"hours": 1}', '{"hours": 200}')
    ]


def test_the_preview_counts_responses_without_showing_them(admin_client, seeded):
    saved = finished_response(profile_answers(GRADUATE))

    response, _url, _data = preview_post(admin_client, cbcs_training(), 200)

    assert response.context["impact"].responses_changed == 1
    assert str(saved.pk) not in response.text
    assert "coding_training_hours" not in response.text


def test_confirm_reposts_the_same_form_with_the_confirmation(admin_client, seeded):
    response, url, data = preview_post(admin_client, cbcs_training(), 200)

    posted = dict(response.context["posted"])
    assert posted["params"] == data["params"]
    assert "csrfmiddlewaretoken" not in posted
    assert f'name="{CONFIRM}"' in response.text
    assert f'action="{url}"' in response.text


def test_a_confirmed_change_is_saved_and_the_guidance_follows(
    admin_client, seeded, django_capture_on_commit_callbacks
):
    requirement = cbcs_training()
    before = guidance(profile_answers(GRADUATE))
    assert any(
        row["verdict"].code == "CBCS" and row["status"] == "eligible"
        for group in before["groups"]
        for row in group["cards"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        _preview, url, data = preview_post(admin_client, requirement, 200)
        response = admin_client.post(url, data | {CONFIRM: "1"}, follow=True)

    assert "was changed successfully" in response.text
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 200}
    after = guidance(profile_answers(GRADUATE))
    assert any(
        row["verdict"].code == "CBCS" and row["status"] == "within_reach"
        for group in after["groups"]
        for row in group["cards"]
    )


def test_back_to_the_form_keeps_the_change_and_saves_nothing(admin_client, seeded):
    requirement = cbcs_training()
    entries = LogEntry.objects.count()
    preview, url, _data = preview_post(admin_client, requirement, 200)
    assert f'name="{EDIT}"' in preview.text

    response = admin_client.post(url, dict(preview.context["posted"]) | {EDIT: "1"})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/change_form.html"
    assert response.context["adminform"].form["params"].value() == '{"hours": 200}'
    assert "errornote" not in response.text
    assert "Nothing is saved yet: the form is as you left it" in response.text
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 1}
    assert LogEntry.objects.count() == entries


def test_the_form_shown_again_still_shows_its_own_errors(admin_client, seeded):
    requirement = cbcs_training()
    url = admin_url(Requirement, "change", requirement.pk)
    data = change_form_data(admin_client.get(url))
    data["params"] = '{"years": 2}'

    response = admin_client.post(url, data | {EDIT: "1"})

    assert "errornote" in response.text
    assert "Unknown parameter(s) years" in response.text


def test_saving_the_form_shown_again_previews_again_then_confirms(admin_client, seeded):
    requirement = cbcs_training()
    preview, url, data = preview_post(admin_client, requirement, 200)
    admin_client.post(url, dict(preview.context["posted"]) | {EDIT: "1"})

    again = admin_client.post(url, data | {"params": '{"hours": 300}'})
    assert again.templates[0].name == "admin/catalog/impact_preview.html"
    assert [(c["old"], c["new"]) for c in again.context["changes"]] == [
        ('{"hours": 1}', '{"hours": 300}')
    ]
    admin_client.post(url, dict(again.context["posted"]) | {CONFIRM: "1"})
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 300}


# The delete pages.


def test_the_delete_page_shows_whom_deleting_a_requirement_would_move(
    admin_client, seeded, django_capture_on_commit_callbacks
):
    requirement = cbcs_training()
    entries = LogEntry.objects.count()
    history = Requirement.history.count()
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.get(admin_url(Requirement, "delete", requirement.pk))

    assert response.status_code == 200
    assert "Before you delete" in response.text
    assert "Are you sure you want to delete" in response.text
    assert response.text.index("Before you delete") < response.text.index(
        "Are you sure"
    )
    impact = response.context["impact"]
    assert impact.codes == ("CBCS",)
    # Without the training, a diploma alone would do: the school leaver could
    # sit the CBCS.
    assert "high school diploma only" in [p.name for p in impact.changed_profiles]
    assert Requirement.objects.filter(pk=requirement.pk).exists()
    assert LogEntry.objects.count() == entries
    assert Requirement.history.count() == history
    assert callbacks == []  # no new catalog version waits for a commit


def test_deleting_the_last_requirement_of_a_removal_route_is_previewed(
    admin_client, seeded
):
    # Once the engine failed on a route with no requirement left: the page of
    # every deletion that would leave one must still answer.
    lone = Requirement.objects.annotate(siblings=Count("pathway__requirements")).get(
        pathway__certification__code="CPC",
        pathway__purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
        siblings=1,
    )

    response = admin_client.get(admin_url(Requirement, "delete", lone.pk))

    assert response.status_code == 200
    assert "Before you delete" in response.text


def test_deleting_a_fee_no_first_year_cost_uses_shows_no_impact(admin_client, seeded):
    fee = Fee.objects.filter(
        certification__code="CCA", kind="renewal", is_current=True
    ).first()

    response = admin_client.get(admin_url(Fee, "delete", fee.pk))

    assert response.status_code == 200
    assert response.context["impact"] is None
    assert "Before you delete" not in response.text


def test_delete_selected_shows_the_impact_then_deletes_once_confirmed(
    admin_client, seeded
):
    pathway = cbcs_training().pathway
    url = admin_url(EligibilityPathway, "changelist")
    chosen = {"action": "delete_selected", "_selected_action": [pathway.pk]}

    asked = admin_client.post(url, chosen)

    assert "Before you delete" in asked.text
    assert asked.context["impact"].codes == ("CBCS",)
    assert EligibilityPathway.objects.filter(pk=pathway.pk).exists()

    admin_client.post(url, chosen | {"post": "yes"})
    assert not EligibilityPathway.objects.filter(pk=pathway.pk).exists()


def test_unpublishing_the_cpc_asks_first_with_whom_it_moves(
    admin_client, seeded, django_capture_on_commit_callbacks
):
    cpc = Certification.objects.get(code="CPC")
    url = admin_url(Certification, "changelist")
    chosen = {"action": "unpublish", "_selected_action": [cpc.pk]}
    with django_capture_on_commit_callbacks() as callbacks:
        asked = admin_client.post(url, chosen)

    assert asked.templates[0].name == "admin/catalog/action_confirmation.html"
    impact = asked.context["impact"]
    assert impact.codes == ("CPC",)
    assert "school leaver" in [p.name for p in impact.changed_profiles]
    assert callbacks == []  # nothing changed, no new catalog version
    cpc.refresh_from_db()
    assert cpc.published

    admin_client.post(url, chosen | {"post": "yes"})
    cpc.refresh_from_db()
    assert not cpc.published


@pytest.fixture
def cache_outside_the_database(settings):
    """The page cache in memory, as Redis is in production: the tests' cache is a
    database table, whose writes the preview's rollback would undo anyway."""
    settings.CACHES = {
        **settings.CACHES,
        "outside": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.CATALOG_PAGE_CACHE = "outside"
    page_cache().clear()


def test_a_cancelled_preview_leaves_the_public_page_and_the_cache_unchanged(
    admin_client, seeded, django_capture_on_commit_callbacks, cache_outside_the_database
):
    visitor = Client()  # admin_client is pytest-django's `client`, logged in
    page = reverse("catalog:certification_detail", args=["CBCS"])
    visitor.get(page)
    shown = visitor.get(page)
    assert shown["X-Catalog-Cache"] == "hit"
    rules = cached_eligibility_rules()
    version = page_cache().get(CATALOG_VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        preview, _url, _data = preview_post(admin_client, cbcs_training(), 200)
    cancelled = admin_client.get(preview.context["cancel_url"])

    assert callbacks == []  # no new catalog version waits for a commit
    assert cancelled.status_code == 200
    assert cancelled.context["original"].params == {"hours": 1}
    assert page_cache().get(CATALOG_VERSION_KEY) == version
    assert cached_eligibility_rules() == rules
    again = visitor.get(page)
    assert again["X-Catalog-Cache"] == "hit"
    assert again.content == shown.content


def test_a_cancelled_preview_stores_no_value_built_from_the_change(
    admin_client, seeded, cache_outside_the_database
):
    first_year = certification_facts()["CPC"]["first_year"]
    fee = first_year["parts"][1].fees[0]  # the CPC's member price, or one of them
    url = admin_url(Fee, "update", fee.pk)
    data = {
        "amount": "999",
        "currency": "USD",
        "sources_disagree": "on",  # the CPC's member prices disagree already
        "source": fee.source.pk,
        "source_date_precision": "undated",
        "reason": "A new price",
    }
    page_cache().clear()  # nothing cached: the preview would have to build it

    preview = admin_client.post(url, data)

    assert preview.context["impact"].codes == ("CPC",)
    # Built now from the database (the preview stored nothing to serve instead).
    assert certification_facts()["CPC"]["first_year"]["total"] == first_year["total"]
    assert cached_eligibility_rules() == eligibility_rules()


def test_back_to_an_update_form_keeps_the_new_figure_and_saves_nothing(
    admin_client, seeded
):
    fee = certification_facts()["CPC"]["first_year"]["parts"][1].fees[0]
    url = admin_url(Fee, "update", fee.pk)
    data = {
        "amount": "999",
        "currency": "USD",
        "sources_disagree": "on",
        "source": fee.source.pk,
        "source_date_precision": "undated",
        "reason": "A new price",
    }
    preview = admin_client.post(url, data)
    assert preview.templates[0].name == "admin/catalog/impact_preview.html"

    response = admin_client.post(url, dict(preview.context["posted"]) | {EDIT: "1"})

    assert response.templates[0].name == "admin/catalog/fact_update.html"
    assert response.context["form"]["amount"].value() == "999"
    assert "Nothing is saved yet: the form is as you left it" in response.text
    fee.refresh_from_db()
    assert fee.amount != 999
    assert fee.is_current


def test_a_form_with_errors_is_shown_again_without_a_preview(admin_client, seeded):
    requirement = cbcs_training()
    url = admin_url(Requirement, "change", requirement.pk)
    data = change_form_data(admin_client.get(url))
    data["params"] = '{"years": 2}'

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "impact" not in response.context
    assert "Unknown parameter(s) years" in response.text


def test_a_change_no_one_feels_is_saved_at_once(admin_client, seeded):
    certification = Certification.objects.get(code="CBCS")
    url = admin_url(Certification, "change", certification.pk)
    data = change_form_data(admin_client.get(url))
    data["summary"] = "Reworded for clarity."

    response = admin_client.post(url, data, follow=True)

    assert "was changed successfully" in response.text
    certification.refresh_from_db()
    assert certification.summary == "Reworded for clarity."


def test_a_change_moving_nobody_still_previews_saying_so(admin_client, seeded):
    # 2 hours instead of 1: every profile with training has more than that.
    response, _url, _data = preview_post(admin_client, cbcs_training(), 2)

    assert response.context["impact"].codes == ("CBCS",)
    assert "No one's guidance changes" in response.text


def test_retiring_a_certification_previews_with_its_inlines(admin_client, seeded):
    certification = Certification.objects.get(code="CPC")
    url = admin_url(Certification, "change", certification.pk)
    data = change_form_data(admin_client.get(url))
    data["status"] = "retired"

    response = admin_client.post(url, data)

    assert response.templates[0].name == "admin/catalog/impact_preview.html"
    assert "No longer offered" in response.text
    certification.refresh_from_db()
    assert certification.status == "active"


def test_the_preview_loads_responses_in_one_query_whatever_their_number(
    admin_client, seeded
):
    def preview_queries():
        with CaptureQueriesContext(connection) as queries:
            preview_post(admin_client, cbcs_training(), 200)
        return len(queries)

    preview_queries()  # once to warm what is read once a process (content types)
    finished_response(profile_answers(GRADUATE))
    few = preview_queries()
    for hours in range(40):
        finished_response(profile_answers(GRADUATE) | {"coding_training_hours": hours})
    assert preview_queries() == few


def test_a_requirement_added_to_a_pathway_is_previewed_as_a_new_row(
    admin_client, seeded
):
    pathway = cbcs_training().pathway
    url = admin_url(EligibilityPathway, "change", pathway.pk)
    data = change_form_data(admin_client.get(url))
    count = int(data["requirements-TOTAL_FORMS"])
    data |= {
        "requirements-TOTAL_FORMS": count + 1,
        f"requirements-{count}-kind": "experience",
        f"requirements-{count}-params": '{"months": 6}',
        f"requirements-{count}-order": 5,
        f"requirements-{count}-source": pathway.source_id
        or Source.objects.order_by("pk").first().pk,
    }

    response = admin_client.post(url, data)

    rows = [(c["object"], c["field"], c["new"]) for c in response.context["changes"]]
    assert ("new requirement", "Kind", "Verified coding experience") in rows
    assert GRADUATE in response.text
    assert pathway.requirements.count() == count
