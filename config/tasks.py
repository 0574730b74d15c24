"""Queueing background tasks so that a broker outage never loses or blocks a write.

Every app queues its tasks with :func:`enqueue` instead of ``delay_on_commit``.
After the transaction commits, the task is handed to the broker; when the
broker cannot be reached (Redis down, connection refused or timed out) the
task is recorded in the database outbox (``accounts.TaskOutbox``) instead,
and ``accounts.replay_task_outbox`` hands it over once the broker is back:
from beat every minute, and straight after the next successful publish of
this process. The write that queued the task has already committed, so the
page answers normally either way.

Identical pending tasks (same name and arguments) are kept once, so a task
recorded twice during an outage runs once; tasks must still be idempotent,
as the house rules require, because a replayer that dies between handing a
task over and deleting its row hands it over again later.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

REPLAY_TASK = "accounts.replay_task_outbox"

# What a publish raises when the broker is unreachable: kombu wraps the
# transport's connection errors in OperationalError; sockets raise OSError.
BROKER_ERRORS = (OperationalError, OSError)

# Set when this process recorded a task, so its next successful publish also
# queues a replay (beat replays anyway; this only makes recovery prompt).
_recorded_since_publish = False


def dedup_key(name: str, args: list | tuple, kwargs: dict) -> str:
    """The outbox key of a task call: sha256 of its name and JSON arguments."""
    payload = json.dumps(
        [name, list(args), kwargs], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _app():
    from config.celery_app import app

    return app


def publish(name: str, args: list | tuple = (), kwargs: dict | None = None) -> None:
    """Hand one task to the broker by name; raises ``BROKER_ERRORS`` when it is down.

    Without a broker (eager mode) the task runs in-process, as ``delay()`` would.
    """
    app = _app()
    if app.conf.task_always_eager:
        app.tasks[name].apply_async(args=list(args), kwargs=kwargs or {})
        return
    app.send_task(name, args=list(args), kwargs=kwargs or {})


def _send(name: str, args: tuple, kwargs: dict) -> None:
    global _recorded_since_publish
    if _app().conf.task_always_eager:
        # No broker: an error is the task's own (e.g. SMTP), not an outage.
        publish(name, args, kwargs)
        return
    try:
        publish(name, args, kwargs)
    except BROKER_ERRORS as exc:
        from accounts.services import task_outbox_record

        logger.warning(
            "Broker unreachable; %s kept in the outbox until it is back (%s)",
            name,
            exc,
        )
        task_outbox_record(name=name, args=list(args), kwargs=kwargs, error=repr(exc))
        _recorded_since_publish = True
        return
    if _recorded_since_publish and name != REPLAY_TASK:
        _recorded_since_publish = False
        try:
            publish(REPLAY_TASK)
        except BROKER_ERRORS:
            _recorded_since_publish = True


def send(task, *args, **kwargs) -> None:
    """Hand ``task(*args, **kwargs)`` to the broker now, or keep it in the outbox.

    For code that already runs after commit (an on-commit callback, a task).
    Never raises for a broker outage.
    """
    _send(task if isinstance(task, str) else task.name, args, kwargs)


def enqueue(task, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits.

    Nothing is sent for a rolled-back transaction. Never raises for a broker
    outage: the task is recorded in the outbox and replayed later. Arguments
    must be JSON-serialisable (ids, strings, lists).
    """
    name = task if isinstance(task, str) else task.name
    transaction.on_commit(partial(_send, name, args, kwargs))
