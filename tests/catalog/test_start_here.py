"""Where most people start: the home page and a care setting's page lead with the
credentials that suit beginners, derived from what editors set, each with its
one-line reason and first-year cost."""

import pytest
from django.urls import reverse

from catalog.models import Certification
from tests.factories import CertificationFactory

pytestmark = pytest.mark.django_db


def starts_section(html):
    start = html.index('id="starts"')
    return html[start : html.index("</section>", start)]


def make_beginner(certification, note="Open to anyone who joins"):
    certification.starting_point = Certification.StartingPoint.BEGINNER
    certification.starting_point_note = note
    certification.save()


def test_the_home_page_leads_with_where_most_people_start(client, catalog):
    make_beginner(catalog["cpc"], "AAPC needs no experience to sit it")

    html = client.get(reverse("catalog:home")).text

    starts = starts_section(html)
    assert "Where most people start" in starts
    assert "CPC — Certified Professional Coder" in starts
    assert "AAPC needs no experience to sit it." in starts
    assert "First year:" in starts
    assert html.index('id="starts"') < html.index("Check which certifications you can")


def test_a_credential_meant_for_experienced_coders_is_not_a_start(client, catalog):
    make_beginner(catalog["cpc"])

    starts = starts_section(client.get(reverse("catalog:home")).text)

    assert "COC" not in starts  # the fixture's COC keeps the default: experienced


@pytest.mark.django_db(transaction=True)  # the catalog's version changes on commit
def test_an_editor_marking_a_credential_for_beginners_adds_it_at_once(client, catalog):
    make_beginner(catalog["cpc"])
    client.get(reverse("catalog:home"))

    make_beginner(Certification.objects.get(code="COC"), "Open to beginners too")

    assert "COC" in starts_section(client.get(reverse("catalog:home")).text)


def test_a_care_settings_page_leads_with_its_own_starts(client, catalog):
    make_beginner(catalog["cpc"])
    outpatient_only = CertificationFactory(
        body=catalog["cpc"].body, code="OUT", published=True
    )
    outpatient_only.care_settings.set(
        catalog["cpc"].care_settings.model.objects.filter(slug="hospital-outpatient")
    )
    make_beginner(outpatient_only)
    url = reverse("catalog:certification_list")

    office = starts_section(client.get(url, {"setting": "physician-office"}).text)

    assert "Where most people start in this setting" in office
    assert "CPC" in office
    assert "OUT —" not in office
    assert 'id="starts"' not in client.get(url, {"q": "coder"}).text


def codes_listed(html):
    import re

    return re.findall(
        r'<h3 class="h5 card-title"><a href="/certifications/([^/]+)/"', html
    )


def test_the_list_puts_credentials_for_beginners_first_and_says_so(client, catalog):
    make_beginner(catalog["cpc"])
    url = reverse("catalog:certification_list")

    html = client.get(url).text
    az = client.get(url, {"sort": "az"}).text

    assert codes_listed(html)[0] == "CPC"
    assert "Those that suit beginners first" in html
    assert "Suits beginners</span>" in html
    assert codes_listed(az) == sorted(codes_listed(az))
    assert "In A–Z order by code" in az


def test_the_open_to_beginners_filter_includes_a_professional_level_cpc(
    client, catalog
):
    make_beginner(catalog["cpc"])

    html = client.get(reverse("catalog:certification_list"), {"suits": "beginner"}).text

    assert codes_listed(html) == ["CPC"]
