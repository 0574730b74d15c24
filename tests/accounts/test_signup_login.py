import pytest
from django.core import mail
from django.urls import reverse

from accounts.constants import MembershipStatus, Role
from accounts.models import Membership, Organization, User
from tests.factories.accounts import PASSWORD, AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_with_new_organisation_creates_unverified_org_and_owner(
    client, django_capture_on_commit_callbacks
):
    AdminUserFactory(email="coordinator@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "email": "Founder@Example.test",
                "display_name": "山田 太郎",
                "password": "kaisha-no-himitsu-2026",
                "preferred_language": "ja",
                "mode": "new",
                "kind": "company",
                "name_ja": "山田製作所株式会社",
                "name_en": "Yamada Works",
                "prefecture": "22",
                "size_band": "micro",
                "jsic_industry": "E",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="founder@example.test")
    org = Organization.objects.get(name_ja="山田製作所株式会社")
    assert org.is_verified is False
    membership = Membership.objects.get(user=user, organization=org)
    assert (membership.role, membership.status) == (Role.OWNER, MembershipStatus.ACTIVE)
    # The platform admins are told there is an organisation to verify.
    assert [m.to for m in mail.outbox] == [["coordinator@example.test"]]
    assert "山田製作所株式会社" in mail.outbox[0].subject
    # The new user is logged in.
    assert client.get(reverse("marketplace:dashboard")).status_code == 200


def test_signup_requesting_to_join_creates_pending_membership_and_notifies_owner(
    client, company, company_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "email": "newbie@example.test",
                "display_name": "新人",
                "password": "kaisha-no-himitsu-2026",
                "preferred_language": "en",
                "mode": "join",
                "organization": company.pk,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="newbie@example.test")
    assert membership.status == MembershipStatus.PENDING
    assert membership.organization == company
    assert mail.outbox[0].to == [company_owner.email]


def test_signup_rejects_duplicate_email_and_weak_password(client, company):
    UserFactory(email="taken@example.test")
    before = User.objects.count()
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "taken@example.test",
            "display_name": "x",
            "password": "kaisha-no-himitsu-2026",
            "preferred_language": "ja",
            "mode": "join",
            "organization": company.pk,
        },
    )
    assert response.status_code == 200
    assert (
        "already exists" in response.content.decode()
        or "既に" in response.content.decode()
    )
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "weak@example.test",
            "display_name": "x",
            "password": "123",
            "preferred_language": "ja",
            "mode": "join",
            "organization": company.pk,
        },
    )
    assert response.status_code == 200
    assert User.objects.count() == before


def test_signup_new_org_requires_name(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "a@example.test",
            "display_name": "x",
            "password": "kaisha-no-himitsu-2026",
            "preferred_language": "ja",
            "mode": "new",
            "kind": "company",
            "name_ja": "",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="a@example.test").exists()


def test_login_by_email_and_logout(client):
    user = UserFactory(email="login@example.test")
    response = client.post(
        reverse("accounts:login"),
        {"username": "login@example.test", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    response = client.get(reverse("accounts:profile"))
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )
    assert user.pk


def test_login_with_wrong_password_fails(client):
    UserFactory(email="login@example.test")
    response = client.post(
        reverse("accounts:login"),
        {"username": "login@example.test", "password": "wrong"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_link_that_sets_new_password(client):
    user = UserFactory(email="forgot@example.test")
    client.post(reverse("accounts:password_reset"), {"email": "forgot@example.test"})
    assert len(mail.outbox) == 1
    link = next(
        line
        for line in mail.outbox[0].body.splitlines()
        if "/accounts/password/reset/" in line
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {
            "new_password1": "brand-new-secret-77",
            "new_password2": "brand-new-secret-77",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-77")


def test_profile_update_changes_language(client):
    user = UserFactory(preferred_language="ja")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Taro", "preferred_language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Taro", "en")
    assert response.cookies["marketplace_language"].value == "en"
