"""Template filters for the catalog pages; `money`, `duration`, `jsonld` and
`glossary_links` are the plain formatters of `catalog.formatting`."""

from django import template

from catalog.formatting import duration, jsonld, link_glossary_terms, money

register = template.Library()

register.filter("jsonld", jsonld)
register.filter("money", money)
register.filter("duration", duration)
# {{ text|glossary_links:glossary }}: the first mention of each term linked to
# /glossary/#slug; `glossary` is `catalog.queries.glossary_links()`.
register.filter("glossary_links", link_glossary_terms)


@register.filter
def item(mapping, key):
    """`mapping[key]`, or None: {{ my_eligibility.verdicts|item:certification.code }}."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
