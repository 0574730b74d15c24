"""Export listings with their rights and IPC symbols as CSV or JSON Lines."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from listings.exports import write_export
from listings.models import Listing


class Command(BaseCommand):
    help = (
        "Export listings (every status, with rights and IPC) as CSV (UTF-8 with "
        "BOM, formula cells neutralised) or JSON Lines, to a file or stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
        parser.add_argument(
            "--owner", help="Slug of the owner organisation (default: all)"
        )
        parser.add_argument("--output", help="File to write (default: stdout)")

    def handle(self, *args, **options):
        """Write the export; the count goes to stderr so stdout stays clean."""
        qs = Listing.objects.all()
        if options["owner"]:
            if not Organization.objects.filter(slug=options["owner"]).exists():
                raise CommandError(f"No organisation with slug {options['owner']!r}.")
            qs = qs.filter(owner__slug=options["owner"])
        fmt = options["format"]
        if options["output"]:
            # newline="" so the csv module's CRLF line ends are written as is.
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = write_export(qs, fmt, out)
        else:
            count = write_export(qs, fmt, self.stdout)
        self.stderr.write(f"Exported {count} listings ({fmt}).")
