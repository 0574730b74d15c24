"""The task outbox against a real Redis broker that is down, then up (no worker).

``config.tasks.enqueue`` keeps what the broker refused, once per identical
task; the replay hands each row over exactly once and keeps it while the
broker is still down.
"""

from __future__ import annotations

import base64
import json

import pytest
import redis
from django.db import transaction

from accounts.models import TaskOutbox
from accounts.services import task_outbox_replay
from accounts.tasks import send_email
from config.tasks import enqueue
from matching.tasks import match_needs

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    # Results are read from a backend on the Redis the test stops; Celery's
    # AsyncResult.__del__ then fails to unsubscribe (the site has no backend).
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def queued(server) -> list[tuple[str, dict]]:
    """(task name, kwargs) of every message waiting in the broker's default queue."""
    found = []
    for raw in redis.Redis(port=server.port).lrange("celery", 0, -1):
        message = json.loads(raw)
        _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        found.append((message["headers"]["task"], kwargs))
    return found


def test_outage_keeps_each_task_once_and_replay_sends_each_once(
    private_redis, celery_producer
):
    celery_producer(private_redis.url)
    private_redis.stop()

    with transaction.atomic():
        enqueue(match_needs, need_ids=[1, 2])
        enqueue(send_email, subject="件名", body="本文", to=["a@example.test"])
        assert not TaskOutbox.objects.exists(), "nothing leaves before the commit"
    with transaction.atomic():
        enqueue(match_needs, need_ids=[1, 2])  # the same work again
        enqueue(match_needs, need_ids=[3])
    with transaction.atomic():
        enqueue(match_needs, need_ids=[4])
        transaction.set_rollback(True)  # a rolled-back write queues nothing

    rows = list(TaskOutbox.objects.values_list("task_name", "kwargs"))
    assert sorted(rows, key=str) == sorted(
        [
            ("matching.match_needs", {"need_ids": [1, 2]}),
            (
                "accounts.send_email",
                {"subject": "件名", "body": "本文", "to": ["a@example.test"]},
            ),
            ("matching.match_needs", {"need_ids": [3]}),
        ],
        key=str,
    )

    # Still down: the replay keeps every row and counts the attempt.
    assert task_outbox_replay() == 0
    assert TaskOutbox.objects.count() == 3
    assert TaskOutbox.objects.filter(attempts=1, claimed_at__isnull=True).count() == 1

    private_redis.start()
    assert task_outbox_replay() == 3
    assert not TaskOutbox.objects.exists()
    assert task_outbox_replay() == 0  # nothing is handed over twice
    assert sorted(queued(private_redis), key=str) == sorted(
        [
            ("matching.match_needs", {"need_ids": [1, 2]}),
            (
                "accounts.send_email",
                {"subject": "件名", "body": "本文", "to": ["a@example.test"]},
            ),
            ("matching.match_needs", {"need_ids": [3]}),
        ],
        key=str,
    )


def test_a_claimed_row_is_not_replayed_by_a_second_replayer(
    private_redis, celery_producer
):
    from django.utils import timezone

    from accounts.services import task_outbox_record

    celery_producer(private_redis.url)
    row = task_outbox_record(
        name="matching.match_needs", args=[], kwargs={"need_ids": [9]}
    )
    TaskOutbox.objects.filter(pk=row.pk).update(claimed_at=timezone.now())
    assert task_outbox_replay() == 0
    assert queued(private_redis) == []
    # The same task recorded meanwhile waits as its own row and is sent once.
    assert task_outbox_record(
        name="matching.match_needs", args=[], kwargs={"need_ids": [9]}
    )
    assert task_outbox_replay() == 1
    assert queued(private_redis) == [("matching.match_needs", {"need_ids": [9]})]
