"""manage.py matching_run [--full]: run the matching job in this process."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from listings.selectors import listing_list_published
from matching.models import Match
from matching.selectors import need_list_matchable
from matching.services import match_run_full, match_run_incremental


class Command(BaseCommand):
    help = (
        "Run the matching job in-process and print a summary. --full re-matches "
        "every active need (resuming a crashed run); without it, only needs "
        "changed since the last full run or never matched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Full batch.")
        parser.add_argument(
            "--chunk-size", type=int, default=None, help="Needs per chunk."
        )

    def handle(self, *args, full, chunk_size, **options):
        """Run the job and print needs, listings, proposals and seconds."""
        started = time.monotonic()
        if full:
            run = match_run_full(chunk_size=chunk_size)
            if run is None:
                raise CommandError("Another matching run is in progress; try later.")
            needs, listings = run.needs_count, run.listings_count
            created, updated = run.created_count, run.updated_count
            withdrawn = run.withdrawn_count
        else:
            needs = need_list_matchable().count()
            listings = listing_list_published().count()
            counts = match_run_incremental()
            created, updated, withdrawn = (
                counts.created,
                counts.updated,
                counts.withdrawn,
            )
        seconds = time.monotonic() - started
        stored = Match.objects.count()
        self.stdout.write(
            f"needs: {needs}, listings: {listings}, proposals created: {created}, "
            f"updated: {updated}, withdrawn: {withdrawn}, stored in total: {stored}, "
            f"seconds: {seconds:.1f}"
        )
