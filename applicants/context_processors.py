"""A person's own verdicts, for the catalog pages (catalog never imports applicants)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from applicants.models import SESSION_KEY, Response
from catalog.eligibility import Person, evaluate
from catalog.queries import cached_eligibility_rules


def my_eligibility(request):
    """`my_eligibility`: {"verdicts": {code: Verdict}, "results_url": url}, or None.

    Only for a finished questionnaire whose id is in the session; lazy, so pages
    that don't show verdicts run no query for it.
    """
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return {}
    return {"my_eligibility": SimpleLazyObject(lambda: _eligibility(session))}


def _eligibility(session):
    try:
        response = Response.objects.filter(
            pk=session[SESSION_KEY], completed_at__isnull=False
        ).first()
    except ValidationError:  # not a UUID
        response = None
    if response is None:
        return {}
    verdicts = evaluate(
        Person.from_answers(response.answers), cached_eligibility_rules()
    )
    return {
        "verdicts": {verdict.code: verdict for verdict in verdicts},
        "results_url": reverse("applicants:results", args=[response.pk]),
    }
