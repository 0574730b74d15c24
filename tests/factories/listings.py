import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from listings.constants import ListingStatus
from listings.models import Listing, ListingIPC, PatentRight
from listings.numbers import ipc_parts, try_normalize_patent_number
from tests.factories.accounts import UniversityFactory


class ListingFactory(DjangoModelFactory):
    """A listing written straight to the database (no services, no audit)."""

    class Meta:
        model = Listing

    owner = factory.SubFactory(UniversityFactory)
    status = ListingStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"全固体電池用の硫化物固体電解質 {n}")
    summary = "高いイオン伝導度と大気安定性を両立する固体電解質"
    overview = (
        "硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。"
    )
    offers_license = True
    license_types = factory.LazyFunction(lambda: ["non_exclusive"])
    published_at = factory.LazyFunction(timezone.now)


def add_ipc(listing, *codes):
    for i, code in enumerate(codes):
        ListingIPC.objects.create(
            listing=listing, position=i, code=code, **ipc_parts(code)
        )


def add_right(listing, **fields):
    fields.setdefault("country", "JP")
    for field, kind in (
        ("application_number", "application"),
        ("publication_number", "publication"),
        ("registration_number", "registration"),
    ):
        if fields.get(field):
            fields[f"{field}_norm"] = try_normalize_patent_number(fields[field], kind)
    return PatentRight.objects.create(listing=listing, **fields)
