import pytest
from django.core.management import call_command

from accounts.models import Membership, Organization, User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_is_idempotent():
    call_command("marketplace_seed_demo")
    first = _counts()
    assert Organization.objects.filter(kind="university").count() >= 5
    assert Organization.objects.filter(kind="company").count() >= 8
    assert User.objects.filter(is_staff=True).exists()
    call_command("marketplace_seed_demo")
    assert _counts() == first


@pytest.mark.celery_redis
@pytest.mark.django_db(transaction=True)
def test_task_runs_on_real_worker_over_redis(celery_worker_process):
    """Queue a task through the real Redis broker and let a real worker process run it."""
    from accounts.tasks import send_email

    # The task class may have been bound while results were ignored (eager
    # mode); ask for the result explicitly, since the flag travels in the message.
    result = send_email.apply_async(
        kwargs={"subject": "件名", "body": "本文", "to": ["a@example.test"]},
        ignore_result=False,
    )
    # The worker's locmem backend "sends" one message and returns the count.
    assert result.get(timeout=30) == 1


def test_embedded_beat_finds_every_scheduled_task_in_a_fresh_process(settings):
    """`make run`'s in-process beat resolves each task, even one no page imported."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django; django.setup();"
        "from marketplace.management.commands.marketplace_serve import scheduled_tasks;"
        "print('\\n'.join(sorted(t.name for t in scheduled_tasks().values())))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert set(result.stdout.split()) == names
