"""Plain formatters for amounts, durations and JSON-LD, used by views and by the
template filters of the same names (`catalog_tags`, and the Jinja2 environment in
`certportal.jinja2`)."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

# The escapes django.utils.html.json_script applies, so the data can never close
# the <script> element it sits in.
_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
}


def money(amount, currency="USD"):
    """299 → "$299", 19.5 → "$19.50"; other currencies as "299 EUR"."""
    if amount is None:
        return ""
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def questions(text):
    """ "100" → "100 questions"; a count the data writes out in words ("150 (130
    scored + 20 pretest)") gets the word after its number; "" stays ""."""
    if not text or "question" in text:
        return text
    return re.sub(r"^(\d+)", r"\1 questions", text)


def duration(minutes):
    """240 → "4 hours", 100 → "1 hour 40 minutes"."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def jsonld(value):
    """`value` as JSON, safe inside <script type="application/ld+json">."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))
