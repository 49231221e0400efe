from django.contrib import admin
from django.urls import include, path

from catalog.api import api
from certportal import views

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt),
    path("", include("catalog.urls")),
    path("eligibility/", include("applicants.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "catalog.views.page_not_found"
handler500 = "catalog.views.server_error"
