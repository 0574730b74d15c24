"""Rebuild the search index, or index the listings still marked dirty."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable
from search.services import search_rebuild, search_sweep_dirty


class Command(BaseCommand):
    help = (
        "Rebuild the whole search index (--rebuild) or index dirty listings (--sweep)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild", action="store_true", help="Re-index every published listing."
        )
        group.add_argument(
            "--sweep", action="store_true", help="Index listings marked dirty."
        )

    def handle(self, *args, rebuild=False, sweep=False, **options):
        """Run the rebuild (with a text progress bar) or the sweep."""
        try:
            if rebuild:
                started = time.monotonic()
                total = search_rebuild(progress=self._progress())
                self.stdout.write("")
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Indexed {total} listings in {time.monotonic() - started:.1f}s."
                    )
                )
            else:
                count = search_sweep_dirty()
                self.stdout.write(
                    self.style.SUCCESS(f"Indexed {count} dirty listings.")
                )
        except SearchUnavailable as exc:
            raise CommandError(f"Search engine unavailable: {exc}") from exc

    def _progress(self):
        state = {"last": -1}
        interactive = sys.stdout.isatty()

        def report(done: int, total: int) -> None:
            percent = 100 if not total else done * 100 // total
            if percent == state["last"]:
                return
            state["last"] = percent
            filled = percent // 5
            bar = "#" * filled + "." * (20 - filled)
            line = f"[{bar}] {percent:3d}% {done}/{total}"
            if interactive:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        return report
