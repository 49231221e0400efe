"""Every page of the questionnaire and its guidance.

start → one page a step → check your answers → results (the guidance) → delete.
The steps and their skip rules live in `questionnaire.py`, each step's form in
`forms.py`, and what the guidance page shows in `guidance.py`. Every step saves
before it redirects (Post/Redirect/Get).

Who may see what
- The owner, the session that started the response (or claimed it with its
  private link, `claim`), resumes, changes, sees, shares and deletes it. For
  everyone else those pages are "Page not found", as for a response that doesn't
  exist. Visiting a page never puts a response in the visitor's session.
- Anyone with the share link (`shared`) sees the guidance, read-only; the link
  works until the owner stops sharing.
Every page here is kept out of search engines (`noindex`) and out of shared
caches (`never_cache`: `Cache-Control: private, no-store`).
"""

import functools
import secrets
import uuid

from django.conf import settings
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
from applicants.models import SESSION_KEY, Response, is_own
from applicants.services import PURGE_AFTER_DAYS
from certportal.cache import (
    answers_key,
    answers_page_stored,
    answers_seen,
    cached_page,
    is_enabled,
    page_key,
)
from certportal.ratelimit import limit_posts

# The response this session made with "Start now" (not one it claimed): the only
# one a second "Start now" may reuse.
STARTED_KEY = "eligibility_started"
NOINDEX = "noindex, nofollow"


def noindex(view):
    """Keep the view's pages out of search engines (header; the template's meta
    tag comes from the `robots` context variable)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = NOINDEX
        return response

    return wrapped


def own(request, pk, *, started=False):
    """Make the response `pk` this session's own: the one it may change and whose
    verdicts the catalog shows."""
    if request.session.get(SESSION_KEY) != str(pk):
        request.session.cycle_key()  # a new session id with new rights
        request.session[SESSION_KEY] = str(pk)
    if started:
        request.session[STARTED_KEY] = str(pk)
    elif request.session.get(STARTED_KEY) != str(pk):
        request.session.pop(STARTED_KEY, None)


def _get_own_response(request, pk):
    """The session's own response `pk`; "Page not found" for anyone else, so a
    guessed or shared id says nothing about whether it exists."""
    if not is_own(request.session, pk):
        raise Http404("No such response.")
    return get_object_or_404(Response, pk=pk)


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
    anything yet and made it here themselves (never one they claimed: whoever
    made its private link could read what they answer)."""
    saved_pk = request.session.get(SESSION_KEY)
    saved = Response.objects.filter(pk=saved_pk).first() if saved_pk else None
    if request.method == "POST":
        token = _uuid_or_none(request.POST.get("start_token", ""))
        started = request.session.get(STARTED_KEY)
        if saved and not saved.answers and started == str(saved.pk):
            response = saved
        elif token:
            response, _ = Response.objects.get_or_create(start_token=token)
        else:
            response = Response.objects.create()
        own(request, response.pk, started=True)
        return redirect(_next_url(response))
    return render(
        request,
        "applicants/start.html",
        {
            "saved": saved,
            "start_token": uuid.uuid4(),
            "purge_days": PURGE_AFTER_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "cache_minutes": max(1, settings.CATALOG_PAGE_CACHE_SECONDS // 60),
        },
    )


def _uuid_or_none(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@never_cache
@noindex
def resume(request, pk):
    response = _get_own_response(request, pk)
    if response.is_complete:
        return redirect("applicants:results", pk=response.pk)
    return redirect(_next_url(response))


@never_cache
@noindex
@require_http_methods(["GET", "POST"])
@limit_posts
def claim(request, pk, token):
    """The owner's private link. GET asks; POST makes the answers this browser's
    own and resumes them. A POST, so that following a link someone sent never
    swaps the visitor's own answers for theirs."""
    response = get_object_or_404(Response, pk=pk)
    if not secrets.compare_digest(token, response.owner_token):
        raise Http404("No such response.")
    if request.method == "POST":
        own(request, response.pk)
        return redirect("applicants:resume", pk=response.pk)
    return render(
        request,
        "applicants/claim.html",
        {"response": response, "robots": NOINDEX},
    )


@never_cache
@noindex
@require_http_methods(["GET", "POST"])
@limit_posts
def step(request, pk, step):
    """One question. Steps that don't apply, or lie past the first unanswered
    one, redirect to where the person should be."""
    response = _get_own_response(request, pk)
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
    context = {
        "form": form,
        "step": current,
        "number": number,
        "total": total,
        "robots": NOINDEX,
    }
    back_url = _back_url(response, current, change)
    return render(request, "applicants/step.html", {**context, "back_url": back_url})


@never_cache
@noindex
@require_http_methods(["GET", "POST"])
@limit_posts
def check_answers(request, pk):
    """Every answer with a Change link; "See my results" confirms them."""
    response = _get_own_response(request, pk)
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
            "private_url": request.build_absolute_uri(response.get_private_url()),
            "robots": NOINDEX,
        },
    )


@never_cache
@noindex
def results(request, pk):
    """The owner's guidance for one finished response; an unfinished one resumes.

    Kept in the shared cache until the answers or the catalog change: judging every
    certification again on each visit would make the page slower as the catalog
    grows. A visit served from the cache reads the session and the cache only;
    the session is checked first, so only the owner is ever served the page."""
    if not is_own(request.session, pk):
        raise Http404("No such response.")

    def render_page():
        response = get_object_or_404(Response, pk=pk)
        if not response.is_complete:
            return redirect("applicants:resume", pk=response.pk)
        return guidance_page(request, response, shared=False)

    return _cached_guidance(request, pk, "guidance", render_page)


@never_cache
@noindex
def shared(request, token):
    """The guidance someone shared, read-only: no links to change, resume or
    delete the answers, and nothing put in the visitor's session."""
    response = get_object_or_404(
        Response.objects.filter(completed_at__isnull=False), share_token=token
    )
    return _cached_guidance(
        request,
        response.pk,
        "shared",
        lambda: guidance_page(request, response, shared=True),
    )


def _cached_guidance(request, pk, kind, render_page):
    """A guidance page from the shared cache, noted under the response so that
    deleting the answers deletes it (every query-string variant)."""
    if len(messages.get_messages(request)) or not is_enabled():
        return render_page()
    # The page shows links with the site's address: the whole URL is in the key.
    key = page_key(kind, pk, request.build_absolute_uri())
    page = cached_page(request, key, render_page, depends_on=[answers_key(pk)])
    if page.get("X-Catalog-Cache") == "miss":
        answers_page_stored(pk, key)
    return page


def guidance_page(request, response, *, shared):
    """The guidance (`?group=` one verdict group in full) for `response`."""
    answers_seen(response)
    context = {
        "response": response,
        "shared": shared,
        "robots": NOINDEX,
        **guidance(response.answers),
    }
    if shared:
        context["guidance_url"] = response.get_shared_url()
    else:
        context["guidance_url"] = reverse("applicants:results", args=[response.pk])
        context["private_url"] = request.build_absolute_uri(response.get_private_url())
    group_key = request.GET.get("group")
    if group_key is None:
        return render(request, "applicants/results.html", context)
    return group_page(request, context, group_key)


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
@noindex
@require_http_methods(["GET", "POST"])
@limit_posts
def share(request, pk):
    """GET: the read-only link to the guidance, if there is one. POST: make one
    (`action=share`; a new one replaces the old) or stop it working
    (`action=stop`). A page of its own, so the cached guidance holds no form."""
    response = _get_own_response(request, pk)
    if not response.is_complete:
        return redirect("applicants:resume", pk=response.pk)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            response.stop_sharing()
            messages.success(request, "The link to your guidance no longer works.")
        else:
            response.share()
            messages.success(request, "Your guidance has a new link to share.")
        return redirect("applicants:share", pk=response.pk)
    shared_url = response.get_shared_url()
    return render(
        request,
        "applicants/share.html",
        {
            "response": response,
            "shared_url": shared_url and request.build_absolute_uri(shared_url),
            "robots": NOINDEX,
        },
    )


@never_cache
@noindex
@require_http_methods(["GET", "POST"])
@limit_posts
def delete(request, pk):
    """GET: confirm. POST: delete the row for good and go home with a message."""
    response = _get_own_response(request, pk)
    if request.method == "POST":
        response.delete()
        request.session.pop(SESSION_KEY, None)
        request.session.pop(STARTED_KEY, None)
        messages.success(request, "Your answers have been deleted.")
        return redirect("catalog:home")
    return render(
        request, "applicants/delete.html", {"response": response, "robots": NOINDEX}
    )
