"""Background jobs of search: index sync, the sweeper, alerts, the landscape."""

from __future__ import annotations

import logging

from celery import shared_task

from . import landscape
from .backends import SearchUnavailable
from .services import search_index_listings, search_send_alerts, search_sweep_dirty

logger = logging.getLogger(__name__)

# Engine outages and network hiccups are worth retrying; anything else is a bug.
TRANSIENT_ERRORS = (SearchUnavailable, ConnectionError, TimeoutError)
MAX_RETRIES = 5
MAX_BACKOFF_SECONDS = 600


@shared_task(name="search.index_listings", bind=True, max_retries=MAX_RETRIES)
def index_listings(self, listing_ids: list[int]) -> int:
    """Index (or remove) these listings; safe to run twice.

    Transient engine errors are retried with capped exponential backoff; the
    listings stay dirty meanwhile, and the sweeper catches up after the last
    retry. Run in-process (no broker), it does not retry: the sweeper will.
    """
    try:
        return search_index_listings(listing_ids=listing_ids)
    except TRANSIENT_ERRORS as exc:
        if self.request.is_eager:
            logger.warning("Search indexing failed (%s); left dirty.", exc)
            return 0
        countdown = min(MAX_BACKOFF_SECONDS, 10 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="search.sweep_dirty")
def sweep_dirty() -> int:
    """Index every listing still marked dirty (beat, every few minutes)."""
    try:
        return search_sweep_dirty()
    except TRANSIENT_ERRORS as exc:
        logger.warning("Search sweep stopped: %s", exc)
        return 0


@shared_task(name="search.send_alerts")
def send_alerts() -> int:
    """Send the daily saved-search digests (idempotent)."""
    try:
        return search_send_alerts()
    except TRANSIENT_ERRORS as exc:
        logger.warning("Saved-search alerts skipped: %s", exc)
        return 0


@shared_task(name="search.landscape_refresh")
def landscape_refresh() -> float:
    """Rebuild the IP landscape snapshot and its cache (beat; after bulk imports).

    Idempotent: each run stores a fresh snapshot from the current database.
    Returns the build time in seconds.
    """
    return landscape.landscape_refresh().build_seconds
