"""Fixtures shared by the license-request tests (imported by each module)."""

import pytest

from tests.factories.listings import ListingFactory
from tests.factories.marketplace import LicenseRequestFactory


@pytest.fixture
def listing(university):
    return ListingFactory(
        owner=university, license_types=["exclusive", "non_exclusive"]
    )


@pytest.fixture
def license_request(listing, company, company_staff, tlo_staff):
    """A submitted request of ``company`` for ``listing`` (both parties staffed)."""
    return LicenseRequestFactory(
        listing=listing, organization=company, created_by=company_staff
    )
