from django.contrib import admin
from django.urls import include, path

from certportal import views
from certportal.api import api

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

handler404 = "certportal.views.page_not_found"
handler500 = "certportal.views.server_error"
handler400 = "certportal.views.bad_request"
handler403 = "certportal.views.permission_denied"
