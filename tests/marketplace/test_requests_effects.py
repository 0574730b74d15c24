"""Effects of a won request on the listing and on its other open requests."""

import pytest
from django.core import mail

from accounts.models import AuditEvent
from listings.constants import ListingStatus
from marketplace import services
from marketplace.constants import RequestStatus
from tests.factories.accounts import CompanyFactory, member_of
from tests.factories.marketplace import LicenseRequestFactory

pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db
S = RequestStatus


def _won(listing, company, user, license_type):
    return LicenseRequestFactory(
        listing=listing,
        organization=company,
        created_by=user,
        status=S.AGREEMENT_PENDING,
        license_type=license_type,
    )


@pytest.mark.parametrize(
    "license_type,listing_status",
    [
        ("exclusive", ListingStatus.LICENSED_EXCLUSIVE),
        ("exclusive_contract", ListingStatus.LICENSED_EXCLUSIVE),
        ("assignment", ListingStatus.ASSIGNED),
    ],
)
def test_exclusive_win_takes_listing_off_and_closes_others(
    license_type,
    listing_status,
    listing,
    company,
    company_staff,
    tlo_staff,
    django_capture_on_commit_callbacks,
):
    deal = _won(listing, company, company_staff, license_type)
    rival_org = CompanyFactory()
    rival_user = member_of(rival_org, role="owner", preferred_language="en")
    rival = LicenseRequestFactory(
        listing=listing, organization=rival_org, created_by=rival_user, status=S.TRIAGE
    )
    done_elsewhere = LicenseRequestFactory(listing=listing, status=S.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        services.license_request_transition(request=deal, by=tlo_staff, to=S.CLOSED_WON)
    listing.refresh_from_db()
    assert listing.status == listing_status
    rival.refresh_from_db()
    assert rival.status == S.CLOSED_LOST and rival.reason == "listing_unavailable"
    done_elsewhere.refresh_from_db()
    assert done_elsewhere.status == S.DECLINED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([rival_user.email, company_staff.email])
    rival_mail = next(m for m in mail.outbox if m.to == [rival_user.email])
    assert (
        "Listing no longer available" in rival_mail.body or "Reason" in rival_mail.body
    )
    assert AuditEvent.objects.filter(
        target_type="listings.listing", target_id=str(listing.pk)
    ).exists()


def test_requester_acceptance_applies_effects_as_listing_staff(
    listing, company, company_staff, tlo_staff
):
    deal = _won(listing, company, company_staff, "exclusive")
    services.license_request_transition(request=deal, by=company_staff, to=S.CLOSED_WON)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LICENSED_EXCLUSIVE
    event = AuditEvent.objects.get(action="listing.licensed_exclusive")
    assert event.actor == tlo_staff


def test_non_exclusive_win_keeps_listing_published(
    listing, company, company_staff, tlo_staff
):
    deal = _won(listing, company, company_staff, "non_exclusive")
    other = LicenseRequestFactory(listing=listing, status=S.EVALUATION)
    services.license_request_transition(request=deal, by=tlo_staff, to=S.CLOSED_WON)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.licensing_record == "yes"
    other.refresh_from_db()
    assert other.status == S.EVALUATION
