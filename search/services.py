"""Writes for search: index sync, saved searches and their e-mail alerts.

The index follows the database, never the reverse. A listing change marks
the listing ``index_dirty`` and queues :func:`search_queue_index`; the task
indexes it and clears the flag only if the row has not changed since it was
read. Anything missed (broker down, engine down) stays dirty and
:func:`search_sweep_dirty` repairs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import email_send
from listings.models import Listing
from listings.selectors import listing_list_published

from .backends import SearchQuery, get_backend
from .backends.base import FILTER_KEYS
from .models import SavedSearch

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
ALERT_MAX_LISTINGS = 20


# --- index sync ---------------------------------------------------------------


def _send_index_task(listing_ids: list[int]) -> None:
    from .tasks import index_listings

    try:
        index_listings.delay(listing_ids=listing_ids)
    except Exception:  # the broker is down: the listings stay dirty
        logger.warning(
            "Could not queue search indexing of %s; the sweeper will retry.",
            listing_ids,
            exc_info=True,
        )


def search_queue_index(*, listing_ids: Iterable[int]) -> None:
    """Queue reindexing of ``listing_ids`` once the transaction commits.

    Never raises: a broker failure is logged and the listings stay dirty for
    the sweeper, so a search problem cannot fail a listing write.
    """
    ids = sorted({int(i) for i in listing_ids if i})
    if ids:
        transaction.on_commit(partial(_send_index_task, ids))


def search_index_listings(*, listing_ids: Sequence[int]) -> int:
    """Bring the index in line with the database for ``listing_ids``.

    Published listings are upserted, every other id removed. ``index_dirty``
    is cleared only for rows whose ``updated_at`` is unchanged since they
    were read, so a concurrent edit stays dirty. Raises the backend's error
    (e.g. ``SearchUnavailable``) and leaves the listings dirty. Idempotent.
    Returns the number of listings whose flag was cleared.
    """
    ids = sorted({int(i) for i in listing_ids if i})
    if not ids:
        return 0
    seen = list(Listing.objects.filter(pk__in=ids).values_list("pk", "updated_at"))
    get_backend().index_listings(ids)
    cleared = 0
    for start in range(0, len(seen), 200):
        condition = Q()
        for pk, updated_at in seen[start : start + 200]:
            condition |= Q(pk=pk, updated_at=updated_at)
        cleared += Listing.objects.filter(condition, index_dirty=True).update(
            index_dirty=False
        )
    return cleared


def _remove_orphans() -> None:
    """Drop what listings deleted from the database left in the database index.

    Their IndexedListing rows went with them (cascade) without an index
    write, so a new index token makes every process drop what it keeps of
    the old index (facet image, cached engine answers). SQLite's FTS5 table
    keeps their full-text rows until deleted here.
    """
    if settings.SEARCH_BACKEND != "database":
        return
    from .backends.database import _bump_index_token

    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid NOT IN "
                    "(SELECT listing_id FROM search_indexedlisting)"
                )
        _bump_index_token()


def search_sweep_dirty(*, batch_size: int = SWEEP_BATCH) -> int:
    """Index every listing still marked dirty, in batches; return how many.

    Safe to run any time (beat runs it every few minutes). Stops at the first
    engine error, leaving the rest dirty for the next run.
    """
    done = 0
    tried: set[int] = set()
    while True:
        ids = list(
            Listing.objects.filter(index_dirty=True)
            .exclude(pk__in=tried)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        tried.update(ids)
        search_index_listings(listing_ids=ids)
        done += len(ids)
    _remove_orphans()
    return done


def search_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the published listings; return the count.

    Listings published meanwhile stay dirty and are picked up by the sweeper.
    """
    started = timezone.now()
    total = get_backend().rebuild(progress=progress)
    Listing.objects.filter(index_dirty=True, updated_at__lt=started).update(
        index_dirty=False
    )
    return total


# --- saved searches -----------------------------------------------------------


def _clean_filters(filters: dict | None) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if key not in FILTER_KEYS:
            continue
        if isinstance(values, str):
            values = [values]
        values = [str(v)[:40] for v in values if str(v).strip()][:20]
        if values:
            cleaned[key] = values
    return cleaned


def saved_search_create(
    *, user, name: str, query: str = "", filters: dict | None = None
) -> SavedSearch:
    """Save a search for ``user`` with a daily e-mail alert."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Log in to save a search."))
    saved = SavedSearch(
        user=user,
        name=(name or query or _("My search")).strip()[:120],
        query=(query or "")[:500],
        filters=_clean_filters(filters),
        last_notified_at=timezone.now(),
    )
    saved.full_clean()
    saved.save()
    return saved


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    """Delete a saved search (the caller has checked ownership)."""
    saved_search.delete()


def saved_search_unsubscribe(*, token: str) -> SavedSearch | None:
    """Stop the e-mail alert of the saved search with this token (idempotent)."""
    saved = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if saved is not None and saved.frequency != SavedSearch.Frequency.NEVER:
        saved.frequency = SavedSearch.Frequency.NEVER
        saved.save(update_fields=["frequency"])
    return saved


def _new_listings(saved: SavedSearch, since, until) -> list[Listing]:
    query = SearchQuery(
        text=saved.query,
        filters=saved.filters or {},
        sort="newest",
        page=1,
        page_size=ALERT_MAX_LISTINGS * 2,
        with_facets=False,
    )
    result = get_backend().search(query)
    ids = [hit.listing_id for hit in result.hits]
    listings = listing_list_published().filter(
        pk__in=ids, published_at__gt=since, published_at__lte=until
    )
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(listings, key=lambda item: order[item.pk])[:ALERT_MAX_LISTINGS]


def search_send_alerts(*, now=None) -> int:
    """E-mail each user the listings published since the last run per saved search.

    One digest per user. ``last_notified_at`` moves to ``now`` for every saved
    search examined, so running twice sends nothing new. A search engine
    outage skips that run (nothing is marked) and the next run catches up.
    Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    searches = (
        SavedSearch.objects.filter(
            frequency=SavedSearch.Frequency.DAILY, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "id")
    )
    by_user: dict[int, list[SavedSearch]] = {}
    for saved in searches:
        by_user.setdefault(saved.user_id, []).append(saved)
    sent = 0
    for saved_list in by_user.values():
        user = saved_list[0].user
        sections = []
        for saved in saved_list:
            since = saved.last_notified_at or saved.created_at
            listings = _new_listings(saved, since, now)
            if listings:
                sections.append(
                    {
                        "saved": saved,
                        "listings": listings,
                        "unsubscribe_url": settings.SITE_URL.rstrip("/")
                        + reverse(
                            "search:unsubscribe",
                            kwargs={"token": saved.unsubscribe_token},
                        ),
                    }
                )
        with transaction.atomic():
            if sections and user.email:
                email_send(
                    to=[user.email],
                    template="search/email/alert",
                    context={"user": user, "sections": sections},
                    language=user.preferred_language or "ja",
                )
                sent += 1
            SavedSearch.objects.filter(pk__in=[s.pk for s in saved_list]).update(
                last_notified_at=now
            )
    return sent


def search_warm_up() -> None:
    """Load this process's search data (the facet image) before its first visitor.

    Called as a web worker starts (config/gunicorn.py): at 100,000 listings
    the image takes seconds to read, which the first search would otherwise
    wait for. A failure is logged; the first search then tries again.
    """
    try:
        get_backend().warm_up()
    except Exception:  # never keep a worker from starting
        logger.warning("Search warm-up failed.", exc_info=True)
    finally:
        if not connection.in_atomic_block:
            # The worker's threads open their own connections.
            connection.close()


def search_record_impressions(*, listing_ids: Sequence[int]) -> None:
    """Count a search impression for each listing shown on a results page.

    Analytics only: a failed write is logged and never fails the search.
    """
    from marketplace.services import listing_impressions_record

    try:
        listing_impressions_record(listing_ids=listing_ids)
    except DatabaseError:
        logger.warning("Could not record search impressions", exc_info=True)
