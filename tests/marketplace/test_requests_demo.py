"""Demo license requests: several states, threads, idempotent."""

import io

import pytest
from django.core.management import call_command

from accounts.models import AuditEvent
from marketplace.models import LicenseRequest, RequestMessage

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(LicenseRequest.objects.values_list("status", flat=True)),
        RequestMessage.objects.count(),
        AuditEvent.objects.filter(target_type="marketplace.licenserequest").count(),
    )


def test_demo_requests_twice_change_nothing():
    out = io.StringIO()
    call_command("marketplace_seed_demo", stdout=out)
    first = _state()
    if not first[0]:
        assert "no published demo listings" in out.getvalue()
        pytest.skip("no published demo listings to request")
    assert {"submitted", "negotiation", "closed_won", "declined", "draft"} <= set(
        first[0]
    )
    assert first[1] >= 3
    call_command("marketplace_seed_demo", stdout=io.StringIO())
    assert _state() == first
