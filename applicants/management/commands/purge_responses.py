from django.core.management.base import BaseCommand, CommandError

from applicants.services import PURGE_AFTER_DAYS, responses_purge


class Command(BaseCommand):
    help = (
        "Delete unfinished questionnaire responses (never confirmed) that nobody has "
        f"saved for more than {PURGE_AFTER_DAYS} days. Finished responses are kept: "
        "people share their results URL. Safe to run twice; schedule it daily "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=PURGE_AFTER_DAYS,
            help=f"Age in days since the last save (default {PURGE_AFTER_DAYS}, "
            "at least 1).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, and delete nothing.",
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError(f"--days must be 1 or more, not {days}.")
        count = responses_purge(older_than_days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        noun = "response" if count == 1 else "responses"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {count} unfinished {noun} last saved more than {days} "
                f"{'day' if days == 1 else 'days'} ago."
            )
        )
