"""manage.py search_landscape_refresh: rebuild the IP landscape snapshot now."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search.landscape import landscape_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the IP landscape aggregates (supply and demand by strategic "
        "field, IPC, prefecture, owner, month), store them as the latest "
        "snapshot, refresh the cache and print the build time."
    )

    def handle(self, *args, **options):
        """Build and store one snapshot; print its totals and build time."""
        snapshot = landscape_refresh()
        totals = snapshot.data["totals"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Landscape built in {snapshot.build_seconds:.2f} s: "
                f"{totals['supply']} listings, {totals['demand']} needs "
                f"(snapshot {snapshot.pk}, {snapshot.built_at:%Y-%m-%d %H:%M:%S})."
            )
        )
