"""The JSON API's root, at /api/v1/, described by /api/v1/openapi.json.

One NinjaAPI holds every app's endpoints: the catalog's read-only ones
(`catalog.api.router`) and `POST /eligibility` (`applicants.api.router`). Unknown
paths under it answer with a JSON 404, not a page.
"""

from django.http import JsonResponse
from django.urls import re_path, reverse
from ninja import NinjaAPI

from applicants.api import router as eligibility_router
from catalog.api import router as catalog_router

DESCRIPTION = """\
Facts about medical coding certifications: who awards them, how to qualify, the exam,
what it costs and how to keep it.

Every fact carries its sources (URL, title, the date the page gives and when it was
read) and each certification and body the date an editor last verified it. A fact no
source publishes is `null`, never a guess. All endpoints are read-only (GET).
"""


class API(NinjaAPI):
    """A NinjaAPI that answers unknown paths under it with a JSON 404, not a page."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        # Before the root pattern (ninja's, which only raises Http404) so that the
        # root answers in JSON too, and after every operation.
        catch_all = re_path(r"^.*$", self.unknown_path)
        roots = [i for i, p in enumerate(patterns) if p.name == "api-root"]
        patterns.insert(roots[0] if roots else len(patterns), catch_all)
        return patterns, app_name, namespace

    def unknown_path(self, request):
        openapi = reverse(f"{self.urls_namespace}:openapi-json")
        detail = f"There is no API endpoint at {request.path}; {openapi} lists them."
        return JsonResponse({"detail": detail}, status=404)


api = API(
    title="certportal API",
    version="1",
    description=DESCRIPTION,
    docs_url=None,  # the Swagger page needs inline scripts, which the CSP blocks
)

api.add_router("/", catalog_router)
api.add_router("/", eligibility_router)
