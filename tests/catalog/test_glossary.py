"""The glossary page, the links to it from texts, and the pay and jobs figures
(issue 11, items 6 and 8)."""

import json
import re

import pytest
from django.template import engines
from django.urls import reverse

from catalog.formatting import link_glossary_terms
from catalog.models import OutlookFact, Source
from tests.factories import (
    CertificationFactory,
    GlossaryTermFactory,
    OutlookFactFactory,
    SourceFactory,
)

TERMS = [
    (["CEU", "CEUs"], "/glossary/#ceu"),
    (["Care setting", "care settings"], "/glossary/#care-setting"),
    (["ICD"], "/glossary/#icd"),
    (["ICD-10-CM"], "/glossary/#icd-10-cm"),
]


def links(html):
    return re.findall(r'<a class="glossary-link" href="([^"]+)">([^<]+)</a>', html)


# Linking the first mention (no database)


@pytest.mark.parametrize(
    ["text", "expected"],
    [
        ("Earn CEUs. More CEUs later; one CEU.", [("/glossary/#ceu", "CEUs")]),
        ("Pick a care setting.", [("/glossary/#care-setting", "care setting")]),
        (
            "Codes from ICD-10-CM, part of ICD.",
            [
                ("/glossary/#icd-10-cm", "ICD-10-CM"),
                ("/glossary/#icd", "ICD"),
            ],
        ),
        ("ceu is not the acronym; CEUSA is not a CEU.", [("/glossary/#ceu", "CEU")]),
        ("Nothing to link here.", []),
    ],
)
def test_the_first_mention_of_each_term_is_linked_once(text, expected):
    assert links(link_glossary_terms(text, TERMS)) == expected


def test_plain_text_is_escaped_before_linking():
    html = link_glossary_terms("<b>CEUs</b> & more", TERMS)

    assert html.startswith('&lt;b&gt;<a class="glossary-link"')
    assert "&amp; more" in html


def test_a_term_inside_an_existing_link_or_tag_is_left_alone():
    html = (
        engines["django"]
        .from_string(
            "{% load catalog_tags %}{% filter glossary_links:terms %}"
            '<a href="/x/" title="CEU">CEUs</a> then CEU{% endfilter %}'
        )
        .render({"terms": TERMS})
    )

    assert html == (
        '<a href="/x/" title="CEU">CEUs</a> then '
        '<a class="glossary-link" href="/glossary/#ceu">CEU</a>'
    )


def test_no_terms_leaves_the_text_as_it_is():
    assert link_glossary_terms("CEUs", []) == "CEUs"


# The glossary page


@pytest.fixture
def glossary(db):
    cdc = SourceFactory(
        key="G04",
        title="CDC — ICD-CM",
        as_of="page last reviewed 2022-08-12",
        kind=Source.Kind.GOVERNMENT,
    )
    return [
        GlossaryTermFactory(
            term="ICD-10-CM",
            slug="icd-10-cm",
            definition="The US codes for diagnoses.",
            source=cdc,
            order=2,
        ),
        GlossaryTermFactory(
            term="CEU",
            slug="ceu",
            also_called="CEUs, continuing education unit",
            definition="Credit for learning after you are certified.",
            order=1,
        ),
    ]


def test_the_glossary_lists_each_term_with_its_source_and_date(client, glossary):
    page = client.get(reverse("catalog:glossary"))

    assert page.status_code == 200
    entry = page.text.split('<dt id="icd-10-cm">')[1].split("</dd>")[0]
    assert "<dfn>ICD-10-CM</dfn>" in entry
    assert "The US codes for diagnoses." in entry
    assert 'href="https://example.org/g04">CDC — ICD-CM</a>' in entry
    assert "date on the page: 12 August 2022 (page last reviewed)" in entry
    assert page.text.index('id="ceu"') < page.text.index('id="icd-10-cm"')


def test_the_glossary_describes_itself_as_a_defined_term_set(client, glossary):
    page = client.get(reverse("catalog:glossary"))

    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S
        ).group(1)
    )
    assert data["@type"] == "DefinedTermSet"
    assert [term["name"] for term in data["hasDefinedTerm"]] == ["CEU", "ICD-10-CM"]
    ceu = data["hasDefinedTerm"][0]
    assert ceu["@type"] == "DefinedTerm"
    assert ceu["url"] == "http://testserver/glossary/#ceu"
    assert ceu["alternateName"] == ["CEUs", "continuing education unit"]


def test_every_page_links_to_the_glossary_in_its_footer(client, glossary):
    footer = client.get(reverse("catalog:home")).text.split("<footer")[1]

    assert f'href="{reverse("catalog:glossary")}">Glossary</a>' in footer


@pytest.mark.django_db(transaction=True)  # the version bumps on commit
def test_an_editors_change_to_a_term_shows_at_once(client, glossary):
    url = reverse("catalog:glossary")
    assert client.get(url).get("X-Catalog-Cache") == "miss"
    assert client.get(url).get("X-Catalog-Cache") == "hit"

    term = glossary[1]
    term.definition = "Renamed in the admin."
    term.save()

    page = client.get(url)
    assert page.get("X-Catalog-Cache") == "miss"
    assert "Renamed in the admin." in page.text


# The pay and jobs figures on the home page


@pytest.fixture
def outlook(db):
    bls = SourceFactory(
        key="O01",
        title="BLS — Occupational Outlook Handbook",
        as_of="2020 median pay",
        kind=Source.Kind.GOVERNMENT,
    )
    OutlookFactFactory(
        key="jobs",
        label="Number of jobs",
        value="341,600",
        as_of="2019",
        order=2,
        source=bls,
    )
    OutlookFactFactory(key="pay", label="Median pay", order=1, source=bls)
    OutlookFactFactory(
        key="cpc",
        label="Average salary of CPC holders",
        value="$54,401 a year",
        certification=CertificationFactory(code="CPC"),
    )
    return bls


def outlook_block(page):
    return page.text.split('id="outlook"')[1].split("</section>")[0]


def test_the_home_page_shows_the_occupations_figures_with_their_sources(
    client, outlook
):
    block = outlook_block(client.get(reverse("catalog:home")))

    assert block.index("Median pay") < block.index("Number of jobs")
    assert "$44,090 a year" in block
    assert "(May 2020)" in block
    assert 'href="https://example.org/o01">BLS — Occupational Outlook Handbook</a>' in (
        block
    )
    assert "date on the page: 2020 (median pay)" in block
    assert "CPC holders" not in block  # a credential's figure is for its own page


def test_the_home_page_links_its_jargon_to_the_glossary(client, outlook):
    GlossaryTermFactory(
        term="Medical records and health information specialist",
        slug="medical-records-specialist",
        also_called="medical records and health information specialists",
    )

    block = outlook_block(client.get(reverse("catalog:home")))

    assert links(block) == [
        (
            "/glossary/#medical-records-specialist",
            "medical records and health information specialists",
        )
    ]


@pytest.mark.django_db(transaction=True)  # the version bumps on commit
def test_an_editors_change_to_a_figure_shows_at_once(client, outlook):
    url = reverse("catalog:home")
    client.get(url)

    OutlookFact.objects.filter(key="pay").update(value="$48,780 a year")

    page = client.get(url)
    assert page.get("X-Catalog-Cache") == "miss"
    assert "$48,780 a year" in outlook_block(page)


def test_the_home_page_has_no_outlook_block_without_figures(client, db):
    assert 'id="outlook"' not in client.get(reverse("catalog:home")).text


def test_the_outlook_include_is_the_same_in_both_engines(outlook, rf):
    facts = list(OutlookFact.objects.select_related("source"))
    request = rf.get("/")
    django = (
        engines["django"]
        .from_string('{% include "catalog/_outlook.html" %}')
        .render({"outlook_facts": facts}, request)
    )
    jinja2 = (
        engines["jinja2"]
        .from_string('{% include "catalog/_outlook.html" %}')
        .render({"outlook_facts": facts}, request)
    )

    def same(html):
        return re.sub(r"\s+", " ", html.replace("&#39;", "&#x27;")).strip()

    assert "Average salary of CPC holders" in jinja2
    assert same(jinja2) == same(django)


def test_a_credentials_own_pay_figure_is_on_its_page_with_its_source(client, catalog):
    OutlookFact.objects.create(
        key="aapc-cpc-salary",
        label="Average salary of CPC holders",
        value="$54,401 a year",
        certification=catalog["cpc"],
        source=SourceFactory(key="O02", title="AAPC salary survey 2018"),
        as_of="2018",
    )

    html = client.get(reverse("catalog:certification_detail", args=["CPC"])).text

    pay = html[html.index('id="pay"') :]
    assert "Average salary of CPC holders" in pay
    assert "$54,401 a year" in pay
    assert "AAPC salary survey 2018" in pay
