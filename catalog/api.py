"""The catalog's read-only endpoints of the JSON API (`certportal.api`).

The list endpoint takes the same search and filters as the list page
(`CertificationFilterForm` + `filter_certifications`), and every endpoint reads through
`catalog.queries`, so the number of queries does not grow with the catalog.
"""

from ninja import Path, Query, Router, Status

from catalog import schemas
from catalog.costs import first_year_cost
from catalog.forms import CertificationFilterForm
from catalog.models import EligibilityPathway
from catalog.queries import (
    bodies_with_certifications,
    certification_pages,
    credential_choices,
    filter_certifications,
    published_codes,
)

router = Router(tags=["catalog"])


@router.get(
    "/certifications",
    response={
        200: schemas.CertificationList,
        422: schemas.ValidationErrors,
        503: schemas.Unavailable,
    },
    summary="Published certifications, searched and filtered",
)
def certification_list(request, params: Query[schemas.CertificationFilters]):
    """The list page's search and filters, a page at a time.

    A filter value that is not valid is ignored and named in `ignored`, as on the
    list page.
    """
    form = CertificationFilterForm(request.GET)
    certifications = filter_certifications(certification_pages(), form.filters())
    page = certifications[params.offset : params.offset + params.limit]
    return {
        "count": certifications.count(),
        "items": [certification_data(request, c) for c in page],
        "ignored": form.ignored(),
    }


@router.get(
    "/certifications/{code}",
    response={
        200: schemas.CertificationOut,
        404: schemas.NotFound,
        503: schemas.Unavailable,
    },
    summary="One published certification, by code (any case) or former name",
)
def certification_detail(
    request,
    code: str = Path(
        ...,
        description="The certification's code in any case (CPC, cpc), or a former "
        "name (CPC-H).",
    ),
):
    # The code as stored first (one query when it misses), else the code in another
    # case or a former name. No code holds a NUL, and PostgreSQL refuses one.
    certification = (
        None if "\x00" in code else certification_pages().filter(code=code).first()
    )
    if certification is None and (found := published_codes([code]).get(code.upper())):
        certification = certification_pages().filter(code=found).first()
    if certification is None:
        return Status(
            404, {"detail": f"No published certification has the code “{code}”."}
        )
    return certification_data(request, certification)


@router.get(
    "/bodies",
    response={200: schemas.BodyList, 503: schemas.Unavailable},
    summary="Every credentialing body, with membership dues",
)
def body_list(request):
    bodies = bodies_with_certifications()
    return {
        "count": len(bodies),
        "items": [body_data(request, body) for body in bodies],
    }


@router.get(
    "/credentials",
    response={200: schemas.CredentialList, 503: schemas.Unavailable},
    summary="The credential codes POST /eligibility takes in `credentials`",
)
def credential_list(request):
    """Every published certification's code and apprentice designation (CPC-A).

    The catalog decides them, so the eligibility request's schema names this list
    rather than an `enum` that would go stale with every catalog edit.
    """
    items = [{"code": code, "label": label} for code, label in credential_choices()]
    return {"count": len(items), "items": items}


# Rows shaped as the schemas in catalog/schemas.py.


def _or_none(text):
    return text or None


def _key(source):
    return source.key if source is not None else None


def source_data(source, **extra):
    return {
        "key": source.key,
        "url": source.url,
        "title": source.title,
        "as_of": source.as_of,
        "as_of_date": source.as_of_date,
        "as_of_precision": source.as_of_precision,
        "accessed_on": source.accessed_on,
        "kind": source.kind,
        **extra,
    }


def fee_data(fee):
    return {
        "kind": fee.kind,
        "audience": fee.audience,
        "amount": _amount(fee.amount),
        "currency": fee.currency,
        "note": _or_none(fee.note),
        "as_of": fee.as_of if fee.is_dated else None,
        "as_of_date": fee.as_of_date,
        "as_of_precision": fee.as_of_precision,
        "is_current": fee.is_current,
        "sources_disagree": fee.sources_disagree,
        "source": fee.source.key,
    }


def _amount(value):
    return float(value) if value is not None else None


def cost_sources(found):
    """The sources of a `catalog.costs.Price`, each once, with the dates it gives."""
    dates = {}
    for fee in found.fees:
        dates.setdefault(fee.source.pk, [])
        if fee.is_dated and fee.as_of not in dates[fee.source.pk]:
            dates[fee.source.pk].append(fee.as_of)
    return [
        {
            "url": source.url,
            "title": source.title,
            "as_of": ", ".join(dates[source.pk]) or source.as_of,
        }
        for source in found.sources
    ]


def first_year_data(certification):
    """The first-year cost of `catalog.costs.first_year_cost`, as the pages show it."""
    return cost_data(
        first_year_cost(
            certification,
            certification.body,
            certification.fees.all(),
            certification.body_fee_list,
        )
    )


def cost_data(cost):
    """A first-year cost ({"parts", "total"}) as `schemas.FirstYearCostOut`; the
    eligibility API's plan uses it too."""
    total = cost["total"]
    return {
        "text": total.text,
        "low": _amount(total.low),
        "high": _amount(total.high),
        "currency": total.currency,
        "estimate": total.estimate,
        "basis": _or_none(total.basis),
        "parts": [
            {
                "label": part.label,
                "text": part.text,
                "low": _amount(part.low),
                "high": _amount(part.high),
                "estimate": part.estimate,
                "notes": list(part.notes),
                "sources": cost_sources(part),
            }
            for part in cost["parts"]
        ],
    }


PURPOSES = list(EligibilityPathway.Purpose.values)


def certification_sources(certification):
    """Each source a fact of the certification refers to, once, with its topics."""
    topics = {}
    sources = {}
    for topic, topic_sources in certification.sources_by_topic().items():
        for source in topic_sources:
            sources[source.key] = source
            topics.setdefault(source.key, []).append(topic)
    return [source_data(sources[key], topics=topics[key]) for key in sorted(sources)]


def certification_data(request, certification):
    c = certification
    replaced_by = c.public_successor
    return {
        "code": c.code,
        "name": c.name,
        "body": {
            "acronym": c.body.acronym,
            "name": c.body.name,
            "url": request.build_absolute_uri(c.body.get_absolute_url()),
        },
        "status": c.status,
        "status_note": _or_none(c.status_note),
        "replaced_by": replaced_by.code if replaced_by else None,
        "former_names": [former.name for former in c.former_name_list],
        "level": c.level,
        "category": c.category,
        "care_settings": [
            {"slug": setting.slug, "name": setting.name}
            for setting in c.care_setting_list
        ],
        "specialty": _or_none(c.specialty),
        "summary": c.summary,
        "suits": _or_none(c.suits),
        "eligibility_note": _or_none(c.eligibility_note),
        "pathways": [
            {
                "key": pathway.key,
                "name": pathway.name,
                "purpose": pathway.purpose,
                "confidence": pathway.confidence,
                "note": _or_none(pathway.note),
                "requirements": [
                    {
                        "kind": requirement.kind,
                        "parameters": requirement.params,
                        "text": requirement.plain_text,
                        "source": _key(requirement.source),
                    }
                    for requirement in pathway.requirements.all()
                ],
                "source": _key(pathway.source),
            }
            # Ways to sit the exam first, then ways to remove the apprentice mark.
            for pathway in sorted(
                c.pathways.all(), key=lambda p: PURPOSES.index(p.purpose)
            )
        ],
        "recommendations": [
            {"text": recommendation.text, "source": _key(recommendation.source)}
            for recommendation in c.recommendations.all()
        ],
        "exam": {
            "questions": _or_none(c.exam_questions),
            "minutes": c.exam_minutes,
            "format": _or_none(c.exam_format),
            "delivery": _or_none(c.exam_delivery),
            "open_book": c.exam_open_book,
            "passing": _or_none(c.exam_passing),
            "note": _or_none(c.exam_note),
        },
        "fees": [fee_data(fee) for fee in c.fees.all()],
        "first_year_cost": first_year_data(c),
        "maintenance": {
            "ceus_per_cycle": c.ceus_per_cycle,
            "cycle_years": c.cycle_years,
            "note": _or_none(c.maintenance_note),
        },
        "apprentice": (
            {
                "designation": c.apprentice_designation,
                "note": _or_none(c.apprentice_note),
            }
            if c.apprentice_designation
            else None
        ),
        "caveats": [
            {
                "topic": caveat.topic,
                "kind": caveat.kind,
                "text": caveat.text,
                "sources": [source.key for source in caveat.source_list],
            }
            for caveat in c.caveat_list
        ],
        "related": [related.code for related in c.related_list],
        "official_url": _or_none(c.official_url),
        "sources": certification_sources(c),
        "last_verified": c.last_verified,
        "url": request.build_absolute_uri(c.get_absolute_url()),
    }


def body_data(request, body):
    fees = body.fees.all()
    sources = {source.key: source for source in body.sources.all()}
    sources.update((fee.source.key, fee.source) for fee in fees)
    return {
        "acronym": body.acronym,
        "name": body.name,
        "website": body.website,
        "summary": _or_none(body.summary),
        "membership_required_to_test": body.membership_required_to_test,
        "membership_note": _or_none(body.membership_note),
        "fees": [fee_data(fee) for fee in fees],
        "renewal_rules": _or_none(body.renewal_rules),
        "certifications": [c.code for c in body.certifications.all()],
        "sources": [source_data(sources[key]) for key in sorted(sources)],
        "last_verified": body.last_verified,
        "url": request.build_absolute_uri(body.get_absolute_url()),
    }
