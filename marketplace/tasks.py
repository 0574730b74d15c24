"""Background jobs of the marketplace: request reminders and expiry."""

from celery import shared_task

from .services import license_request_expire_inactive, license_request_send_reminders


@shared_task(name="marketplace.send_request_reminders")
def send_request_reminders() -> int:
    """Remind listing owners of requests waiting too long (daily; safe to rerun)."""
    return license_request_send_reminders()


@shared_task(name="marketplace.expire_inactive_requests")
def expire_inactive_requests() -> dict:
    """Warn about, then expire, inactive requests (daily; safe to rerun)."""
    return license_request_expire_inactive()
