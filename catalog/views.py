"""The public catalog pages: server-rendered, no JavaScript needed.

The list, a certification's page and a body's page are Jinja2 templates
(templates/jinja2/, see certportal/jinja2.py); the others are Django templates.
"""

import copy
import functools
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from catalog.costs import first_year_cost, price
from catalog.formatting import duration
from catalog.forms import CertificationFilterForm, CompareForm
from catalog.models import (
    Certification,
    CertificationSource,
    EligibilityPathway,
    Fee,
)
from catalog.queries import (
    bodies_with_certifications,
    bodies_with_counts,
    care_settings_with_counts,
    certification_pages,
    filter_certifications,
    published_certifications,
    published_codes,
    search_suggestion,
)
from certportal.cache import cache_anonymous_page, catalog_value

COMPARE_MIN, COMPARE_MAX = 2, 4
NOT_PUBLISHED = "Not published"
FEE_COLUMNS = [Fee.Audience.MEMBER, Fee.Audience.NON_MEMBER, Fee.Audience.STUDENT]
# No code or acronym contains a NUL, and PostgreSQL refuses one in a query (a 500).
NUL = "\x00"
CODE_MAX_LENGTH = Certification._meta.get_field("code").max_length


@cache_anonymous_page
def home(request):
    return render(
        request,
        "catalog/home.html",
        {
            "certification_count": published_certifications().count(),
            "bodies": bodies_with_counts(),
            "care_settings": care_settings_with_counts(),
        },
    )


@cache_anonymous_page
def certification_list(request):
    """Search and filters (GET); values that aren't valid are ignored and listed.
    A search that finds nothing suggests a closer one (one more query)."""
    form = CertificationFilterForm(request.GET)
    filters = form.filters()
    certifications = filter_certifications(published_certifications(), filters)
    paginator = Paginator(certifications, settings.CATALOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    suggestion = None
    if filters.get("q") and not paginator.count:
        suggestion = search_suggestion(filters["q"])
    return render(
        request,
        "catalog/certification_list.html",
        {
            "form": form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "ignored": form.ignored(),
            "searched": form.described(),
            "suggestion": suggestion,
        },
    )


@cache_anonymous_page
def certification_detail(request, code):
    """Every fact of one certification beside its source.

    The URL holds the code as stored (/certifications/CCS-P/). The code in another
    case, or a former name, answers with a 301 to it: one small query finds the code.
    """
    if NUL in code:
        raise Http404("No certification has that code.")
    page = certification_page(code)
    if page is None:
        canonical = published_codes([code]).get(code.upper())
        if canonical is None:
            raise Http404("No certification has that code.")
        return HttpResponsePermanentRedirect(
            reverse("catalog:certification_detail", args=[canonical])
        )
    certification = page["certification"]
    return render(
        request,
        "catalog/certification_detail.html",
        {
            "certification": certification,
            "sections_html": page["sections_html"],
            "compare_url": compare_url(certification),
            "jsonld": credential_jsonld(request, certification),
        },
    )


def certification_page(code):
    """What a certification's page shows everyone, kept while the catalog is
    unchanged (None where no published certification has exactly this code).

    The page's sections are rendered once per catalog version and code: a person
    with a session (who sees their own verdict, so gets no shared page from the
    page cache) and the first visitor after an editor's change read them from the
    cache instead of running the page's five queries and template again. Only the
    header, the visitor's verdict and the layout are rendered per request.
    """
    if len(code) > CODE_MAX_LENGTH:  # a former name, or nothing: no key for it
        return None
    return catalog_value(
        f"certification-page:{code}", functools.partial(_certification_page, code)
    )


def _certification_page(code):
    certification = certification_pages().filter(code=code).first()
    if certification is None:
        return None
    sections = certification_sections(certification)
    sections_html = render_to_string(
        "catalog/_certification_sections.html",
        {"certification": certification, **sections},
        using="jinja2",
    )
    # The header needs the certification's own fields, body and short lists, not
    # its prefetched pathways, fees and recommendations: keep the cached copy small.
    header = copy.copy(certification)
    header._prefetched_objects_cache = {}
    return {"certification": header, "sections_html": mark_safe(sections_html)}


body_list = cache_anonymous_page(
    ListView.as_view(
        queryset=bodies_with_certifications(),
        template_name="catalog/body_list.html",
        context_object_name="bodies",
    )
)


@cache_anonymous_page
def body_detail(request, acronym):
    if NUL in acronym:
        raise Http404("No credentialing body has that acronym.")
    body = get_object_or_404(bodies_with_certifications(), slug=acronym.lower())
    if acronym != body.slug:
        return redirect(body, permanent=True)
    context = {"body": body, "fee_rows": fee_rows(body.fees.all())}
    return render(request, "catalog/body_detail.html", context)


@cache_anonymous_page
def compare(request):
    """2 to 4 certifications side by side, chosen by code or former name, in any
    case (?c=CPC&c=ccs&c=CPC-H)."""
    codes = list(dict.fromkeys(c.strip().upper() for c in request.GET.getlist("c")))
    codes = [code for code in codes if code]
    too_many = len(codes) > COMPARE_MAX
    found = {} if too_many else published_codes(codes)
    chosen = list(dict.fromkeys(found[code] for code in codes if code in found))
    pages = {c.code: c for c in certification_pages().filter(code__in=chosen)}
    certifications = [pages[code] for code in chosen if code in pages]
    ready = len(certifications) >= COMPARE_MIN and not too_many
    context = {
        "codes": codes,
        "too_many": too_many,
        "unknown": [code for code in codes if not too_many and code not in found],
        "certifications": certifications if ready else [],
        "rows": compare_rows(certifications) if ready else [],
        "form": CompareForm(initial={"c": [c.code for c in certifications]}),
    }
    return render(request, "catalog/compare.html", context)


# What the pages show, shaped for templates that only loop and test.


def fee_rows(fees):
    """One row per fee kind; per audience column, the price the cost rule gives
    (`catalog.costs.price`: the body's own figure, else an estimate from the other
    current figures, else not published) and the figures beneath it.

    A fee for everyone counts in every column.
    """
    kinds = list(Fee.Kind.values)
    rows = {}
    for fee in sorted(fees, key=lambda fee: kinds.index(fee.kind)):
        row = rows.setdefault(
            fee.kind,
            {"kind": fee.get_kind_display(), "cells": {a: [] for a in FEE_COLUMNS}},
        )
        for audience in (
            FEE_COLUMNS if fee.audience == Fee.Audience.EVERYONE else [fee.audience]
        ):
            row["cells"][audience].append(fee)
    return [
        {
            "kind": row["kind"],
            "cells": [
                fee_cell(row["cells"][audience], kind=kind, audience=audience)
                for audience in FEE_COLUMNS
            ],
        }
        for kind, row in rows.items()
    ]


def fee_cell(fees, *, kind, audience):
    """The price of one kind for one audience, the fees whose note says why the
    body's own page gives no amount, and every other figure reported."""
    found = price(fees, kind=kind, audience=audience)
    noted = [fee for fee in fees if fee.amount is None and fee.note in found.notes]
    return {
        "price": found,
        "noted": noted,
        "others": [fee for fee in fees if fee not in found.fees and fee not in noted],
    }


def first_year(certification):
    """`catalog.costs.first_year_cost` of a certification of `certification_pages`."""
    return first_year_cost(
        certification,
        certification.body,
        certification.fees.all(),
        certification.body_fee_list,
    )


def first_year_text(cost):
    """The first-year total with what it adds up, in one line: "about $589–$689
    (AAPC membership, first year $190 + CPC exam, member price about $399–$499)"."""
    total = cost["total"]
    if not total.published:
        if not total.missing:
            return NOT_PUBLISHED
        return f"{NOT_PUBLISHED} (no figure for {', '.join(total.missing)})"
    if len(cost["parts"]) == 1:
        return f"{total.text} ({cost['parts'][0].label})"
    parts = " + ".join(f"{part.label} {part.text}" for part in cost["parts"])
    return f"{total.text} ({parts})"


def source_groups(certification):
    """Every source behind the page, grouped under its topic's label."""
    by_topic = certification.sources_by_topic()
    return [
        {"topic": label, "sources": by_topic[topic]}
        for topic, label in CertificationSource.Topic.choices
        if topic in by_topic
    ]


def certification_sections(certification):
    pathways = certification.pathways.all()
    fees = certification.fees.all()
    caveats = {topic: [] for topic in CertificationSource.Topic.values}
    for caveat in certification.caveat_list:
        caveats[caveat.topic].append(caveat)
    return {
        "pathways": [
            p for p in pathways if p.purpose == EligibilityPathway.Purpose.ELIGIBILITY
        ],
        "removal_pathways": [
            p
            for p in pathways
            if p.purpose == EligibilityPathway.Purpose.APPRENTICE_REMOVAL
        ],
        "cost_rows": fee_rows(f for f in fees if not f.is_renewal),
        "first_year": first_year(certification),
        "renewal_rows": fee_rows(f for f in fees if f.is_renewal),
        "caveats": caveats,
        "source_groups": source_groups(certification),
        # Once for the page, not once per related credential.
        "compare_url": compare_url(certification),
    }


def compare_url(certification):
    """The compare page with this certification already chosen."""
    return f"{reverse('catalog:compare')}?c={quote(certification.code)}"


def credential_jsonld(request, certification):
    """schema.org description of the credential, for search engines."""
    return {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "name": certification.name,
        "alternateName": [
            certification.code,
            *(former.name for former in certification.former_name_list),
        ],
        "credentialCategory": "certification",
        "recognizedBy": {
            "@type": "Organization",
            "name": certification.body.name,
            "url": certification.body.website,
        },
        "url": request.build_absolute_uri(certification.get_absolute_url()),
        "description": certification.summary,
    }


def _fee_text(certification, audience):
    """ "$350", "about $399–$499" or "Not published": the cost rule's text."""
    return [price(certification.fees.all(), kind=Fee.Kind.EXAM, audience=audience).text]


def _open_book_text(value):
    return {True: "Yes", False: "No"}.get(value, NOT_PUBLISHED)


def _renewal_text(certification):
    parts = []
    if certification.ceus_per_cycle:
        parts.append(f"{certification.ceus_per_cycle} CEUs")
    if certification.cycle_years:
        years = certification.cycle_years
        parts.append("every year" if years == 1 else f"every {years} years")
    return " ".join(parts) or NOT_PUBLISHED


def compare_rows(certifications):
    """One row per fact: (label, one cell per certification, each a list of lines)."""
    facts = [
        ("Credentialing body", lambda c: [c.body.acronym]),
        ("Level", lambda c: [c.get_level_display()]),
        (
            "Care settings",
            lambda c: [", ".join(s.name for s in c.care_setting_list) or NOT_PUBLISHED],
        ),
        (
            "Routes to sit the exam",
            lambda c: (
                [
                    p.name
                    for p in c.pathways.all()
                    if p.purpose == EligibilityPathway.Purpose.ELIGIBILITY
                ]
                or [NOT_PUBLISHED]
            ),
        ),
        ("Exam questions", lambda c: [c.exam_questions or NOT_PUBLISHED]),
        ("Exam length", lambda c: [duration(c.exam_minutes) or NOT_PUBLISHED]),
        ("Open code books", lambda c: [_open_book_text(c.exam_open_book)]),
        ("Exam fee, member", lambda c: _fee_text(c, Fee.Audience.MEMBER)),
        ("Exam fee, non-member", lambda c: _fee_text(c, Fee.Audience.NON_MEMBER)),
        ("First year", lambda c: [first_year_text(first_year(c))]),
        ("Renewal", lambda c: [_renewal_text(c)]),
        ("Last verified", lambda c: [format_date(c.last_verified, "j F Y")]),
    ]
    return [
        {"label": label, "cells": [cell(c) for c in certifications]}
        for label, cell in facts
    ]
