"""Plain formatters for amounts, durations, JSON-LD and glossary links, used by views
and by the template filters of the same names (`catalog_tags`, and the Jinja2
environment in `certportal.jinja2`)."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, escape
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


# A tag, kept whole so that no name inside one (an attribute, a URL) is linked.
_TAG = re.compile(r"(<[^>]*>)")


def _name_pattern(name):
    """An acronym (no lowercase letter: CEU, CPC-A) matches in its own case only;
    any other name (care setting) in any case. Never inside a longer word or code."""
    pattern = re.escape(escape(name))
    if name == name.upper():
        return rf"(?<![\w-]){pattern}(?![\w-])"
    return rf"(?<![\w-])(?i:{pattern})(?![\w-])"


def link_glossary_terms(text, terms):
    """`text` (escaped, unless already safe HTML) with the first mention of each
    glossary term linked to its entry, once per term however many of its names
    the text uses.

    `terms`: (names, url) pairs, e.g. (["CEU", "CEUs"], "/glossary/#ceu"), as
    `catalog.queries.glossary_links()` gives them. Longer names win ("ICD-10-CM"
    before "ICD"); text inside a tag or an existing link is left alone.
    """
    html = str(conditional_escape(text))
    urls, folded = {}, {}
    for names, url in terms:
        for name in names:
            urls.setdefault(escape(name), url)
            folded.setdefault(escape(name).casefold(), url)
    if not urls:
        return mark_safe(html)
    pattern = re.compile(
        "|".join(_name_pattern(name) for name in sorted(urls, key=len, reverse=True))
    )
    linked = set()

    def link(match):
        found = match.group(0)
        url = urls.get(found) or folded[found.casefold()]
        if url in linked:
            return found
        linked.add(url)
        return f'<a class="glossary-link" href="{escape(url)}">{found}</a>'

    parts, in_link = [], False
    for part in _TAG.split(html):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part, re.IGNORECASE):
                in_link = True
            elif re.match(r"</a\s*>", part, re.IGNORECASE):
                in_link = False
            parts.append(part)
        else:
            parts.append(part if in_link else pattern.sub(link, part))
    return mark_safe("".join(parts))
