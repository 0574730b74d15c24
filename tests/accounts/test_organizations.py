import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import selectors, services
from accounts.constants import MembershipStatus, Role
from accounts.models import AuditEvent, Invitation, Membership, Organization
from tests.factories.accounts import CompanyFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


# --- verification -----------------------------------------------------------------


def test_unverified_organisation_cannot_act_until_admin_verifies(
    admin_user, django_capture_on_commit_callbacks
):
    org = CompanyFactory(is_verified=False)
    owner = member_of(org, role=Role.OWNER)
    assert selectors.user_can_act_for(user=owner, organization=org) is False
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_verify(organization=org, by=admin_user)
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == admin_user
    assert selectors.user_can_act_for(user=owner, organization=org) is True
    assert mail.outbox[0].to == [owner.email]
    assert AuditEvent.objects.filter(
        action="organization.verify", target_id=str(org.pk)
    ).exists()


def test_only_admins_verify(company_owner, company):
    company.is_verified = False
    company.save()
    with pytest.raises(PermissionDenied):
        services.organization_verify(organization=company, by=company_owner)
    company.refresh_from_db()
    assert company.is_verified is False


def test_admin_action_verifies(client, admin_user):
    org = CompanyFactory(is_verified=False)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_organization_changelist"),
        {"action": "verify", "_selected_action": [org.pk]},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified


# --- roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,can_act", [(Role.OWNER, True), (Role.STAFF, True), (Role.VIEWER, False)]
)
def test_role_checks(company, role, can_act):
    user = member_of(company, role=role)
    assert selectors.user_can_act_for(user=user, organization=company) is can_act
    assert selectors.user_can_manage_organization(user=user, organization=company) is (
        role == Role.OWNER
    )


def test_pending_member_cannot_act(company):
    user = UserFactory()
    Membership.objects.create(
        user=user,
        organization=company,
        role=Role.STAFF,
        status=MembershipStatus.PENDING,
    )
    assert selectors.user_can_act_for(user=user, organization=company) is False
    assert selectors.organization_list_for_user(user=user).count() == 0


def test_staff_cannot_change_settings_or_invite(client, company, company_staff):
    client.force_login(company_staff)
    url = reverse("accounts:organization", args=[company.slug])
    assert client.get(url).status_code == 200
    before = company.name_ja
    response = client.post(
        url, {"action": "profile", "name_ja": "乗っ取り", "size_band": "n/a"}
    )
    assert response.status_code == 403
    company.refresh_from_db()
    assert company.name_ja == before
    response = client.post(
        url, {"action": "invite", "email": "x@example.test", "role": "owner"}
    )
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_owner_edits_settings(client, company, company_owner):
    client.force_login(company_owner)
    url = reverse("accounts:organization", args=[company.slug])
    response = client.post(
        url,
        {
            "action": "profile",
            "name_ja": "新しい名前株式会社",
            "name_en": "New Name",
            "prefecture": "27",
            "size_band": "small",
            "jsic_industry": "E",
        },
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name_ja, company.prefecture) == ("新しい名前株式会社", "27")


def test_owner_approves_join_request(
    client, company, company_owner, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    membership = services.membership_request_join(user=applicant, organization=company)
    client.force_login(company_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organization", args=[company.slug]),
            {
                "action": "decide",
                "membership": membership.pk,
                "decision": "approve",
                "role": "staff",
            },
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.STAFF)
    assert applicant.email in [m.to[0] for m in mail.outbox]


def test_last_owner_cannot_be_demoted_or_removed(company, company_owner):
    membership = Membership.objects.get(user=company_owner, organization=company)
    with pytest.raises(ValidationError):
        services.membership_change_role(
            membership=membership, by=company_owner, role=Role.STAFF
        )
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=company_owner)
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


# --- invitations ----------------------------------------------------------------------


def test_invitation_by_email_then_signup_joins(
    client, company, company_owner, django_capture_on_commit_callbacks
):
    client.force_login(company_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organization", args=[company.slug]),
            {"action": "invite", "email": "Invitee@Example.test", "role": "viewer"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "invitee@example.test"
    assert mail.outbox[-1].to == ["invitee@example.test"]
    assert f"/accounts/invitations/{invitation.token}/" in mail.outbox[-1].body

    client.logout()
    url = reverse("accounts:invitation", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "display_name": "招待 花子",
            "password": "invited-secret-2026",
            "preferred_language": "ja",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="invitee@example.test")
    assert (membership.organization, membership.role, membership.status) == (
        company,
        Role.VIEWER,
        MembershipStatus.ACTIVE,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # A used invitation cannot be used again.
    assert client.get(url).status_code == 410


def test_invitation_for_other_address_is_refused(client, company, company_owner):
    invitation = services.invitation_create(
        organization=company, by=company_owner, email="right@example.test"
    )
    wrong = UserFactory(email="wrong@example.test")
    client.force_login(wrong)
    client.post(reverse("accounts:invitation", args=[invitation.token]))
    assert not Membership.objects.filter(user=wrong, organization=company).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_revoked_invitation_is_closed(company, company_owner):
    invitation = services.invitation_create(
        organization=company, by=company_owner, email="r@example.test"
    )
    services.invitation_revoke(invitation=invitation, by=company_owner)
    user = UserFactory(email="r@example.test")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=user)


# --- isolation: another organisation's private pages and API objects -------------------------


def test_other_organisation_gets_404_for_settings_page_and_nothing_changes(
    client, company, other_company_staff
):
    client.force_login(other_company_staff)
    url = reverse("accounts:organization", args=[company.slug])
    before = Organization.objects.values().get(pk=company.pk)
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"action": "profile", "name_ja": "乗っ取り", "size_band": "n/a"}
    )
    assert response.status_code == 404
    response = client.post(
        url, {"action": "invite", "email": "evil@example.test", "role": "owner"}
    )
    assert response.status_code == 404
    assert Organization.objects.values().get(pk=company.pk) == before
    assert Invitation.objects.count() == 0


def test_other_organisation_gets_404_for_members_api(
    api_client, company, company_staff, other_company_staff
):
    api_client.force_authenticate(other_company_staff)
    response = api_client.get(f"/api/v1/organizations/{company.slug}/members/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    api_client.force_authenticate(company_staff)
    response = api_client.get(f"/api/v1/organizations/{company.slug}/members/")
    assert response.status_code == 200
    assert company_staff.email in [m["email"] for m in response.json()["results"]]


def test_unverified_org_hidden_from_public_api_but_visible_to_members(api_client):
    hidden = CompanyFactory(is_verified=False)
    response = api_client.get(f"/api/v1/organizations/{hidden.slug}/")
    assert response.status_code == 404
    member = member_of(hidden)
    api_client.force_authenticate(member)
    assert api_client.get(f"/api/v1/organizations/{hidden.slug}/").status_code == 200
