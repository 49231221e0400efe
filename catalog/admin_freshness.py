"""The freshness report in the admin (the report itself: `catalog.freshness`).

- `freshness_report`, GET `admin:catalog_freshness` (/admin/catalog/freshness/):
  the report, narrowed by a form (older than how many months, which section).
  Template `admin/catalog/freshness.html`. Editors need `catalog.view_certification`.
- `freshness_mark_verified`, POST `admin:catalog_freshness_verify`: stamps today's
  date on one row (a certification, a body, or a fact with a `verified_on`),
  records it in the row's history and returns to the report. It needs the change
  permission of that row's model, and works without JavaScript (a plain form).

The admin site (`certportal.admin_site`) adds `urls(site)` to its own and shows
`stale_count()` on its index.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from catalog import freshness
from certportal.cache import catalog_value

DEFAULT_MONTHS = 12
VIEW_PERMISSION = "catalog.view_certification"


class FreshnessFilterForm(forms.Form):
    months = forms.IntegerField(
        label="Older than (months)",
        min_value=1,
        max_value=600,
        required=False,
        help_text="Sources older than this, and official pages not checked in "
        "this long, count as stale.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    section = forms.ChoiceField(
        label="Section",
        choices=[("", "All sections"), *freshness.SECTIONS.items()],
        required=False,
    )

    def limits(self):
        """(months, section) from a valid form, else the defaults."""
        if not self.is_valid():
            return DEFAULT_MONTHS, ""
        return (
            self.cleaned_data["months"] or DEFAULT_MONTHS,
            self.cleaned_data["section"],
        )


def stale_count(user):
    """How many facts and pages are stale at the default limit, or None for a
    user who can't see the report."""
    if not user.has_perm(VIEW_PERMISSION):
        return None
    # Built once a day per catalog version (an editor's save, a "Mark verified"
    # included, gives a new one), not on every load of the admin's index.
    today = timezone.localdate()
    return catalog_value(
        f"freshness-stale-count:{DEFAULT_MONTHS}:{today.isoformat()}",
        lambda: (
            freshness.build_report(
                max_age_months=DEFAULT_MONTHS,
                verified_within_months=DEFAULT_MONTHS,
                today=today,
            ).stale_count
        ),
    )


def freshness_report(request, *, site):
    """The report, with a "Mark verified today" button where the user may."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    form = FreshnessFilterForm({"months": DEFAULT_MONTHS, **request.GET.dict()})
    months, section = form.limits()
    report = freshness.build_report(
        max_age_months=months, verified_within_months=months
    )
    verifiable = {
        kind
        for kind in freshness.VERIFY_TARGETS
        if request.user.has_perm(freshness.change_permission(f"{kind}:0"))
    }
    context = {
        **site.each_context(request),
        "title": "Freshness report",
        "form": form,
        "months": months,
        "shown": [section] if section else list(freshness.SECTIONS),
        "sections": freshness.SECTIONS,
        "kind_words": freshness.KIND_WORDS,
        "report": report,
        "verifiable": verifiable,
        "here": request.get_full_path(),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/catalog/freshness.html", context)


@require_POST
def freshness_mark_verified(request, *, site):
    target = request.POST.get("target", "")
    try:
        permission = freshness.change_permission(target)
    except ValueError:
        raise Http404("No such row.") from None
    if not request.user.has_perm(permission):
        raise PermissionDenied
    try:
        obj = freshness.mark_verified(target=target, user=request.user)
    except ObjectDoesNotExist:
        raise Http404("No such row.") from None
    what = freshness.VERIFY_TARGETS[target.partition(":")[0]][2]
    messages.success(request, f"{what} today: {obj}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("admin:catalog_freshness", current_app=site.name)
    return HttpResponseRedirect(back)


def urls(site):
    """The report's URLs, for the admin site's `get_urls()`."""
    return [
        path(
            "catalog/freshness/",
            site.admin_view(partial(freshness_report, site=site)),
            name="catalog_freshness",
        ),
        path(
            "catalog/freshness/verify/",
            site.admin_view(partial(freshness_mark_verified, site=site)),
            name="catalog_freshness_verify",
        ),
    ]
