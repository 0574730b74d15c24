"""Demo step of search: leave a fresh IP landscape snapshot after seeding."""

from __future__ import annotations

from .landscape import landscape_refresh


def seed(context: dict, stdout=None) -> dict:
    """Build the landscape from the demo data just loaded (idempotent)."""
    snapshot = landscape_refresh()
    if stdout is not None:
        totals = snapshot.data["totals"]
        stdout.write(
            f"IP landscape: {totals['supply']} listings, {totals['demand']} needs "
            f"({snapshot.build_seconds:.2f} s)."
        )
    return context
