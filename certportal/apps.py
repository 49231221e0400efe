from django.apps import AppConfig


class CertportalConfig(AppConfig):
    """The project package as an app, for its one table (rate-limit counts)."""

    name = "certportal"
    verbose_name = "certportal"
