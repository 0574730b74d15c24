"""Serve the site for `make run`, with whatever runs the background work."""

import logging
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

from celery.schedules import maybe_schedule
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from config.celery_app import app

logger = logging.getLogger(__name__)


def scheduled_tasks() -> dict:
    """The task of each CELERY_BEAT_SCHEDULE entry, by entry name.

    Autodiscovery is lazy: every app's tasks module is imported first, or a
    task no page happened to import yet (the outbox replay) is "not
    registered". Raises ``celery.exceptions.NotRegistered`` for a wrong name.
    """
    app.loader.import_default_modules()
    return {
        name: app.tasks[entry["task"]]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }


def _run_periodic_in_process(stop: threading.Event, tick: float = 15.0) -> None:
    """Run CELERY_BEAT_SCHEDULE in this process: the embedded stand-in for beat."""
    tasks = scheduled_tasks()
    last_run: dict[str, datetime] = {}
    while not stop.is_set():
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            schedule = maybe_schedule(entry["schedule"], app=app)
            last = last_run.setdefault(name, datetime.now(UTC))
            due, _next = schedule.is_due(last)
            if due:
                last_run[name] = datetime.now(UTC)
                try:
                    tasks[name].apply(
                        args=entry.get("args", ()), kwargs=entry.get("kwargs", {})
                    )
                except (
                    Exception
                ):  # keep the scheduler alive; the task logs its own failure
                    logger.exception("Periodic task %s failed", name)
        stop.wait(tick)


class Command(BaseCommand):
    help = "Run the web server plus the background work (in-process, or a Celery worker with beat when a broker is set)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        children = []
        stop = threading.Event()
        if settings.CELERY_BROKER_URL:
            self.stdout.write("Broker configured: starting a Celery worker with beat.")
            children.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "config",
                        "worker",
                        "-B",
                        "--loglevel=info",
                        "--concurrency=2",
                    ]
                )
            )
        else:
            self.stdout.write(
                "No broker configured: tasks and periodic jobs run in-process."
            )
            threading.Thread(
                target=_run_periodic_in_process, args=(stop,), daemon=True
            ).start()
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            stop.set()
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            time.sleep(0)
