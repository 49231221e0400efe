import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from catalog.freshness import build_report, report_data, report_lines


class Command(BaseCommand):
    help = (
        "Print the freshness report: the catalog's facts by the age of their "
        "source, those resting only on secondary sources, and official pages not "
        "checked lately. Exits 1 when a fact's source is older than "
        "--max-age-months (and no editor verified the fact since) or an official "
        "page was not checked within --verified-within-months; 0 otherwise. For a "
        "scheduler: read-only, safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-months",
            type=int,
            default=settings.CATALOG_MAX_SOURCE_AGE_MONTHS,
            help="A fact whose source is older than this is stale (default "
            "%(default)s, the CATALOG_MAX_SOURCE_AGE_MONTHS setting).",
        )
        parser.add_argument(
            "--verified-within-months",
            type=int,
            default=12,
            help="An official page not checked, and a stale fact not marked "
            "verified, within this many months counts (default %(default)s).",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output."
        )

    def handle(self, *args, **options):
        report = build_report(
            max_age_months=options["max_age_months"],
            verified_within_months=options["verified_within_months"],
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(report_data(report), indent=2))
        else:
            self.stdout.write("\n".join(report_lines(report)))
        if not report.is_fresh:
            stale, unchecked = len(report.stale), len(report.unchecked)
            raise CommandError(
                f"{stale} stale fact{pluralize(stale)} and {unchecked} official "
                f"page{pluralize(unchecked)} not checked.",
                returncode=1,
            )
        if options["format"] == "text":
            self.stdout.write(self.style.SUCCESS("Nothing is older than the limits."))
