import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from marketplace.constants import RequestLicenseType, RequestStatus
from marketplace.models import LicenseRequest, RequestMessage
from tests.factories.accounts import CompanyFactory
from tests.factories.listings import ListingFactory


class LicenseRequestFactory(DjangoModelFactory):
    """A request written straight to the database (no services, no audit)."""

    class Meta:
        model = LicenseRequest

    listing = factory.SubFactory(ListingFactory)
    organization = factory.SubFactory(CompanyFactory)
    license_type = RequestLicenseType.NON_EXCLUSIVE
    field_of_use = "車載用二次電池"
    territory = "日本"
    intended_product = "電気自動車向けの全固体電池パック"
    development_plan = "2027年に試作、2029年に量産"
    status = RequestStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)


class RequestMessageFactory(DjangoModelFactory):
    class Meta:
        model = RequestMessage

    request = factory.SubFactory(LicenseRequestFactory)
    body = "技術資料をお送りいただけますか。"
