"""Every page of the questionnaire and its guidance.

start → one page a step → check your answers → results (the guidance) → delete.
The steps and their skip rules live in `questionnaire.py`, each step's form in
`forms.py`, and what the guidance page shows in `guidance.py`. Every step saves
before it redirects (Post/Redirect/Get), so the response's URL resumes it at any
time.
"""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applicants import questionnaire
from applicants.forms import FORMS
from applicants.guidance import GROUP_PAGE_SIZE, guidance
from applicants.models import SESSION_KEY, Response
from certportal.cache import (
    answers_key,
    answers_seen,
    cached_page,
    is_enabled,
    page_key,
)
from certportal.ratelimit import limit_posts


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
        Response.objects.filter(pk=response.pk, completed_at__isnull=True).update(
            completed_at=now, updated_at=now
        )
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


@never_cache
def results(request, pk):
    """The guidance for one finished response; an unfinished one resumes.

    Kept in the shared cache until the answers or the catalog change: judging every
    certification again on each visit would make the page slower as the catalog
    grows. A visit served from the cache reads the session and the cache only."""
    group_key = request.GET.get("group")

    def render_page():
        response = get_object_or_404(Response, pk=pk)
        if not response.is_complete:
            return redirect("applicants:resume", pk=response.pk)
        remember(request, response.pk)
        answers_seen(response)
        context = {"response": response, **guidance(response.answers)}
        if group_key is None:
            return render(request, "applicants/results.html", context)
        return group_page(request, context, group_key)

    if len(messages.get_messages(request)) or not is_enabled():
        return render_page()
    page = cached_page(
        request,
        # The page shows its own address: the whole URL is part of the key.
        page_key("guidance", pk, request.build_absolute_uri()),
        render_page,
        depends_on=[answers_key(pk)],
    )
    if page.get("X-Catalog-Cache") == "hit":
        remember(request, pk)
    return page


def group_page(request, context, key):
    """One verdict group in full, a page at a time (`?group=not_yet&page=2`)."""
    group = next((g for g in context["groups"] if g["key"] == key), None)
    if group is None:
        raise Http404("Your guidance has no such group.")
    paginator = Paginator(group["cards"], GROUP_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "applicants/results_group.html",
        {
            **context,
            "group": group,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts
def delete(request, pk):
    """GET: confirm. POST: delete the row for good and go home with a message."""
    response = get_object_or_404(Response, pk=pk)
    if request.method == "POST":
        response.delete()
        if request.session.get(SESSION_KEY) == str(pk):
            del request.session[SESSION_KEY]
        messages.success(request, "Your answers have been deleted.")
        return redirect("catalog:home")
    return render(request, "applicants/delete.html", {"response": response})
