"""The compare page as a person on a phone meets it: one card per credential with
the table's rows, the rows a beginner asks about, grouped choices, and "Add to
compare" on the list. (The browser test in tests/e2e checks the 360 px layout.)"""

import re

import pytest
from django.urls import reverse

from catalog.models import (
    Certification,
    CredentialingBody,
    Fee,
    Membership,
    StartingPoint,
)
from tests.factories import DuesFactory, FeeFactory

pytestmark = pytest.mark.django_db


def compare(client, *codes):
    return client.get(reverse("catalog:compare"), {"c": list(codes)})


def card(html, code):
    """The text of one certification's card (the narrow-screen layout)."""
    start = html.index(
        f'<section class="compare-card" aria-labelledby="compare-{code}"'
    )
    return html[start : html.index("</section>", start)]


def fact(card_html, label):
    """The value of one row of a card, without its markup."""
    after = card_html.split(f"<dt>{label}</dt>", 1)[1]
    value = after.split("<dd>", 1)[1].split("</dd>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip()


def test_each_certification_gets_a_card_with_every_row_in_the_tables_order(
    client, catalog
):
    html = compare(client, "CPC", "CCA").text

    table_labels = re.findall(r'<th scope="row">(.*?)</th>', html)
    for code in ["CPC", "CCA"]:
        assert re.findall(r"<dt>(.*?)</dt>", card(html, code)) == table_labels


def test_the_rows_include_beginners_membership_and_renewal_cost(client, catalog):
    html = compare(client, "CPC", "CCA").text

    labels = re.findall(r'<th scope="row">(.*?)</th>', html)
    assert labels == [
        "Credentialing body",
        "Level",
        "Open to beginners",
        "Care settings",
        "Routes to sit the exam",
        "Exam questions",
        "Exam length",
        "Open code books",
        "Exam fee, member",
        "Exam fee, non-member",
        "Membership to sit the exam",
        "First year",
        "Renewal",
        "Renewal fee, member",
        "Renewal fee, non-member",
        "Last verified",
    ]


def test_open_to_beginners_gives_the_starting_point_with_its_note(client, catalog):
    Certification.objects.filter(code="CPC").update(
        starting_point=StartingPoint.BEGINNER,
        starting_point_note="AAPC needs no experience to sit it",
    )

    cpc = card(compare(client, "CPC", "CCA").text, "CPC")

    assert fact(cpc, "Open to beginners") == (
        "Suits beginners AAPC needs no experience to sit it"
    )


def test_membership_says_whether_the_body_asks_for_it(client, catalog):
    html = compare(client, "CPC", "CCA").text

    assert fact(card(html, "CPC"), "Membership to sit the exam") == "Required"
    assert fact(card(html, "CCA"), "Membership to sit the exam") == "Not required"


def test_membership_a_body_does_not_state_says_not_published_quietly(client, catalog):
    CredentialingBody.objects.filter(acronym="AHIMA").update(
        membership_required_to_test=Membership.UNKNOWN
    )

    cca = card(compare(client, "CPC", "CCA").text, "CCA")

    row = cca.split("<dt>Membership to sit the exam</dt>")[1].split("</dd>")[0]
    assert '<span class="not-published">Not published</span>' in row


def test_renewal_fee_follows_the_cost_rule(client, catalog):
    FeeFactory(
        certification=catalog["cca"],
        kind=Fee.Kind.RENEWAL,
        audience=Fee.Audience.NON_MEMBER,
        amount=218,
    )

    html = compare(client, "CPC", "CCA").text

    assert fact(card(html, "CCA"), "Renewal fee, non-member") == "$218"
    assert fact(card(html, "CPC"), "Renewal fee, member") == "Not published"


def test_a_fee_named_without_an_amount_says_why(client, catalog):
    FeeFactory(
        certification=catalog["cca"],
        kind=Fee.Kind.RENEWAL,
        audience=Fee.Audience.MEMBER,
        amount=None,
        note="AHIMA says members pay less but gives no amount",
    )

    html = compare(client, "CPC", "CCA").text

    assert fact(card(html, "CCA"), "Renewal fee, member") == (
        "Not published AHIMA says members pay less but gives no amount"
    )


def test_the_first_year_gives_the_total_with_its_parts(client, catalog):
    DuesFactory(
        body=catalog["aapc"],
    )

    cpc = card(compare(client, "CPC", "CCA").text, "CPC")

    assert fact(cpc, "First year") == (
        "$589 (AAPC membership, first year $190 + CPC exam, member price $399)"
    )


def test_no_cell_is_blank(client, catalog):
    html = compare(client, "CPC", "COC", "CCA").text

    assert "<td></td>" not in html.split("<tbody>")[1]
    assert "<dd></dd>" not in html


# Choosing


def test_the_choices_are_grouped_by_level_with_the_long_groups_folded(client, catalog):
    Certification.objects.filter(code="COC").update(level=Certification.Level.SPECIALTY)

    html = compare(client).text

    groups = re.findall(
        r'<details class="compare-group"( open)?>\s*<summary>(.*?) <span', html
    )
    assert groups == [
        (" open", "Entry level"),
        (" open", "Professional"),
        ("", "Specialty"),
    ]


def test_a_folded_group_opens_when_one_of_its_certifications_is_chosen(client, catalog):
    Certification.objects.filter(code="COC").update(level=Certification.Level.SPECIALTY)

    html = compare(client, "COC").text

    assert '<details class="compare-group" open>\n        <summary>Specialty' in html


def test_each_choice_names_its_body(client, catalog):
    html = compare(client).text

    assert "CCA — Certified Coding Associate (AHIMA)" in html


def test_one_code_asks_for_another_with_it_ticked(client, catalog):
    html = compare(client, "CPC").text

    assert "You have chosen CPC: tick at least one more below." in html
    assert 'name="c" value="CPC" id="compare-choice-CPC" checked' in html


def test_the_chosen_certifications_stay_ticked_to_add_more(client, catalog):
    html = compare(client, "CPC", "COC").text

    assert 'value="CPC" id="compare-choice-CPC" checked' in html
    assert 'value="COC" id="compare-choice-COC" checked' in html
    assert 'value="CCA" id="compare-choice-CCA">' in html


# The list


def test_each_list_card_links_to_compare_with_its_code(client, catalog):
    html = client.get(reverse("catalog:certification_list")).text

    assert '<a class="add-to-compare" href="/compare/?c=CPC" rel="nofollow">' in html
    assert "Add CCA to compare</a>" in html
