from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Applicants"

    def ready(self):
        """A saved or deleted response makes its cached guidance pages stale."""
        from applicants.cache import answers_deleted, answers_saved

        response = self.get_model("Response")
        post_save.connect(answers_saved, sender=response)
        post_delete.connect(answers_deleted, sender=response)
