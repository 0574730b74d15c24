"""Two parties acting at once: the row lock lets exactly one transition win."""

import threading

import pytest
from django.db import connection, connections

from accounts.models import AuditEvent
from marketplace import services
from marketplace.constants import RequestStatus
from tests.factories.accounts import CompanyFactory, UniversityFactory, member_of
from tests.factories.listings import ListingFactory
from tests.factories.marketplace import LicenseRequestFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers anyway)")
    university, company = UniversityFactory(), CompanyFactory()
    tlo, requester = member_of(university), member_of(company)
    lr = LicenseRequestFactory(
        listing=ListingFactory(owner=university),
        organization=company,
        created_by=requester,
        status=RequestStatus.TRIAGE,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, to, reason=""):
        try:
            barrier.wait(timeout=10)
            services.license_request_transition(
                request=lr, by=user, to=to, reason=reason
            )
            outcomes.append(to)
        except services.InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(tlo, RequestStatus.DECLINED, "not_a_fit")),
        threading.Thread(target=act, args=(requester, RequestStatus.WITHDRAWN)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes).count("refused") == 1, outcomes
    lr.refresh_from_db()
    winner = next(o for o in outcomes if o != "refused")
    # Both are closing moves: whichever locks the row first wins, the other
    # then sees a closed request and is refused.
    assert lr.status == winner
    assert AuditEvent.objects.filter(target_id=str(lr.pk)).count() == 1
