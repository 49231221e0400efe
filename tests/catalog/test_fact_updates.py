"""Editors update sourced facts without losing the old ones (issue 13).

An editor (Editors group, not a superuser) updates a fee, the exam facts, the
renewal rule and a requirement with a source and its date; the old value stays as
an earlier figure or in the history; a missing source, a source dated in the
future and a second differing figure are refused at the field.
"""

import datetime
import re

import pytest
from django.urls import reverse

from catalog.admin_preview import CONFIRM
from catalog.models import Certification, Fee, Requirement, Source
from tests.factories import FeeFactory, SourceFactory

pytestmark = pytest.mark.django_db


def update_url(model, pk, slug="update"):
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{slug.replace('-', '_')}",
        args=[pk],
    )


def detail(client, code):
    return client.get(reverse("catalog:certification_detail", args=[code])).text


def member_exam_fee(cpc):
    return cpc.fees.get(kind=Fee.Kind.EXAM, audience=Fee.Audience.MEMBER)


def test_updating_a_fee_keeps_the_old_figure_and_the_page_shows_both(
    editor_client, client, catalog
):
    old = member_exam_fee(catalog["cpc"])
    source = SourceFactory(key="A09", title="AAPC 2026 price list", as_of="2026-11")

    response = editor_client.post(
        update_url(Fee, old.pk),
        {
            "amount": "425",
            "currency": "USD",
            "note": "1 attempt",
            "source": source.pk,
            "source_date": "2026-11-01",
            "source_date_precision": "month",
            "reason": "AAPC's new price list",
        },
    )

    assert response.status_code == 302
    new = Fee.objects.get(is_current=True, kind="exam", audience="member")
    old.refresh_from_db()
    assert (new.amount, new.source, new.as_of) == (425, source, "November 2026")
    assert new.verified_on == datetime.date.today()
    assert not old.is_current and old.superseded_by == new
    assert old.history.first().history_change_reason == "AAPC's new price list"
    page = detail(client, "CPC")
    member_cell = re.findall(r"<td>(.*?)</td>", page, flags=re.S)[0]
    assert "$425" in member_cell.split("<details")[0]
    assert "Earlier figure" in member_cell
    assert "$399" in member_cell.split("Earlier figure")[1]


def test_a_fee_update_without_a_source_is_refused_at_the_field_keeping_the_input(
    editor_client, catalog
):
    old = member_exam_fee(catalog["cpc"])

    response = editor_client.post(
        update_url(Fee, old.pk),
        {
            "amount": "425",
            "currency": "USD",
            "source_date_precision": "undated",
            "reason": "new price",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "needs its source" in form.errors["source"][0]
    assert "Nothing was saved" in response.text
    assert 'value="425"' in response.text
    assert (
        Fee.objects.filter(is_current=True, kind="exam", audience="member").get() == old
    )


def test_a_source_dated_in_the_future_is_refused_at_the_field(editor_client, catalog):
    old = member_exam_fee(catalog["cpc"])
    next_year = datetime.date.today().year + 1

    response = editor_client.post(
        update_url(Fee, old.pk),
        {
            "amount": "425",
            "currency": "USD",
            "new_source_url": "https://example.org/prices",
            "new_source_title": "Prices",
            "new_source_kind": "official",
            "source_date": f"{next_year}-01-01",
            "source_date_precision": "year",
            "reason": "new price",
        },
    )

    assert "can't be in the future" in response.context["form"].errors["source_date"][0]
    assert not Source.objects.filter(url="https://example.org/prices").exists()


def test_a_new_source_given_in_the_update_form_is_created_with_its_date(
    editor_client, catalog
):
    old = member_exam_fee(catalog["cpc"])

    editor_client.post(
        update_url(Fee, old.pk),
        {
            "amount": "425",
            "currency": "USD",
            "new_source_url": "https://example.org/prices",
            "new_source_title": "AAPC prices",
            "new_source_kind": "official",
            "source_date": "2026-03-15",
            "source_date_precision": "day",
            "reason": "new price",
        },
    )

    source = Source.objects.get(url="https://example.org/prices")
    assert (source.kind, source.as_of) == ("official", "15 March 2026")
    assert (
        Fee.objects.get(is_current=True, kind="exam", audience="member").source
        == source
    )


def test_a_second_differing_current_figure_is_refused_or_recorded_as_a_disagreement(
    editor_client, catalog
):
    cpc = catalog["cpc"]
    other = SourceFactory(key="Y01", title="A prep site")
    add = reverse("admin:catalog_fee_add")
    data = {
        "certification": cpc.pk,
        "kind": "exam",
        "audience": "member",
        "amount": "425",
        "currency": "USD",
        "as_of_precision": "undated",
        "source": other.pk,
        "is_current": "on",
        "order": 0,
    }

    refused = editor_client.post(add, data)

    assert refused.status_code == 200
    error = refused.context["adminform"].form.errors["amount"][0]
    assert "already has a current figure: 399.00 USD (A01" in error
    assert "Sources disagree" in error

    accepted = editor_client.post(add, {**data, "sources_disagree": "on"})

    assert accepted.status_code == 302
    assert (
        Fee.objects.filter(
            certification=cpc, kind="exam", audience="member", is_current=True
        ).count()
        == 2
    )


def test_an_agreeing_figure_from_another_source_is_no_conflict(catalog):
    cpc = catalog["cpc"]
    agreeing = Fee(
        certification=cpc,
        kind="exam",
        audience="member",
        amount=399,
        source=SourceFactory(),
    )
    agreeing.full_clean()


def test_a_saved_figure_is_not_overwritten_in_the_change_form(editor_client, catalog):
    fee = member_exam_fee(catalog["cpc"])
    url = reverse("admin:catalog_fee_change", args=[fee.pk])
    from tests.catalog.test_admin import change_form_data

    data = change_form_data(editor_client.get(url))
    data["amount"] = "450"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert (
        "use “Update this fee”"
        in response.context["adminform"].form.errors["amount"][0]
    )
    fee.refresh_from_db()
    assert fee.amount == 399


def test_updating_the_exam_facts_records_the_source_and_keeps_the_old_values(
    editor_client, client, catalog
):
    cpc = catalog["cpc"]
    source = SourceFactory(key="A10", title="AAPC exam page", kind="official")

    response = editor_client.post(
        update_url(Certification, cpc.pk, "update-exam"),
        {
            "exam_questions": "100",
            "exam_minutes": "210",
            "exam_format": "Multiple choice",
            "exam_delivery": "Online or in person",
            "exam_open_book": "true",
            "exam_passing": "70%",
            "exam_note": "",
            "source": source.pk,
            "source_date_precision": "undated",
            "reason": "AAPC's exam page",
            "mark_certification_verified": "on",
        },
    )

    assert response.status_code == 302
    cpc.refresh_from_db()
    today = datetime.date.today()
    assert (cpc.exam_questions, cpc.exam_minutes, cpc.exam_source) == (
        "100",
        210,
        source,
    )
    assert cpc.exam_verified_on == today and cpc.last_verified == today
    assert cpc.source_links.filter(source=source, topic="exam").exists()
    history = editor_client.get(
        reverse("admin:catalog_certification_facts_history", args=[cpc.pk])
    )
    assert history.status_code == 200
    text = history.text
    assert "editor" in text and "AAPC&#x27;s exam page" in text
    assert "Exam minutes</strong>: 240 → 210" in text
    assert "Exam source</strong>: — → A10: AAPC exam page" in text
    assert "3 hours 30 minutes" in detail(client, "CPC")


def test_the_renewal_rule_update_refuses_a_missing_source(editor_client, catalog):
    cpc = catalog["cpc"]

    response = editor_client.post(
        update_url(Certification, cpc.pk, "update-renewal"),
        {
            "ceus_per_cycle": "40",
            "cycle_years": "2",
            "maintenance_note": "40 CEUs every 2 years.",
            "source_date_precision": "undated",
            "reason": "AAPC",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    cpc.refresh_from_db()
    assert cpc.ceus_per_cycle == 36


def test_updating_a_requirement_checks_its_parameters_and_keeps_the_old_rule(
    editor_client, catalog
):
    requirement = Requirement.objects.get(
        pathway__key="course", pathway__certification=catalog["cpc"]
    )
    url = update_url(Requirement, requirement.pk)
    data = {
        "kind": "coding_training",
        "params": '{"hours": "many"}',
        "text": "",
        "source": Source.objects.get(key="A01").pk,
        "source_date_precision": "undated",
        "reason": "AAPC asks for more hours",
    }

    refused = editor_client.post(url, data)
    previewed = editor_client.post(url, {**data, "params": '{"hours": 120}'})

    assert refused.context["form"].errors["params"]
    # Someone's verdict moves: the impact preview first, nothing saved yet.
    assert "Before you save" in previewed.text
    assert previewed.context["impact"].codes == ("CPC",)
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 80}

    saved = editor_client.post(url, {**data, "params": '{"hours": 120}', CONFIRM: "1"})

    assert saved.status_code == 302
    requirement.refresh_from_db()
    assert requirement.params == {"hours": 120}
    assert requirement.history.earliest().params == {"hours": 80}


def test_an_editor_without_the_change_permission_cannot_update(
    client, django_user_model, log_in_with_code, catalog
):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    log_in_with_code(client, viewer)
    fee = member_exam_fee(catalog["cpc"])

    assert client.get(update_url(Fee, fee.pk)).status_code == 403


def test_the_update_page_shows_the_value_now(editor_client, catalog):
    fee = FeeFactory(
        certification=catalog["cpc"], kind="renewal", audience="member", amount=205
    )

    page = editor_client.get(update_url(Fee, fee.pk))

    assert page.status_code == 200
    assert "205.00 USD" in page.text
    assert "Save the update" in page.text


def test_an_update_marked_as_a_disagreement_keeps_both_figures_current(
    editor_client, client, catalog
):
    old = member_exam_fee(catalog["cpc"])
    other = SourceFactory(key="Y05", title="A prep site's price list")

    editor_client.post(
        update_url(Fee, old.pk),
        {
            "amount": "425",
            "currency": "USD",
            "sources_disagree": "on",
            "source": other.pk,
            "source_date": "2026-02-01",
            "source_date_precision": "month",
            "reason": "A prep site gives another price",
        },
    )

    figures = Fee.objects.filter(kind="exam", audience="member", is_current=True)
    assert sorted(fee.amount for fee in figures) == [399, 425]
    assert all(fee.sources_disagree for fee in figures)
    member_cell = re.findall(r"<td>(.*?)</td>", detail(client, "CPC"), flags=re.S)[0]
    # AHIMA's own figure stays the price; the other is listed as disagreeing.
    assert '<span class="fee-amount">$399</span>' in member_cell
    assert "1 other figure reported: sources disagree" in member_cell
