"""Re-tag listings and needs with strategic fields: ``listings_retag_strategic_fields``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from listings.models import StrategicField
from listings.services import strategic_fields_retag


class Command(BaseCommand):
    help = (
        "Re-tag every listing and need with the strategic fields their IPC symbols "
        "and text match (all fields, or --field SLUG ...). Listings whose tags "
        "change are queued for reindexing. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--field",
            action="append",
            dest="fields",
            metavar="SLUG",
            help="Only this field (repeatable).",
        )

    def handle(self, *args, **options):
        field_ids = None
        if options["fields"]:
            found = dict(
                StrategicField.objects.filter(slug__in=options["fields"]).values_list(
                    "slug", "pk"
                )
            )
            missing = sorted(set(options["fields"]) - set(found))
            if missing:
                raise CommandError(f"No such strategic field: {', '.join(missing)}")
            field_ids = list(found.values())
        verbosity = options["verbosity"]

        def progress(kind: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {kind}: {done}/{total}")

        counts = strategic_fields_retag(field_ids=field_ids, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-tagged: {counts['listings_changed']} of {counts['listings']} "
                f"listings and {counts['needs_changed']} of {counts['needs']} needs "
                "changed."
            )
        )
