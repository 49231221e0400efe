from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, with `admin.site` the two-factor site of certportal/admin_site.py."""

    default_site = "certportal.admin_site.StaffAdminSite"
