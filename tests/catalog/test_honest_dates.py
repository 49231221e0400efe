"""Honest dates and sources: "Last verified" only where a body's own current page
backs the facts; links to test hosts, server addresses, preview sites and shortened
addresses say so."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Source
from tests.factories import (
    CertificationFactory,
    CertificationSourceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

READ = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("url", "warning"),
    [
        ("http://cms-test.ahima.org/faqs/", "a test copy of the body's site"),
        ("https://conference-test.ahima.org/policies", "a test copy"),
        (
            "http://ahimaorg-558299850.us-east-1.elb.amazonaws.com/certification/CCS",
            "a server address",
        ),
        ("https://mbc-bv6.pages.dev/certifications/ccs", "a preview site"),
        ("https://studylib.net/doc/18269399/commission-on...", "recorded shortened"),
        ("https://www.ahima.org/certification/cca.aspx", ""),
    ],
)
def test_an_address_that_is_not_the_public_page_says_so(url, warning):
    source = Source(url=url, as_of="2021", accessed_on=READ)

    assert warning in source.address_warning
    assert bool(source.address_warning) == bool(warning)


@pytest.mark.parametrize(
    ("as_of", "current"),
    [
        ("undated (current)", True),
        ("2024-2025", True),
        ("January 2026", True),
        ("2020", False),
        ("undated (ICD-9 era)", False),
    ],
)
def test_a_page_is_current_when_its_date_says_so(as_of, current):
    assert Source(as_of=as_of, accessed_on=READ).is_current_page is current


def test_a_page_backed_by_the_bodys_current_page_is_last_verified(client, catalog):
    html = client.get(reverse("catalog:certification_detail", args=["CPC"])).text

    assert "Last verified against AAPC&#39;s own pages on" in html or (
        "Last verified against AAPC's own pages on" in html
    )


def test_facts_from_older_or_secondary_sources_only_say_so(client, catalog):
    coc = CertificationFactory(body=catalog["cpc"].body, code="OLDC", published=True)
    CertificationSourceFactory(
        certification=coc,
        source=SourceFactory(key="OLD", as_of="2020", kind=Source.Kind.OFFICIAL),
    )
    CertificationSourceFactory(
        certification=coc,
        source=SourceFactory(key="BLOG", as_of="2026", kind=Source.Kind.SECONDARY),
    )

    html = client.get(reverse("catalog:certification_detail", args=["OLDC"])).text

    assert "Facts from older or secondary sources only" in html
    assert "is from 2020" in html
    assert "Last verified against" not in html


def test_the_sources_list_marks_a_test_host(client, catalog):
    CertificationSourceFactory(
        certification=catalog["cpc"],
        source=SourceFactory(key="STG", url="http://cms-test.ahima.org/faq/"),
    )

    html = client.get(reverse("catalog:certification_detail", args=["CPC"])).text

    assert "Note: a test copy of the body&#39;s site, not its public page." in html or (
        "Note: a test copy of the body's site, not its public page." in html
    )
