from django.contrib import admin
from django.urls import include, path

from applicants.api import router as eligibility_router
from catalog.api import api
from certportal import views

# Before `api.urls` is read below: ninja refuses routers added after that.
api.add_router("/", eligibility_router)

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("", include("catalog.urls")),
    path("eligibility/", include("applicants.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "catalog.views.page_not_found"
handler500 = "catalog.views.server_error"
handler400 = "catalog.views.bad_request"
handler403 = "catalog.views.permission_denied"
