from django.core.management.base import BaseCommand, CommandError

from catalog.seed import SEED_FILE, SeedError, load_catalog, summarize


class Command(BaseCommand):
    help = (
        f"Load the certification catalog from {SEED_FILE.name}. Safe to run twice: by "
        "default it only adds what is missing and never changes a row that already "
        "exists (editors' changes stay). --replace rewrites the rows the file names; "
        "neither deletes a row the file no longer has."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Update every field from the file and replace each body's and "
                "certification's pathways, fees, caveats and other children with the "
                "file's (undoes editors' changes to seeded rows)."
            ),
        )

    def handle(self, *args, replace=False, **options):
        try:
            counts = load_catalog(replace=replace)
        except SeedError as error:
            raise CommandError(f"{SEED_FILE.name}: {error}") from error
        self.stdout.write(self.style.SUCCESS(summarize(counts)))
