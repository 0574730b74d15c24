"""The full batch through the real broker and a real worker process."""

import time

import pytest

from matching.models import Match, MatchRun

pytestmark = pytest.mark.celery_redis


@pytest.mark.django_db(transaction=True)
def test_full_batch_runs_on_a_real_worker(celery_worker_process, listings, need):
    from matching.tasks import run_full

    result = run_full.apply_async(ignore_result=False)
    run_id = result.get(timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = MatchRun.objects.get(pk=run_id)
        if run.status != "running":
            break
        time.sleep(0.5)
    assert run.status == "done"
    assert run.processed_chunks == run.total_chunks == 1
    assert (
        Match.objects.filter(need=need).order_by("-score").first().listing
        == listings[0]
    )
