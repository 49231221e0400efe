"""The catalog's part of /sitemap.xml (django.contrib.sitemaps; the sitemaps are
listed in certportal/urls.py): each public page once, at its canonical address."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Certification, CredentialingBody


class CatalogPageSitemap(Sitemap):
    """The pages that show no one object: home, the list, the bodies, the glossary."""

    def items(self):
        return [
            "catalog:home",
            "catalog:certification_list",
            "catalog:body_list",
            "catalog:glossary",
        ]

    def location(self, item):
        return reverse(item)


class CertificationSitemap(Sitemap):
    """Each published certification's page; drafts have none."""

    def items(self):
        return Certification.objects.published().only("code").order_by("code")


class BodySitemap(Sitemap):
    def items(self):
        return CredentialingBody.objects.only("slug").order_by("slug")
