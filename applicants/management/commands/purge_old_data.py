from django.core.management.base import BaseCommand, CommandError

from applicants.services import (
    LOGIN_RECORDS_KEEP_DAYS,
    PURGE_AFTER_DAYS,
    old_data_purge,
)


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Delete what is kept longer than needed: unfinished questionnaire responses "
        f"(never confirmed) nobody has saved for more than {PURGE_AFTER_DAYS} days, "
        "expired sessions (as clearsessions), and django-axes login records "
        f"older than {LOGIN_RECORDS_KEEP_DAYS} days. Finished responses are kept "
        "until their owner deletes them. Safe to run twice; schedule it daily "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=PURGE_AFTER_DAYS,
            help="Age in days since an unfinished response was last saved "
            f"(default {PURGE_AFTER_DAYS}, at least 1).",
        )
        parser.add_argument(
            "--login-days",
            type=int,
            default=LOGIN_RECORDS_KEEP_DAYS,
            help="Age in days of the login records to delete "
            f"(default {LOGIN_RECORDS_KEEP_DAYS}, at least 1).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, and delete nothing.",
        )

    def handle(self, *args, days, login_days, dry_run, **options):
        for name, value in [("--days", days), ("--login-days", login_days)]:
            if value < 1:
                raise CommandError(f"{name} must be 1 or more, not {value}.")
        purged = old_data_purge(
            response_days=days, login_days=login_days, dry_run=dry_run
        )
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {plural(purged.responses, 'unfinished response')} last "
                f"saved more than {plural(days, 'day')} ago."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {plural(purged.login_records, 'login record')} older "
                f"than {plural(login_days, 'day')}."
            )
        )
        sessions = "Would clear" if dry_run else "Cleared"
        self.stdout.write(self.style.SUCCESS(f"{sessions} expired sessions."))
