"""What a search engine's crawler finds: one canonical address and a title of its
own per page, 404 for pages that don't exist, pages it should not list marked
so, and a sitemap named in robots.txt."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def canonical(response):
    """The page's canonical address, or None."""
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', response.text)
    assert len(found) <= 1, "one canonical link at most"
    return found[0].replace("&amp;", "&") if found else None


def robots(response):
    found = re.search(r'<meta name="robots" content="([^"]*)">', response.text)
    return found.group(1) if found else None


def title(response):
    return re.search(r"<title>(.*?) · certportal</title>", response.text).group(1)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "http://testserver/"),
        ("/certifications/", "http://testserver/certifications/"),
        ("/certifications/CPC/", "http://testserver/certifications/CPC/"),
        ("/bodies/", "http://testserver/bodies/"),
        ("/bodies/aapc/", "http://testserver/bodies/aapc/"),
        ("/compare/", "http://testserver/compare/"),
    ],
)
def test_every_catalog_page_names_its_canonical_address(client, catalog, url, expected):
    response = client.get(url)

    assert response.status_code == 200
    assert canonical(response) == expected
    assert robots(response) is None


def test_the_first_page_of_the_list_is_the_list_without_a_page_number(client, catalog):
    response = client.get("/certifications/?page=1")

    assert canonical(response) == "http://testserver/certifications/"


def test_a_later_page_keeps_its_number(client, settings, catalog):
    settings.CATALOG_PAGE_SIZE = 2

    response = client.get("/certifications/?page=2")

    assert canonical(response) == "http://testserver/certifications/?page=2"
    assert title(response) == "Certifications (page 2)"


def test_a_filtered_list_keeps_only_the_filters_in_use_in_one_order(client, catalog):
    response = client.get("/certifications/?status=&level=professional&body=aapc")

    assert canonical(response) == (
        "http://testserver/certifications/?body=aapc&level=professional"
    )


def test_a_filter_value_that_was_ignored_is_left_out_of_the_canonical_address(
    client, catalog
):
    response = client.get("/certifications/?level=expert")

    assert canonical(response) == "http://testserver/certifications/"


def test_search_results_are_kept_out_of_search_engines(client, catalog):
    response = client.get("/certifications/?q=coder")

    assert robots(response) == "noindex, follow"


@pytest.mark.parametrize("page", ["0", "99", "abc"])
def test_a_list_page_that_does_not_exist_is_not_found(client, catalog, page):
    assert client.get("/certifications/", {"page": page}).status_code == 404


# Compare


def compare(client, *codes):
    return client.get(reverse("catalog:compare"), {"c": list(codes)})


def test_both_orders_of_a_comparison_name_the_same_canonical_address(client, catalog):
    one = compare(client, "CPC", "COC")
    other = compare(client, "COC", "cpc")

    assert (
        canonical(one) == canonical(other) == ("http://testserver/compare/?c=COC&c=CPC")
    )


def test_a_former_name_and_an_unknown_code_leave_the_canonical_address(client, catalog):
    response = compare(client, "CPC-H", "CPC", "NOPE")

    assert canonical(response) == "http://testserver/compare/?c=COC&c=CPC"
    assert robots(response) is None


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["CPC", "COC"], "Compare CPC and COC"),
        (["CCA", "CPC", "COC"], "Compare CCA, CPC and COC"),
        (["CPC"], "Compare CPC with other certifications"),
        ([], "Compare certifications"),
    ],
)
def test_a_comparison_is_titled_by_its_codes(client, catalog, codes, expected):
    response = compare(client, *codes)

    assert title(response) == expected
    assert f"<h1>{expected}</h1>" in response.text


def test_a_comparison_of_one_certification_is_kept_out_of_search_engines(
    client, catalog
):
    response = compare(client, "CPC")

    assert robots(response) == "noindex, follow"
    assert canonical(response) is None


def test_a_comparison_of_only_unknown_codes_names_them_and_is_not_indexed(
    client, catalog
):
    response = compare(client, "NOPE")

    assert response.status_code == 200
    assert "We don't know the code “NOPE”" in response.text
    assert robots(response) == "noindex, follow"
    assert canonical(response) is None


def test_a_comparison_of_too_many_is_not_indexed(client, catalog):
    response = compare(client, "CPC", "COC", "CCA", "AAA", "BBB")

    assert robots(response) == "noindex, follow"


# Both layouts (Django and Jinja2) print the same head.


def test_the_canonical_link_is_the_same_in_both_engines():
    request = RequestFactory().get("/bodies/")
    context = {"canonical_path": "/compare/?c=A&c=B", "robots": "noindex, follow"}
    html = [
        engines[engine]
        .from_string('{% extends "base.html" %}')
        .render(context, request)
        for engine in ["django", "jinja2"]
    ]

    for page in html:
        assert (
            '<link rel="canonical" href="http://testserver/compare/?c=A&amp;c=B">'
            in page
        )
        assert '<meta name="robots" content="noindex, follow">' in page


# The sitemap


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>(.*?)</loc>", response.text)


def test_the_sitemap_lists_each_public_page_once(client, catalog):
    assert sitemap_locations(client) == [
        "http://testserver/",
        "http://testserver/certifications/",
        "http://testserver/bodies/",
        "http://testserver/glossary/",
        "http://testserver/certifications/CCA/",
        "http://testserver/certifications/COC/",
        "http://testserver/certifications/CPC/",
        "http://testserver/bodies/aapc/",
        "http://testserver/bodies/ahima/",
    ]


def test_the_glossary_names_its_canonical_address(client, catalog):
    html = client.get("/glossary/").text

    assert '<link rel="canonical" href="http://testserver/glossary/">' in html


def test_the_sitemap_leaves_out_drafts(client, catalog):
    assert "http://testserver/certifications/DRAFT1/" not in sitemap_locations(client)


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_a_filtered_list_has_a_title_of_its_own(client, catalog):
    html = client.get("/certifications/", {"body": "ahima", "level": "entry"}).text

    assert "<title>Certifications: AHIMA, Entry level" in html
