"""Incremental matching is queued once per transaction and never fails a write."""

import pytest
from django.db import transaction

from listings.services import listing_create
from matching import tasks
from matching.services import _QueuedTask, matching_queue_listings

pytestmark = pytest.mark.django_db


def test_many_listing_writes_in_one_transaction_queue_one_task(
    tlo_staff, university, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            created = [
                listing_create(
                    owner=university, by=tlo_staff, data={"title": f"電池 {i}"}
                )
                for i in range(3)
            ]
    queued = [c for c in callbacks if isinstance(c, _QueuedTask)]
    assert len(queued) == 1
    assert queued[0].task_name == "match_listings"
    assert queued[0].ids == {listing.pk for listing in created}


def test_a_broker_failure_does_not_fail_the_write(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.match_listings, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        matching_queue_listings(listing_ids=[1, 2])
    assert len(callbacks) == 1  # ran, logged, did not raise
