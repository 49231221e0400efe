"""The questionnaire: start, one page a step, check your answers.

The steps and their skip rules live in `questionnaire.py`; each step's form in
`forms.py`. Every step saves before it redirects (Post/Redirect/Get), so the
response's URL resumes it at any time.
"""

import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applicants import questionnaire
from applicants.cache import answers_saved
from applicants.forms import FORMS
from applicants.models import Response

# The catalog pages read this key to show the person's verdicts.
SESSION_KEY = "eligibility_response"


def limit_posts(view):
    """At most QUESTIONNAIRE_POST_LIMIT POSTs per client address in each window of
    QUESTIONNAIRE_POST_WINDOW seconds; past it, the "Too many answers" page (429).

    A fixed window counted in Django's cache, a table in the database that every
    app server shares (settings.CACHES), so the limit holds across servers."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        limit = settings.QUESTIONNAIRE_POST_LIMIT
        if request.method == "POST" and limit:
            window = settings.QUESTIONNAIRE_POST_WINDOW
            now = int(timezone.now().timestamp())
            address = request.META.get("REMOTE_ADDR", "")
            key = f"questionnaire-posts:{address}:{now // window}"
            cache.add(key, 0, timeout=window)
            try:
                count = cache.incr(key)
            except ValueError:  # the window ended between the two calls
                count = 1
            if count > limit:
                retry_after = window - now % window
                page = render(request, "applicants/too_many_posts.html", status=429)
                page["Retry-After"] = str(retry_after)
                return page
        return view(request, *args, **kwargs)

    return limited


def remember(request, pk):
    """Keep the response `pk` in the session as the person's own (catalog verdicts)."""
    if request.session.get(SESSION_KEY) != str(pk):
        request.session[SESSION_KEY] = str(pk)


def _get_response(request, pk):
    response = get_object_or_404(Response, pk=pk)
    remember(request, response.pk)
    return response


def _next_url(response, change=False):
    """The first applicable unanswered step, or "Check your answers"."""
    step = questionnaire.first_unanswered_step(response.answers)
    if step is None:
        return reverse("applicants:check_answers", args=[response.pk])
    url = reverse("applicants:step", args=[response.pk, step.slug])
    return f"{url}?change=1" if change else url


def _back_url(response, step, change):
    """Back to "Check your answers" after a Change link, else the previous step."""
    if change:
        return reverse("applicants:check_answers", args=[response.pk])
    previous = questionnaire.previous_step(step, response.answers)
    if previous is None:
        return reverse("applicants:start")
    return reverse("applicants:step", args=[response.pk, previous.slug])


def _save_answer(pk, answer):
    """Merge one answer in, dropping answers of steps that no longer apply.

    A change that opens a new, unanswered step also un-confirms the response."""
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=pk)
        response.answers = questionnaire.without_inapplicable(
            {**response.answers, **answer}
        )
        if questionnaire.first_unanswered_step(response.answers):
            response.completed_at = None
        response.save(update_fields=["answers", "completed_at", "updated_at"])
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts
def start(request):
    """What the questionnaire asks; "Start now" creates the response.

    A second "Start now" (a double click, a replay) gets the response the first
    one made: by the page's one-time token, even when both arrive at once and
    before either has a session; by the session, when the person has not answered
    anything yet."""
    saved_pk = request.session.get(SESSION_KEY)
    saved = Response.objects.filter(pk=saved_pk).first() if saved_pk else None
    if request.method == "POST":
        token = _uuid_or_none(request.POST.get("start_token", ""))
        if saved and not saved.answers:
            response = saved
        elif token:
            response, _ = Response.objects.get_or_create(start_token=token)
        else:
            response = Response.objects.create()
        remember(request, response.pk)
        return redirect(_next_url(response))
    return render(
        request,
        "applicants/start.html",
        {"saved": saved, "start_token": uuid.uuid4()},
    )


def _uuid_or_none(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@never_cache
def resume(request, pk):
    response = _get_response(request, pk)
    if response.is_complete:
        return redirect("applicants:results", pk=response.pk)
    return redirect(_next_url(response))


@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts
def step(request, pk, step):
    """One question. Steps that don't apply, or lie past the first unanswered
    one, redirect to where the person should be."""
    response = _get_response(request, pk)
    current = questionnaire.STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404("No such question.")
    if not questionnaire.can_visit(current, response.answers):
        return redirect(_next_url(response))
    change = request.GET.get("change") == "1"
    data = request.POST if request.method == "POST" else None
    form = FORMS[current.slug](data, answers=response.answers)
    if form.is_valid():
        response = _save_answer(response.pk, form.answer())
        return redirect(_next_url(response, change=change))
    number, total = questionnaire.progress(current, response.answers)
    context = {"form": form, "step": current, "number": number, "total": total}
    back_url = _back_url(response, current, change)
    return render(request, "applicants/step.html", {**context, "back_url": back_url})


@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts
def check_answers(request, pk):
    """Every answer with a Change link; "See my results" confirms them."""
    response = _get_response(request, pk)
    if questionnaire.first_unanswered_step(response.answers):
        return redirect(_next_url(response))
    if request.method == "POST":
        now = timezone.now()
        confirmed = Response.objects.filter(
            pk=response.pk, completed_at__isnull=True
        ).update(completed_at=now, updated_at=now)
        if confirmed:  # an update sends no post_save: tell the guidance cache
            response.updated_at = now
            answers_saved(Response, response)
        return redirect("applicants:results", pk=response.pk)
    last_step = questionnaire.applicable_steps(response.answers)[-1]
    return render(
        request,
        "applicants/check_answers.html",
        {
            "response": response,
            "rows": questionnaire.summary_rows(response.answers),
            "last_step": last_step,
            "resume_url": request.build_absolute_uri(response.get_absolute_url()),
        },
    )
