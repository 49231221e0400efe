from django.apps import AppConfig

# The module, not the class: an AppConfig named here would count as a default.
from django.contrib.admin import apps as admin_apps


class CertportalConfig(AppConfig):
    """The project package as an app, for its one table (rate-limit counts)."""

    default = True  # `"certportal"` in INSTALLED_APPS; the admin's config is named
    name = "certportal"
    verbose_name = "certportal"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` the two-factor site of certportal/admin_site.py."""

    default = False
    default_site = "certportal.admin_site.StaffAdminSite"
