"""The operators' admin for license requests."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from marketplace.constants import RequestStatus
from marketplace.models import RequestMessage

pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db


def test_admin_pages_and_close_stalled_action(client, admin_user, license_request):
    RequestMessage.objects.create(request=license_request, body="こんにちは")
    client.force_login(admin_user)
    changelist = reverse("admin:marketplace_licenserequest_changelist")
    assert client.get(changelist, {"status": "submitted"}).status_code == 200
    change = client.get(
        reverse("admin:marketplace_licenserequest_change", args=[license_request.pk])
    )
    assert change.status_code == 200 and "こんにちは" in change.content.decode()
    client.post(
        changelist,
        {"action": "close_stalled", "_selected_action": [license_request.pk]},
    )
    license_request.refresh_from_db()
    assert license_request.status == RequestStatus.CLOSED_LOST
    assert license_request.reason == "stalled"
    event = AuditEvent.objects.get(action="license_request.closed_lost")
    assert event.actor == admin_user
