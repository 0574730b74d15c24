import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from matching.models import Need
from tests.factories.accounts import CompanyFactory


class NeedFactory(DjangoModelFactory):
    """An active need written straight to the database (no services, no audit)."""

    class Meta:
        model = Need

    organization = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"全固体電池の固体電解質を探しています {n}")
    problem = "リチウムイオン電池の安全性を高める固体電解質の技術が必要です。"
    created_at = factory.LazyFunction(timezone.now)
    content_changed_at = factory.LazyFunction(timezone.now)
