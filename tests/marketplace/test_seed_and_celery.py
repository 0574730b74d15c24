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
