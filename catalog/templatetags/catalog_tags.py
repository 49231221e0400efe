"""Template filters for the catalog pages; `money`, `duration` and `jsonld` are the
plain formatters of `catalog.formatting`."""

from django import template

from catalog.formatting import duration, jsonld, money

register = template.Library()

register.filter("jsonld", jsonld)
register.filter("money", money)
register.filter("duration", duration)


@register.filter
def item(mapping, key):
    """`mapping[key]`, or None: {{ my_eligibility.verdicts|item:certification.code }}."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
