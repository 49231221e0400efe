from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from catalog.sitemaps import BodySitemap, CatalogPageSitemap, CertificationSitemap
from certportal import views
from certportal.api import api

# /sitemap.xml, named in robots.txt. A page that comes later (a glossary) adds its
# Sitemap class here; its entries then appear in the same file.
SITEMAPS = {
    "pages": CatalogPageSitemap,
    "certifications": CertificationSitemap,
    "bodies": BodySitemap,
}

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
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
