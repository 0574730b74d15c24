"""Create the growth strategy's strategic fields: ``listings_load_strategic_fields``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from listings.services import strategic_field_load_defaults, strategic_fields_retag


class Command(BaseCommand):
    help = (
        "Create the 17 strategic fields of Japan's 2025 growth strategy that are "
        "missing. Fields an operator edited are kept unless --reset. Then re-tags "
        "listings and needs for the fields created or reset. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Set existing fields back to the seed (names, rules, order, active).",
        )
        parser.add_argument(
            "--no-retag",
            action="store_true",
            help="Do not re-tag listings and needs afterwards.",
        )

    def handle(self, *args, **options):
        from listings.models import StrategicField

        result = strategic_field_load_defaults(reset=options["reset"])
        self.stdout.write(
            f"Strategic fields: {len(result['created'])} created, "
            f"{len(result['reset'])} reset, {len(result['kept'])} kept."
        )
        touched = result["created"] + result["reset"]
        if not touched or options["no_retag"]:
            return
        field_ids = list(
            StrategicField.objects.filter(slug__in=touched).values_list("pk", flat=True)
        )
        counts = strategic_fields_retag(
            field_ids=field_ids, progress=self._progress(options["verbosity"])
        )
        self.stdout.write(
            f"Re-tagged: {counts['listings_changed']} of {counts['listings']} "
            f"listings and {counts['needs_changed']} of {counts['needs']} needs changed."
        )

    def _progress(self, verbosity: int):
        def report(kind: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {kind}: {done}/{total}")

        return report
