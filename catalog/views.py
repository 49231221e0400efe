"""The public catalog pages: server-rendered, no JavaScript needed.

The list, a certification's page and a body's page are Jinja2 templates
(templates/jinja2/, see certportal/jinja2.py); the others are Django templates.
"""

import copy
import datetime
import functools
import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.views.generic import ListView

from catalog.costs import first_year_cost, price
from catalog.formatting import duration, questions
from catalog.forms import CertificationFilterForm, CompareForm
from catalog.models import (
    Certification,
    CertificationSource,
    EligibilityPathway,
    Fee,
    Membership,
)
from catalog.queries import (
    bodies_with_certifications,
    bodies_with_counts,
    care_settings_with_counts,
    certification_pages,
    filter_certifications,
    glossary_links,
    glossary_terms,
    occupation_outlook_and_glossary_links,
    published_certifications,
    published_codes,
    search_suggestion,
    where_people_start,
)
from certportal.cache import cache_anonymous_page, catalog_value

COMPARE_MIN, COMPARE_MAX = 2, 4
NOT_PUBLISHED = "Not published"
FEE_COLUMNS = [Fee.Audience.MEMBER, Fee.Audience.NON_MEMBER, Fee.Audience.STUDENT]
# For a page search engines should not list (a search, an unfinished comparison):
# they still follow its links.
NOINDEX = "noindex, follow"
# No code or acronym contains a NUL, and PostgreSQL refuses one in a query (a 500).
NUL = "\x00"
CODE_MAX_LENGTH = Certification._meta.get_field("code").max_length
PLAIN_CODE = re.compile(r"[\w.-]+", re.ASCII)


@cache_anonymous_page
def home(request):
    """Three queries: bodies (their counts add up to the published total), care
    settings, and the outlook figures with the glossary's links; and where people
    start, from the catalog's facts (kept beside the catalog version)."""
    bodies = list(bodies_with_counts())
    outlook_facts, glossary = occupation_outlook_and_glossary_links()
    return render(
        request,
        "catalog/home.html",
        {
            # Every certification has exactly one body.
            "certification_count": sum(body.certification_count for body in bodies),
            "bodies": bodies,
            "care_settings": care_settings_with_counts(),
            "outlook_facts": outlook_facts,
            "glossary": glossary,
            "starts": where_people_start(),
            "canonical_path": reverse("catalog:home"),
        },
    )


@cache_anonymous_page
def glossary(request):
    """Every glossary term in plain words, with its source and date (one query)."""
    terms = list(glossary_terms())
    return render(
        request,
        "catalog/glossary.html",
        {
            "terms": terms,
            "jsonld": glossary_jsonld(request, terms),
            "canonical_path": reverse("catalog:glossary"),
        },
    )


def glossary_jsonld(request, terms):
    """schema.org description of the glossary, for search engines."""
    url = request.build_absolute_uri(reverse("catalog:glossary"))
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": url,
        "name": "Glossary of medical coding certification terms",
        "url": url,
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "name": term.term,
                "description": term.definition,
                "url": f"{url}#{term.slug}",
                "inDefinedTermSet": url,
                **({"alternateName": term.other_names} if term.other_names else {}),
            }
            for term in terms
        ],
    }


@cache_anonymous_page(params=[*CertificationFilterForm.base_fields, "page"])
def certification_list(request):
    """Search and filters (GET); values that aren't valid are ignored and listed.

    A page number that names no page (0, 99, "abc") is not found: a redirect to the
    last page would give crawlers one more address for it, and the last page moves
    as the catalog grows. A search that finds nothing suggests a closer one (one
    more query).
    """
    form = CertificationFilterForm(request.GET)
    filters = form.filters()
    certifications = filter_certifications(published_certifications(), filters)
    paginator = Paginator(certifications, settings.CATALOG_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page of certifications.") from None
    # A care setting's page (its filter alone) leads with where people start there.
    setting = filters.get("setting") if set(filters) == {"setting"} else None
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
            "starts": where_people_start(setting) if setting else [],
            "starts_title": "Where most people start in this setting",
            "canonical_path": certification_list_path(filters, page.number),
            "robots": NOINDEX if filters.get("q") or not paginator.count else "",
            "suggestion": suggestion,
        },
    )


def certification_list_path(filters, page_number):
    """The list's one address for these filters (as `CertificationFilterForm.filters`
    gives them, in its fields' order) and page: no empty or ignored filter, no
    page=1."""
    params = list(filters.items())
    if page_number > 1:
        params.append(("page", page_number))
    path = reverse("catalog:certification_list")
    return f"{path}?{urlencode(params)}" if params else path


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
            "trust": page["trust"],
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
    # A former name or nothing at all: no cache key for it (a code is short and
    # plain: letters, digits, "-", "_" or ".").
    if len(code) > CODE_MAX_LENGTH or not PLAIN_CODE.fullmatch(code):
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
        {"certification": certification, "glossary": glossary_links(), **sections},
        using="jinja2",
    )
    # The header needs the certification's own fields, body and short lists, not
    # its prefetched pathways, fees and recommendations: keep the cached copy small.
    header = copy.copy(certification)
    header._prefetched_objects_cache = {}
    return {
        "certification": header,
        "sections_html": mark_safe(sections_html),
        "trust": source_trust(certification),
    }


def source_trust(certification):
    """Whether the page's facts were checked against the body's own current page:
    if not, the page says its facts come only from older or secondary sources,
    naming the newest of the body's own pages it has."""
    sources = {
        source.pk: source
        for group in certification.sources_by_topic().values()
        for source in group
    }.values()
    official = [source for source in sources if source.is_official]
    years = [source.newest_year for source in official if source.newest_year]
    return {
        "checked": any(source.is_current_page for source in official),
        "newest_official_year": max(years, default=None),
    }


body_list = cache_anonymous_page(
    ListView.as_view(
        queryset=bodies_with_certifications(),
        template_name="catalog/body_list.html",
        context_object_name="bodies",
        extra_context={"canonical_path": reverse_lazy("catalog:body_list")},
    )
)


@cache_anonymous_page
def body_detail(request, acronym):
    if NUL in acronym:
        raise Http404("No credentialing body has that acronym.")
    body = get_object_or_404(bodies_with_certifications(), slug=acronym.lower())
    if acronym != body.slug:
        return redirect(body, permanent=True)
    context = {
        "body": body,
        "fee_rows": fee_rows(body.fees.all()),
        "canonical_path": body.get_absolute_url(),
    }
    return render(request, "catalog/body_detail.html", context)


@cache_anonymous_page(params=["c"])
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
    rows = compare_rows(certifications) if ready else []
    shown = [c.code for c in certifications]
    context = {
        "codes": codes,
        "too_many": too_many,
        "unknown": [code for code in codes if not too_many and code not in found],
        "certifications": certifications if ready else [],
        "chosen": [] if too_many else shown,
        "rows": rows,
        "cards": compare_cards(certifications, rows) if ready else [],
        "form": CompareForm(initial={"c": shown}),
        "title": compare_title([] if too_many else shown),
        # One address per comparison, whatever the order or spelling of its codes;
        # a page that compares nothing yet (one code, unknown codes, too many) is
        # kept out of search results, so it names no canonical address either.
        "canonical_path": compare_path(sorted(shown)) if ready or not codes else "",
        "robots": "" if ready or not codes else NOINDEX,
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
    body's own page gives no amount, the other current figures reported, and the
    earlier figures updates replaced (newest first)."""
    found = price(fees, kind=kind, audience=audience)
    noted = [fee for fee in fees if fee.amount is None and fee.note in found.notes]
    rest = [fee for fee in fees if fee not in found.fees and fee not in noted]
    earlier = [fee for fee in rest if not fee.is_current]
    earlier.sort(key=lambda fee: fee.as_of_date or datetime.date.min, reverse=True)
    return {
        "price": found,
        "noted": noted,
        "others": [fee for fee in rest if fee.is_current],
        "earlier": earlier,
        "disagree": any(fee.sources_disagree for fee in fees if fee.is_current),
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
    eligibility_pathways = [
        p for p in pathways if p.purpose == EligibilityPathway.Purpose.ELIGIBILITY
    ]
    cost = first_year(certification)
    return {
        "pathways": eligibility_pathways,
        "removal_pathways": [
            p
            for p in pathways
            if p.purpose == EligibilityPathway.Purpose.APPRENTICE_REMOVAL
        ],
        "cost_rows": fee_rows(f for f in fees if not f.is_renewal),
        "first_year": cost,
        "key_facts": key_facts(certification, eligibility_pathways, cost),
        "renewal_rows": fee_rows(f for f in fees if f.is_renewal),
        "caveats": caveats,
        "source_groups": source_groups(certification),
        # Once for the page, not once per related credential.
        "compare_url": compare_url(certification),
    }


def key_facts(certification, pathways, cost):
    """The box at the top of a certification's page: whom it suits, who can sit,
    the exam, the first year's cost and how it is kept, each in one line."""
    c = certification
    exam = [
        part
        for part in (
            questions(c.exam_questions),
            duration(c.exam_minutes),
            {True: "code books allowed", False: "no code books"}.get(c.exam_open_book),
        )
        if part
    ]
    renewal = ""
    if c.ceus_per_cycle and c.cycle_years:
        years = "every year" if c.cycle_years == 1 else f"every {c.cycle_years} years"
        renewal = f"{c.ceus_per_cycle} CEUs {years}"
        if c.body.membership_required_to_test == Membership.REQUIRED:
            dues = price(
                c.body_fee_list, kind=Fee.Kind.MEMBERSHIP, audience=Fee.Audience.MEMBER
            )
            renewal += f", and {c.body.acronym} membership every year ({dues.text})"
    return {
        "suits": c.get_starting_point_display(),
        "suits_note": c.starting_point_note,
        "routes": [pathway.name for pathway in pathways],
        "exam": ", ".join(exam),
        "first_year": first_year_text(cost),
        "renewal": renewal,
    }


def compare_url(certification):
    """The compare page with this certification already chosen."""
    return f"{reverse('catalog:compare')}?c={quote(certification.code)}"


def compare_path(codes):
    """The compare page with these codes chosen, in this order."""
    path = reverse("catalog:compare")
    return f"{path}?{urlencode([('c', code) for code in codes])}" if codes else path


def compare_title(codes):
    """ "Compare CPC, COC and CCA", "Compare CPC with other certifications" (one
    chosen so far) or "Compare certifications"."""
    if len(codes) >= COMPARE_MIN:
        return f"Compare {get_text_list(codes, 'and')}"
    if codes:
        return f"Compare {codes[0]} with other certifications"
    return "Compare certifications"


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


def _cell(lines, notes=()):
    """One certification's answer to one row: its lines (several for a list), the
    notes beneath them, and whether there is anything published to show (a cell
    without says "Not published", quietly)."""
    lines = [line for line in lines if line not in ("", None)] or [NOT_PUBLISHED]
    return {
        "lines": lines,
        "notes": [note for note in notes if note],
        "published": not str(lines[0]).startswith(NOT_PUBLISHED),
    }


def _fee_cell(certification, *, kind, audience):
    """ "$350", "about $399–$499" or "Not published": the cost rule's text, with
    the body's own words where it names the fee without an amount."""
    found = price(certification.fees.all(), kind=kind, audience=audience)
    return _cell([found.text], found.notes if not found.published else ())


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


def _routes(certification):
    return [
        pathway.name
        for pathway in certification.pathways.all()
        if pathway.purpose == EligibilityPathway.Purpose.ELIGIBILITY
    ]


# The rows of the compare page, in order: (label, the cell of a certification of
# `certification_pages`). Each reads what that query already fetched.
COMPARE_FACTS = [
    ("Credentialing body", lambda c: _cell([c.body.acronym])),
    ("Level", lambda c: _cell([c.get_level_display()])),
    (
        "Open to beginners",
        lambda c: _cell([c.get_starting_point_display()], [c.starting_point_note]),
    ),
    (
        "Care settings",
        lambda c: _cell([", ".join(s.name for s in c.care_setting_list)]),
    ),
    ("Routes to sit the exam", lambda c: _cell(_routes(c))),
    ("Exam questions", lambda c: _cell([c.exam_questions])),
    ("Exam length", lambda c: _cell([duration(c.exam_minutes)])),
    ("Open code books", lambda c: _cell([_open_book_text(c.exam_open_book)])),
    (
        "Exam fee, member",
        lambda c: _fee_cell(c, kind=Fee.Kind.EXAM, audience=Fee.Audience.MEMBER),
    ),
    (
        "Exam fee, non-member",
        lambda c: _fee_cell(c, kind=Fee.Kind.EXAM, audience=Fee.Audience.NON_MEMBER),
    ),
    (
        "Membership to sit the exam",
        lambda c: _cell([c.body.get_membership_required_to_test_display()]),
    ),
    ("First year", lambda c: _cell([first_year_text(first_year(c))])),
    ("Renewal", lambda c: _cell([_renewal_text(c)])),
    (
        "Renewal fee, member",
        lambda c: _fee_cell(c, kind=Fee.Kind.RENEWAL, audience=Fee.Audience.MEMBER),
    ),
    (
        "Renewal fee, non-member",
        lambda c: _fee_cell(c, kind=Fee.Kind.RENEWAL, audience=Fee.Audience.NON_MEMBER),
    ),
    ("Last verified", lambda c: _cell([format_date(c.last_verified, "j F Y")])),
]


def compare_rows(certifications):
    """One row per fact: its label and one cell per certification (see `_cell`)."""
    return [
        {"label": label, "cells": [cell(c) for c in certifications]}
        for label, cell in COMPARE_FACTS
    ]


def compare_cards(certifications, rows):
    """The same rows turned round, for narrow screens: one card per certification,
    with each row's label and that certification's cell, in the rows' order."""
    return [
        {
            "certification": certification,
            "facts": [
                {"label": row["label"], "cell": row["cells"][index]} for row in rows
            ],
        }
        for index, certification in enumerate(certifications)
    ]
