import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from listings.constants import ListingStatus
from listings.models import Listing
from listings.tasks import expire_lapsed
from tests.factories.listings import ListingFactory, add_right

pytestmark = pytest.mark.django_db


def test_expire_lapsed_task_expires_and_audits(university):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    lapsed = ListingFactory(owner=university)
    add_right(lapsed, registration_number="特許第1234567号", status="lapsed")
    add_right(lapsed, registration_number="特許第1234568号", expiry_date=yesterday)
    partly = ListingFactory(owner=university)
    add_right(partly, registration_number="特許第2234567号", status="lapsed")
    add_right(partly, registration_number="特許第2234568号", status="granted")
    no_rights = ListingFactory(owner=university)

    result = expire_lapsed.apply()

    assert result.successful()
    assert result.get() == 1
    assert Listing.objects.get(pk=lapsed.pk).status == ListingStatus.EXPIRED
    assert Listing.objects.get(pk=partly.pk).status == ListingStatus.PUBLISHED
    assert Listing.objects.get(pk=no_rights.pk).status == ListingStatus.PUBLISHED
    event = AuditEvent.objects.get(action="listing.expire")
    assert event.target_id == str(lapsed.pk)
    assert (event.from_state, event.to_state) == ("published", "expired")
    assert event.actor is None
    # Safe to run twice: nothing more to expire, no second audit event.
    assert expire_lapsed.apply().get() == 0
    assert AuditEvent.objects.filter(action="listing.expire").count() == 1


def test_expiry_runs_daily_on_beat(settings):
    from config.celery_app import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "listings.expire_lapsed" in tasks
    assert "listings.expire_lapsed" in app.tasks
