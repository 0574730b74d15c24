"""Reminders and expiry of license requests, with controlled time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.models import AuditEvent
from marketplace import services, tasks
from marketplace.constants import RequestStatus
from marketplace.models import LicenseRequest
from tests.factories.marketplace import LicenseRequestFactory

pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
S = RequestStatus


def at(*args):
    return datetime(*args, tzinfo=TOKYO)


def test_add_business_days_skips_weekends_and_public_holidays():
    friday = at(2026, 11, 20, 10)
    # Monday 2026-11-23 is 勤労感謝の日.
    assert services.add_business_days(friday, 1).date().isoformat() == "2026-11-24"
    assert services.add_business_days(friday, 5).date().isoformat() == "2026-11-30"
    tuesday = at(2026, 11, 24, 10)
    assert services.add_business_days(tuesday, 3).date().isoformat() == "2026-11-27"


@pytest.fixture
def waiting(listing, company, company_staff, tlo_staff, settings):
    settings.REQUEST_REMINDER_BUSINESS_DAYS = 5
    # Submitted on Friday 2026-11-20 10:00 (Tokyo).
    return LicenseRequestFactory(
        listing=listing,
        organization=company,
        created_by=company_staff,
        status=S.SUBMITTED,
        status_changed_at=at(2026, 11, 20, 10),
        last_activity_at=at(2026, 11, 20, 10),
    )


def test_reminder_after_business_days_once(
    waiting, tlo_staff, django_capture_on_commit_callbacks
):
    # Friday 27th: only 4 business days later (Monday 23rd is a holiday).
    with time_machine.travel(at(2026, 11, 27, 12), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_request_reminders() == 0
    # Monday 30th, 10:30: 5 business days — the reminder goes out once.
    with time_machine.travel(at(2026, 11, 30, 10, 30), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_request_reminders() == 1
            assert tasks.send_request_reminders() == 0
    assert [m.to for m in mail.outbox] == [[tlo_staff.email]]
    assert "リマインダー" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="license_request.reminder").count() == 1
    # Later days: still only once for this waiting period.
    with time_machine.travel(at(2026, 12, 3, 10), tick=False):
        assert tasks.send_request_reminders() == 0


def test_reminder_due_again_after_a_new_wait(waiting, tlo_staff):
    with time_machine.travel(at(2026, 11, 30, 11), tick=False):
        assert services.license_request_send_reminders() == 1
        services.license_request_transition(request=waiting, by=tlo_staff, to=S.TRIAGE)
    with time_machine.travel(at(2026, 12, 4, 12), tick=False):
        assert services.license_request_send_reminders() == 0
    with time_machine.travel(at(2026, 12, 7, 12), tick=False):
        assert services.license_request_send_reminders() == 1


def test_no_reminder_once_work_has_moved_on(waiting, tlo_staff):
    LicenseRequest.objects.filter(pk=waiting.pk).update(status=S.EVALUATION)
    with time_machine.travel(at(2026, 12, 20, 10), tick=False):
        assert services.license_request_send_reminders() == 0


def test_expiry_warning_then_expired(
    waiting, settings, company_staff, tlo_staff, django_capture_on_commit_callbacks
):
    settings.REQUEST_EXPIRY_WARNING_DAYS = 30
    settings.REQUEST_EXPIRY_DAYS = 45
    company_staff.preferred_language = "en"
    company_staff.save()
    with time_machine.travel(at(2026, 12, 19, 9), tick=False):  # 29 days
        assert services.license_request_expire_inactive() == {"warned": 0, "expired": 0}
    with time_machine.travel(at(2026, 12, 20, 11), tick=False):  # 30 days
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.expire_inactive_requests() == {"warned": 1, "expired": 0}
            assert tasks.expire_inactive_requests() == {"warned": 0, "expired": 0}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [company_staff.email, tlo_staff.email]
    )
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Will expire on 2027-01-04" in by_recipient[company_staff.email].subject
    assert "期限切れ" in by_recipient[tlo_staff.email].subject
    waiting.refresh_from_db()
    assert waiting.status == S.SUBMITTED
    mail.outbox.clear()
    with time_machine.travel(at(2027, 1, 4, 11), tick=False):  # 45 days
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.expire_inactive_requests() == {"warned": 0, "expired": 1}
            assert tasks.expire_inactive_requests() == {"warned": 0, "expired": 0}
    waiting.refresh_from_db()
    assert waiting.status == S.EXPIRED
    event = AuditEvent.objects.get(action="license_request.expired")
    assert event.actor is None and event.from_state == S.SUBMITTED
    assert len(mail.outbox) == 2


def test_activity_resets_the_expiry_clock(waiting, settings, company_staff):
    settings.REQUEST_EXPIRY_WARNING_DAYS = 30
    settings.REQUEST_EXPIRY_DAYS = 45
    with time_machine.travel(at(2026, 12, 20, 11), tick=False):
        assert services.license_request_expire_inactive()["warned"] == 1
    with time_machine.travel(at(2026, 12, 20, 12), tick=False):
        services.request_message_post(
            request=waiting, by=company_staff, body="まだ検討中でしょうか"
        )
    with time_machine.travel(at(2027, 1, 5, 11), tick=False):
        assert services.license_request_expire_inactive() == {"warned": 0, "expired": 0}
    with time_machine.travel(at(2027, 1, 19, 13), tick=False):
        assert services.license_request_expire_inactive() == {"warned": 1, "expired": 0}
    waiting.refresh_from_db()
    assert waiting.status == S.SUBMITTED


def test_drafts_do_not_expire(listing, company, settings):
    draft = LicenseRequestFactory(
        listing=listing,
        organization=company,
        status=S.DRAFT,
        last_activity_at=at(2020, 1, 1),
    )
    assert services.license_request_expire_inactive() == {"warned": 0, "expired": 0}
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
