"""The Jinja2 pages (certportal/jinja2.py) keep the site's layout and fragments
exactly as the Django templates have them: each twin renders the same HTML."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import engines
from django.urls import resolve

from catalog.models import Source


def same_html(html):
    """Whitespace and the spelling of escaped quotes don't show in a browser."""
    html = html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return re.sub(r"\s+", " ", html).strip()


def render(engine, source, context, request):
    return engines[engine].from_string(source).render(context, request)


@pytest.fixture
def request_(rf):
    request = rf.get("/certifications/", {"q": "coder", "page": "2"})
    request.resolver_match = resolve("/certifications/")
    request._messages = [Message(messages.SUCCESS, "Saved <b>“it”</b>.")]
    return request


def test_the_layout_is_the_same_in_both_engines(request_):
    django = render("django", '{% extends "base.html" %}', {}, request_)
    jinja2 = render("jinja2", '{% extends "base.html" %}', {}, request_)

    assert 'aria-current="page"' in jinja2
    assert "Saved &lt;b&gt;" in jinja2
    assert same_html(jinja2) == same_html(django)


def test_pagination_is_the_same_in_both_engines(request_):
    paginator = Paginator(range(200), 10)
    page = paginator.page(2)
    context = {"page": page, "page_range": paginator.get_elided_page_range(2)}
    django = render(
        "django", '{% include "includes/_pagination.html" %}', context, request_
    )
    context["page_range"] = paginator.get_elided_page_range(2)
    jinja2 = render(
        "jinja2", '{% include "includes/_pagination.html" %}', context, request_
    )

    assert "q=coder&amp;page=3" in jinja2
    assert same_html(jinja2) == same_html(django)


def test_a_source_link_is_the_same_in_both_engines(request_):
    source = Source(
        key="A01",
        url="https://example.org/?a=1&b=2",
        title="AAPC's page",
        as_of="2026",
        kind=Source.Kind.OFFICIAL_COPY,
    )
    django = render(
        "django", '{% include "includes/_source.html" %}', {"source": source}, request_
    )
    jinja2 = render(
        "jinja2",
        '{% from "includes/_source.html" import source_link %}'
        "{{ source_link(source) }}",
        {"source": source},
        request_,
    )

    assert "copy or mirror of an official page" in jinja2
    assert same_html(jinja2) == same_html(django)


def test_where_people_start_is_the_same_in_both_engines(request_):
    from decimal import Decimal

    from catalog.costs import Price
    from catalog.models import CertificationLink

    starts = [
        {
            "link": CertificationLink("CPC", "Certified Professional Coder", "AAPC"),
            "starting_point_note": "AAPC needs no experience to sit it",
            "first_year": {
                "total": Price("First year", Decimal(589), Decimal(689), estimate=True)
            },
        },
        {
            "link": CertificationLink("CCA", "Certified Coding Associate", "AHIMA"),
            "starting_point_note": "",
            "first_year": {"total": Price("First year")},
        },
    ]
    context = {"starts": starts, "starts_title": "Where most people start"}
    source = '{% include "includes/_starts.html" %}'

    django = render("django", source, context, request_)
    jinja2 = render("jinja2", source, context, request_)

    assert "about $589–$689 (estimate)" in jinja2
    assert same_html(jinja2) == same_html(django)
