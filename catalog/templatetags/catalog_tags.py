"""Template filters for the catalog pages; `money` and `duration` are the plain
formatters of `catalog.formatting`."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from catalog.formatting import duration, money

register = template.Library()

# The escapes django.utils.html.json_script applies, so the data can never close
# the <script> element it sits in.
_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
}


@register.filter
def jsonld(value):
    """`value` as JSON, safe inside <script type="application/ld+json">."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))


register.filter("money", money)
register.filter("duration", duration)


@register.filter
def item(mapping, key):
    """`mapping[key]`, or None: {{ my_eligibility.verdicts|item:certification.code }}."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
