import datetime

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from catalog import requirements, validators
from catalog.admin import PARAMS_EXAMPLES
from catalog.admin_preview import CONFIRM
from catalog.models import Certification, Fee, Requirement
from tests import factories

pytestmark = pytest.mark.django_db

# One factory per ModelAdmin, with what to type in its search box to find the object.
ADMIN_CASES = [
    (factories.SourceFactory, lambda obj: obj.key),
    (factories.CareSettingFactory, lambda obj: obj.name),
    (factories.CredentialingBodyFactory, lambda obj: obj.acronym),
    (factories.CertificationFactory, lambda obj: obj.code),
    (factories.EligibilityPathwayFactory, lambda obj: obj.certification.code),
    (factories.RequirementFactory, lambda obj: obj.pathway.certification.code),
    (factories.RecommendationFactory, lambda obj: obj.certification.code),
    (factories.FeeFactory, lambda obj: obj.certification.code),
    (factories.CaveatFactory, lambda obj: obj.certification.code),
    (factories.GlossaryTermFactory, lambda obj: obj.term),
    (factories.OutlookFactFactory, lambda obj: obj.key),
    (factories.SearchSynonymFactory, lambda obj: obj.phrase),
]
admin_cases = pytest.mark.parametrize(
    ["factory", "search_term"],
    ADMIN_CASES,
    ids=[factory._meta.model.__name__ for factory, _ in ADMIN_CASES],
)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_form_data(response):
    """The POST data a browser would send back for an admin change page, unchanged.

    Existing inline rows are included; empty extra rows are left out.
    """
    data = {}
    forms_to_send = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = len(
            formset.initial_forms
        )
        forms_to_send += formset.initial_forms
    for form in forms_to_send:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, forms.NullBooleanField):
                value = {True: "true", False: "false"}.get(value)
            elif isinstance(field, forms.BooleanField):
                value = "on" if value else None
            if value is not None:
                data[form[name].html_name] = value
    return data


def run_action(client, action, *objects, confirmed=False):
    """A list action on `objects`; `confirmed`: as "Yes" on the page that asks
    first (publish and unpublish ask when they would move someone's guidance)."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    if confirmed:
        data["post"] = "yes"
    return client.post(admin_url(Certification, "changelist"), data, follow=True)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_every_catalog_model_admin_has_a_smoke_test():
    registered = {m for m in admin.site._registry if m._meta.app_label == "catalog"}
    assert registered == {factory._meta.model for factory, _ in ADMIN_CASES}


@admin_cases
def test_changelist_opens(admin_client, factory, search_term):
    factory()
    response = admin_client.get(admin_url(factory._meta.model, "changelist"))
    assert response.status_code == 200


@admin_cases
def test_add_page_opens(admin_client, factory, search_term):
    response = admin_client.get(admin_url(factory._meta.model, "add"))
    assert response.status_code == 200


@admin_cases
def test_change_page_opens(admin_client, factory, search_term):
    obj = factory()
    response = admin_client.get(admin_url(factory._meta.model, "change", obj.pk))
    assert response.status_code == 200


@admin_cases
def test_search_finds_the_object(admin_client, factory, search_term):
    obj = factory()
    factory()  # another one, which the search must not list
    response = admin_client.get(
        admin_url(factory._meta.model, "changelist"), {"q": search_term(obj)}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


def test_certification_search_finds_former_name(admin_client):
    former = factories.FormerNameFactory(name="CPC-H")
    response = admin_client.get(admin_url(Certification, "changelist"), {"q": "cpc-h"})
    assert list(response.context["cl"].result_list) == [former.certification]


def test_params_help_examples_fit_their_kinds():
    assert set(PARAMS_EXAMPLES) == set(requirements.Kind)
    for kind, (example, _) in PARAMS_EXAMPLES.items():
        assert validators.validate_params(kind, example) == example


def test_requirement_form_explains_params_of_every_kind(admin_client):
    response = admin_client.get(admin_url(Requirement, "add"))
    for kind in requirements.Kind:
        assert kind.value in response.text


def test_requirement_with_params_not_fitting_its_kind_is_rejected(admin_client):
    pathway = factories.EligibilityPathwayFactory()
    response = admin_client.post(
        admin_url(Requirement, "add"),
        {
            "pathway": pathway.pk,
            "kind": "experience",
            "params": '{"years": 2}',
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "Unknown parameter(s) years" in str(response.context["adminform"].errors)
    assert Requirement.objects.count() == 0


def test_requirement_with_fitting_params_is_saved(admin_client):
    pathway = factories.EligibilityPathwayFactory()
    response = admin_client.post(
        admin_url(Requirement, "add"),
        {
            "pathway": pathway.pk,
            "kind": "experience",
            "params": '{"months": 24}',
            "order": 0,
            "source": factories.SourceFactory().pk,
            CONFIRM: "1",  # past the impact preview (tests/catalog/test_impact.py)
        },
    )
    assert response.status_code == 302
    assert Requirement.objects.get().params == {"months": 24}


def test_a_new_requirement_without_a_source_is_refused_at_the_field(admin_client):
    pathway = factories.EligibilityPathwayFactory()
    response = admin_client.post(
        admin_url(Requirement, "add"),
        {"pathway": pathway.pk, "kind": "experience", "params": '{"months": 24}'},
    )

    assert response.status_code == 200
    assert "needs its source" in response.context["adminform"].form.errors["source"][0]
    assert not Requirement.objects.exists()


def test_requirement_change_with_unfitting_params_shows_the_form_again(admin_client):
    requirement = factories.RequirementFactory()
    url = admin_url(Requirement, "change", requirement.pk)
    data = change_form_data(admin_client.get(url))
    data["params"] = '{"level": "doctorate"}'
    response = admin_client.post(url, data)
    assert "“doctorate” is not a valid level" in response.text
    requirement.refresh_from_db()
    assert requirement.params == {"level": "high_school_or_equivalent"}


def test_pathway_with_a_bad_requirement_saves_nothing(admin_client):
    requirement = factories.RequirementFactory()
    pathway = requirement.pathway
    url = admin_url(pathway, "change", pathway.pk)
    data = change_form_data(admin_client.get(url))
    data["name"] = "Renamed"
    data["requirements-0-params"] = '{"level": "doctorate"}'
    response = admin_client.post(url, data)
    assert "“doctorate” is not a valid level" in response.text
    pathway.refresh_from_db()
    requirement.refresh_from_db()
    assert pathway.name != "Renamed"
    assert requirement.params == {"level": "high_school_or_equivalent"}


def test_pathway_inline_shows_requirement_in_plain_words(admin_client):
    requirement = factories.RequirementFactory()
    url = admin_url(requirement.pathway, "change", requirement.pathway.pk)
    response = admin_client.get(url)
    assert "Have a high school diploma or equivalent (GED)" in response.text


def test_change_form_refuses_to_publish_without_a_source(admin_client):
    draft = factories.CertificationFactory(published=False)
    url = admin_url(Certification, "change", draft.pk)
    data = change_form_data(admin_client.get(url))
    data["published"] = "on"
    response = admin_client.post(url, data)
    assert "be published without a source" in response.text
    draft.refresh_from_db()
    assert not draft.published


def test_change_form_publishes_with_a_source(admin_client):
    link = factories.CertificationSourceFactory(certification__published=False)
    url = admin_url(Certification, "change", link.certification.pk)
    data = change_form_data(admin_client.get(url))
    data["published"] = "on"
    data[CONFIRM] = "1"  # past the impact preview
    assert admin_client.post(url, data).status_code == 302
    link.certification.refresh_from_db()
    assert link.certification.published


def test_add_form_publishes_a_new_certification_with_a_source(admin_client):
    body = factories.CredentialingBodyFactory()
    source = factories.SourceFactory()
    data = change_form_data(admin_client.get(admin_url(Certification, "add")))
    data |= {
        "body": body.pk,
        "code": "CCS",
        "name": "Certified Coding Specialist",
        "level": "professional",
        "summary": "Hospital coding.",
        "last_verified": "2026-11-26",
        "published": "on",
        "source_links-TOTAL_FORMS": 1,
        "source_links-0-source": source.pk,
        "source_links-0-topic": "general",
        CONFIRM: "1",  # past the impact preview
    }
    assert admin_client.post(admin_url(Certification, "add"), data).status_code == 302
    assert Certification.objects.get(code="CCS").published


def test_add_form_refuses_a_code_another_certification_has_in_another_case(
    admin_client,
):
    factories.CertificationFactory(code="CPC")
    data = change_form_data(admin_client.get(admin_url(Certification, "add")))
    data |= {
        "body": factories.CredentialingBodyFactory().pk,
        "code": "cpc",
        "name": "Certified Professional Coder, again",
        "level": "professional",
        "summary": "A duplicate.",
        "last_verified": "2026-11-26",
    }

    response = admin_client.post(admin_url(Certification, "add"), data)

    assert response.status_code == 200
    assert "codes are the same whatever their case" in response.text
    assert Certification.objects.filter(code__iexact="cpc").count() == 1


def test_renaming_a_code_to_another_in_another_case_is_refused(admin_client):
    factories.CertificationFactory(code="CCS")
    renamed = factories.CertificationSourceFactory().certification
    url = admin_url(Certification, "change", renamed.pk)
    data = change_form_data(admin_client.get(url))
    data["code"] = "Ccs"

    response = admin_client.post(url, data)

    assert "codes are the same whatever their case" in response.text
    renamed.refresh_from_db()
    assert renamed.code != "Ccs"


def test_the_change_form_has_no_slug(admin_client):
    certification = factories.CertificationFactory()

    response = admin_client.get(admin_url(Certification, "change", certification.pk))

    assert 'name="code"' in response.text
    assert 'name="slug"' not in response.text


def test_publish_action_skips_certifications_without_a_source(admin_client):
    draft = factories.CertificationFactory(published=False)
    response = run_action(admin_client, "publish", draft)
    assert any(draft.code in message for message in shown_messages(response))
    draft.refresh_from_db()
    assert not draft.published


def test_publish_action_asks_first_then_publishes_with_a_source(admin_client):
    link = factories.CertificationSourceFactory(certification__published=False)

    asked = run_action(admin_client, "publish", link.certification)
    assert asked.templates[0].name == "admin/catalog/action_confirmation.html"
    link.certification.refresh_from_db()
    assert not link.certification.published

    run_action(admin_client, "publish", link.certification, confirmed=True)
    link.certification.refresh_from_db()
    assert link.certification.published


def test_unpublish_action_asks_first_then_makes_a_draft(admin_client):
    certification = factories.CertificationFactory(published=True)

    asked = run_action(admin_client, "unpublish", certification)
    assert "Before you unpublish" in asked.text
    certification.refresh_from_db()
    assert certification.published

    run_action(admin_client, "unpublish", certification, confirmed=True)
    certification.refresh_from_db()
    assert not certification.published


def test_the_lists_show_short_dates_and_what_needs_review(admin_client):
    factories.CertificationFactory(code="OLDX", last_verified=datetime.date(2020, 1, 1))
    fresh = factories.CertificationFactory(
        code="NEWX", last_verified=timezone.localdate()
    )
    factories.FeeFactory(as_of="2026 (implied by the page's data)")
    factories.FeeFactory(as_of="May 2025")

    certifications = admin_client.get(admin_url(Certification, "changelist")).text
    fees = admin_client.get(admin_url(Fee, "changelist")).text

    assert ">2020-01-01, needs review<" in certifications
    assert f">{fresh.last_verified.isoformat()}<" in certifications
    assert ">2026<" in fees and "implied by the page" not in fees
    assert ">May 2025<" in fees


def test_mark_verified_today_updates_last_verified(admin_client):
    certification = factories.CertificationFactory(
        last_verified=datetime.date(2020, 1, 1)
    )
    response = run_action(admin_client, "mark_verified_today", certification)
    certification.refresh_from_db()
    assert certification.last_verified == timezone.localdate()
    assert "Marked 1 certification verified today." in shown_messages(response)


def test_needs_review_filter_lists_only_stale_certifications(admin_client):
    stale = factories.CertificationFactory(last_verified=datetime.date(2020, 1, 1))
    factories.CertificationFactory(last_verified=timezone.localdate())
    response = admin_client.get(
        admin_url(Certification, "changelist"), {"needs_review": "yes"}
    )
    assert list(response.context["cl"].result_list) == [stale]


def test_fee_without_amount_is_listed_as_not_published(admin_client):
    fee = factories.FeeFactory(amount=None)
    response = admin_client.get(admin_url(fee, "changelist"))
    assert "not published" in response.text


def test_fee_for_both_certification_and_body_is_rejected(admin_client):
    certification = factories.CertificationFactory()
    source = factories.SourceFactory()
    response = admin_client.post(
        admin_url(factories.FeeFactory._meta.model, "add"),
        {
            "certification": certification.pk,
            "body": certification.body.pk,
            "kind": "exam",
            "audience": "member",
            "currency": "USD",
            "source": source.pk,
            "order": 0,
        },
    )
    assert "A fee belongs to exactly one certification or one body" in response.text


def test_editor_can_change_a_certification(editor_client):
    certification = factories.CertificationSourceFactory().certification
    url = admin_url(Certification, "change", certification.pk)
    data = change_form_data(editor_client.get(url))
    data["name"] = "Renamed by an editor"
    data[CONFIRM] = "1"  # past the impact preview
    assert editor_client.post(url, data).status_code == 302
    certification.refresh_from_db()
    assert certification.name == "Renamed by an editor"


def test_editor_can_open_the_certification_list(editor_client):
    response = editor_client.get(admin_url(Certification, "changelist"))
    assert response.status_code == 200


def test_editor_cannot_open_user_accounts(editor_client, django_user_model):
    response = editor_client.get(admin_url(django_user_model, "changelist"))
    assert response.status_code == 403


def test_editors_group_holds_the_catalog_permissions_and_example_profiles():
    editors = Group.objects.get(name="Editors")
    # History records (django-simple-history) are read through their model's own
    # permissions: no one edits or deletes an old value.
    expected = {
        f"{action}_{model._meta.model_name}"
        for model in apps.get_app_config("catalog").get_models()
        if not model.__name__.startswith("Historical")
        for action in ["add", "change", "delete", "view"]
    }
    # The impact preview's example profiles: kept, never deleted, by editors.
    profiles = {
        ("applicants", f"{action}_exampleprofile")
        for action in ["add", "change", "view"]
    }
    granted = {
        (p.content_type.app_label, p.codename) for p in editors.permissions.all()
    }
    assert granted == {("catalog", codename) for codename in expected} | profiles
    assert set(
        Permission.objects.filter(content_type__app_label="catalog").exclude(
            content_type__model__startswith="historical"
        )
    ) == set(editors.permissions.filter(content_type__app_label="catalog"))


def test_fee_row_error_shows_beside_the_field_under_the_rows_kind_and_amount(
    admin_client,
):
    fee = factories.FeeFactory(amount=299)
    url = admin_url(Certification, "change", fee.certification.pk)
    data = change_form_data(admin_client.get(url))
    del data["fees-0-source"]
    response = admin_client.post(url, data)

    assert response.status_code == 200
    html = response.text
    row = html[html.index('id="fees-0"') : html.index('id="fees-empty"')]
    # The row's heading names the fee, and its kind and amount are in the row.
    assert "Exam (Member): 299.00 USD" in row
    assert 'name="fees-0-kind"' in row
    assert 'name="fees-0-amount"' in row
    # The error sits in the source's own box, just before its field.
    source_box = row[
        row.index("fieldBox field-source") : row.index('name="fees-0-source"')
    ]
    assert "This field is required." in source_box
