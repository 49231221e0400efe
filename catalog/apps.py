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


def catalog_row_changed(sender, **kwargs):
    from catalog.cache import catalog_changed

    # After the commit: a page rendered before it must not be stored as new.
    transaction.on_commit(catalog_changed, robust=True)
