import factory
from factory.django import DjangoModelFactory

from accounts.constants import MembershipStatus, OrganizationKind, Role
from accounts.models import Membership, Organization, User

PASSWORD = "a-long-test-password-42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    display_name = factory.Faker("name", locale="ja_JP")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdminUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    kind = OrganizationKind.COMPANY
    name_ja = factory.Sequence(lambda n: f"テスト組織{n}株式会社")
    name_en = factory.Sequence(lambda n: f"Test Org {n}")
    slug = factory.Sequence(lambda n: f"test-org-{n}")
    prefecture = "13"
    is_verified = True


class UniversityFactory(OrganizationFactory):
    kind = OrganizationKind.UNIVERSITY
    name_ja = factory.Sequence(lambda n: f"テスト大学{n} TLO")
    slug = factory.Sequence(lambda n: f"test-univ-{n}")
    can_publish_directly = True


class CompanyFactory(OrganizationFactory):
    kind = OrganizationKind.COMPANY


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF
    status = MembershipStatus.ACTIVE


def member_of(organization, role=Role.STAFF, **user_kwargs) -> User:
    """Create a user with an active membership of ``organization``."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organization=organization, role=role)
    return user
