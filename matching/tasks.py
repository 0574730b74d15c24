"""Background jobs of matching: the full batch (beat) and incremental matching.

The full batch is chord-free: ``matching.run_full`` takes the single-flight
lock and splits the active needs into chunk rows, then queues one
``matching.run_chunk`` per chunk; each chunk task claims a pending chunk row
(compare-and-set), so several workers on several machines share the work and
a chunk a dead worker left behind is redone. Whoever completes the last chunk
finishes the run. Every task is safe to run twice.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from config.tasks import send

from .models import MatchRun, MatchRunStatus
from .services import (
    match_listings as match_listings_service,
)
from .services import (
    match_needs as match_needs_service,
)
from .services import (
    match_run_claim_chunk,
    match_run_finish,
    match_run_process_chunk,
    match_run_start,
)


@shared_task(name="matching.run_full")
def run_full() -> int | None:
    """Start (or resume) the full batch and queue its chunk tasks; return the run id.

    Returns None when another run holds the lock. In-process (no broker) the
    chunk tasks run eagerly one after the other.
    """
    run, _resumed = match_run_start()
    if run is None:
        return None
    pending = run.chunks.exclude(state="done").count()
    workers = max(1, min(pending, int(getattr(settings, "MATCHING_PARALLEL", 4))))
    if pending == 0:
        match_run_finish(run=run)
    for _ in range(workers):
        send(run_chunk, run_id=run.pk)
    return run.pk


@shared_task(name="matching.run_chunk", acks_late=True)
def run_chunk(*, run_id: int) -> int:
    """Claim and process chunks of the run until none is left; return how many."""
    run = MatchRun.objects.filter(pk=run_id, status=MatchRunStatus.RUNNING).first()
    if run is None:
        return 0
    processed = 0
    while (chunk := match_run_claim_chunk(run=run)) is not None:
        match_run_process_chunk(chunk=chunk)
        processed += 1
    match_run_finish(run=run)
    return processed


@shared_task(name="matching.match_needs")
def match_needs(*, need_ids: list[int]) -> int:
    """Incremental matching of created or edited needs; returns pairs created."""
    return match_needs_service(need_ids=need_ids).created


@shared_task(name="matching.match_listings")
def match_listings(*, listing_ids: list[int]) -> int:
    """Incremental matching of published/edited/unpublished listings."""
    return match_listings_service(listing_ids=listing_ids).created
