"""The Jinja2 environment, for the catalog's heaviest pages.

The certification list, a certification's page and a body's page are Jinja2
templates (`templates/jinja2/`): rendering them with Django templates took about
half of their CPU, Jinja2 a fraction of that (issue 9). Every other page is a
Django template (`templates/`). The layout (`base.html` with its header, footer
and messages), the pagination and the source link exist in both folders;
`tests/test_jinja2.py` keeps each pair rendering the same HTML.

The filters and globals below are the Django ones those templates use, under the
same names, so the two kinds of template read alike.
"""

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, pass_context

from catalog.formatting import duration, jsonld, link_glossary_terms, money


def url(name, *args, **kwargs):
    """{% url name arg %}: {{ url("catalog:body_detail", body.slug) }}."""
    return reverse(name, args=args, kwargs=kwargs)


@pass_context
def querystring(context, **changes):
    """{% querystring page=2 q=None %}: the current query string with `changes`
    made, a None removing its key."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}"


def environment(**options):
    env = Environment(**options)
    env.globals.update(url=url, static=static, querystring=querystring)
    env.filters.update(
        date=defaultfilters.date,
        linebreaksbr=defaultfilters.linebreaksbr,
        pluralize=defaultfilters.pluralize,
        truncatechars=defaultfilters.truncatechars,
        truncatewords=defaultfilters.truncatewords,
        urlencode=defaultfilters.urlencode,
        duration=duration,
        glossary_links=link_glossary_terms,
        jsonld=jsonld,
        money=money,
    )
    return env
