from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.fact_updates import UPDATE_FILES, RefreshError, apply_files


class Command(BaseCommand):
    help = (
        "Apply data refresh files (catalog/fixtures/fact_updates_*.yaml by default) "
        "through the editors' updates: each new value with its source, the old kept "
        "as an earlier figure or in the history. Safe to run twice: an update already "
        "applied is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, help="Refresh files (default: all)."
        )

    def handle(self, *args, files=(), **options):
        try:
            results = apply_files(files or UPDATE_FILES)
        except (RefreshError, OSError) as error:
            raise CommandError(str(error)) from error
        for name, (applied, skipped) in results.items():
            self.stdout.write(
                f"{name}: {applied} update{'s' if applied != 1 else ''} applied, "
                f"{skipped} already there."
            )
