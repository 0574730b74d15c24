"""Background jobs of accounts: outgoing e-mail, replaying the task outbox."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail

from .services import task_outbox_replay


@shared_task(
    name="accounts.send_email",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text e-mail. Retries transient SMTP/connection errors only."""
    return send_mail(subject, body, None, to)


@shared_task(name="accounts.replay_task_outbox")
def replay_task_outbox() -> int:
    """Hand tasks kept while the broker was down back to it (beat; safe to rerun)."""
    return task_outbox_replay()
