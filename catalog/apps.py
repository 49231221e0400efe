from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Certification catalog"

    def ready(self):
        """Any saved or deleted catalog row makes the cached catalog pages stale."""
        for model in self.get_models(include_auto_created=True):
            post_save.connect(catalog_row_changed, sender=model)
            post_delete.connect(catalog_row_changed, sender=model)
            m2m_changed.connect(catalog_row_changed, sender=model)
        # The stored search document follows its certification and former names.
        certification = self.get_model("Certification")
        former_name = self.get_model("FormerName")
        post_save.connect(certification_saved, sender=certification)
        post_save.connect(former_name_changed, sender=former_name)
        post_delete.connect(former_name_changed, sender=former_name)


def catalog_row_changed(sender, using=None, **kwargs):
    mark_catalog_changed(using)


def mark_catalog_changed(using=None):
    """Give the catalog a new version once the current transaction commits (a page
    rendered before the commit must not be stored as new). Once per transaction:
    loading a thousand rows bumps the version once, not a thousand times."""
    from catalog.cache import catalog_changed

    connection = transaction.get_connection(using)
    # Callbacks of a rolled-back savepoint leave this list, so a save after the
    # rollback registers again.
    if not any(func is catalog_changed for _, func, _ in connection.run_on_commit):
        transaction.on_commit(catalog_changed, using=using, robust=True)


# The fields `catalog.queries.search_vector` reads from the certification row itself.
SEARCHED_FIELDS = frozenset(["code", "name", "specialty", "summary", "suits"])


def certification_saved(sender, instance, using=None, update_fields=None, **kwargs):
    """Store the saved certification's search document (an UPDATE, so no signal)."""
    if update_fields is not None and SEARCHED_FIELDS.isdisjoint(update_fields):
        return
    from catalog.queries import refresh_search_documents

    refresh_search_documents(sender.objects.using(using).filter(pk=instance.pk))


def former_name_changed(sender, instance, using=None, **kwargs):
    """A former name added, renamed or deleted changes its certification's document."""
    from catalog.models import Certification
    from catalog.queries import refresh_search_documents

    refresh_search_documents(
        Certification.objects.using(using).filter(pk=instance.certification_id)
    )
