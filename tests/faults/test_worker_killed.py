"""A worker is killed (SIGKILL) in the middle of the full matching batch.

A real worker process runs the chunked batch over real patents and needs;
it is killed once some chunks are done. A new worker and a rerun (what beat
sends every hour) finish the same run, and the stored proposals are exactly
those of a clean run: none duplicated, none lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db.models import Count

from matching.models import Match, MatchRun, MatchRunChunk, MatchRunStatus, Need
from matching.services import match_run_full, store_top
from tests.faults.conftest import wait_for
from tests.search.conftest import create_listings, read_records

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "eval"
LISTINGS = 1500
NEEDS = 160
CHUNK = 20  # 8 chunks of about a second each on the CI machine
STALE_SECONDS = 2
WORKER_ENV = {
    "MATCHING_CHUNK_SIZE": str(CHUNK),
    "MATCHING_RUN_STALE_SECONDS": str(STALE_SECONDS),
    "MATCHING_QUEUE_ON_CHANGE": "false",
}


def proposals() -> set[tuple]:
    return set(
        (m.need_id, m.listing_id, m.status, m.in_queue, m.rank, round(m.score, 6))
        for m in Match.objects.all()
    )


@pytest.fixture
def batch_data(shared_db_file, university, company, settings):
    settings.MATCHING_QUEUE_ON_CHANGE = False
    path = EVAL / "pap2pat_dev.jsonl"
    if not path.exists():
        pytest.skip(f"shared data missing: {path}")
    create_listings(read_records("en_patents.jsonl", LISTINGS), university)
    with path.open(encoding="utf-8") as handle:
        records = [
            json.loads(line) for line, _ in zip(handle, range(NEEDS), strict=False)
        ]
    Need.objects.bulk_create(
        Need(organization=company, title=r["title"][:300], problem=r["text"][:2000])
        for r in records
    )


def test_rerun_after_a_killed_worker_matches_a_clean_run(
    batch_data, private_redis, start_worker
):
    from config.celery_app import app

    worker = start_worker(private_redis.url, **WORKER_ENV)
    run_id = app.send_task("matching.run_full").get(timeout=60)
    run = MatchRun.objects.get(pk=run_id)
    assert run.total_chunks == NEEDS // CHUNK

    def partway():
        run.refresh_from_db()
        return run.processed_chunks >= 2

    wait_for(partway, timeout=120, interval=0.05, what="two chunks of the batch")
    worker.kill()
    run.refresh_from_db()
    assert run.status == MatchRunStatus.RUNNING
    assert 2 <= run.processed_chunks < run.total_chunks, "killed mid-batch"
    assert run.chunks.exclude(state=MatchRunChunk.State.DONE).exists()

    # A new worker; the hourly rerun resumes the run once its heartbeat is stale
    # (it returns None while the run is still alive, which is fine too).
    start_worker(private_redis.url, **WORKER_ENV)
    wait_for(
        lambda: MatchRun.objects.get(pk=run_id).status != MatchRunStatus.RUNNING
        or app.send_task("matching.run_full").get(timeout=60) is not None,
        timeout=120,
        interval=STALE_SECONDS,
        what="the rerun to take over",
    )
    wait_for(
        lambda: not MatchRun.objects.filter(status=MatchRunStatus.RUNNING).exists(),
        timeout=180,
        what="the batch to finish",
    )
    run.refresh_from_db()
    assert run.status == MatchRunStatus.DONE
    assert run.processed_chunks == run.total_chunks
    assert not run.chunks.exclude(state=MatchRunChunk.State.DONE).exists()

    resumed = proposals()
    assert resumed
    # No duplicates: one row per pair, at most STORE_TOP per need.
    assert Match.objects.count() == len({(p[0], p[1]) for p in resumed})
    most = Match.objects.values("need").annotate(n=Count("id")).order_by("-n")[0]
    assert most["n"] <= store_top()

    # A clean run from nothing, in this process, stores the same proposals.
    Match.objects.all().delete()
    clean = match_run_full(chunk_size=CHUNK)
    assert clean.status == MatchRunStatus.DONE
    assert proposals() == resumed
